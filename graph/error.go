package graph

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes. They are the only error vocabulary shared between the stores,
// the analyses and the API; the api package maps each to one HTTP status.
const (
	ECONFLICT     = "conflict"     // the write conflicts with stored data (e.g. a duplicate id)
	EINTERNAL     = "internal"     // a bug or an unexpected failure; details are logged, not shown
	EINVALID      = "invalid"      // the input is wrong; Field names what
	ENOTFOUND     = "not_found"    // the record does not exist
	EUNAVAILABLE  = "unavailable"  // the database cannot be reached now; retry later
	EUNAUTHORIZED = "unauthorized" // no or bad credentials
	EFORBIDDEN    = "forbidden"    // the caller's role does not allow the action
)

// ErrChanged is the error of a read that saw the store change while it ran
// and returned nothing rather than a torn state (code EUNAVAILABLE). It is
// worth repeating at once: analysis reads the network again a few times
// before it gives up.
var ErrChanged = &Error{Code: EUNAVAILABLE, Message: "the network changed while it was read; retry"}

// Error is relmap's application error: a code from the list above, a message
// safe to show to a user, and where the input was wrong, the field (and the
// record or line) at fault.
type Error struct {
	Code    string
	Message string
	// Field is the offending field in input errors, e.g. "strength".
	Field string
	// Item locates the offending record in a batch or file, e.g.
	// "relationships[3]" or "line 17". Empty for single-record calls.
	Item string
}

// Error implements error.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code)
	if e.Item != "" {
		b.WriteString(": ")
		b.WriteString(e.Item)
	}
	if e.Field != "" {
		b.WriteString(": ")
		b.WriteString(e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Message)
	return b.String()
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EINVALID error for field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// NotFound returns an ENOTFOUND error for a record of the given kind.
func NotFound(what, id string) *Error {
	return &Error{Code: ENOTFOUND, Message: fmt.Sprintf("%s %q not found", what, id)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var es Errors
	if errors.As(err, &es) && len(es) > 0 {
		return es[0].Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err: the message of an
// *Error, or a generic text for internal errors so that driver or SQL text
// never reaches a client.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	var es Errors
	if errors.As(err, &es) && len(es) > 0 {
		return es.Error()
	}
	return "internal error"
}

// Errors is a list of input errors found while validating a batch or a file,
// in input order. It is returned whole so that a user can fix every problem
// in one go. ErrorCode reports the code of its first entry: EINVALID for
// input errors, ECONFLICT or ENOTFOUND where ids clash with stored data.
type Errors []*Error

// Error implements error.
func (es Errors) Error() string {
	switch len(es) {
	case 0:
		return "no errors"
	case 1:
		return es[0].Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d errors: ", len(es))
	for i, e := range es {
		if i == 10 {
			fmt.Fprintf(&b, "; … and %d more", len(es)-10)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Err returns es as an error, or nil when it is empty.
func (es Errors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}
