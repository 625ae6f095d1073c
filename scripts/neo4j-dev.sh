#!/usr/bin/env bash
# neo4j-dev.sh — a local Neo4j 5.26 Community for relmap's development and
# integration tests, run embedded by tools/neo4j-dev (a separate JVM; Neo4j is
# GPLv3 and never linked into relmap). Needs Java 17+ and Maven.
#
#   scripts/neo4j-dev.sh start     build once, start, print the bolt:// URI
#   scripts/neo4j-dev.sh stop      SIGTERM, wait up to 30 s, then SIGKILL that pid
#   scripts/neo4j-dev.sh status    exit 0 if running (prints the URI)
#   scripts/neo4j-dev.sh uri       print the URI of the running instance
#   scripts/neo4j-dev.sh password  print the password of user neo4j (auth on)
#
# Environment:
#   NEO4J_DEV_HOME      state dir (default: <repo>/.neo4j-dev): data/, neo4j.log,
#                       pid, uri, password
#   NEO4J_DEV_PORT      Bolt port to use (default: 7687 if free, else a free one)
#   NEO4J_DEV_PASSWORD  password for user neo4j (min. 8 chars); default: the one
#                       in $NEO4J_DEV_HOME/password, generated on first start
#   NEO4J_DEV_AUTH=none start with auth off (Bolt only listens on 127.0.0.1)
#   NEO4J_DEV_FRESH=1   wipe the data before starting (stops a running one first)
#   NEO4J_DEV_TIMEOUT   seconds to wait for readiness (default 120)
#   NEO4J_DEV_HEAP      JVM heap (default 1g); a transaction may use 70% of it,
#                       so bulk loads of ~500k relationships need about 6g
#   JAVA, MVN           java and mvn commands (default: from PATH)
#
# stdout carries only the URI (or the password); messages go to stderr.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODULE="$ROOT/tools/neo4j-dev"
STATE="${NEO4J_DEV_HOME:-$ROOT/.neo4j-dev}"
DATA="$STATE/data"
LOG="$STATE/neo4j.log"
PIDFILE="$STATE/pid"
URIFILE="$STATE/uri"
PWFILE="$STATE/password"
TIMEOUT="${NEO4J_DEV_TIMEOUT:-120}"
JAVA="${JAVA:-java}"
MVN="${MVN:-mvn}"
MAIN_CLASS="dev.relmap.neo4jdev.Launcher"

say() { echo "neo4j-dev: $*" >&2; }
die() { say "$*"; exit 1; }

# running: the saved pid is alive and is our launcher (guards against pid reuse).
running() {
  local pid
  [[ -s "$PIDFILE" ]] || return 1
  pid="$(<"$PIDFILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$MAIN_CLASS"
}

# ready: running and past its READY line (start writes the uri file then).
ready() { running && [[ -s "$URIFILE" ]]; }

# lock: serialise start/stop of one state dir (e.g. parallel test packages).
lock() {
  mkdir -p "$STATE"
  chmod 700 "$STATE"
  exec 9>"$STATE/lock"
  flock -w 300 9 || die "could not lock $STATE/lock"
}

# build: compile the launcher and write its classpath, unless both are newer
# than the pom and every source file. No shaded jar: Neo4j finds its settings
# and extensions through META-INF/services.
build() {
  local cp="$MODULE/target/cp.txt" cls="$MODULE/target/classes/dev/relmap/neo4jdev/Launcher.class"
  if [[ -s "$cp" && -f "$cls" && -z "$(find "$MODULE/pom.xml" "$MODULE/src" -newer "$cp" -print -quit)" \
        && -z "$(find "$MODULE/pom.xml" "$MODULE/src" -newer "$cls" -print -quit)" ]]; then
    return 0
  fi
  command -v "$MVN" >/dev/null || die "mvn not found (apt-get install maven)"
  say "building tools/neo4j-dev (first run downloads Neo4j from Maven Central)"
  # The sed drops the bare colour resets Debian's Maven 3.8 prints even in batch mode.
  (cd "$MODULE" && "$MVN" -B -q -Dstyle.color=never package dependency:build-classpath \
      -Dmdep.outputFile=target/cp.txt) 2>&1 | sed -e 's/\x1b\[[0-9;]*m//g' -e '/^$/d' >&2 \
    || die "maven build failed"
  touch "$cp"
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pick_port() {
  if [[ -n "${NEO4J_DEV_PORT:-}" ]]; then
    port_busy "$NEO4J_DEV_PORT" && die "port $NEO4J_DEV_PORT (NEO4J_DEV_PORT) is in use"
    echo "$NEO4J_DEV_PORT"
    return
  fi
  if ! port_busy 7687; then echo 7687; return; fi
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
    return
  fi
  local p
  for p in $(seq 17687 17787); do
    port_busy "$p" || { echo "$p"; return; }
  done
  die "no free port found"
}

# password: "" when auth is off; otherwise NEO4J_DEV_PASSWORD, else the saved
# one, else a new random one. Saved to $PWFILE (mode 600).
password() {
  if [[ "${NEO4J_DEV_AUTH:-}" == "none" ]]; then
    rm -f "$PWFILE"
    return
  fi
  local pw="${NEO4J_DEV_PASSWORD:-}"
  [[ -z "$pw" && -s "$PWFILE" ]] && pw="$(<"$PWFILE")"
  [[ -z "$pw" ]] && pw="dev-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  (( ${#pw} >= 8 )) || die "NEO4J_DEV_PASSWORD must have at least 8 characters"
  (umask 077 && printf '%s\n' "$pw" >"$PWFILE")
  printf '%s' "$pw"
}

do_stop() {
  if ! running; then
    rm -f "$PIDFILE" "$URIFILE"
    return 0
  fi
  local pid i
  pid="$(<"$PIDFILE")"
  say "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "pid $pid still alive after 30 s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$PIDFILE" "$URIFILE"
}

do_start() {
  if [[ "${NEO4J_DEV_FRESH:-}" == "1" ]]; then
    do_stop
    say "NEO4J_DEV_FRESH=1: wiping $DATA"
    rm -rf "$DATA"
  fi
  if ready; then
    cat "$URIFILE"
    return 0
  fi
  do_stop # a launcher left half-started by an interrupted start, if any
  command -v "$JAVA" >/dev/null || die "java not found (Java 17+ needed: apt-get install openjdk-17-jdk-headless)"
  build
  local pw port cp start pid i line
  pw="$(password)"
  port="$(pick_port)"
  cp="$MODULE/target/classes:$(<"$MODULE/target/cp.txt")"
  mkdir -p "$DATA"
  [[ -f "$LOG" ]] && mv -f "$LOG" "$LOG.prev"
  start=$SECONDS
  # setsid: own session, so a Ctrl-C in the calling shell does not reach it;
  # the inner shell saves its pid, then execs java (same pid). The password
  # goes by environment, not argv (argv is visible in ps). 9>&-: the child
  # must not inherit (and so hold) the lock.
  NEO4J_DEV_PASSWORD="$pw" setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PIDFILE" \
    "$JAVA" -Xms256m "-Xmx${NEO4J_DEV_HEAP:-1g}" \
    --add-opens=java.base/java.nio=ALL-UNNAMED \
    --add-opens=java.base/java.io=ALL-UNNAMED \
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
    --enable-native-access=ALL-UNNAMED \
    -cp "$cp" "$MAIN_CLASS" --port "$port" --data "$DATA" \
    </dev/null >"$LOG" 2>&1 9>&- &
  for ((i = 0; i < 50; i++)); do [[ -s "$PIDFILE" ]] && break; sleep 0.1; done
  [[ -s "$PIDFILE" ]] || die "launcher did not start"
  pid="$(<"$PIDFILE")"
  line=""
  while (( SECONDS - start < TIMEOUT )); do
    line="$(grep -m1 '^READY bolt://' "$LOG" 2>/dev/null || true)"
    [[ -n "$line" ]] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if [[ -z "$line" ]]; then
    if kill -0 "$pid" 2>/dev/null; then
      say "not ready after ${TIMEOUT} s; stopping it. Log tail ($LOG):"
      tail -n 40 "$LOG" >&2 || true
      do_stop
    else
      say "launcher exited before ready. Log tail ($LOG):"
      tail -n 40 "$LOG" >&2 || true
      rm -f "$PIDFILE"
    fi
    exit 1
  fi
  echo "${line#READY }" >"$URIFILE"
  say "ready in $((SECONDS - start)) s (pid $pid, auth $([[ -n "$pw" ]] && echo "on, password in $PWFILE" || echo off))"
  cat "$URIFILE"
}

case "${1:-}" in
  start)  lock; do_start ;;
  stop)   lock; do_stop ;;
  status) if ready; then cat "$URIFILE"; else say "not running"; exit 1; fi ;;
  uri)    ready || die "not running"; cat "$URIFILE" ;;
  password)
    ready || die "not running"
    [[ -s "$PWFILE" ]] || die "auth is off"
    cat "$PWFILE" ;;
  *) echo "usage: $0 start|stop|status|uri|password" >&2; exit 2 ;;
esac
