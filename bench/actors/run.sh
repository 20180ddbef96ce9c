#!/usr/bin/env bash
# The actors' figures (docs/performance-actors.md), in one run: request round trips (100 B and 4 KiB records, p50/p99)
# in process against a raw executor hand-off, cross-process against a raw Unix-socket ping-pong between
# two JVMs, cross-process again with the application's main event loop 100% busy, the cold cost of the
# first openToApplication in a fresh task process, and the codec comparison behind the wire format.
# Needs a JDK 17+ and Maven; builds the actors first unless SKIP_BUILD=1. Prints a Markdown report;
# docs/performance-actors.md is written from it. ROUNDS (default 20000) sets samples per figure.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/../.." && pwd)"
JAVA="${JAVA:-java}"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    (cd "$REPO_DIR" && mvn -B -q -o install -DskipTests -pl bundles/dev.backgroundtasks.actors -am)
fi
(cd "$BENCH_DIR" && mvn -B -q -o package -DskipTests)
CP="$BENCH_DIR/target/classes:$(cat "$BENCH_DIR/target/classpath.txt")"
WORK="$(mktemp -d /tmp/actors-bench.XXXXXX)"
chmod 700 "$WORK"
trap 'rm -rf "$WORK"' EXIT
echo "machine: $(nproc) cores, $(uname -sr), $("$JAVA" -version 2>&1 | head -1), load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$JAVA" -cp "$CP" dev.backgroundtasks.bench.actors.ActorsBench all "$WORK" "$CP" "${ROUNDS:-20000}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
