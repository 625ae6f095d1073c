package main

import (
	"errors"
	"flag"
	"strings"
	"testing"
)

// TestHelp asks every command and subcommand for -h (and -help): each
// prints its purpose, its usage, its flags and an example, and asks for
// exit status 0 (flag.ErrHelp, or nil for the command list), never Go's
// bare "Usage of paths:" or an "unknown action".
func TestHelp(t *testing.T) {
	for _, h := range helps {
		for _, arg := range []string{"-h", "-help"} {
			args := append(strings.Fields(h.name), arg)
			out, errOut, err := relmap(t, args...)
			if err != nil && !errors.Is(err, flag.ErrHelp) {
				t.Errorf("relmap %s: %v, want help (exit 0)", strings.Join(args, " "), err)
				continue
			}
			text := out + errOut
			for _, want := range []string{"relmap " + h.name + ": " + h.purpose + "\n", "\nUsage:\n  relmap " + h.name, "\nExample:\n  relmap "} {
				if !strings.Contains(text, want) {
					t.Errorf("relmap %s says no %q:\n%s", strings.Join(args, " "), want, text)
				}
			}
			if strings.Contains(text, "Usage of ") {
				t.Errorf("relmap %s prints the flag package's bare usage:\n%s", strings.Join(args, " "), text)
			}
			if len(h.subcommands()) == 0 && h.name != "version" && (!strings.Contains(text, "\nFlags:\n") || !strings.Contains(text, "\n  -db string\n")) {
				t.Errorf("relmap %s lists no flags:\n%s", strings.Join(args, " "), text)
			}
		}
	}
	out, _, err := relmap(t, "-h")
	if err != nil || !strings.Contains(out, "relmap paths        warm introduction paths") || !strings.Contains(out, "relmap token        create, list and revoke") {
		t.Errorf("relmap -h: %v\n%s", err, out)
	}
	// A bad flag is still a usage error (exit 2), with the help beside it.
	_, errOut, err := relmap(t, "paths", "-nonsense")
	if !errors.As(err, new(usageError)) || !strings.Contains(errOut, "relmap paths: warm introduction paths") {
		t.Errorf("relmap paths -nonsense: %v\n%s", err, errOut)
	}
	_, errOut, err = relmap(t, "token")
	if !errors.As(err, new(usageError)) || !strings.Contains(errOut, "relmap token create") {
		t.Errorf("relmap token: %v\n%s", err, errOut)
	}
}
