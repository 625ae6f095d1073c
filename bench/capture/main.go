// Command capture measures the capture of contacts at the scale:
// it writes an iCalendar file of -events events (10% of them weekly
// recurring, eight times each) and an mbox of -messages messages between
// 100 employees and 10,000 persons, imports each into a fresh SQLite
// store with capture.Import, and prints the time taken, the contacts
// written and the process's peak resident memory (VmHWM) after each.
// Nothing is asserted: the goal (10^5 events or messages in at most 30 s
// and 300 MB) is read off the figures. VmHWM is the whole process's peak,
// so the mbox figure after the ics one is at least the ics peak: -kind
// measures one kind alone, in a process of its own. -cpuprofile and
// -memprofile write profiles of the imports (go tool pprof -top); the
// heap profile is written after the last import, and its alloc_space
// view shows where the imports allocated.
//
//	go run ./bench/capture [-events 100000] [-messages 100000] [-kind ics|mbox] [-cpuprofile f] [-memprofile f]
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/relmap/relmap/capture"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
)

const (
	employees = 100
	persons   = 10000
)

func main() {
	events := flag.Int("events", 100000, "events in the generated calendar")
	messages := flag.Int("messages", 100000, "messages in the generated mbox")
	kind := flag.String("kind", "", "measure only this kind (ics or mbox), in a process of its own")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the imports to this file")
	memprofile := flag.String("memprofile", "", "write a heap profile to this file after the imports")
	flag.Parse()
	if err := run(*events, *messages, capture.Kind(*kind), *cpuprofile, *memprofile); err != nil {
		fmt.Fprintln(os.Stderr, "bench/capture:", err)
		os.Exit(1)
	}
}

func run(events, messages int, only capture.Kind, cpuprofile, memprofile string) error {
	dir, err := os.MkdirTemp("", "relmap-bench-capture-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ics, mbox := filepath.Join(dir, "calendar.ics"), filepath.Join(dir, "mail.mbox")
	files := []struct {
		path  string
		kind  capture.Kind
		n     int
		write func(string, int) error
	}{{ics, capture.ICS, events, writeCalendar}, {mbox, capture.MBox, messages, writeMbox}}
	for _, f := range files {
		if only == "" || only == f.kind {
			if err := f.write(f.path, f.n); err != nil {
				return err
			}
		}
	}
	if cpuprofile != "" {
		pf, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	for _, f := range files {
		if only != "" && only != f.kind {
			continue
		}
		if err := importOne(dir, f.path, f.kind, f.n); err != nil {
			return err
		}
	}
	if memprofile != "" {
		pf, err := os.Create(memprofile)
		if err != nil {
			return err
		}
		defer pf.Close()
		runtime.GC()
		return pprof.WriteHeapProfile(pf)
	}
	return nil
}

// importOne imports a file into a fresh store holding the employees and
// persons, and prints the figures.
func importOne(dir, path string, k capture.Kind, n int) error {
	ctx := graph.WithActor(context.Background(), "bench")
	st, err := sqlitestore.Open(ctx, filepath.Join(dir, string(k)+".db"))
	if err != nil {
		return err
	}
	defer st.Close()
	var b graph.Batch
	for i := range employees {
		b.Employees = append(b.Employees, &graph.Employee{ID: fmt.Sprintf("emp-%d", i), Name: fmt.Sprintf("Medewerker %d", i),
			Email: fmt.Sprintf("medewerker%d@example.org", i), Role: graph.RoleStaff})
	}
	for i := range persons {
		b.Persons = append(b.Persons, &graph.Person{ID: fmt.Sprintf("per-%d", i), Name: fmt.Sprintf("Persoon %d", i),
			Email: fmt.Sprintf("persoon%d@partner%d.example", i, i%500)})
	}
	if _, err := st.Upsert(ctx, &b, graph.UpsertOptions{}); err != nil {
		return err
	}
	fi, _ := os.Stat(path)
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	start := time.Now()
	rep, err := capture.Import(ctx, st, bufio.NewReader(f), k, capture.Options{Now: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Printf("%-4s %7d items (%5.1f MB): %6.1f s, %7d contacts created, %d occurrences; peak RSS %d MiB\n",
		k, n, float64(fi.Size())/1e6, took.Seconds(), rep.Result.Contacts.Created, rep.Occurrences, peakRSS()>>20)
	return nil
}

// writeCalendar writes n events in 2026: event i is organised by an
// employee with two or three persons; every tenth recurs weekly, eight
// times, with one occurrence excluded.
func writeCalendar(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	w.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//relmap//bench//EN\r\n")
	base := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	for i := range n {
		start := base.Add(time.Duration(i%300) * 24 * time.Hour).Add(time.Duration(i%8) * time.Hour)
		fmt.Fprintf(w, "BEGIN:VEVENT\r\nUID:bench-%d@relmap\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;TZID=Europe/Amsterdam:%s\r\nSUMMARY:Overleg %d\r\n",
			i, start.Format("20060102T150405"), i)
		if i%10 == 0 {
			fmt.Fprintf(w, "RRULE:FREQ=WEEKLY;COUNT=8\r\nEXDATE;TZID=Europe/Amsterdam:%s\r\n", start.AddDate(0, 0, 14).Format("20060102T150405"))
		}
		fmt.Fprintf(w, "ORGANIZER;CN=Medewerker:mailto:medewerker%d@example.org\r\n", i%employees)
		for j := range 2 + i%2 {
			p := (i*7 + j*131) % persons
			fmt.Fprintf(w, "ATTENDEE;PARTSTAT=ACCEPTED;CN=Persoon %d:mailto:persoon%d@partner%d.example\r\n", p, p, p%500)
		}
		w.WriteString("END:VEVENT\r\n")
	}
	w.WriteString("END:VCALENDAR\r\n")
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// writeMbox writes n messages in 2026, each with a short body: message i
// goes from an employee to a person (or back) with a person in Cc.
func writeMbox(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	base := time.Date(2026, 1, 5, 9, 0, 0, 0, time.FixedZone("CET", 3600))
	for i := range n {
		t := base.Add(time.Duration(i) * 3 * time.Minute)
		emp := fmt.Sprintf("medewerker%d@example.org", i%employees)
		p := (i * 13) % persons
		per := fmt.Sprintf("persoon%d@partner%d.example", p, p%500)
		cc := (p + 1) % persons
		from, to := emp, per
		if i%2 == 1 {
			from, to = per, emp
		}
		fmt.Fprintf(w, "From %s %s\nMessage-ID: <bench-%d@relmap>\nDate: %s\nFrom: %s\nTo: %s\nCc: persoon%d@partner%d.example\nSubject: Bericht %d\n\n%s\n\n",
			from, t.Format(time.ANSIC), i, t.Format(time.RFC1123Z), from, to, cc, cc%500, i, strings.Repeat("Tekst van het bericht.\n", 10))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// peakRSS returns the process's peak resident memory in bytes (VmHWM).
func peakRSS() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
			return kb << 10
		}
	}
	return 0
}
