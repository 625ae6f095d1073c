package capture

// SetPartContacts makes Import write parts of n contacts until the
// returned function is called.
func SetPartContacts(n int) (restore func()) {
	old := partContacts
	partContacts = n
	return func() { partContacts = old }
}
