#!/usr/bin/env bash
# fuzz.sh — run every Go fuzz target of relmap for a bounded time each
# (go test -fuzz runs one target at a time). CI calls it after the tests.
#
#   scripts/fuzz.sh                 every target, FUZZTIME each
#   scripts/fuzz.sh FuzzImportCSV   only the targets named
#
# Environment:
#   FUZZTIME      how long each target runs (default 15s; go's -fuzztime, so
#                 "500x" runs 500 inputs instead)
#   FUZZPARALLEL  fuzzing processes per target (default: go's, GOMAXPROCS)
#   FUZZMINIMIZETIME  how long go may shrink each new input it keeps
#                 (default 200x, 200 tries; go's own default of 60s would eat a short run:
#                 a LinkedIn file takes about a millisecond per try)
#
# A target that finds a failing input fails the run; go has then written
# the input to <package>/testdata/fuzz/<FuzzName>/, where plain go test
# replays it from then on. Keep that file with the fix.
set -uo pipefail
cd "$(dirname "$0")/.."

FUZZTIME="${FUZZTIME:-15s}"
FUZZMINIMIZETIME="${FUZZMINIMIZETIME:-200x}"
parallel=()
[[ -n "${FUZZPARALLEL:-}" ]] && parallel=(-parallel "$FUZZPARALLEL")

# Every "func FuzzX(f *testing.F)" in a test file of the module, as
# "package-dir FuzzX".
targets() {
	git ls-files --cached --others --exclude-standard -- '*_test.go' | xargs grep -H -o -E '^func Fuzz[A-Za-z0-9_]+\(f \*testing\.F\)' |
		sed -E 's#^(.*)/[^/]+_test\.go:func (Fuzz[A-Za-z0-9_]+)\(.*#./\1 \2#' | sort -u
}

# The failing inputs go keeps for a target, one name per line.
crashers() { ls -1 "$1/testdata/fuzz/$2" 2>/dev/null | sort; }

# fuzz_one PKG NAME fuzzes one target. A run that fails and writes a new
# failing input fails at once. A run that fails with go's bare "context
# deadline exceeded" and writes nothing is a race in go's fuzzing
# coordinator at the end of a -fuzztime window (internal/fuzz compares the
# parent context's error with the child's while the cancel is under way;
# seen in CI under load, see luthersystems/elps#335): the target found
# nothing. It is run again, up to twice; the third bare deadline fails.
fuzz_one() {
	local pkg="$1" name="$2" before after out attempt
	out="$(mktemp)"
	for attempt in 1 2 3; do
		before="$(crashers "$pkg" "$name")"
		if go test "$pkg" -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" -fuzzminimizetime "$FUZZMINIMIZETIME" "${parallel[@]}" 2>&1 | tee "$out"; then
			rm -f "$out"
			return 0
		fi
		after="$(crashers "$pkg" "$name")"
		if [[ "$after" != "$before" ]] || ! grep -q '^    context deadline exceeded$' "$out"; then
			rm -f "$out"
			return 1
		fi
		echo "fuzz.sh: $name ended on go's fuzzing deadline race with no failing input (attempt $attempt of 3)" >&2
	done
	echo "fuzz.sh: $name ended on the deadline three times: a hanging input or a starved machine, not the race" >&2
	rm -f "$out"
	return 1
}

mapfile -t all < <(targets)
if (( ${#all[@]} == 0 )); then
	echo "fuzz.sh: no fuzz targets found" >&2
	exit 1
fi
failed=()
ran=0
for t in "${all[@]}"; do
	pkg="${t% *}"
	name="${t#* }"
	if (( $# > 0 )); then
		want=0
		for a in "$@"; do [[ "$a" == "$name" ]] && want=1; done
		(( want )) || continue
	fi
	ran=$((ran + 1))
	echo "== $name ($pkg, $FUZZTIME)"
	if ! fuzz_one "$pkg" "$name"; then
		failed+=("$name")
	fi
done
if (( ran == 0 )); then
	echo "fuzz.sh: no target named $*" >&2
	exit 2
fi
if (( ${#failed[@]} > 0 )); then
	echo "fuzz.sh: failing inputs found by: ${failed[*]} (see <package>/testdata/fuzz/)" >&2
	exit 1
fi
echo "fuzz.sh: $ran targets, no failing input"
