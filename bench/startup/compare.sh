#!/usr/bin/env bash
# `--backgroundtask success` on two installations, in interleaved rounds with a hello world: what a change
# to the installation (its bundles or its launcher.jar) gains or costs. Used for the test-only tasks split
# into one bundle per task (docs/writing-tasks.md, "One task per bundle"), and with BUNDLES=300 for what
# 300 unrelated bundles cost before and after a change to the lookup (docs/performance.md, sixth pass).
#
#   A        java -cp DIR Hello
#   X        java -jar launcher.jar --backgroundtask success --pref ...MinTaskRuntimeMS=0 on a copy of BEFORE
#   Y        the same on a copy of AFTER
#   Xd, Yd   the same through each copy's bin/backgroundtask, its class archive made beforehand
#            (a private XDG_CACHE_HOME; FAST=0 skips them)
#   X+, Y+   with BUNDLES=N: X and Y on copies with N unrelated bundles in app/backgroundtasks/
#
# Usage: bench/startup/compare.sh BEFORE AFTER    (two installation folders; RUNS=15 WARMUP=2 by default)
#   FRESH=1                     a new runtime directory each run: no reused framework storage (first runs)
#   BUNDLES=N                   also X+ and Y+, and what the N bundles add before and after, paired per round
#   JAVA, RSS_METHOD, KEEP, WAIT_QUIET as for run.sh
# Exit code: 0, 1 if any measured run failed, 2 on setup errors.
set -uo pipefail
(( $# == 2 )) || { echo "usage: $0 BEFORE_INSTALLATION AFTER_INSTALLATION" >&2; exit 2; }
BEFORE="$(cd "$1" 2>/dev/null && pwd)" || { echo "bench: no folder $1" >&2; exit 2; }
AFTER="$(cd "$2" 2>/dev/null && pwd)" || { echo "bench: no folder $2" >&2; exit 2; }
INSTALL="$BEFORE"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[[ -f "$AFTER/launcher.jar" ]] || die "no installation at $AFTER"

RUNS="${RUNS:-15}"
WARMUP="${WARMUP:-2}"
(( RUNS >= 1 )) || die "RUNS must be at least 1"

check_quiet
setup_work
make_hello
cp -a "$BEFORE" "$WORK/inst-x" || die "cannot copy $BEFORE"
cp -a "$AFTER" "$WORK/inst-y" || die "cannot copy $AFTER"

SCENARIOS=(A X Y)
declare -A CMD
CMD[A]="$JAVA -cp $WORK/hello Hello"
CMD[X]="env $(launcher_env inst-x) $JAVA -jar $WORK/inst-x/launcher.jar ${TASK_ARGS[*]}"
CMD[Y]="env $(launcher_env inst-y) $JAVA -jar $WORK/inst-y/launcher.jar ${TASK_ARGS[*]}"
if [[ -n ${BUNDLES:-} ]]; then
    (( BUNDLES >= 1 )) || die "BUNDLES must be at least 1"
    cp -a "$BEFORE" "$WORK/inst-x+" && cp -a "$AFTER" "$WORK/inst-y+" || die "cannot copy the installations"
    add_unrelated inst-x+ "$BUNDLES"
    add_unrelated inst-y+ "$BUNDLES"
    CMD[X+]="env $(launcher_env inst-x+) $JAVA -jar $WORK/inst-x+/launcher.jar ${TASK_ARGS[*]}"
    CMD[Y+]="env $(launcher_env inst-y+) $JAVA -jar $WORK/inst-y+/launcher.jar ${TASK_ARGS[*]}"
    SCENARIOS+=(X+ Y+)
fi
if [[ ${FAST:-1} != 0 && -x $WORK/inst-x/bin/backgroundtask && -x $WORK/inst-y/bin/backgroundtask ]]; then
    for inst in inst-x inst-y; do make_archive "$inst" "$JAVA"; done
    CMD[Xd]="env $(script_env inst-x "$JAVA") $WORK/inst-x/bin/backgroundtask ${TASK_ARGS[*]}"
    CMD[Yd]="env $(script_env inst-y "$JAVA") $WORK/inst-y/bin/backgroundtask ${TASK_ARGS[*]}"
    SCENARIOS+=(Xd Yd)
fi

{
    echo "# bench/startup/compare.sh: $(date -u '+%Y-%m-%d %H:%M UTC'), RUNS=$RUNS WARMUP=$WARMUP FRESH=${FRESH:-0} BUNDLES=${BUNDLES:-}"
    echo "# X: $BEFORE"
    echo "# Y: $AFTER"
    machine_summary | sed 's/^/# /'
}

# FRESH=1: a new runtime directory for every run, so that no run reuses a prepared framework storage
# (and SCR's metadata cache in it): every run pays what a first run pays
if [[ ${FRESH:-0} == 1 ]]; then
    cmd_of() { echo "${CMD[$1]/#env /env BACKGROUNDTASKS_RUNTIME_DIR=$WORK/runtime-$1-$2 }"; }
else
    cmd_of() { echo "${CMD[$1]}"; }
fi
DATA="$WORK/runs.tsv"
: > "$DATA"
run_rounds "$DATA" "$RUNS" "${SCENARIOS[@]}"
printf '\n%-9s %12s %12s %12s %10s %10s\n' scenario "median wall" "median RSS" "median CPU" "x hello" "paired"
for s in "${SCENARIOS[@]}"; do
    printf '%-9s %9.1f ms %9.1f MB %9s ms %9sx %9.2fx\n' "$s" "$(col "$DATA" "$s" 3 | median)" \
        "$(awk -v k="$(col "$DATA" "$s" 4 | median)" 'BEGIN { print k / 1024 }')" "$(col "$DATA" "$s" 5 | median)" \
        "$(ratio "$(col "$DATA" "$s" 3 | median)" "$(col "$DATA" A 3 | median)")" "$(paired "$s" A)"
done
printf '%-40s %7sx  (paired %.2fx)\n' "Y/X wall" "$(ratio "$(col "$DATA" Y 3 | median)" "$(col "$DATA" X 3 | median)")" "$(paired Y X)"
printf '%-40s %7sx  (paired %.2fx)\n' "Y/X CPU" "$(ratio "$(col "$DATA" Y 5 | median)" "$(col "$DATA" X 5 | median)")" \
    "$(paired Y X 5)"
if [[ -n ${CMD[Yd]:-} ]]; then
    printf '%-40s %7sx  (paired %.2fx)\n' "Yd/Xd wall" "$(ratio "$(col "$DATA" Yd 3 | median)" "$(col "$DATA" Xd 3 | median)")" "$(paired Yd Xd)"
    printf '%-40s %7sx  (paired %.2fx)\n' "Yd/Xd CPU" "$(ratio "$(col "$DATA" Yd 5 | median)" "$(col "$DATA" Xd 5 | median)")" \
        "$(paired Yd Xd 5)"
fi
if [[ -n ${BUNDLES:-} ]]; then
    # the cost in ms as the median of per-round differences, which a slow round moves less than two medians
    for pair in "X+ X before" "Y+ Y after"; do
        set -- $pair
        printf '%-48s %+7.1f ms (%s; paired %s)\n' "+$BUNDLES bundles, $3 (per-round difference)" "$(round_diff "$1" "$2")" \
            "$(pct "$(col "$DATA" "$1" 3 | median)" "$(col "$DATA" "$2" 3 | median)")" "$(pct "$(paired "$1" "$2")" 1)"
    done
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
