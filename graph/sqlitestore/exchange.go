package sqlitestore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

var _ segment.Importer = (*Store)(nil)

// errDryRun rolls back the transaction of a dry-run import.
var errDryRun = errors.New("dry run")

// Import writes an import (network records, scheme, policies and
// assessments, in one or more parts) in one write transaction, all or
// nothing: segment.RunImport plans and writes each part as it comes, so
// that memory holds one part at a time while SQLite keeps the rest of the
// transaction on disk. The version moves once, when anything changed. A
// dry run does the whole import and rolls it back, so its counts are those
// of the real import.
func (s *Store) Import(ctx context.Context, next func() (*segment.Import, error), opts graph.UpsertOptions) (*segment.ImportResult, error) {
	now := s.now()
	var res *segment.ImportResult
	err := s.inWrite(ctx, "import", func(tx *sql.Tx) error {
		t := importTx{tx: tx, kinds: &graph.KindCache{}}
		var err error
		res, err = segment.RunImport(ctx, t, next, opts, now)
		if err != nil {
			return err
		}
		if opts.DryRun {
			return errDryRun
		}
		if res.Changed() {
			return bumpVersion(ctx, tx)
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		return res, nil
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// importTx implements segment.ImportTx in a write transaction. kinds
// remembers the kinds of the nodes the import read or wrote, so that each
// part reads only the referenced nodes no part before it did.
type importTx struct {
	tx    *sql.Tx
	kinds *graph.KindCache
}

func (t importTx) Lookup() segment.ImportLookup { return lookup{tx: t.tx, kinds: t.kinds} }

func (t importTx) Scheme(ctx context.Context) (*segment.Scheme, error) {
	return storedScheme(ctx, t.tx)
}

func (t importTx) SaveScheme(ctx context.Context, sc *segment.Scheme) (bool, error) {
	return putSetting(ctx, t.tx, schemeKey, sc, segment.DefaultScheme())
}

func (t importTx) SavePolicies(ctx context.Context, ps segment.Policies) (bool, error) {
	return putSetting(ctx, t.tx, policiesKey, ps, segment.DefaultPolicies())
}

func (t importTx) WriteBatch(ctx context.Context, _ segment.ImportLookup, b *graph.Batch) error {
	if err := writeBatch(ctx, t.tx, b); err != nil {
		return err
	}
	t.kinds.AddBatch(b)
	return nil
}

func (t importTx) WriteAssessments(ctx context.Context, _ segment.ImportLookup, as []*segment.Assessment) error {
	return execEach(ctx, t.tx, upsertAssessmentSQL, as, assessmentArgs)
}

func (t importTx) Suppress(ctx context.Context, ss []graph.Suppression) (int, error) {
	added := 0
	for _, x := range ss {
		res, err := t.tx.ExecContext(ctx, `INSERT INTO suppressions (hash, erased_at) VALUES (?, ?)
			ON CONFLICT (hash) DO NOTHING`, x.Hash, millis(x.ErasedAt))
		if err != nil {
			return 0, err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, err
		}
		added += int(n)
	}
	return added, nil
}

// putSetting stores v under key inside tx unless the same document is
// stored already, or none is and v is the default def, and reports
// whether it wrote. It does not move the version.
func putSetting(ctx context.Context, tx *sql.Tx, key string, v, def any) (bool, error) {
	data := marshal(v)
	var old string
	err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&old)
	if errors.Is(err, sql.ErrNoRows) {
		old, err = marshal(def), nil
	}
	if err != nil || old == data {
		return false, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, data)
	return err == nil, err
}
