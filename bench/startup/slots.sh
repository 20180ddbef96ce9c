#!/usr/bin/env bash
# The pool of framework storages (docs/performance.md, "Framework storage slots"): `--backgroundtask
# success` on a slot sealed by the previous run (S, the default from the second run on) against the pool
# turned off (F, BACKGROUNDTASKS_STORAGE_SLOTS=0: a fresh storage in the profile, as before the pool),
# interleaved, with wall and CPU medians and their ratios S/F.
#
# Usage: bench/startup/slots.sh    (RUNS=15 WARMUP=2; JAVA, INSTALL, RSS_METHOD, KEEP, WAIT_QUIET as for run.sh)
# Exit code: 0, 1 if a measured run failed, 2 on setup errors.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

RUNS="${RUNS:-15}"
WARMUP="${WARMUP:-2}"

check_quiet
setup_work
copy_install inst
echo "# bench/startup/slots.sh: $(date -u '+%Y-%m-%d %H:%M UTC'), RUNS=$RUNS WARMUP=$WARMUP"
machine_summary | sed 's/^/# /'

ROWS="$WORK/rows.tsv"
: > "$ROWS"
# run_one ROUND SCENARIO: one measured run; SCENARIO S uses the pool, F turns it off.
run_one() {
    local slots=4
    [[ $2 == F ]] && slots=0
    # shellcheck disable=SC2046 # launcher_env is a word list by construction
    measure "$1-$2" env $(launcher_env inst) BACKGROUNDTASKS_STORAGE_SLOTS=$slots \
        "$JAVA" -jar "$WORK/inst/launcher.jar" "${TASK_ARGS[@]}"
    (( M_RC == 0 )) || fail_run "$1-$2" "$2"
    printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$M_WALL_MS" "$M_RSS_KB" "$M_CPU_MS" >> "$ROWS"
}

for (( w = 0; w < WARMUP; w++ )); do run_one "warmup$w" S; run_one "warmup$w" F; done
: > "$ROWS"
for (( r = 1; r <= RUNS; r++ )); do
    if (( r % 2 )); then run_one "$r" S; run_one "$r" F; else run_one "$r" F; run_one "$r" S; fi
done

ws=$(col "$ROWS" S 3 | median); wf=$(col "$ROWS" F 3 | median)
cs=$(col "$ROWS" S 5 | median); cf=$(col "$ROWS" F 5 | median)
rs=$(col "$ROWS" S 4 | median); rf=$(col "$ROWS" F 4 | median)
echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'scenario\twall ms (median)\tCPU ms (median)\tpeak RSS KB (median)\n'
printf 'S pool (reused slot)\t%s\t%s\t%s\n' "$ws" "$cs" "$rs"
printf 'F pool off (fresh storage)\t%s\t%s\t%s\n' "$wf" "$cf" "$rf"
printf 'ratio S/F\twall %s\tCPU %s\tRSS %s\n' "$(ratio "$ws" "$wf")" "$(ratio "$cs" "$cf")" "$(ratio "$rs" "$rf")"
