package api

import (
	"context"
	"time"
)

// KeepWarm calls Warm now and then, every interval, whenever the store's
// version has moved, until ctx ends; errors go to the log. A store that
// reports no version is warmed once. relmap serve runs it.
func (s *Server) KeepWarm(ctx context.Context, interval time.Duration) {
	vs, versioned := s.Store.(versioner)
	warm := func() bool {
		err := s.Warm(ctx)
		if err != nil && ctx.Err() == nil {
			s.logger().WarnContext(ctx, "warming the caches", "err", err)
		}
		return err == nil
	}
	if !versioned {
		warm()
		return
	}
	last := int64(-1)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if v, err := vs.Version(ctx); err == nil && v != last && warm() {
			last = v
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
