#!/usr/bin/env bash
# What writing the run history and the metrics file adds to a `success` run (docs/performance.md,
# "Run history and metrics").
#
#   O   java -Dbackgroundtasks.history.off=true -jar launcher.jar --backgroundtask success   (nothing recorded)
#   H   java -jar launcher.jar --backgroundtask success             (history.jsonl appended: the default)
#   M   the same with BACKGROUNDTASKS_METRICS_DIR                    (history + backgroundtasks-success.prom)
#
# All three with --pref toolkit.backgroundtasks.defaultMinTaskRuntimeMS=0, on one copy of the installation,
# in interleaved rounds (O H M, O H M, ...) after warm-ups. Prints the median wall and CPU time of each and
# the ratios H/O and M/O, then the number of classes each loads (-Xlog:class+load, one run each).
# Usage: bench/history/run.sh   (RUNS=15 WARMUP=2)
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../startup/common.sh"
RUNS="${RUNS:-15}"
WARMUP="${WARMUP:-2}"

check_quiet
setup_work
copy_install inst
mkdir -p "$WORK/metrics"

run_one() { # variant round -> prints "wall_ms cpu_ms"
    local variant=$1 round=$2 props=() envs=()
    case $variant in
        O) props=(-Dbackgroundtasks.history.off=true) ;;
        M) envs=(BACKGROUNDTASKS_METRICS_DIR="$WORK/metrics") ;;
    esac
    measure "$variant-$round" env BACKGROUNDTASKS_TESTING_DIR="$WORK/inst/testing/backgroundtasks" \
        BACKGROUNDTASKS_RUNTIME_DIR="$WORK/run" BACKGROUNDTASKS_DATA_DIR="$WORK/data" "${envs[@]}" \
        "$JAVA" "${props[@]}" -jar "$WORK/inst/launcher.jar" "${TASK_ARGS[@]}"
    [[ $M_RC == 0 ]] || fail_run "$variant-$round" "variant $variant"
    echo "$M_WALL_MS $M_CPU_MS"
}

for ((i = 0; i < WARMUP; i++)); do for v in O H M; do run_one $v w$i >/dev/null; done; done
declare -A WALL CPU
for ((i = 0; i < RUNS; i++)); do
    for v in O H M; do
        read -r w c < <(run_one $v $i)
        WALL[$v]+="$w "; CPU[$v]+="$c "
    done
done

machine_summary
printf '%-40s %8s %8s\n' "variant (median of $RUNS, interleaved)" "wall ms" "cpu ms"
declare -A MW MC
for v in O H M; do
    MW[$v]=$(printf '%s\n' ${WALL[$v]} | median); MC[$v]=$(printf '%s\n' ${CPU[$v]} | median)
    case $v in O) label="no history (backgroundtasks.history.off)";; H) label="history (default)";;
        M) label="history + metrics";; esac
    printf '%-40s %8s %8s\n' "$label" "${MW[$v]}" "${MC[$v]}"
done
awk -v o="${MW[O]}" -v h="${MW[H]}" -v m="${MW[M]}" -v co="${MC[O]}" -v ch="${MC[H]}" -v cm="${MC[M]}" \
    'BEGIN { printf "wall: history/none %.3fx, history+metrics/none %.3fx; cpu: %.3fx, %.3fx\n", h/o, m/o, ch/co, cm/co }'
echo "history lines written: $(cat "$WORK"/data/installation-*/history.jsonl | wc -l)"

echo
for v in O H M; do
    props=(); envs=()
    case $v in O) props=(-Dbackgroundtasks.history.off=true) ;; M) envs=(BACKGROUNDTASKS_METRICS_DIR="$WORK/metrics") ;; esac
    n=$(env BACKGROUNDTASKS_TESTING_DIR="$WORK/inst/testing/backgroundtasks" BACKGROUNDTASKS_RUNTIME_DIR="$WORK/run" \
        BACKGROUNDTASKS_DATA_DIR="$WORK/data" "${envs[@]}" "$JAVA" "${props[@]}" -Xlog:class+load:file="$WORK/out/classes-$v.txt" \
        -jar "$WORK/inst/launcher.jar" "${TASK_ARGS[@]}" >/dev/null 2>&1; grep -c 'source:' "$WORK/out/classes-$v.txt")
    echo "classes loaded, variant $v: $n"
done
