# Shared by run.sh and phases.sh: sourced, not run.
# Needs bash 4+, a JDK 17 (javac, java) and the built installation; nothing else.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/../.." && pwd)"
INSTALL="${INSTALL:-$REPO_DIR/distribution/target/backgroundtasks}"
JAVA="${JAVA:-java}"
JAVA25="${JAVA25-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"  # set to "" to skip JDK 25
TASK_ARGS=(--backgroundtask success --pref toolkit.backgroundtasks.defaultMinTaskRuntimeMS=0)

die() { echo "bench: $*" >&2; exit 2; }

# The JDK that JAVA belongs to, so that javac and the generator use the same one.
jdk_tool() {
    local tool="$1" java_path home
    java_path="$(command -v "$JAVA")" || die "JAVA=$JAVA not found"
    home="$(dirname "$(dirname "$(readlink -f "$java_path")")")"
    if [[ -x "$home/bin/$tool" ]]; then echo "$home/bin/$tool"
    elif command -v "$tool" >/dev/null; then command -v "$tool"
    else die "no $tool next to $JAVA nor on PATH: a JDK (not a JRE) is needed"; fi
}

java_version() { "$1" -version 2>&1 | head -1 | sed 's/.*version "\([^"]*\)".*/\1/'; }

# A private work directory; TMPDIR points into it for every measured process.
setup_work() {
    [[ -f "$INSTALL/launcher.jar" ]] || die "no installation at $INSTALL (build: cd $REPO_DIR && mvn -B -q -o install -DskipTests)"
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/bench-startup.XXXXXX")"
    mkdir -p "$WORK/tmp" "$WORK/out" "$WORK/xdg"
    export TMPDIR="$WORK/tmp"
    if [[ -z "${KEEP:-}" ]]; then trap remove_work EXIT; fi
}

# At exit: the processes still running from the work directory (warm hosts and their successors) are
# asked to end and waited for (at most 10 s), so that none writes into the directory as it is removed.
remove_work() {
    pkill -TERM -f "$WORK/" 2>/dev/null
    local waited=0
    while pgrep -f "$WORK/" >/dev/null && (( waited < 100 )); do sleep 0.1; waited=$(( waited + 1 )); done
    rm -rf "$WORK"
}

# Hello world, compiled by the script: the baseline.
make_hello() {
    mkdir -p "$WORK/hello"
    printf 'public class Hello {\n    public static void main(String[] args) {\n        System.out.println("Hello, world");\n    }\n}\n' \
        > "$WORK/hello/Hello.java"
    "$(jdk_tool javac)" --release 17 -d "$WORK/hello" "$WORK/hello/Hello.java" || die "javac failed"
}

# copy_install NAME: a private copy of the installation at $WORK/NAME.
copy_install() {
    cp -a "$INSTALL" "$WORK/$1" || die "cannot copy $INSTALL"
}

# add_unrelated NAME COUNT: COUNT generated bundles in the copy's app/backgroundtasks/.
add_unrelated() {
    "$JAVA" "$BENCH_DIR/GenBundles.java" "$WORK/$1/app/backgroundtasks" "$2" >/dev/null \
        || die "generating $2 bundles failed"
}

# The peak-RSS method: GNU time if present (or RSS_METHOD=time), else polling /proc (RSS_METHOD=proc).
if [[ -z "${RSS_METHOD:-}" ]]; then
    if [[ -x /usr/bin/time ]] && /usr/bin/time -f '%M' -o /dev/null true 2>/dev/null; then RSS_METHOD=time
    else RSS_METHOD=proc; fi
fi

# measure ID CMD...: runs CMD once, stdout/stderr to $WORK/out/ID.{out,err}, and sets
# M_WALL_MS (wall, from fork to reaped), M_RSS_KB (peak RSS of the process), M_CPU_MS (user + system
# CPU, GNU time only, else nan) and M_RC. A CMD of the form `env NAME=VALUE... PROGRAM ARGS` runs
# PROGRAM with those variables set by the forked shell itself, not through env(1): an exec of env
# costs 5-10 ms on the 2-core machine of docs/performance.md, which no user's run pays and the hello
# world beside it would not.
measure() {
    local id="$1"; shift
    local out="$WORK/out/$id.out" err="$WORK/out/$id.err" t0 t1 vars=()
    if [[ ${1:-} == env && ${2:-} == [A-Za-z_]*=* ]]; then
        shift
        while [[ ${1:-} == [A-Za-z_]*=* ]]; do vars+=("$1"); shift; done
    fi
    if [[ $RSS_METHOD == time ]]; then
        t0=$EPOCHREALTIME
        # the subshell's exec makes it as one fork and exec of time, as for a command without variables
        ( (( ${#vars[@]} == 0 )) || export "${vars[@]}"; exec /usr/bin/time -f '%M %U %S' -o "$WORK/out/$id.rss" "$@" ) >"$out" 2>"$err"
        M_RC=$?
        t1=$EPOCHREALTIME
        local rss_line
        rss_line="$(tail -1 "$WORK/out/$id.rss")"
        M_RSS_KB="${rss_line%% *}"
        [[ $M_RSS_KB =~ ^[0-9]+$ ]] || M_RSS_KB=0
        M_CPU_MS="$(awk '{ printf "%.0f", ($2 + $3) * 1000 }' <<< "$rss_line")"
    else
        # /proc fallback: VmHWM is the process's own high-water mark, so the last value read before
        # it exits is its peak (to within the 5 ms poll; the poll costs a little CPU beside it).
        local pid key val _ hwm=0
        t0=$EPOCHREALTIME
        ( (( ${#vars[@]} == 0 )) || export "${vars[@]}"; exec "$@" ) >"$out" 2>"$err" &
        pid=$!
        while [[ -r /proc/$pid/status ]]; do
            while read -r key val _; do
                if [[ $key == VmHWM: ]]; then (( val > hwm )) && hwm=$val; break; fi
            done < "/proc/$pid/status" 2>/dev/null
            sleep 0.005
        done
        wait "$pid"
        M_RC=$?
        t1=$EPOCHREALTIME
        M_RSS_KB=$hwm
        M_CPU_MS=nan
    fi
    M_WALL_MS="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 }')"
}

# median of the numbers on stdin (mean of the middle two for an even count).
median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit }
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# paired X Y [FIELD]: median over rounds of X's / Y's wall (FIELD 5: CPU) in the same round; DATA: the rounds file
paired() {
    awk -F'\t' -v x="$1" -v y="$2" -v f="${3:-3}" '$2 == x { a[$1] = $f } $2 == y { b[$1] = $f }
        END { for (r in a) if (r in b && b[r] > 0) print a[r] / b[r] }' "$DATA" | median
}

# round_diff X Y: median over rounds of X's wall minus Y's in the same round (ms); DATA: the rounds file
round_diff() {
    awk -F'\t' -v x="$1" -v y="$2" '$2 == x { a[$1] = $3 } $2 == y { b[$1] = $3 }
        END { for (r in a) if (r in b) print a[r] - b[r] }' "$DATA" | median
}

# col FILE SCENARIO FIELD: the FIELD-th column of SCENARIO's rows (1 round, 2 scenario, 3 wall ms, 4 RSS KB, ...).
col() { awk -F'\t' -v s="$2" -v f="$3" '$2 == s { print $f }' "$1"; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0 || a == "nan" || b == "nan") print "n/a"; else printf "%.2f", a / b }'; }
# pct A B: A against B in per cent, signed (+4.2%)
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f%%", (a / b - 1) * 100 }'; }

# env for a launcher run on installation copy DIR: test-only tasks visible; TMPDIR (profiles) and
# XDG_RUNTIME_DIR (the runtime directory: locks, the manifest index) private to this run set.
launcher_env() { echo "BACKGROUNDTASKS_TESTING_DIR=$WORK/$1/testing/backgroundtasks XDG_RUNTIME_DIR=$WORK/xdg"; }

# env for a bin/backgroundtask run on copy DIR with JDK JAVA_PATH: launcher_env, the JDK, a private cache.
script_env() { echo "$(launcher_env "$1") BACKGROUNDTASKS_JAVA=$(command -v "$2") XDG_CACHE_HOME=$WORK/cache"; }

# make_archive DIR JAVA_PATH: one bin/backgroundtask run on copy DIR, then waits (up to 300 s) for the
# class archive its detached training run writes, so that every measured run has one.
make_archive() {
    local before after waited=0
    before=$(find "$WORK/cache" -name 'launcher-*.[aj][os][ta]' 2>/dev/null | wc -l)
    # shellcheck disable=SC2046 # script_env is a word list by construction
    env $(script_env "$1" "$2") "$WORK/$1/bin/backgroundtask" "${TASK_ARGS[@]}" >/dev/null 2>&1 \
        || die "bin/backgroundtask failed on $1 with $2"
    while after=$(find "$WORK/cache" -name 'launcher-*.[aj][os][ta]' 2>/dev/null | wc -l); (( after <= before )); do
        (( waited < 300 )) || die "no class archive for $1 with $2 after 300 s"
        sleep 1; waited=$(( waited + 1 ))
    done
}

# run_rounds FILE ROUNDS NAMES...: interleaved rounds of the commands that cmd_of NAME ROUND prints (the
# caller defines cmd_of); appends "round name wall rss cpu" rows for the counted rounds.
run_rounds() {
    local data="$1" rounds="$2" r n; shift 2
    for (( r = 1; r <= WARMUP + rounds; r++ )); do
        for n in "$@"; do
            local cmd; cmd="$(cmd_of "$n" "$r")"
            # shellcheck disable=SC2086
            measure "$n-$r" $cmd
            (( M_RC == 0 )) || fail_run "$n-$r" "$cmd"
            if (( r > WARMUP )); then
                printf '%d\t%s\t%s\t%s\t%s\n' $(( r - WARMUP )) "$n" "$M_WALL_MS" "$M_RSS_KB" "$M_CPU_MS" >> "$data"
            fi
        done
        printf '\rround %d/%d' "$r" $(( WARMUP + rounds )) >&2
    done
    printf '\n' >&2
}

# fail_run ID LABEL: reports a failed measured run and exits 1.
fail_run() {
    echo "bench: run $1 ($2) failed with exit code $M_RC; its stderr:" >&2
    tail -20 "$WORK/out/$1.err" >&2
    exit 1
}

machine_summary() {
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"
    echo "cpu: $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "JDK: $(java_version "$JAVA") ($(command -v "$JAVA"))"
    if [[ -x $JAVA25 ]]; then echo "JDK 25: $(java_version "$JAVA25") ($JAVA25)"; fi
    echo "peak RSS method: $RSS_METHOD"
}

# Other processes on a 2-core machine distort start-up figures (a busy core stretches a 0.4 s run far
# more than a 0.05 s one). WAIT_QUIET=SECONDS waits up to that long for the 1-minute load average to
# drop under QUIET_LOAD (default 0.5); either way a busy machine is reported.
check_quiet() {
    local waited=0 limit="${WAIT_QUIET:-0}" quiet="${QUIET_LOAD:-0.5}"
    while awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v q="$quiet" 'BEGIN { exit !(l > q) }'; do
        if (( waited >= limit )); then
            echo "bench: warning: load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores:" \
                "other processes are running, figures will be inflated (WAIT_QUIET=600 waits for quiet)" >&2
            return
        fi
        sleep 10; waited=$(( waited + 10 ))
    done
}
