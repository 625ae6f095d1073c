package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"net"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relmap/relmap/graph"
)

// fail turns err into the error an operation returns. relmap's own errors
// (*graph.Error, graph.Errors) pass unchanged; driver and server errors get a
// graph code, here and only here, and the operation's name. The driver's
// text stays in the error chain for logs (err.Error()), never in the
// graph.Error's Message.
func (s *Store) fail(ctx context.Context, op string, err error) error {
	if err == nil {
		return nil
	}
	var ge *graph.Error
	var ges graph.Errors
	var ve *visitError
	if errors.As(err, &ge) || errors.As(err, &ges) || errors.As(err, &ve) {
		return err
	}
	code, msg := classify(ctx, err)
	if code == graph.ECONFLICT && errors.Is(err, errAuditAppend) {
		// A constraint of the audit log itself: relmap's fault, not a
		// conflict of the caller's write.
		code, msg = graph.EINTERNAL, "internal error"
	}
	switch code {
	case "":
		// The caller gave up (context.Canceled): keep errors.Is working.
		return fmt.Errorf("%s: %w", op, err)
	case graph.EINTERNAL:
		s.log.LogAttrs(ctx, levelError, "neo4j: unexpected error", attrOp(op), attrErr(err))
	default:
		s.log.LogAttrs(ctx, levelWarn, "neo4j: "+msg, attrOp(op), attrErr(err))
	}
	return fmt.Errorf("%s: %w: %w", op, &graph.Error{Code: code, Message: msg}, err)
}

// errAuditAppend marks the failure to append a write's pending audit entry
// (inSession).
var errAuditAppend = errors.New("audit log")

// Neo4j status codes with a meaning of their own for relmap.
const (
	codeConstraint      = "Neo.ClientError.Schema.ConstraintValidationFailed"
	codeTxTimedOut      = "Neo.ClientError.Transaction.TransactionTimedOut"
	codeTxTimedOutOld   = "Neo.TransientError.Transaction.TransactionTimedOut"
	codeTxTerminated    = "Neo.TransientError.Transaction.Terminated"
	codeDatabaseOffline = "Neo.TransientError.General.DatabaseUnavailable"
	codeTxMemory        = "Neo.TransientError.General.MemoryPoolOutOfMemoryError"
)

// classify returns the graph code and a message safe to show for a driver
// or server error, or "" for a context cancelled by the caller.
//
//   - a lost or refused connection, a pool that gave no connection in time, a
//     deadline (the store's Timeout or the caller's), a server-side
//     transaction timeout, and transient errors left after the driver's
//     retries: EUNAVAILABLE;
//   - a uniqueness constraint violated (a write racing another writer that
//     does not take relmap's lock): ECONFLICT;
//   - a transaction that outgrew the server's transaction memory
//     (dbms.memory.transaction.total.max): EINVALID, "split the batch";
//   - everything else (Cypher errors, bad credentials, protocol errors):
//     EINTERNAL.
func classify(ctx context.Context, err error) (code, msg string) {
	// The driver reports retries that ran out as a TransactionExecutionLimit
	// whose Errors hold every attempt's error; it has no Unwrap. The last
	// attempt's error says what went wrong.
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) {
		for i := len(limit.Errors) - 1; i >= 0; i-- {
			if limit.Errors[i] == nil {
				continue
			}
			if c, m := classify(ctx, limit.Errors[i]); c != graph.EINTERNAL {
				return c, m
			}
		}
		return graph.EUNAVAILABLE, "the database did not answer in time"
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return graph.EUNAVAILABLE, "the database did not answer in time"
	}
	if errors.Is(err, context.Canceled) || ctx.Err() != nil {
		return "", ""
	}
	var cerr *neo4j.ConnectivityError
	var nerr net.Error
	if errors.As(err, &cerr) || errors.As(err, &nerr) {
		return graph.EUNAVAILABLE, "the database cannot be reached"
	}
	var dberr *neo4j.Neo4jError
	if errors.As(err, &dberr) {
		switch {
		case dberr.Code == codeConstraint:
			return graph.ECONFLICT, "the write conflicts with stored data"
		case dberr.Code == codeTxMemory:
			// Transient to Neo4j (other transactions may free memory), but a
			// batch that alone outgrows dbms.memory.transaction.total.max
			// fails again on retry: the caller must split it.
			return graph.EINVALID, "the batch is too large for one database transaction; split it into smaller batches"
		case dberr.Code == codeTxTimedOut || dberr.Code == codeTxTimedOutOld || dberr.Code == codeTxTerminated:
			return graph.EUNAVAILABLE, "the database did not answer in time"
		case dberr.Code == codeDatabaseOffline || dberr.Classification() == "TransientError":
			return graph.EUNAVAILABLE, "the database is busy or unavailable; retry later"
		}
		return graph.EINTERNAL, "internal error"
	}
	return graph.EINTERNAL, "internal error"
}
