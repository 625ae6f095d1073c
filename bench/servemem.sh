#!/usr/bin/env bash
# The memory of a running relmap serve, as issue 14 checks it: the demo
# network at -persons (100,000 by default: ~137k nodes, ~518k ties, ~1.08M
# assessments) in a SQLite file made once, relmap serve on it, and after it
# has warmed its caches (the snapshot, the matrix, the page's tables and
# search: -warm seconds) the resident set (VmRSS) and its peak (VmHWM) after
# warm paths, the develop segment's brokers (twice: cold, then cached) and
# PageRank, each with its wall time and the CPU time the process spent in
# it (utime + stime from /proc/PID/stat: the warm-up's, the request's).
# It prints figures; it asserts nothing.
# -profile DIR builds relmap with -tags pprof and writes a heap profile taken
# after a collection (/debug/pprof/heap?gc=1) at each step into DIR, for
# go tool pprof -sample_index=inuse_space -top. -bin FILE runs a relmap built
# already (go build [-tags pprof] -o FILE ./cmd/relmap), so that builds can
# be compared in interleaved runs.
#   bash bench/servemem.sh [-persons N] [-db FILE] [-warm SECONDS] [-env 'GOMEMLIMIT=400MiB'] [-profile DIR] [-bin FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
persons=100000 db="" warm=30 extra="" profile="" bin=""
while [ $# -gt 0 ]; do
	case "$1" in
	-persons) persons=$2; shift 2 ;;
	-db) db=$2; shift 2 ;;
	-warm) warm=$2; shift 2 ;;
	-env) extra=$2; shift 2 ;;
	-profile) profile=$2; shift 2 ;;
	-bin) bin=$2; shift 2 ;;
	*) echo "usage: $0 [-persons N] [-db FILE] [-warm SECONDS] [-env 'VAR=value'] [-profile DIR] [-bin FILE]" >&2; exit 2 ;;
	esac
done
dir=${TMPDIR:-/tmp}/relmap-servemem
mkdir -p "$dir"
[ -z "$profile" ] || mkdir -p "$profile"
if [ -z "$bin" ]; then
	bin=$dir/relmap
	go build ${profile:+-tags pprof} -o "$bin" ./cmd/relmap
fi
if [ -z "$db" ]; then
	db=$dir/demo-$persons.db
	[ -f "$db" ] || "$bin" demo -load-only -db "$db" -persons "$persons" -log-level error
fi
tok=$("$bin" token create -db "$db" -name "servemem-$$" -role viewer 2>/dev/null | grep -o 'rm_[A-Za-z0-9_-]*' | head -1)
port=$((20000 + RANDOM % 20000))
pport=$((port + 1))
env $extra ${profile:+RELMAP_PPROF_ADDR=127.0.0.1:$pport} "$bin" serve -db "$db" -addr "127.0.0.1:$port" -log-level error >"$dir/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
base=http://127.0.0.1:$port
for _ in $(seq 1 120); do
	curl -fs -o /dev/null "$base/readyz" && break
	sleep 1
done
rss() { awk '/VmRSS/ {r=$2} /VmHWM/ {h=$2} END {printf "%d MiB\t%d MiB", r/1024, h/1024}' "/proc/$pid/status"; }
hz=$(getconf CLK_TCK)
# ticks prints the process's CPU time so far in clock ticks: utime and
# stime, fields 14 and 15 of /proc/PID/stat, counted after the name in
# parentheses (field 2), which may hold spaces.
ticks() { sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}'; }
# cpu prints the CPU seconds since the ticks $1.
cpu() { awk -v a="$1" -v b="$(ticks)" -v hz="$hz" 'BEGIN {printf "%.2fs", (b - a) / hz}'; }
printf 'relmap serve on %s (%s)%s\n' "$db" "$(nproc) cores" "${extra:+, $extra}"
printf 'step\twall\tCPU\tVmRSS\tVmHWM\tload 1m\n'
heap() {
	[ -z "$profile" ] && return
	if ! curl -fsS -o "$profile/$1.pb.gz" "http://127.0.0.1:$pport/debug/pprof/heap?gc=1"; then
		echo "no heap profile at step $1 (is $bin built with -tags pprof?)" >&2
		return 0
	fi
	curl -fsS "http://127.0.0.1:$pport/debug/pprof/heap?debug=1" | sed -n '/^# runtime.MemStats/,$p' >"$profile/$1.memstats" || true
}
printf 'ready\t-\t%s\t%s\t%s\n' "$(cpu 0)" "$(rss)" "$(cut -d' ' -f1 /proc/loadavg)"
heap ready
c=$(ticks)
sleep "$warm"
printf 'warm (%ss)\t-\t%s\t%s\t%s\n' "$warm" "$(cpu "$c")" "$(rss)" "$(cut -d' ' -f1 /proc/loadavg)"
heap warm
n=0
get() { curl -fs -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $tok" "$base/api/v1/$1"; }
target=$(curl -fs -H "Authorization: Bearer $tok" "$base/api/v1/segments/list?segment=develop&limit=1" | sed -n 's/.*"rows":\[{"id":"\([^"]*\)".*/\1/p')
for step in "paths?to=$target" "brokers?segment=develop" "brokers?segment=develop" "centrality?metric=pagerank&limit=20"; do
	c=$(ticks)
	t=$(get "$step")
	printf '%s\t%ss\t%s\t%s\t%s\n' "$step" "$t" "$(cpu "$c")" "$(rss)" "$(cut -d' ' -f1 /proc/loadavg)"
	n=$((n + 1))
	heap "step$n"
done
