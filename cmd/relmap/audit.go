package main

import (
	"context"
	"strings"
	"time"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
)

// cliAudit starts the audit entry of a command-line action of actor on st
// (when st keeps the audit log): Action "cli <action>", Client "cli",
// Status 0 for success. The context it returns carries the entry
// (auth.WithAudit), so that the store stores it in the transaction of the
// action's write; end, called with the action's error, appends it with
// its outcome (1 for a failure, with the failure's message after the
// detail) when no write stored it — a read such as an export, a failure,
// a dry run — and returns the error of that append.
func cliAudit(ctx context.Context, st any, actor, action, target, detail string) (context.Context, func(error) error) {
	log, ok := st.(interface {
		AppendAudit(ctx context.Context, e *auth.AuditEntry) error
	})
	if !ok {
		return ctx, func(error) error { return nil }
	}
	e := &auth.AuditEntry{At: time.Now().UTC(), Actor: actor, Action: "cli " + action, Target: target, Client: "cli", Detail: detail}
	return auth.WithAudit(ctx, e), func(err error) error {
		if e.Seq != 0 {
			return nil // stored with the write
		}
		if err != nil {
			e.Status = 1
			msg := graph.ErrorMessage(err)
			if graph.ErrorCode(err) == graph.EINTERNAL {
				msg = err.Error() // the command's own ("FILE: 2 problems; nothing was stored")
			}
			e.Detail = strings.TrimPrefix(e.Detail+"; failed: "+msg, "; ")
		}
		return log.AppendAudit(context.WithoutCancel(ctx), e)
	}
}
