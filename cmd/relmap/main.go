// Command relmap maps an organisation's relationship network: it stores
// employees, organisations, persons and their ties (embedded SQLite by
// default, Neo4j when RELMAP_NEO4J_URI is set), places them in the segment
// matrix of attractiveness × accessibility, and serves them over HTTP.
//
// Usage:
//
//	relmap serve [flags]      serve the API and web page
//	relmap demo [flags]       load the demo network, then serve it
//	relmap segments [flags]   print the segment matrix
//	relmap assess [flags]     record scores of stakeholders on criteria
//	relmap scheme [flags]     print or replace the criteria, weights and thresholds
//	relmap policies [flags]   print or replace the policy of each segment
//	relmap holders [flags]    who here knows a stakeholder (-of), or what an employee holds (-employee)
//	relmap departure [flags]  what the network loses if an employee leaves (-employee)
//	relmap conformance [flags] advice per stakeholder against its segment's policy
//	relmap report changes     what changed between two days (the director's quarterly report)
//	relmap overdue [flags]    stakeholders whose next contact is due, by owner
//	relmap whatif -target ID  the cheapest new or stronger tie that lifts a target to the threshold
//	relmap import, export     move data in and out: CSV, JSON, LinkedIn, GraphML, GEXF
//	relmap employee …         record an employee's end of employment, or delete an employee
//	relmap handover           hand what an employee owns to a colleague
//	relmap token …            create, list and revoke API tokens
//	relmap audit              read the audit log
//	relmap person …           export, erase or record the objection of one person
//	relmap intro …            introduction requests and their state
//	relmap plan …             access plans: the director's list, what needs attention first
//	relmap action …           follow-up actions, also from conformance advice and overdue contacts
//	relmap retention          show or apply the retention of contact notes
//	relmap path-rules         show or set what counts as a warm introduction
//	relmap load-rules         show or set how introduction load and segment reorder warm paths
//	relmap capture-settings   show or set the internal domains and the largest meeting or mailing captured
//	relmap version            print the version
//
// Run "relmap <command> -h" for what a command does, its flags and an
// example (help.go holds these texts); help exits with status 0, usage
// errors with status 2.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/relmap/relmap/render"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case errors.As(err, new(usageError)):
		fmt.Fprintln(os.Stderr, "relmap:", err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "relmap:", err)
		os.Exit(1)
	}
}

// usageError is a mistake in the command line; main exits with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// run is main without the process: it parses args, reads the environment
// through getenv and writes to stdout and stderr, so tests can call it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, commandList())
		return usageError{"no command given"}
	}
	cmd, rest := args[0], args[1:]
	return inLang(dispatch(ctx, cmd, rest, getenv, stdout, stderr), langOf(rest))
}

// dispatch runs the command cmd with its arguments rest.
func dispatch(ctx context.Context, cmd string, rest []string, getenv func(string) string, stdout, stderr io.Writer) error {
	switch cmd {
	case "serve":
		return runServe(ctx, rest, getenv, stdout, stderr)
	case "demo":
		return runDemo(ctx, rest, getenv, stdout, stderr)
	case "segments":
		return runSegments(ctx, rest, getenv, stdout, stderr)
	case "assess":
		return runAssess(ctx, rest, getenv, stdout, stderr)
	case "scheme":
		return runScheme(ctx, rest, getenv, stdout, stderr)
	case "policies":
		return runPolicies(ctx, rest, getenv, stdout, stderr)
	case "paths":
		return runPaths(ctx, rest, getenv, stdout, stderr)
	case "brokers":
		return runBrokers(ctx, rest, getenv, stdout, stderr)
	case "centrality":
		return runCentrality(ctx, rest, getenv, stdout, stderr)
	case "holders":
		return runHolders(ctx, rest, getenv, stdout, stderr)
	case "departure":
		return runDeparture(ctx, rest, getenv, stdout, stderr)
	case "conformance":
		return runConformance(ctx, rest, getenv, stdout, stderr)
	case "overdue":
		return runOverdue(ctx, rest, getenv, stdout, stderr)
	case "whatif":
		return runWhatIf(ctx, rest, getenv, stdout, stderr)
	case "import":
		return runImport(ctx, rest, getenv, stdout, stderr)
	case "export":
		return runExport(ctx, rest, getenv, stdout, stderr)
	case "employee":
		return runEmployee(ctx, rest, getenv, stdout, stderr)
	case "handover":
		return runHandover(ctx, rest, getenv, stdout, stderr)
	case "token":
		return runToken(ctx, rest, getenv, stdout, stderr)
	case "audit":
		return runAudit(ctx, rest, getenv, stdout, stderr)
	case "person":
		return runPerson(ctx, rest, getenv, stdout, stderr)
	case "report":
		return runReport(ctx, rest, getenv, stdout, stderr)
	case "intro":
		return runIntro(ctx, rest, getenv, stdout, stderr)
	case "plan":
		return runPlan(ctx, rest, getenv, stdout, stderr)
	case "action":
		return runAction(ctx, rest, getenv, stdout, stderr)
	case "retention":
		return runRetention(ctx, rest, getenv, stdout, stderr)
	case "capture-settings":
		return runCaptureSettings(ctx, rest, getenv, stdout, stderr)
	case "path-rules":
		return runPathRules(ctx, rest, getenv, stdout, stderr)
	case "load-rules":
		return runLoadRules(ctx, rest, getenv, stdout, stderr)
	case graphvizWorker:
		// Hidden: relmap serve starts relmap this way for its layouts.
		return render.ServeWorker(ctx, os.Stdin, stdout)
	case "version":
		fs := newFlagSet("version")
		fs.SetOutput(stderr)
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return usageError{err.Error()}
		}
		fmt.Fprintln(stdout, "relmap", version)
		return nil
	}
	if isHelp(cmd) {
		fmt.Fprint(stdout, commandList())
		return nil
	}
	fmt.Fprint(stderr, commandList())
	return usageError{fmt.Sprintf("unknown command %q", cmd)}
}

// parse reads defaults, then the environment, then flags, and validates.
func parse(fs *flag.FlagSet, cfg *Config, args []string, getenv func(string) string) error {
	if err := cfg.loadEnv(getenv); err != nil {
		return usageError{err.Error()}
	}
	// The flags were registered (with the defaults) before the environment
	// was applied, so only flags given on the command line override it.
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))}
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err.Error()}
	}
	return nil
}
