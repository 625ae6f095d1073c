#!/usr/bin/env bash
# relmap's figures beside a reference on the same data, with the ratios and
# the load average, in one table (see bench/ratios/main.go):
#   bash bench/ratios.sh                   # the store is made once, in $TMPDIR/relmap-ratios
#   bash bench/ratios.sh -dir /tmp/r -sizes 10000,100000
# Installs Debian's sqlite3 and python3-igraph when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v sqlite3 >/dev/null || missing+=(sqlite3)
/usr/bin/python3 -c 'import igraph' 2>/dev/null || missing+=(python3-igraph)
if [ ${#missing[@]} -gt 0 ]; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
go run ./bench/ratios "$@"
