package neo4jstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/queries"
	"github.com/relmap/relmap/segment"
)

var _ segment.Importer = (*Store)(nil)

// errDryRun rolls back the transaction of a dry-run import.
var errDryRun = errors.New("dry run")

// Import writes an import (network records, scheme, policies and
// assessments, in one or more parts) all or nothing.
//
// An import of up to Config.ImportSplitRows records runs in one write
// transaction: after relmap's write lock, segment.RunImport plans and
// writes each part in turn, and the version moves once, when anything
// changed. The driver may run the transaction function again (on a
// transient failure), so Import first collects every part from next and
// replays them: memory holds the whole import, and so does the server until
// it commits.
//
// A larger import (counted as the parts arrive) is written part by part,
// each part in a transaction of its own that moves the version, with a
// journal that undoes the parts written when a later one fails, next fails
// or ctx is cancelled, and that Open undoes after a crash (see importSplit
// and the package documentation): readers may see it half done, but
// nothing of it remains unless it succeeds whole.
//
// A dry run always runs in one transaction, rolled back at the end, so its
// counts are those of the real import; a dry run larger than the server's
// transaction memory fails with EINVALID.
func (s *Store) Import(ctx context.Context, next func() (*segment.Import, error), opts graph.UpsertOptions) (*segment.ImportResult, error) {
	var parts []*segment.Import
	n := 0
	for {
		in, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if in == nil {
			continue
		}
		parts = append(parts, in)
		n += records(in)
		if !opts.DryRun && s.splitRows > 0 && n > s.splitRows {
			return s.importSplit(ctx, parts, next, opts)
		}
	}
	now := s.now()
	d := s.timeout
	if n >= bulkRecords {
		d = s.bulkTimeout
	}
	var dry *segment.ImportResult
	res, err := write(ctx, s, "import", d, func(ctx context.Context, tx neo4j.ManagedTransaction) (*segment.ImportResult, error) {
		res, err := segment.RunImport(ctx, importTx{tx: tx, kinds: &graph.KindCache{}}, segment.Parts(parts...), opts, now)
		if err != nil {
			return nil, err
		}
		if opts.DryRun {
			dry = res
			return nil, &visitError{errDryRun} // passes fail unchanged
		}
		if res.Changed() {
			return res, bumpVersion(ctx, tx)
		}
		return res, nil
	})
	if ve := (*visitError)(nil); errors.As(err, &ve) && ve.err == errDryRun {
		return dry, nil
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// importTx implements segment.ImportTx in a write transaction. For an
// import written part by part, id is the import's id: its writes keep the
// stored versions they change and mark what they create (journal.go).
// kinds remembers the kinds of the nodes read and written (see lookup);
// created are the records the parts written before created, and tags
// collects the lists of this part.
type importTx struct {
	tx      neo4j.ManagedTransaction
	id      string
	kinds   *graph.KindCache
	created createdIDs
	tags    *[]*importTag
}

func (t importTx) Lookup() segment.ImportLookup {
	l := newLookup(t.tx)
	l.kinds = t.kinds
	return &assessmentLookup{lookup: l, assessments: map[string]bool{}}
}

func (t importTx) Scheme(ctx context.Context) (*segment.Scheme, error) {
	return storedScheme(ctx, t.tx)
}

func (t importTx) SaveScheme(ctx context.Context, sc *segment.Scheme) (bool, error) {
	if t.id != "" {
		if err := t.keepSetting(ctx, schemeKey); err != nil {
			return false, err
		}
	}
	return putSetting(ctx, t.tx, schemeKey, sc, segment.DefaultScheme())
}

func (t importTx) SavePolicies(ctx context.Context, ps segment.Policies) (bool, error) {
	if t.id != "" {
		if err := t.keepSetting(ctx, policiesKey); err != nil {
			return false, err
		}
	}
	return putSetting(ctx, t.tx, policiesKey, ps, segment.DefaultPolicies())
}

func (t importTx) WriteBatch(ctx context.Context, look segment.ImportLookup, b *graph.Batch) error {
	var err error
	if t.id != "" {
		err = t.writeBatchKept(ctx, look.(*assessmentLookup).lookup, b)
	} else {
		err = writeBatch(ctx, t.tx, look.(*assessmentLookup).lookup, b, nil)
	}
	if err == nil {
		t.kinds.AddBatch(b)
	}
	return err
}

func (t importTx) WriteAssessments(ctx context.Context, look segment.ImportLookup, as []*segment.Assessment) error {
	if t.id != "" {
		return t.writeAssessmentsKept(ctx, look.(*assessmentLookup), as)
	}
	return writeAssessments(ctx, t.tx, look.(*assessmentLookup), as)
}

// Suppress adds the entries of ss that are not on the suppression list; an
// import written part by part marks and lists them, so that undoing it
// removes them (journal.go).
func (t importTx) Suppress(ctx context.Context, ss []graph.Suppression) (int, error) {
	seen := map[string]bool{}
	var rows []map[string]any
	for _, x := range ss {
		if !seen[x.Hash] {
			seen[x.Hash] = true
			rows = append(rows, map[string]any{"hash": x.Hash, "erased_at": dateTime(x.ErasedAt)})
		}
	}
	var importID any
	if t.id != "" {
		importID = t.id
	}
	tag := newImportTag(t.id)
	for chunk := range chunks(rows) {
		added, err := single[[]any](ctx, t.tx, queries.ImportSuppress, map[string]any{"rows": chunk, "import_id": importID}, "added")
		if err != nil {
			return 0, err
		}
		for _, h := range added {
			s, ok := h.(string)
			if !ok {
				return 0, fmt.Errorf("neo4jstore: suppress: digest %v is a %T", h, h)
			}
			tag.created["suppression"] = append(tag.created["suppression"], s)
		}
	}
	n := len(tag.created["suppression"])
	if t.id != "" {
		if err := tag.writeCreated(ctx, t.tx); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// putSetting stores v under key inside tx unless the same document is
// stored already, or none is and v is the default def, and reports
// whether it wrote. It does not move the version.
func putSetting(ctx context.Context, tx neo4j.ManagedTransaction, key string, v, def any) (bool, error) {
	encode := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			panic("neo4jstore: encode " + key + ": " + err.Error()) // plain structs always marshal
		}
		return string(b)
	}
	data := encode(v)
	old, found, err := rawSetting(ctx, tx, key)
	if err == nil && !found {
		old = encode(def)
	}
	if err != nil || old == data {
		return false, err
	}
	if _, err := single[int64](ctx, tx, queries.SaveSetting, map[string]any{"key": key, "value": data}, "n"); err != nil {
		return false, err
	}
	return true, nil
}
