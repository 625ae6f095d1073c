#!/usr/bin/env bash
# The README's test command (make test calls it): go vet, then every Go test
# with the race detector. Tests that need Neo4j use RELMAP_NEO4J_URI; when it
# is unset this script starts the project's own embedded Neo4j
# (scripts/neo4j-dev.sh) on a fresh data directory and stops it afterwards,
# even when tests fail. With RELMAP_REQUIRE_NEO4J=1 (CI) a Neo4j that cannot
# be started fails the run instead of letting its tests skip.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== go vet"
go vet ./...

started=""
cleanup() {
	if [ -n "$started" ]; then
		echo "== stopping the test Neo4j"
		bash scripts/neo4j-dev.sh stop || true
	fi
}
trap cleanup EXIT

if [ -z "${RELMAP_NEO4J_URI:-}" ]; then
	echo "== starting a Neo4j for the tests (scripts/neo4j-dev.sh)"
	export NEO4J_DEV_HOME="${NEO4J_DEV_HOME:-$PWD/.neo4j-dev/test}"
	export NEO4J_DEV_FRESH=1
	if uri=$(bash scripts/neo4j-dev.sh start); then
		started=1
		export RELMAP_NEO4J_URI="$uri"
		if [ -f "$NEO4J_DEV_HOME/password" ]; then
			export RELMAP_NEO4J_PASSWORD_FILE="$NEO4J_DEV_HOME/password"
		fi
		echo "   Neo4j at $RELMAP_NEO4J_URI"
	elif [ "${RELMAP_REQUIRE_NEO4J:-}" = 1 ]; then
		echo "FAIL: RELMAP_REQUIRE_NEO4J=1 but Neo4j could not be started" >&2
		exit 1
	else
		echo "   Neo4j could not be started: its tests will skip"
	fi
fi

echo "== go test -race ./..."
# -p 1 would serialise compilation too; the Neo4j tests live in one package
# (graph/neo4jstore) so packages may run in parallel. go test's default of
# 10 minutes per package is too short for cmd/relmap's outage tests (Neo4j
# instances of their own, kill -9 and restarts) under -race on a busy
# two-core machine; CI's own limit is 90 minutes.
go test -race -count=1 -timeout 45m "$@" ./...
