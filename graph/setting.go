package graph

import (
	"context"
	"fmt"
)

// SettingStore keeps store-wide settings documents by key: the path rules,
// the load rules of the path ranking, and whatever rule set comes next.
// Both graph stores implement it with their settings table (SQLite) or
// Setting nodes (Neo4j), so a new document needs no migration. Callers go
// through a Setting, which knows the document's key, type, defaults and
// validation; the methods here move JSON documents only.
type SettingStore interface {
	// Setting decodes the document stored under key into v and reports
	// whether one was stored (v is untouched when none was).
	Setting(ctx context.Context, key string, v any) (bool, error)
	// SaveSetting stores v under key. Saving the document that is stored
	// changes nothing; a change moves the store's version (so that cached
	// snapshots are rebuilt).
	SaveSetting(ctx context.Context, key string, v any) error
}

// Rules is a settings document: it validates itself (Errors naming the
// JSON field) and describes itself for the audit log.
type Rules interface {
	Validate() error
	fmt.Stringer
}

// Setting describes one settings document of type T kept in a
// SettingStore: under Key, Default until one is saved, validated before
// every save. PathRulesSetting is one; analysis.LoadRulesSetting another.
type Setting[T Rules] struct {
	// Key is the document's key in the store ("path_rules").
	Key string
	// Name names the document in errors and messages ("path rules").
	Name string
	// Default returns the document in force when none was saved.
	Default func() T
}

// Get returns the document stored in s, or Default when none was saved.
// A stored document is decoded into a zero T (Save always stores a
// whole one), so a stored map is read back as saved, not merged with
// the default's.
func (d Setting[T]) Get(ctx context.Context, s SettingStore) (T, error) {
	var v T
	found, err := s.Setting(ctx, d.Key, &v)
	if err != nil {
		return v, err
	}
	if !found {
		return d.Default(), nil
	}
	return v, nil
}

// Save validates v (EINVALID naming the field; nothing is stored then) and
// stores it in s.
func (d Setting[T]) Save(ctx context.Context, s SettingStore, v T) error {
	if err := v.Validate(); err != nil {
		return err
	}
	return s.SaveSetting(ctx, d.Key, v)
}

// PathRulesSetting is the path rules' document (PathRulesStore).
var PathRulesSetting = Setting[PathRules]{Key: "path_rules", Name: "path rules", Default: DefaultPathRules}
