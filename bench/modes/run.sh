#!/usr/bin/env bash
# Background mode's start against normal mode's for an application of 50 bundles (docs/performance.md,
# "Background mode against normal mode").
#
#   N   java -jar launcher.jar   (normal mode: 50 generated application bundles plus a test fixture in
#       app/bundles/ that quits the application with code 0 at final-startup, i.e. once it has started)
#   B   java -jar launcher.jar --backgroundtask success --pref toolkit.backgroundtasks.defaultMinTaskRuntimeMS=0
#       on the same installation: the task's closure only, the 50 bundles are never installed
#
# Interleaved rounds (N B, N B, ...) after warm-ups; prints median wall times, their ratio, and the
# median of each phase from the graph report (BACKGROUNDTASKS_GRAPH_FILE) of both modes.
# Usage: bench/modes/run.sh   (RUNS=10 WARMUP=2 BUNDLES=50)
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../startup/common.sh"
RUNS="${RUNS:-10}"
WARMUP="${WARMUP:-2}"
BUNDLES="${BUNDLES:-50}"
FIXTURE="$REPO_DIR/bundles/dev.backgroundtasks.testing.fixture.categories/target/dev.backgroundtasks.testing.fixture.categories-1.0.0-SNAPSHOT.jar"
[[ -f $FIXTURE ]] || die "build the reactor first (missing $FIXTURE)"

setup_work
copy_install inst
mkdir -p "$WORK/gen"
"$JAVA" "$BENCH_DIR/GenBundles.java" "$WORK/gen" "$BUNDLES" >/dev/null || die "bundle generation failed"
cp "$WORK/gen"/*.jar "$WORK/inst/app/bundles/"
cp "$FIXTURE" "$WORK/inst/app/bundles/"

run_one() { # mode round -> prints wall ms
    local mode=$1 round=$2 start end graph="$WORK/out/$1-$2.json"
    start=$(date +%s%N)
    if [[ $mode == N ]]; then
        env BACKGROUNDTASKS_DATA_DIR="$WORK/data" BACKGROUNDTASKS_RUNTIME_DIR="$WORK/run" BACKGROUNDTASKS_TEST_QUIT_CODE=0 \
            BACKGROUNDTASKS_GRAPH_FILE="$graph" "$JAVA" -jar "$WORK/inst/launcher.jar" >/dev/null 2>&1 || die "normal mode failed"
    else
        env BACKGROUNDTASKS_TESTING_DIR="$WORK/inst/testing/backgroundtasks" BACKGROUNDTASKS_RUNTIME_DIR="$WORK/run" \
            BACKGROUNDTASKS_GRAPH_FILE="$graph" "$JAVA" -jar "$WORK/inst/launcher.jar" "${TASK_ARGS[@]}" >/dev/null 2>&1 \
            || die "background mode failed"
    fi
    end=$(date +%s%N)
    echo $(( (end - start) / 1000000 ))
}

for ((i = 0; i < WARMUP; i++)); do run_one N w$i >/dev/null; run_one B w$i >/dev/null; done
declare -a WN WB
for ((i = 0; i < RUNS; i++)); do WN+=("$(run_one N $i)"); WB+=("$(run_one B $i)"); done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mn=$(median "${WN[@]}"); mb=$(median "${WB[@]}")
echo "machine: $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
printf '%-44s %8s\n' "scenario (median of $RUNS)" "wall ms"
printf '%-44s %8s\n' "normal mode, $BUNDLES app bundles, start to quit" "$mn"
printf '%-44s %8s\n' "background mode, success" "$mb"
awk -v n="$mn" -v b="$mb" 'BEGIN { printf "background / normal: %.2fx\n", b / n }'
echo
echo "median phase times from the graph reports (ms):"
for mode in N B; do
    python3 - "$WORK/out" "$mode" <<'PY' 2>/dev/null || echo "(python3 not available for the phase table)"
import json, sys, glob, statistics
files = [f for f in glob.glob(sys.argv[1] + "/" + sys.argv[2] + "-[0-9]*.json")]
phases = {}
for f in files:
    for k, v in json.load(open(f))["phases"].items():
        phases.setdefault(k, []).append(v)
label = "normal    " if sys.argv[2] == "N" else "background"
print(label, "  ".join(f"{k} {statistics.median(v):.0f}" for k, v in phases.items()))
print(label, "bundles installed:", len(json.load(open(files[0]))["bundles"]))
PY
done
