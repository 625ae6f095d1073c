package graph

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// CaptureSettings say how contacts are captured from calendars and mail
// (see the capture package): who besides our employees is internal, and
// how large a meeting or message may be and still be a contact. They are
// a store-wide setting, kept beside the retention of notes and the path
// rules; callers start from DefaultCaptureSettings.
type CaptureSettings struct {
	// InternalDomains are our organisation's mail domains, lower case,
	// without "@" ("example.nl"): an address at one of them, or at a
	// subdomain of one, is internal even when no employee has it, so it
	// never becomes a person. Our employees' own addresses are always
	// internal.
	InternalDomains []string `json:"internal_domains"`
	// MaxParticipants is the largest number of external attendees of an
	// event, or of recipients (To and Cc) of a message, that still gives
	// contacts: a larger one is a conference, a webinar or a mailing and
	// gives none (it is counted). In [1, MaxCaptureParticipants]; default
	// 25.
	MaxParticipants int `json:"max_participants"`
}

// The defaults and bounds of CaptureSettings.
const (
	DefaultMaxParticipants = 25
	MaxCaptureParticipants = 10000
	MaxInternalDomains     = 100
)

// DefaultCaptureSettings returns the settings in force until set: no
// internal domains, at most DefaultMaxParticipants.
func DefaultCaptureSettings() CaptureSettings {
	return CaptureSettings{InternalDomains: []string{}, MaxParticipants: DefaultMaxParticipants}
}

// Normalize lowers and trims the domains, drops a leading "@" and empty
// ones, and sorts them without repeats.
func (c *CaptureSettings) Normalize() {
	ds := []string{}
	for _, d := range c.InternalDomains {
		d = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(d)), "@")
		if d != "" {
			ds = append(ds, d)
		}
	}
	slices.Sort(ds)
	c.InternalDomains = slices.Compact(ds)
}

// Validate checks c (normalized) and returns Errors naming the field, or
// nil.
func (c CaptureSettings) Validate() error {
	var errs Errors
	if len(c.InternalDomains) > MaxInternalDomains {
		errs = append(errs, Invalid("internal_domains", "has %d domains, more than %d", len(c.InternalDomains), MaxInternalDomains))
	}
	for _, d := range c.InternalDomains {
		if !validDomain(d) {
			errs = append(errs, Invalid("internal_domains", "%q is not a mail domain such as example.nl", d))
		}
	}
	if c.MaxParticipants < 1 || c.MaxParticipants > MaxCaptureParticipants {
		errs = append(errs, Invalid("max_participants", "%d is not between 1 and %d", c.MaxParticipants, MaxCaptureParticipants))
	}
	return errs.Err()
}

// validDomain reports whether d is a lower-case domain name of at least
// two labels of letters, digits and hyphens (internationalised names in
// their xn-- form).
func validDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(d) > 253 || len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// InternalAddress reports whether the e-mail address addr is at one of
// the internal domains or a subdomain of one (case-insensitively).
func (c CaptureSettings) InternalAddress(addr string) bool {
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return false
	}
	host := strings.ToLower(addr[at+1:])
	for _, d := range c.InternalDomains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// String describes the settings for the audit log.
func (c CaptureSettings) String() string {
	ds := strings.Join(c.InternalDomains, ", ")
	if ds == "" {
		ds = "none"
	}
	return fmt.Sprintf("internal domains %s; max participants %d", ds, c.MaxParticipants)
}

// CaptureSettingsStore keeps the capture settings. Both graph stores
// implement it.
type CaptureSettingsStore interface {
	// CaptureSettings returns the settings in force:
	// DefaultCaptureSettings when they were never set.
	CaptureSettings(ctx context.Context) (CaptureSettings, error)
	// SaveCaptureSettings normalizes, validates (EINVALID naming the
	// field) and stores c; saving what is stored changes nothing.
	SaveCaptureSettings(ctx context.Context, c CaptureSettings) error
}
