package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/relmap/relmap/api"
	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
)

// tokenStore is a store that keeps API tokens and the audit log; both
// stores are.
type tokenStore interface {
	graph.Store
	auth.Store
}

// openTokenStore opens the configured store for token and audit commands.
func openTokenStore(ctx context.Context, cfg *Config, stderr io.Writer) (tokenStore, error) {
	st, err := openStore(ctx, cfg, cfg.logger(stderr))
	if err != nil {
		return nil, err
	}
	ts, ok := st.(tokenStore)
	if !ok {
		st.Close()
		return nil, errors.New("the store in use keeps no tokens")
	}
	return ts, nil
}

// runToken creates, lists and revokes API tokens.
func runToken(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	verb, rest, err := group("token", args, stderr)
	if err != nil {
		return err
	}
	fs, cfg := dataCommand("token " + verb)
	fs.SetOutput(stderr)
	switch verb {
	case "create":
		name := fs.String("name", "", "who or what uses the token (a person, a scraper)")
		employee := fs.String("employee", "", "the employee the token belongs to: it reads that employee's calendar feed")
		roleName := fs.String("role", "viewer", "viewer (reads), editor (also changes data, logs contacts) or admin (also imports, exports, erases, manages tokens)")
		if err := parse(fs, cfg, rest, getenv); err != nil {
			return err
		}
		role, err := auth.ParseRole(*roleName)
		if err != nil {
			return usageError{"token create: -role: " + graph.ErrorMessage(err)}
		}
		if *name == "" {
			return usageError{"token create: -name is required (who or what uses the token)"}
		}
		st, err := openTokenStore(ctx, cfg, stderr)
		if err != nil {
			return err
		}
		defer st.Close()
		tok, secret, err := createToken(ctx, st, *name, role, *employee, actor(getenv))
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "token %s (%s, %s) created; the secret is shown once, keep it safe:\n", tok.ID, tok.Name, tok.Role)
		fmt.Fprintln(stdout, secret)
		return nil
	case "list":
		asJSON := fs.Bool("json", false, "print JSON")
		if err := parse(fs, cfg, rest, getenv); err != nil {
			return err
		}
		st, err := openTokenStore(ctx, cfg, stderr)
		if err != nil {
			return err
		}
		defer st.Close()
		ts, err := st.FindTokens(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			if ts == nil {
				ts = []*auth.Token{}
			}
			return printJSON(stdout, ts)
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "id\tname\trole\tcreated\tby\trevoked\n")
		for _, t := range ts {
			revoked := "-"
			if t.RevokedAt != nil {
				revoked = t.RevokedAt.Format(time.DateTime)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.Role, t.CreatedAt.Format(time.DateTime), t.CreatedBy, revoked)
		}
		return tw.Flush()
	case "revoke":
		ids, err := parseArgs(fs, cfg, rest, getenv)
		if err != nil {
			return err
		}
		if len(ids) != 1 {
			return usageError{"token revoke: give one token id (see relmap token list)"}
		}
		id := ids[0]
		st, err := openTokenStore(ctx, cfg, stderr)
		if err != nil {
			return err
		}
		defer st.Close()
		actx, end := cliAudit(ctx, st, actor(getenv), "token revoke", id, "")
		err = st.RevokeToken(actx, id, time.Now().UTC())
		if aerr := end(err); err == nil && aerr != nil {
			return aerr
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "token %s revoked\n", id)
		return nil
	}
	panic("relmap: token " + verb + " has help but no code") // group returns known verbs only
}

// createToken makes and stores a token for name (of employee, when not
// empty: it must be a stored employee), created by by, and
// records it in the audit log.
func createToken(ctx context.Context, st tokenStore, name string, role auth.Role, employee, by string) (*auth.Token, string, error) {
	tok, secret, err := auth.NewToken(name, role, by, time.Now())
	if err != nil {
		return nil, "", err
	}
	if err := api.CheckTokenEmployee(ctx, st, employee); err != nil {
		return nil, "", fmt.Errorf("token create: %w", err)
	}
	tok.Employee = employee
	actx, end := cliAudit(ctx, st, by, "token create", tok.ID, string(role)+" token for "+name)
	err = st.CreateToken(actx, tok)
	if aerr := end(err); err == nil && aerr != nil {
		return nil, "", aerr
	}
	if err != nil {
		return nil, "", err
	}
	return tok, secret, nil
}

// runAudit prints the audit log, newest first.
func runAudit(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := dataCommand("audit")
	fs.SetOutput(stderr)
	var f auth.AuditFilter
	fs.StringVar(&f.Actor, "actor", "", "only entries of this actor (a token's name, or cli:USER)")
	fs.StringVar(&f.Target, "target", "", "only entries about this record id")
	fs.IntVar(&f.Limit, "limit", 50, "at most this many entries (1–1000)")
	fs.IntVar(&f.Offset, "offset", 0, "skip this many of the newest entries")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, cfg, args, getenv); err != nil {
		return err
	}
	st, err := openTokenStore(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	es, total, err := st.FindAudit(ctx, f)
	if err != nil {
		if graph.ErrorCode(err) == graph.EINVALID {
			return usageError{"audit: " + graph.ErrorMessage(err)}
		}
		return err
	}
	if *asJSON {
		if es == nil {
			es = []*auth.AuditEntry{}
		}
		return printJSON(stdout, map[string]any{"items": es, "total": total})
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "seq\tat\tactor\taction\ttarget\tstatus\tclient\tdetail\n")
	for _, e := range es {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", e.Seq, e.At.Format(time.DateTime), e.Actor, e.Action, dash(e.Target), e.Status, dash(e.Client), e.Detail)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "%d of %s\n", len(es), graph.Plural(total, "entry", "entries"))
	return nil
}

// activeTokens counts the tokens that have not been revoked.
func activeTokens(ctx context.Context, st auth.Store) (int, error) {
	ts, err := st.FindTokens(ctx)
	n := 0
	for _, t := range ts {
		if t.Active() {
			n++
		}
	}
	return n, err
}
