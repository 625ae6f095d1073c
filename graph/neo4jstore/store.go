package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/queries"
)

// Defaults of Config.
const (
	DefaultDatabase    = "neo4j"
	DefaultTimeout     = 5 * time.Second
	DefaultBulkTimeout = 10 * time.Minute
)

// bulkRecords is the size from which an upsert counts as bulk and runs
// under Config.BulkTimeout instead of Config.Timeout.
const bulkRecords = 1000

// Config says how to reach Neo4j.
type Config struct {
	// URI is the address of the server, e.g. "bolt://127.0.0.1:7687" or
	// "neo4j+s://xxxx.databases.neo4j.io".
	URI string
	// Username and Password authenticate with basic auth; both empty means
	// no authentication (a server with auth disabled).
	Username string
	Password string
	// Database is the database to use; "neo4j" when empty.
	Database string
	// Timeout bounds every call (connecting included), so that a dead
	// database answers EUNAVAILABLE fast instead of hanging; default 5 s.
	// It also bounds how long the driver waits for a pooled connection and
	// how long it retries a failed transaction.
	Timeout time.Duration
	// BulkTimeout bounds the calls that move much data: Network, and Upsert
	// of batches of 1000 records or more; default 10 min, and never less
	// than Timeout. A dead database still fails them within about Timeout
	// (the connection wait).
	BulkTimeout time.Duration
	// ImportSplitRows is the size (in records) from which Import writes an
	// import part by part, each part in a transaction of its own, with a
	// journal that undoes the parts on failure or after a crash (see the
	// package documentation): DefaultImportSplitRows when 0; a negative
	// value never splits. Smaller imports run in one transaction.
	ImportSplitRows int
	// Now is the store's clock, read once per write; time.Now when nil.
	Now func() time.Time
	// Logger receives the driver's log and the store's errors; nothing is
	// logged when nil.
	Logger *slog.Logger
}

// LogValue implements slog.LogValuer: the password is never logged.
func (c Config) LogValue() slog.Value {
	pw := ""
	if c.Password != "" {
		pw = "***"
	}
	return slog.GroupValue(
		slog.String("uri", c.URI), slog.String("username", c.Username), slog.String("password", pw),
		slog.String("database", c.Database), slog.Duration("timeout", c.Timeout),
		slog.Duration("bulk_timeout", c.BulkTimeout))
}

// Store is the Neo4j implementation of graph.Store. It is safe for
// concurrent use: it holds one driver (a connection pool) and opens a
// session per call.
type Store struct {
	// RecordWriter provides the Create* and Update* methods on top of Upsert
	// and the Find*ByID methods.
	graph.RecordWriter

	driver      neo4j.DriverWithContext
	database    string
	timeout     time.Duration
	bulkTimeout time.Duration
	now         func() time.Time
	log         *slog.Logger
	splitRows   int // see Config.ImportSplitRows

	// imports are this process's imports written part by part, and
	// background the goroutines that undo the failed ones once the
	// database answers again (undo.go); closing ends them.
	imports importLog
	// down is set when a call found the database unavailable and cleared
	// when one reached it (inSession): while it is set, calls first check
	// that the database answers (reach).
	down           atomic.Bool
	background     sync.WaitGroup
	closing        context.Context
	stopBackground context.CancelFunc
}

var (
	_ graph.Store     = (*Store)(nil)
	_ graph.ChangeLog = (*Store)(nil)
	_ graph.Pinger    = (*Store)(nil)
)

// Open connects to the Neo4j server cfg names, checks that it answers
// (EUNAVAILABLE if it does not within cfg.Timeout) and creates relmap's
// constraints and indexes where they are missing (queries/schema, in
// order). Close the store to close its connections.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.URI == "" {
		return nil, fmt.Errorf("open neo4j: %w", graph.Invalid("uri", "is required"))
	}
	if cfg.Database == "" {
		cfg.Database = DefaultDatabase
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.BulkTimeout <= 0 {
		cfg.BulkTimeout = DefaultBulkTimeout
	}
	cfg.BulkTimeout = max(cfg.BulkTimeout, cfg.Timeout)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	auth := neo4j.NoAuth()
	if cfg.Username != "" || cfg.Password != "" {
		auth = neo4j.BasicAuth(cfg.Username, cfg.Password, "")
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		c.Log = driverLogger{cfg.Logger}
		c.ConnectionAcquisitionTimeout = cfg.Timeout
		c.SocketConnectTimeout = cfg.Timeout
		c.MaxTransactionRetryTime = cfg.Timeout
	})
	if err != nil {
		// A malformed URI or an unknown scheme.
		return nil, fmt.Errorf("open neo4j: %w: %w", graph.Invalid("uri", "is not a Neo4j URI"), err)
	}
	s := &Store{
		driver: driver, database: cfg.Database, timeout: cfg.Timeout, bulkTimeout: cfg.BulkTimeout,
		now: cfg.Now, log: cfg.Logger,
	}
	s.closing, s.stopBackground = context.WithCancel(context.Background())
	s.RecordWriter = graph.RecordWriter{Backend: s}
	err = s.open(ctx)
	if err == nil {
		err = s.openImports(ctx, cfg) // journal.go: undo unfinished imports
	}
	if err != nil {
		s.stopBackground()
		_ = driver.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	return s, nil
}

func (s *Store) open(ctx context.Context) error {
	vctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	if err := s.driver.VerifyConnectivity(vctx); err != nil {
		return s.fail(vctx, "open neo4j", err)
	}
	stmts, err := schemaStatements()
	if err != nil {
		return fmt.Errorf("open neo4j: %w", err)
	}
	// Creating a constraint on a large database builds its index first:
	// allow the bulk timeout.
	sctx, cancel := context.WithTimeout(ctx, s.bulkTimeout)
	defer cancel()
	for _, q := range stmts {
		if _, err := neo4j.ExecuteQuery(sctx, s.driver, q, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.database)); err != nil && !createdMeanwhile(err) {
			return s.fail(sctx, "apply neo4j schema", err)
		}
	}
	return nil
}

// createdMeanwhile reports whether a schema statement (CREATE … IF NOT
// EXISTS) failed because another process created the same constraint or
// index at the same time: two relmap processes opening a new database at
// once both find it missing, and the second to commit gets this error.
// The schema is then as wanted.
func createdMeanwhile(err error) bool {
	var dberr *neo4j.Neo4jError
	return errors.As(err, &dberr) && dberr.Code == "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists"
}

// Close closes the driver and its connections, and stops undoing failed
// imports in the background (the next Open undoes what is left). Calls
// after Close fail.
func (s *Store) Close() error {
	s.stopBackground()
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	err := s.driver.Close(ctx)
	s.background.Wait()
	return err
}

// Ping checks that the database answers a query within the timeout.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	_, err := neo4j.ExecuteQuery(ctx, s.driver, queries.Ping, nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.database), neo4j.ExecuteQueryWithReadersRouting(),
		neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(s.timeout)))
	return s.fail(ctx, "ping", err)
}

// Version returns the change version of the stored data: 0 for a database
// relmap never wrote to.
func (s *Store) Version(ctx context.Context) (int64, error) {
	return inTx(ctx, s, "version", neo4j.AccessModeRead, s.timeout, func(ctx context.Context, tx neo4j.ManagedTransaction) (int64, error) {
		return version(ctx, tx)
	})
}

func version(ctx context.Context, tx neo4j.ManagedTransaction) (int64, error) {
	return single[int64](ctx, tx, queries.Version, nil, "version")
}

// txFunc is the work of one transaction. It may run more than once (the
// driver retries transient failures) and must touch nothing outside the
// transaction.
type txFunc[T any] func(ctx context.Context, tx neo4j.ManagedTransaction) (T, error)

// inTx runs fn in one managed transaction of the given access mode, under a
// deadline of d (on the client and, as the transaction timeout, on the
// server), and gives its error a graph code (see fail). A write appends the
// pending audit entry of ctx (auth.WithAudit) in its transaction after fn
// and sets its Seq once it committed.
func inTx[T any](ctx context.Context, s *Store, op string, mode neo4j.AccessMode, d time.Duration, fn txFunc[T]) (T, error) {
	return inSession(ctx, s, op, mode, d, neo4j.FetchDefault, fn)
}

func inSession[T any](ctx context.Context, s *Store, op string, mode neo4j.AccessMode, d time.Duration, fetch int, fn txFunc[T]) (res T, err error) {
	if d > s.timeout || s.down.Load() {
		// The driver retries a refused connection for as long as
		// MaxTransactionRetryTime (Timeout) and then sleeps its back-off,
		// which only the context cuts short: under a bulk deadline a dead
		// database would hold the call for up to twice Timeout, and a
		// request of several calls would wait for each. One check under
		// Timeout first answers both.
		if err := s.reach(ctx, op); err != nil {
			return res, err
		}
	}
	defer func() {
		if err == nil {
			s.down.Store(false)
		} else if graph.ErrorCode(err) == graph.EUNAVAILABLE {
			s.down.Store(true)
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{
		DatabaseName: s.database,
		AccessMode:   mode,
		FetchSize:    fetch,
		// One bookmark manager for every session and ExecuteQuery, so that a
		// read sees the writes before it on a cluster too.
		BookmarkManager: s.driver.ExecuteQueryBookmarkManager(),
	})
	defer func() {
		// Closing returns the connection to the pool; give it a moment even
		// when ctx is done.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		defer cancel()
		_ = sess.Close(cctx)
	}()
	work := func(tx neo4j.ManagedTransaction) (T, error) { return fn(ctx, tx) }
	var (
		seq     int64
		pending = auth.PendingAudit(ctx)
	)
	if mode == neo4j.AccessModeWrite {
		if pending != nil {
			// The pending audit entry goes into the write's transaction
			// (auth.Store.AppendAudit); seq is the last attempt's.
			work = func(tx neo4j.ManagedTransaction) (T, error) {
				res, err := fn(ctx, tx)
				if err == nil {
					if seq, err = appendAudit(ctx, tx, pending); err != nil {
						err = fmt.Errorf("%w: %w", errAuditAppend, err)
					}
				}
				return res, err
			}
		}
		res, err = neo4j.ExecuteWrite(ctx, sess, work, neo4j.WithTxTimeout(d))
		if err == nil && pending != nil {
			pending.Seq = seq
		}
	} else {
		res, err = neo4j.ExecuteRead(ctx, sess, work, neo4j.WithTxTimeout(d))
	}
	if err != nil {
		var zero T
		return zero, s.fail(ctx, op, err)
	}
	return res, nil
}

// reach checks, under Timeout, that the database answers, and remembers the
// outcome in s.down: EUNAVAILABLE within Timeout when it does not.
func (s *Store) reach(ctx context.Context, op string) error {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	if err := s.driver.VerifyConnectivity(ctx); err != nil {
		err = s.fail(ctx, op, err)
		if graph.ErrorCode(err) == graph.EUNAVAILABLE {
			s.down.Store(true)
		}
		return err
	}
	s.down.Store(false)
	return nil
}

// write runs fn in a write transaction that first takes relmap's write lock
// (see lock.cypher), so that writers run one at a time.
func write[T any](ctx context.Context, s *Store, op string, d time.Duration, fn txFunc[T]) (T, error) {
	return inTx(ctx, s, op, neo4j.AccessModeWrite, d, func(ctx context.Context, tx neo4j.ManagedTransaction) (T, error) {
		if _, err := single[int64](ctx, tx, queries.Lock, nil, "version"); err != nil {
			var zero T
			return zero, err
		}
		return fn(ctx, tx)
	})
}

// bumpVersion moves the version for a write that may have changed
// anything (graph.PartAll).
func bumpVersion(ctx context.Context, tx neo4j.ManagedTransaction) error {
	return bumpVersionFor(ctx, tx, graph.PartAll, nil)
}

// bumpVersionFor moves the version and logs the write as changing part
// (naming ids, see graph.EncodeChange) in the change log kept on the
// :Meta node (bump_version.cypher), the last graph.MaxChanges writes.
func bumpVersionFor(ctx context.Context, tx neo4j.ManagedTransaction, part graph.Part, ids []string) error {
	params := map[string]any{"change": graph.EncodeChange(part, ids), "keep": int64(graph.MaxChanges)}
	_, err := single[int64](ctx, tx, queries.BumpVersion, params, "version")
	return err
}

// Changes implements graph.ChangeLog: the logged writes above since, read
// with the version in one read transaction.
func (s *Store) Changes(ctx context.Context, since int64) ([]graph.Change, bool, error) {
	type log struct {
		v   int64
		out []graph.Change
	}
	l, err := inTx(ctx, s, "changes", neo4j.AccessModeRead, s.timeout, func(ctx context.Context, tx neo4j.ManagedTransaction) (log, error) {
		var l log
		err := each(ctx, tx, queries.Changes, nil, func(rec *neo4j.Record) error {
			v, _, err := neo4j.GetRecordValue[int64](rec, "version")
			if err != nil {
				return err
			}
			entries, _, err := neo4j.GetRecordValue[[]any](rec, "changes")
			if err != nil {
				return err
			}
			l = log{v: v}
			for _, e := range entries {
				text, _ := e.(string)
				num, change, _ := strings.Cut(text, "\t")
				cv, err := strconv.ParseInt(num, 10, 64)
				if err != nil {
					return fmt.Errorf("change log entry %q: %w", text, err)
				}
				if cv > since {
					l.out = append(l.out, graph.DecodeChange(cv, change))
				}
			}
			return nil
		})
		return l, err
	})
	if err != nil {
		return nil, false, err
	}
	return l.out, graph.CompleteChanges(l.out, since, l.v), nil
}

// each runs q in tx and calls fn with every record as it arrives.
func each(ctx context.Context, tx neo4j.ManagedTransaction, q string, params map[string]any, fn func(*neo4j.Record) error) error {
	res, err := tx.Run(ctx, q, params)
	if err != nil {
		return err
	}
	for res.Next(ctx) {
		if err := fn(res.Record()); err != nil {
			return err
		}
	}
	return res.Err()
}

// single runs q in tx and returns the value of key in its one record.
func single[T neo4j.RecordValue](ctx context.Context, tx neo4j.ManagedTransaction, q string, params map[string]any, key string) (T, error) {
	var zero T
	res, err := tx.Run(ctx, q, params)
	if err != nil {
		return zero, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return zero, err
	}
	v, _, err := neo4j.GetRecordValue[T](rec, key)
	return v, err
}
