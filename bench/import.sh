#!/usr/bin/env bash
# relmap import of a large CSV file against the C sqlite3 shell's .import
# of the same file, in one table (see bench/import/main.go):
#   bash bench/import.sh                       # SQLite: 10^6 relationships, 3 interleaved runs
#   bash bench/import.sh -store sqlite,neo4j   # and Neo4j, in a fresh server of its own
#   bash bench/import.sh -relationships 200000 -runs 5
#   bash bench/import.sh -store neo4j -ceiling relmap,relmap2   # and the server's ceiling
# Installs Debian's sqlite3 when it is missing. With -store …neo4j… and no
# RELMAP_NEO4J_URI it starts the project's Neo4j (scripts/neo4j-dev.sh)
# with a fresh database and NEO4J_DEV_HEAP (default 6g), and stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v sqlite3 >/dev/null; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq && $sudo apt-get install -y -qq sqlite3 >/dev/null
fi
args=("$@")
started=""
if [[ " $* " == *neo4j* ]] && [ -z "${RELMAP_NEO4J_URI:-}" ]; then
	export NEO4J_DEV_HOME="$PWD/.neo4j-dev/bench-import" NEO4J_DEV_FRESH=1 NEO4J_DEV_HEAP="${NEO4J_DEV_HEAP:-6g}"
	RELMAP_NEO4J_URI=$(bash scripts/neo4j-dev.sh start)
	export RELMAP_NEO4J_URI
	[ -f "$NEO4J_DEV_HOME/password" ] && export RELMAP_NEO4J_PASSWORD_FILE="$NEO4J_DEV_HOME/password"
	started=1
	args+=(-neo4j-pid "$(cat "$NEO4J_DEV_HOME/pid")")
fi
trap '[ -n "$started" ] && bash scripts/neo4j-dev.sh stop' EXIT
go run ./bench/import "${args[@]}"
