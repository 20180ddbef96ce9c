#!/usr/bin/env bash
# Start-up figures of logging and configuration (docs/performance.md, "Logging and configuration"), one interleaved run:
#
#   S0   success on the installation BEFORE=DIR (built from the commit before the change)
#   S    success on INSTALL (this build)
#   M    mail_report on INSTALL with the fixture dev.backgroundtasks.testing.fixture.configured in
#        app/backgroundtasks and itests' conf/ files: a task that logs through SLF4J 2 (at info, so the line
#        is written) and reads a configuration with an env value and a secret
#
# Rounds are interleaved (S0 S M, S0 S M, ...) after WARMUP rounds; prints medians and the ratios S/S0 and M/S.
# Usage: BEFORE=/path/to/old/backgroundtasks bench/startup/logging-config.sh   (RUNS=15 WARMUP=2)
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

RUNS="${RUNS:-15}"
WARMUP="${WARMUP:-2}"
[[ -n "${BEFORE:-}" && -f "$BEFORE/launcher.jar" ]] || die "BEFORE must name the installation before the change"
FIXTURE="$REPO_DIR/bundles/dev.backgroundtasks.testing.fixture.configured/target"
CONF="$REPO_DIR/itests/src/test/resources/conf"
ls "$FIXTURE"/*.jar >/dev/null 2>&1 || die "build the fixture first (mvn -B -q install -DskipTests)"

setup_work
cp -a "$BEFORE" "$WORK/inst-s0" || die "cannot copy $BEFORE"
copy_install inst-s
copy_install inst-m
cp "$FIXTURE"/*.jar "$WORK/inst-m/app/backgroundtasks/" && mkdir -p "$WORK/inst-m/conf" && cp "$CONF"/*.json "$WORK/inst-m/conf/"
mkdir -p "$WORK/secrets" && printf 'not-a-real-password' > "$WORK/secrets/mail-password"

declare -A CMD
CMD[S0]="env $(launcher_env inst-s0) $JAVA -jar $WORK/inst-s0/launcher.jar ${TASK_ARGS[*]}"
CMD[S]="env $(launcher_env inst-s) $JAVA -jar $WORK/inst-s/launcher.jar ${TASK_ARGS[*]}"
CMD[M]="env $(launcher_env inst-m) MAIL_USER=reporter BACKGROUNDTASKS_SECRETS_DIR=$WORK/secrets $JAVA -jar $WORK/inst-m/launcher.jar --backgroundtask mail_report --pref toolkit.backgroundtasks.loglevel=info"
echo "# bench/startup/logging-config.sh: $(date -u '+%Y-%m-%d %H:%M UTC'), RUNS=$RUNS WARMUP=$WARMUP"
machine_summary | sed 's/^/# /'

DATA="$WORK/runs.tsv"
: > "$DATA"
for (( r = 1; r <= WARMUP + RUNS; r++ )); do
    for s in S0 S M; do
        # shellcheck disable=SC2086
        measure "$s-$r" ${CMD[$s]}
        (( M_RC == 0 )) || { echo "bench: $s round $r exited $M_RC: $(head -3 "$WORK/out/$s-$r.err")" >&2; exit 1; }
        (( r > WARMUP )) && printf '%d\t%s\t%s\t%s\t%s\n' "$r" "$s" "$M_WALL_MS" "$M_RSS_KB" "$M_CPU_MS" >> "$DATA"
    done
done
for s in S0 S M; do
    printf '%-3s wall median %8.1f ms   RSS median %6.0f KB   CPU median %6s ms\n' "$s" "$(col "$DATA" "$s" 3 | median)" \
        "$(col "$DATA" "$s" 4 | median)" "$(col "$DATA" "$s" 5 | median)"
done
for f in 3:wall 5:CPU; do
    echo "${f#*:}: S/S0 $(ratio "$(col "$DATA" S "${f%%:*}" | median)" "$(col "$DATA" S0 "${f%%:*}" | median)")" \
        "  M/S $(ratio "$(col "$DATA" M "${f%%:*}" | median)" "$(col "$DATA" S "${f%%:*}" | median)")"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
