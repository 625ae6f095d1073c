package queries

// The statements of the privacy work (a person's data export, erasure,
// suppression list, objection, retention) go here, each in one go:embed
// variable, and into the map below.
var _ = register(map[string]string{})
