#!/usr/bin/env bash
# The long-lived shared warm host, measured against the product's one-shot warm host (issue 15: "Measure
# both"; docs/performance.md, "The long-lived shared host, measured (prototype)"). In one interleaved run:
#
#   A    java -cp DIR Hello                      (hello world compiled here: the baseline)
#   W    the product's pre-warmed one-shot host, as run.sh's W: java -jar launcher.jar --backgroundtask success
#        --pref ...MinTaskRuntimeMS=0 on a copy whose app/ holds the one-component success task with
#        warmHost=true (OneComponent.java; no testing folder). One untimed run before the rounds starts its
#        host; before every measurement the script waits, untimed, until each W host listens, so that no
#        successor's warm-up overlaps a measured run. Its RSS is the client's.
#   L    the shared long-lived prototype (SharedHost.java: one JVM, one Felix + SCR for its whole life, the
#        same five bundles, started before the rounds and warmed up with WARMUP runs of its own) with its
#        client (SharedClient.java: a JVM start and one socket round trip). Its RSS is the client's.
#   F    L with a fresh task bundle per run: a shared host of its own (SharedHost ... fresh) that installs and
#        starts the task's bundle for each run, and uninstalls and refreshes it after the run
#   A25, W25, L25, F25   the same on JDK 25 if /usr/lib/jvm/temurin-25-jdk-amd64/bin/java exists (JAVA25=...)
#
# Rounds are interleaved after WARMUP rounds that are not counted. After them, LEAK_RUNS more runs (untimed)
# go to each shared host; its RSS and thread count (/proc/PID/status) are printed when it starts listening
# and at the end, then (jcmd) its bundle class loaders left after a full GC and its RSS then; then it is
# asked to stop and must exit within 30 s.
#
# Usage: bench/startup/longlived.sh        (RUNS=15 WARMUP=2 LEAK_RUNS=50 by default)
#   JAVA, JAVA25, INSTALL, RSS_METHOD, KEEP, WAIT_QUIET as for run.sh
# Exit code: 0, 1 if a measured run failed (a leak-check run too, or a shared host did not stop), 2 on set-up errors.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

RUNS="${RUNS:-15}"
WARMUP="${WARMUP:-2}"
LEAK_RUNS="${LEAK_RUNS:-50}"
(( RUNS >= 1 )) || die "RUNS must be at least 1"

check_quiet
setup_work
declare -A HOST_PID HOST_EXIT
HOST_TAGS=()
# the shared hosts are this script's children: never left behind, whatever ends the script
stop_hosts() {
    local t i
    for t in "${HOST_TAGS[@]}"; do
        [[ ${HOST_EXIT[$t]:-} == exited ]] && continue
        kill "${HOST_PID[$t]}" 2>/dev/null
        for (( i = 0; i < 100; i++ )); do kill -0 "${HOST_PID[$t]}" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "${HOST_PID[$t]}" 2>/dev/null
    done
}
trap 'stop_hosts; [[ -n ${KEEP:-} ]] || remove_work' EXIT
make_hello

# The installation copy both hosts use: the success task alone in app/, with warmHost=true.
copy_install inst
jar_tool="$(jdk_tool jar)"
for j in "$WORK/inst/testing/backgroundtasks"/*.jar; do
    descriptor=$("$jar_tool" tf "$j" | grep 'SuccessTask\.xml$') && { task_jar=$j; break; }
done
[[ -n ${task_jar:-} ]] || die "no testing jar holds the success task"
"$JAVA" "$BENCH_DIR/OneComponent.java" "$task_jar" "$WORK/inst/app/backgroundtasks/warm-success.jar" "$descriptor" success \
    || die "making the one-component task bundle failed"
rm -rf "$WORK/inst/testing"
mkdir -p "$WORK/shared"
"$(jdk_tool javac)" --release 17 -nowarn -cp "$WORK/inst/launcher.jar" -d "$WORK/shared" \
    "$BENCH_DIR/SharedHost.java" "$BENCH_DIR/SharedClient.java" 2>"$WORK/javac.err" \
    || { cat "$WORK/javac.err" >&2; die "compiling SharedHost.java and SharedClient.java failed"; }

# proc_status PID: "VmRSS_KB THREADS" of a live process
proc_status() { awk '/^VmRSS:/ { r = $2 } /^Threads:/ { t = $2 } END { print r, t }' "/proc/$1/status"; }

# await_socket GLOB [PID]: up to 120 s (not timed) until a socket matches GLOB; fails at once if PID ended
await_socket() {
    local waited=0
    until compgen -G "$1" >/dev/null; do
        if [[ -n ${2:-} ]] && ! kill -0 "$2" 2>/dev/null; then echo "bench: process $2 ended before $1 existed" >&2; return 1; fi
        (( waited < 1200 )) || { echo "bench: no $1 after 120 s" >&2; return 1; }
        sleep 0.1; waited=$(( waited + 1 ))
    done
}

# start_host TAG JAVA_PATH [fresh]: a shared host on that JDK, listening (it binds after its warm-up); its pid,
# RSS and threads then
declare -A HOST_START
start_host() {
    local dir="$WORK/host-$1"
    mkdir -p "$dir"
    "$2" -cp "$WORK/inst/launcher.jar:$WORK/shared" SharedHost success "$dir/host.sock" "$dir" "$WARMUP" ${3:-} \
        >"$dir/host.log" 2>&1 &
    HOST_PID[$1]=$!
    HOST_TAGS+=("$1")
    await_socket "$dir/host.sock" "${HOST_PID[$1]}" || { cat "$dir/host.log" >&2; die "the shared host $1 did not start"; }
    HOST_START[$1]=$(proc_status "${HOST_PID[$1]}")
}

warm_env() { echo "XDG_RUNTIME_DIR=$WORK/xdg-$1 BACKGROUNDTASKS_DATA_DIR=$WORK/data-$1"; }

declare -A CMD CLIENT
SCENARIOS=()
WARM_TAGS=()
add_jdk() {  # add_jdk SUFFIX JAVA_PATH: A, W, L and F on that JDK
    local w="w$1" tag
    CMD[A$1]="$2 -cp $WORK/hello Hello"
    mkdir -p "$WORK/xdg-$w"
    CMD[W$1]="env $(warm_env "$w") $2 -jar $WORK/inst/launcher.jar ${TASK_ARGS[*]}"
    for tag in "l$1" "f$1"; do
        CLIENT[$tag]="$2 -cp $WORK/shared SharedClient $WORK/host-$tag/host.sock"
        CMD[${tag^^}]="${CLIENT[$tag]} success"
    done
    SCENARIOS+=("A$1" "W$1" "L$1" "F$1")
    WARM_TAGS+=("$w")
    # through measure, as the measured runs: the host's key holds the whole environment, bash's $_ included
    # shellcheck disable=SC2086 # a word list by construction
    measure "W$1-first" ${CMD[W$1]}
    (( M_RC == 0 )) || die "the first run of W$1 (it starts the one-shot host) failed"
    start_host "l$1" "$2"
    start_host "f$1" "$2" fresh
}
add_jdk "" "$JAVA"
if [[ -n $JAVA25 && -x $JAVA25 ]]; then add_jdk 25 "$JAVA25"; fi

{
    echo "# bench/startup/longlived.sh: $(date -u '+%Y-%m-%d %H:%M UTC'), RUNS=$RUNS WARMUP=$WARMUP LEAK_RUNS=$LEAK_RUNS"
    machine_summary | sed 's/^/# /'
    for s in "${SCENARIOS[@]}"; do echo "# $s: ${CMD[$s]//$WORK/\$WORK}"; done
}

# cmd_of NAME ROUND (run_rounds): every measurement first waits, untimed, until each one-shot host listens
cmd_of() {
    local w
    for w in "${WARM_TAGS[@]}"; do await_socket "$WORK/xdg-$w/backgroundtasks/*/warm/*.sock" || { echo false; return; }; done
    echo "${CMD[$1]}"
}
DATA="$WORK/runs.tsv"
: > "$DATA"
run_rounds "$DATA" "$RUNS" "${SCENARIOS[@]}"

# The leak check: LEAK_RUNS more runs to each shared host (the first one logs the client's classes), then its
# RSS and threads, then it must stop.
failed=0
declare -A HOST_END CLASSES LOADERS AFTER_GC
for tag in "${HOST_TAGS[@]}"; do
    read -r java_path _ <<< "${CLIENT[$tag]}"
    # shellcheck disable=SC2086 # word lists by construction
    $java_path -Xlog:class+load:file="$WORK/classes-$tag.log" ${CLIENT[$tag]#* } success \
        || { echo "bench: a client run on the shared host $tag failed" >&2; failed=1; }
    CLASSES[$tag]="$(grep -c 'source:' "$WORK/classes-$tag.log")"
    for (( i = 1; i < LEAK_RUNS; i++ )); do
        # shellcheck disable=SC2086
        ${CLIENT[$tag]} success || { echo "bench: leak-check run $i on the shared host $tag failed" >&2; failed=1; break; }
    done
    HOST_END[$tag]=$(proc_status "${HOST_PID[$tag]}")
    # then a full GC (jcmd: it adds the attach thread, so after the thread count): what is left is not garbage
    jcmd="$(dirname "$(readlink -f "$(command -v "$java_path")")")/jcmd"
    if [[ -x $jcmd ]] && "$jcmd" "${HOST_PID[$tag]}" GC.run >/dev/null; then
        LOADERS[$tag]=$("$jcmd" "${HOST_PID[$tag]}" VM.classloader_stats | grep -c 'BundleWiringImpl')
        AFTER_GC[$tag]=$(proc_status "${HOST_PID[$tag]}")
    fi
    # shellcheck disable=SC2086
    ${CLIENT[$tag]} .stop || failed=1
    HOST_EXIT[$tag]="did not exit within 30 s of its stop"
    for (( waited = 0; waited < 300; waited++ )); do
        kill -0 "${HOST_PID[$tag]}" 2>/dev/null || { HOST_EXIT[$tag]="exited"; break; }
        sleep 0.1
    done
    [[ ${HOST_EXIT[$tag]} == exited ]] || failed=1
done

declare -A WALL RSS
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
for s in "${SCENARIOS[@]}"; do
    WALL[$s]=$(col "$DATA" "$s" 3 | median)
    RSS[$s]=$(col "$DATA" "$s" 4 | median)
done
echo
printf '%-5s %-46s %12s %12s %10s %10s %10s\n' scen what "median wall" "median RSS" "min wall" "max wall" "median CPU"
describe() {
    case ${1%25} in
        A) echo "hello world (java -cp)";;
        W) echo "one-shot warm host, java -jar client";;
        L) echo "shared host (prototype), its client";;
        F) echo "shared host, fresh task bundle per run";;
    esac
}
for s in "${SCENARIOS[@]}"; do
    label="$(describe "$s")"; [[ $s == *25 ]] && label="$label, JDK 25"
    printf '%-5s %-46s %9.1f ms %9.1f MB %7.1f ms %7.1f ms %7s ms\n' "$s" "$label" "${WALL[$s]}" \
        "$(mb "${RSS[$s]}")" \
        "$(col "$DATA" "$s" 3 | sort -g | head -1)" "$(col "$DATA" "$s" 3 | sort -g | tail -1)" "$(col "$DATA" "$s" 5 | median)"
done
echo
echo "against hello world on the same JDK (medians; RSS: the client's peak)"
printf '%-44s %10s %10s %10s %10s\n' path "wall" "paired" "peak RSS" "wall ms"
for sfx in "" 25; do
    [[ -n ${WALL[A$sfx]:-} ]] || continue
    jdk="JDK 17"; [[ -n $sfx ]] && jdk="JDK 25"
    for x in W L F; do
        printf '%-44s %9sx %9.2fx %9sx %10.1f\n' "$x$sfx/A$sfx ($jdk)" \
            "$(ratio "${WALL[$x$sfx]}" "${WALL[A$sfx]}")" "$(paired "$x$sfx" "A$sfx")" \
            "$(ratio "${RSS[$x$sfx]}" "${RSS[A$sfx]}")" "${WALL[$x$sfx]}"
    done
    printf '%-44s %9sx %9.2fx %9sx\n' "L$sfx/W$sfx ($jdk)" "$(ratio "${WALL[L$sfx]}" "${WALL[W$sfx]}")" \
        "$(paired "L$sfx" "W$sfx")" "$(ratio "${RSS[L$sfx]}" "${RSS[W$sfx]}")"
done
echo
for w in "${WARM_TAGS[@]}"; do
    went=$(cat "$WORK/data-$w"/*/history.jsonl 2>/dev/null | grep -c '"warm":true')
    echo "W${w#w}: $went of $(( 1 + WARMUP + RUNS )) runs warm by the run history (the first, untimed, starts the host)"
done
for tag in "${HOST_TAGS[@]}"; do
    read -r rss0 threads0 <<< "${HOST_START[$tag]}"
    read -r rss1 threads1 <<< "${HOST_END[$tag]:-0 0}"
    read -r rss2 _ <<< "${AFTER_GC[$tag]:-0 0}"
    printf 'host %-4s after its %d warm-up runs: %6.1f MB RSS, %d threads; after %d more: %6.1f MB, %d threads;' \
        "${tag^^}" "$WARMUP" "$(mb "$rss0")" "$threads0" $(( WARMUP + RUNS + LEAK_RUNS )) "$(mb "$rss1")" "$threads1"
    printf ' after a full GC: %6.1f MB, %s bundle class loaders; %s\n' "$(mb "$rss2")" "${LOADERS[$tag]:-?}" "${HOST_EXIT[$tag]}"
    # not a failure: the JIT adds and retires compiler threads as it likes
    (( threads1 <= threads0 )) || echo "bench: warning: the shared host ${tag^^} has more threads than at its start" >&2
done
for tag in "${HOST_TAGS[@]}"; do
    [[ $tag == l* ]] || continue
    read -r java_path _ <<< "${CLIENT[$tag]}"
    "$java_path" -Xlog:class+load:file="$WORK/hello-$tag.log" -cp "$WORK/hello" Hello >/dev/null
    echo "classes loaded on $(java_version "$java_path"): hello world $(grep -c 'source:' "$WORK/hello-$tag.log"), SharedClient ${CLASSES[$tag]} (one round trip)"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ -n ${KEEP:-} ]]; then echo "raw data: $DATA (round, scenario, wall ms, peak RSS KB, CPU ms)"; fi
exit "$failed"
