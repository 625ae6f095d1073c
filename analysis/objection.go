package analysis

import (
	"context"
	"errors"
	"time"

	"github.com/relmap/relmap/graph"
)

// networkReads is how many times readSnapshot reads the network and the
// objections when the store changed under its read; firstPause is its pause
// before the second read, doubled before each further one (20, 40, 80,
// 160 ms, and then 320 ms: about 0.6 s of pauses in all before it gives
// up).
const (
	networkReads = 6
	firstPause   = 20 * time.Millisecond
)

// readSnapshot reads the network of src into a snapshot without the
// persons who object and without their ties, with no evidence and the
// default day and rules (see Snapshot.with). The objections are read after
// the network, and may be newer: a person who objects by then is left out
// even if the network was read before the objection, and one who withdrew
// an objection meanwhile no longer objects — either way the snapshot
// routes no one who objects at the time of the objection read. (The
// snapshot keeps the network's older version, so the cache rebuilds it at
// the next request.) Objections older than the network (a lagging replica)
// could miss an objection, and a store that saw the network change during
// its read (graph.ErrChanged: Neo4j reads at read committed) returns
// nothing: then both are read again, after a pause that doubles each time
// (firstPause), up to networkReads times; then it returns EUNAVAILABLE
// ("kept changing": retry later). Issue 13 found 0.3% of the analyses
// under 16 writing clients answering 503 when the versions had to be equal
// and were read three times without a pause.
func readSnapshot(ctx context.Context, src NetworkSource, now time.Time) (*Snapshot, error) {
	pause := firstPause
	for i := range networkReads {
		if i > 0 {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(pause):
			}
			pause *= 2
		}
		s, changed, err := readSnapshotOnce(ctx, src, now)
		if changed {
			continue
		}
		return s, err
	}
	return nil, graph.Errorf(graph.EUNAVAILABLE, "the network kept changing while it was read; try again")
}

// readSnapshotOnce reads the network and the objections once; changed
// reports that the store changed under the network read, or that the
// objections are older than the network.
func readSnapshotOnce(ctx context.Context, src NetworkSource, now time.Time) (s *Snapshot, changed bool, err error) {
	b := newBuilder()
	b.on(now)
	defer b.stop()
	v, err := src.Network(ctx, graph.NetworkVisitor{Node: b.node, Edge: b.edge, Size: b.size, Parts: b.visitor})
	if errors.Is(err, graph.ErrChanged) {
		return nil, true, nil
	}
	if err != nil {
		return nil, false, err
	}
	var drop map[string]bool
	if os, ok := src.(graph.ObjectionSource); ok {
		ids, ov, err := os.Objecting(ctx)
		if err != nil {
			return nil, false, err
		}
		if ov < v {
			return nil, true, nil
		}
		drop = make(map[string]bool, len(ids))
		for _, id := range ids {
			drop[id] = true
		}
	}
	s, err = b.finish(v, drop)
	return s, false, err
}
