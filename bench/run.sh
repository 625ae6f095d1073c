#!/usr/bin/env bash
# Bulk load and snapshot read of the demo network on both stores.
#   bench/run.sh [persons]      (default 100000 persons, ~500k relationships)
# Starts the project's embedded Neo4j when RELMAP_NEO4J_URI is unset.
set -euo pipefail
cd "$(dirname "$0")/.."
persons="${1:-100000}"
started=""
if [ -z "${RELMAP_NEO4J_URI:-}" ]; then
	# One 500k-relationship transaction needs ~3.5 GB of transaction memory
	# (70% of the heap): give the bench server 6 GB.
	export NEO4J_DEV_HOME="$PWD/.neo4j-dev/bench" NEO4J_DEV_FRESH=1 NEO4J_DEV_HEAP="${NEO4J_DEV_HEAP:-6g}"
	RELMAP_NEO4J_URI=$(bash scripts/neo4j-dev.sh start)
	export RELMAP_NEO4J_URI
	[ -f "$NEO4J_DEV_HOME/password" ] && export RELMAP_NEO4J_PASSWORD_FILE="$NEO4J_DEV_HOME/password"
	started=1
fi
trap '[ -n "$started" ] && bash scripts/neo4j-dev.sh stop' EXIT
go run ./bench/load -persons "$persons" -store sqlite,neo4j
# Warm paths (p50/p99 per query) and broker ranking on the same network size.
go run ./bench/paths
