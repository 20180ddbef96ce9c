#!/usr/bin/env bash
# Start-up benchmark (docs/performance.md, "Start-up"; docs/performance-startup.md), in one interleaved run:
#
#   A    java -cp DIR Hello                      (hello world compiled here: the baseline)
#   B    java -jar launcher.jar --backgroundtask success --pref toolkit.backgroundtasks.defaultMinTaskRuntimeMS=0
#        on a private copy of the installation (BACKGROUNDTASKS_TESTING_DIR set; TMPDIR and XDG_RUNTIME_DIR
#        private to the run set, so profiles and the runtime directory with its manifest index are too)
#   C    B on another copy with 300 generated, unrelated bundles in app/backgroundtasks/
#   D    bin/backgroundtask with the same arguments on B's copy, its class archive made before the rounds
#        (a private XDG_CACHE_HOME; BACKGROUNDTASKS_JAVA names the JDK); E: D on C's copy (FAST=0 skips D, E)
#   W    the warm path: java -jar against a warm host (README "Warm host"), on a copy whose app/ holds a
#        one-component copy of the success task with warmHost=true (OneComponent.java; no testing folder);
#        after the first round, before every measured run (not timed) the script waits until each warm
#        scenario's host listens, so that no successor's warm-up overlaps a measurement; the history tells
#        how many went warm. Its RSS is the client's. WC: W on a copy with the unrelated bundles too.
#        WB: bin/backgroundtask as the client (a host of its own: its flags are in the key; FAST=0 skips it).
#        W25, WC25, WB25: on JDK 25. WARM=0 skips them.
#   A25, B25, C25, D25, E25   the same on JDK 25 if /usr/lib/jvm/temurin-25-jdk-amd64/bin/java exists
#        (JAVA25=... to change)
#
# Rounds are interleaved (A B C A25 B25, A B C A25 B25, ...) after WARMUP rounds that are not counted,
# so that drift in machine load hits every scenario alike. Prints medians of wall time, peak RSS and
# CPU, and the ratios B/A, C/B, B25/A25 (of medians, and for B/A and C/B also per round, "paired").
#
# Usage: bench/startup/run.sh            (RUNS=15 WARMUP=2 BUNDLES=300 by default)
#   RUNS=N WARMUP=N BUNDLES=N   rounds counted, rounds not counted, unrelated bundles in C
#   JAVA=/path/to/java          the JDK measured (default: java on PATH; javac is taken from its JDK)
#   JAVA25=/path/to/java        the second JDK (set to "" to skip)
#   INSTALL=DIR                 the installation (default distribution/target/backgroundtasks)
#   RSS_METHOD=time|proc        force GNU time or the /proc poll
#   KEEP=1                      keep the work directory (raw data, outputs)
#   WAIT_QUIET=SECONDS          first wait up to that long for the load average to fall under 0.5
# Exit code: 0, 1 if any measured run failed (non-zero exit of hello or the launcher), 2 on setup errors.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

RUNS="${RUNS:-15}"
WARMUP="${WARMUP:-2}"
BUNDLES="${BUNDLES:-300}"
(( RUNS >= 1 )) || die "RUNS must be at least 1"

check_quiet
setup_work
make_hello
copy_install inst-b
copy_install inst-c
add_unrelated inst-c "$BUNDLES"
[[ $(ls "$WORK/inst-c/app/backgroundtasks"/*.jar | wc -l) -eq $BUNDLES ]] || die "expected $BUNDLES jars in C"

SCENARIOS=(A B C)
declare -A CMD
CMD[A]="$JAVA -cp $WORK/hello Hello"
CMD[B]="env $(launcher_env inst-b) $JAVA -jar $WORK/inst-b/launcher.jar ${TASK_ARGS[*]}"
CMD[C]="env $(launcher_env inst-c) $JAVA -jar $WORK/inst-c/launcher.jar ${TASK_ARGS[*]}"
JDKS=("$JAVA")
if [[ -n $JAVA25 && -x $JAVA25 ]]; then
    SCENARIOS+=(A25 B25 C25)
    CMD[A25]="$JAVA25 -cp $WORK/hello Hello"
    CMD[B25]="env $(launcher_env inst-b) $JAVA25 -jar $WORK/inst-b/launcher.jar ${TASK_ARGS[*]}"
    CMD[C25]="env $(launcher_env inst-c) $JAVA25 -jar $WORK/inst-c/launcher.jar ${TASK_ARGS[*]}"
    JDKS+=("$JAVA25")
fi
# D, E (D25, E25): B and C through bin/backgroundtask with its archive made beforehand (FAST=0 skips them)
if [[ ${FAST:-1} != 0 && -x $WORK/inst-b/bin/backgroundtask ]]; then
    for j in "${JDKS[@]}"; do
        for inst in inst-b inst-c; do make_archive "$inst" "$j"; done
    done
    CMD[D]="env $(script_env inst-b "$JAVA") $WORK/inst-b/bin/backgroundtask ${TASK_ARGS[*]}"
    CMD[E]="env $(script_env inst-c "$JAVA") $WORK/inst-c/bin/backgroundtask ${TASK_ARGS[*]}"
    SCENARIOS+=(D E)
    if [[ ${#JDKS[@]} -gt 1 ]]; then
        CMD[D25]="env $(script_env inst-b "$JAVA25") $WORK/inst-b/bin/backgroundtask ${TASK_ARGS[*]}"
        CMD[E25]="env $(script_env inst-c "$JAVA25") $WORK/inst-c/bin/backgroundtask ${TASK_ARGS[*]}"
        SCENARIOS+=(D25 E25)
    fi
fi

# W, W25: the warm path
warm_env() { echo "XDG_RUNTIME_DIR=$WORK/xdg-$1 BACKGROUNDTASKS_DATA_DIR=$WORK/data-$1"; }
# await_host NAME: up to 120 s (not timed) until a warm host of scenario NAME listens
await_host() {
    local waited=0
    until compgen -G "$WORK/xdg-$1/backgroundtasks/*/warm/*.sock" >/dev/null; do
        (( waited < 1200 )) || { echo "bench: no warm host for $1 after 120 s" >&2; return 1; }
        sleep 0.1; waited=$(( waited + 1 ))
    done
}
if [[ ${WARM:-1} != 0 ]]; then
    copy_install inst-w
    success_jar=""
    for j in "$WORK/inst-w/testing/backgroundtasks"/*.jar; do
        if "$(jdk_tool jar)" tf "$j" | grep -q 'SuccessTask.xml$'; then success_jar=$j; fi
    done
    [[ -n $success_jar ]] || die "no testing jar holds the success task"
    descriptor=$("$(jdk_tool jar)" tf "$success_jar" | grep 'SuccessTask.xml$' | head -1)
    "$JAVA" "$BENCH_DIR/OneComponent.java" "$success_jar" "$WORK/inst-w/app/backgroundtasks/warm-success.jar" \
        "$descriptor" success || die "making the warm task bundle failed"
    cp -a "$WORK/inst-w" "$WORK/inst-wc"
    add_unrelated inst-wc "$BUNDLES"
    mkdir -p "$WORK/xdg-w" "$WORK/xdg-w25" "$WORK/xdg-wc" "$WORK/xdg-wc25"
    CMD[W]="env $(warm_env w) $JAVA -jar $WORK/inst-w/launcher.jar ${TASK_ARGS[*]}"
    CMD[WC]="env $(warm_env wc) $JAVA -jar $WORK/inst-wc/launcher.jar ${TASK_ARGS[*]}"
    SCENARIOS+=(W WC)
    # WB: bin/backgroundtask as the client (its flags are in the key: a host of its own, with the same flags)
    if [[ ${FAST:-1} != 0 && -x $WORK/inst-w/bin/backgroundtask ]]; then
        for j in "${JDKS[@]}"; do make_archive inst-w "$j"; done
        mkdir -p "$WORK/xdg-wb" "$WORK/xdg-wb25"
        CMD[WB]="env $(script_env inst-w "$JAVA") $(warm_env wb) $WORK/inst-w/bin/backgroundtask ${TASK_ARGS[*]}"
        SCENARIOS+=(WB)
        if [[ ${#JDKS[@]} -gt 1 ]]; then
            CMD[WB25]="env $(script_env inst-w "$JAVA25") $(warm_env wb25) $WORK/inst-w/bin/backgroundtask ${TASK_ARGS[*]}"
            SCENARIOS+=(WB25)
        fi
    fi
    if [[ ${#JDKS[@]} -gt 1 ]]; then
        CMD[W25]="env $(warm_env w25) $JAVA25 -jar $WORK/inst-w/launcher.jar ${TASK_ARGS[*]}"
        CMD[WC25]="env $(warm_env wc25) $JAVA25 -jar $WORK/inst-wc/launcher.jar ${TASK_ARGS[*]}"
        SCENARIOS+=(W25 WC25)
    fi
fi

{
    echo "# bench/startup/run.sh: $(date -u '+%Y-%m-%d %H:%M UTC'), RUNS=$RUNS WARMUP=$WARMUP BUNDLES=$BUNDLES"
    machine_summary | sed 's/^/# /'
    for s in "${SCENARIOS[@]}"; do echo "# $s: ${CMD[$s]//$WORK/\$WORK}"; done
} | tee "$WORK/header.txt"

DATA="$WORK/runs.tsv"
: > "$DATA"
total=$(( WARMUP + RUNS ))
STARTED=()
for (( r = 1; r <= total; r++ )); do
    for s in "${SCENARIOS[@]}"; do
        # the first round starts each host (cold); after that every measurement waits, untimed, until
        # each warm scenario's successor listens, so that no host's warm-up competes with a measured run
        for w in "${STARTED[@]}"; do await_host "${w,,}"; done
        # shellcheck disable=SC2086 # the commands are word lists by construction
        measure "$s-$r" ${CMD[$s]}
        (( M_RC == 0 )) || fail_run "$s-$r" "${CMD[$s]}"
        if [[ $s == W* ]] && (( r == 1 )); then STARTED+=("$s"); fi
        if (( r > WARMUP )); then
            printf '%d\t%s\t%s\t%s\t%s\t%s\n' $(( r - WARMUP )) "$s" "$M_WALL_MS" "$M_RSS_KB" "$M_RC" "$M_CPU_MS" >> "$DATA"
        fi
    done
    printf '\rround %d/%d' "$r" "$total" >&2
done
printf '\n' >&2

leftover=$(find "$TMPDIR" -mindepth 1 -maxdepth 1 | wc -l)
(( leftover == 0 )) || echo "bench: warning: $leftover entries left in the private TMPDIR (profiles not removed?)" >&2

declare -A WALL RSS
for s in "${SCENARIOS[@]}"; do
    WALL[$s]=$(col "$DATA" "$s" 3 | median)
    RSS[$s]=$(col "$DATA" "$s" 4 | median)
done

echo
printf '%-9s %-40s %12s %12s %10s %10s %10s\n' scenario what "median wall" "median RSS" "min wall" "max wall" "median CPU"
describe() {
    case $1 in
        A) echo "hello world (java -cp)";;
        B) echo "launcher, --backgroundtask success";;
        C) echo "the same + $BUNDLES unrelated bundles";;
        A25) echo "hello world on JDK 25";;
        B25) echo "launcher on JDK 25";;
        C25) echo "launcher + $BUNDLES bundles, JDK 25";;
        D) echo "bin/backgroundtask (archive)";;
        E) echo "bin/backgroundtask + $BUNDLES bundles";;
        D25) echo "bin/backgroundtask, JDK 25";;
        E25) echo "bin/backgroundtask + $BUNDLES, JDK 25";;
        W) echo "warm host, java -jar client";;
        W25) echo "warm host, java -jar client, JDK 25";;
        WC) echo "warm host + $BUNDLES bundles";;
        WC25) echo "warm host + $BUNDLES bundles, JDK 25";;
        WB) echo "warm host, bin/backgroundtask client";;
        WB25) echo "warm host, bin/backgroundtask client, JDK 25";;
    esac
}
for s in "${SCENARIOS[@]}"; do
    printf '%-9s %-40s %9.1f ms %9.1f MB %7.1f ms %7.1f ms %7s ms\n' "$s" "$(describe "$s")" "${WALL[$s]}" \
        "$(awk -v k="${RSS[$s]}" 'BEGIN { print k / 1024 }')" \
        "$(col "$DATA" "$s" 3 | sort -g | head -1)" "$(col "$DATA" "$s" 3 | sort -g | tail -1)" "$(col "$DATA" "$s" 6 | median)"
done
echo
printf '%-40s %8s   %s\n' ratio value goal
printf '%-40s %7sx   <= 3x\n' "B/A wall (task run vs hello)" "$(ratio "${WALL[B]}" "${WALL[A]}")"
printf '%-40s %7sx   <= 2x\n' "B/A peak RSS" "$(ratio "${RSS[B]}" "${RSS[A]}")"
printf '%-40s %7sx   (%s: %d bundles add that much; goal < +10%%)\n' "C/B wall" \
    "$(ratio "${WALL[C]}" "${WALL[B]}")" "$(pct "${WALL[C]}" "${WALL[B]}")" "$BUNDLES"
printf '%-40s %7.2fx   (the same, as the median of per-round ratios)\n' "C/B wall, paired" "$(paired C B)"
printf '%-40s %7.2fx   (per-round ratios, median)\n' "B/A wall, paired" "$(paired B A)"
printf '%-40s %7sx\n' "C/B peak RSS" "$(ratio "${RSS[C]}" "${RSS[B]}")"
printf '%-40s %7sx\n' "C/A wall" "$(ratio "${WALL[C]}" "${WALL[A]}")"
if [[ -n ${WALL[B25]:-} ]]; then
    printf '%-40s %7sx\n' "B25/A25 wall (JDK 25)" "$(ratio "${WALL[B25]}" "${WALL[A25]}")"
    printf '%-40s %7sx\n' "B25/A25 peak RSS (JDK 25)" "$(ratio "${RSS[B25]}" "${RSS[A25]}")"
fi
echo
echo "against hello world on the same JDK (medians; +N bundles: the same path with $BUNDLES unrelated bundles)"
printf '%-34s %12s %12s %12s %12s\n' path "JDK 17 wall" "JDK 17 RSS" "JDK 25 wall" "JDK 25 RSS"
against_hello() {  # against_hello LABEL SCENARIO: the scenario and its JDK 25 twin, vs A and A25
    local s25="${2}25" w25=- r25=-
    [[ -n ${WALL[$2]:-} ]] || return 0
    if [[ -n ${WALL[$s25]:-} ]]; then
        w25="$(ratio "${WALL[$s25]}" "${WALL[A25]}")x"; r25="$(ratio "${RSS[$s25]}" "${RSS[A25]}")x"
    fi
    printf '%-34s %11sx %11sx %12s %12s\n' "$1" "$(ratio "${WALL[$2]}" "${WALL[A]}")" "$(ratio "${RSS[$2]}" "${RSS[A]}")" "$w25" "$r25"
}
against_hello "java -jar launcher.jar" B
against_hello "java -jar, +$BUNDLES bundles" C
against_hello "bin/backgroundtask" D
against_hello "bin/backgroundtask, +$BUNDLES bundles" E
against_hello "warm host (client RSS)" W
against_hello "warm host, +$BUNDLES bundles (client RSS)" WC
against_hello "warm host, bin client (client RSS)" WB
for w in W W25 WC WC25 WB WB25; do
    [[ -n ${WALL[$w]:-} ]] || continue
    went=$(cat "$WORK/data-${w,,}"/*/history.jsonl 2>/dev/null | grep -c '"warm":true')
    hello=A; [[ $w == *25 ]] && hello=A25
    printf '%-34s %d of %d runs warm (the first starts the host); %s/%s wall paired %.2fx\n' "$w" "$went" "$total" "$w" "$hello" \
        "$(paired "$w" "$hello")"
done
bundles_cost() {  # bundles_cost LABEL WITH WITHOUT: of the medians, and paired (the median of per-round ratios)
    [[ -n ${WALL[$2]:-} && -n ${WALL[$3]:-} ]] || return 0
    printf '%-34s %12s   (paired %s)\n' "$1" "$(pct "${WALL[$2]}" "${WALL[$3]}")" "$(pct "$(paired "$2" "$3")" 1)"
}
declare -A CPU
for s in "${SCENARIOS[@]}"; do CPU[$s]=$(col "$DATA" "$s" 6 | median); done
vs_jar() {  # vs_jar LABEL FAST PLAIN: wall and CPU of bin/backgroundtask against java -jar, same JDK and bundles
    [[ -n ${WALL[$2]:-} && -n ${WALL[$3]:-} ]] || return 0
    printf '%-34s %7sx wall %7sx CPU\n' "$1" "$(ratio "${WALL[$2]}" "${WALL[$3]}")" "$(ratio "${CPU[$2]}" "${CPU[$3]}")"
}
vs_jar "bin vs java -jar, JDK 17" D B
vs_jar "bin vs java -jar, JDK 25" D25 B25
vs_jar "bin vs java -jar, +$BUNDLES, JDK 17" E C
vs_jar "bin vs java -jar, +$BUNDLES, JDK 25" E25 C25
bundles_cost "+$BUNDLES bundles, java -jar, JDK 17" C B
bundles_cost "+$BUNDLES bundles, java -jar, JDK 25" C25 B25
bundles_cost "+$BUNDLES bundles, warm, JDK 17" WC W
bundles_cost "+$BUNDLES bundles, warm, JDK 25" WC25 W25
bundles_cost "+$BUNDLES bundles, bin, JDK 17" E D
bundles_cost "+$BUNDLES bundles, bin, JDK 25" E25 D25
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ -n ${KEEP:-} ]]; then echo "raw data: $DATA (round, scenario, wall ms, peak RSS KB, exit code, CPU ms)"; fi
