package main

import (
	"context"
	"io"
)

// runPerson exports, erases or records the objection of one person.
// (Filled in by the privacy work.)
func runPerson(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return usageError{"person: not built yet"}
}

// runRetention shows or applies the retention of contact notes.
// (Filled in by the privacy work.)
func runRetention(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return usageError{"retention: not built yet"}
}
