package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/relmap/relmap/graph"

	neo4jlog "github.com/neo4j/neo4j-go-driver/v5/neo4j/log"
)

const (
	levelDebug = slog.LevelDebug
	levelInfo  = slog.LevelInfo
	levelWarn  = slog.LevelWarn
	levelError = slog.LevelError
)

func attrOp(op string) slog.Attr  { return slog.String("op", op) }
func attrErr(err error) slog.Attr { return slog.String("error", err.Error()) }
func attrComponent(name, id string) slog.Attr {
	return slog.Group("neo4j", slog.String("component", name), slog.String("id", id))
}

// driverLogger routes the driver's log to slog. The driver calls Error for
// failures it may well recover from (a retried transaction, a connection
// dropped from the pool), so they are logged as warnings; what relmap cannot
// recover from reaches the caller as an error instead.
type driverLogger struct{ log *slog.Logger }

var _ neo4jlog.Logger = driverLogger{}

func (l driverLogger) Error(name, id string, err error) {
	level := levelWarn
	var ge *graph.Error
	var ges graph.Errors
	var ve *visitError
	if errors.As(err, &ge) || errors.As(err, &ges) || errors.As(err, &ve) {
		// A transaction function's own answer (bad input, not found, the
		// visitor's error), which the driver reports as the transaction's
		// failure: the caller gets it, it is no trouble of the database.
		level = levelDebug
	}
	l.log.LogAttrs(context.Background(), level, "neo4j driver: "+err.Error(), attrComponent(name, id))
}

func (l driverLogger) Warnf(name, id, msg string, args ...any) {
	l.logf(levelWarn, name, id, msg, args)
}

func (l driverLogger) Infof(name, id, msg string, args ...any) {
	l.logf(levelInfo, name, id, msg, args)
}

func (l driverLogger) Debugf(name, id, msg string, args ...any) {
	l.logf(levelDebug, name, id, msg, args)
}

// logf formats the message only when the level is enabled: the driver logs
// at debug level on every request.
func (l driverLogger) logf(level slog.Level, name, id, msg string, args []any) {
	ctx := context.Background()
	if !l.log.Enabled(ctx, level) {
		return
	}
	l.log.LogAttrs(ctx, level, "neo4j driver: "+fmt.Sprintf(msg, args...), attrComponent(name, id))
}
