#!/usr/bin/env bash
# Where the start-up time of `--backgroundtask success` goes, and what known JVM flags would gain.
#
# Part 1, interleaved rounds of the task run without and with 300 unrelated bundles (B, C) and hello (A):
#   - the launcher's own phases: the "phases" of its graph report (BACKGROUNDTASKS_GRAPH_FILE), or if it
#     writes none (or PHASE_SOURCE=debug) its "phase NAME N ms" lines at
#     --pref toolkit.backgroundtasks.loglevel=debug; plain runs beside them show what reporting costs;
#   - a timeline without launcher output from -Xlog:class+load,startuptime (uptime in ns): JVM created,
#     launcher Main loaded, Felix loaded, SCR's Activator loaded (SCR starts), the task class loaded
#     (component activated), the last class loaded, process reaped;
#   - how many classes each run loads, and from where (CDS archive, JDK modules, launcher.jar, bundles).
# Part 2, interleaved rounds of the same task run with flags given straight to the JVM, for reference
# (the launcher cannot set them itself without a re-exec or a wrapper): -XX:TieredStopAtLevel=1,
# -XX:+UseSerialGC, an AppCDS archive made by -XX:ArchiveClassesAtExit, all three, -Xshare:off, the
# launcher without its warm-up thread (-Dbackgroundtasks.warmup=false), and on JDK 25 (if present) an
# AOT cache made by -XX:AOTCacheOutput; and two floors (Floor.java): F, bare Felix + SCR running the same
# five bundles with none of the launcher's work, and P, the task class loaded by a plain class loader.
# (The task's bundle declares that one component: the test-only tasks are one bundle per task.)
#
# Usage: bench/startup/phases.sh    (PHASE_RUNS=7 FLAG_RUNS=10 WARMUP=1 BUNDLES=300)
#   JAVA, JAVA25, INSTALL, RSS_METHOD, KEEP, WAIT_QUIET as for run.sh; PART=1 or PART=2 runs one part.
# Exit code: 0, 1 if a measured or training run failed, 2 on setup errors.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PHASE_RUNS="${PHASE_RUNS:-7}"
FLAG_RUNS="${FLAG_RUNS:-10}"
WARMUP="${WARMUP:-1}"
BUNDLES="${BUNDLES:-300}"
PART="${PART:-all}"
TASK_CLASS="${TASK_CLASS:-dev.backgroundtasks.testing.task.success.internal.SuccessTask}"
DEBUG_PREF=(--pref toolkit.backgroundtasks.loglevel=debug)

check_quiet
setup_work
make_hello
copy_install inst-b
echo "# bench/startup/phases.sh: $(date -u '+%Y-%m-%d %H:%M UTC'), PHASE_RUNS=$PHASE_RUNS FLAG_RUNS=$FLAG_RUNS WARMUP=$WARMUP BUNDLES=$BUNDLES"
machine_summary | sed 's/^/# /'

hello() { echo "$1 $2 -cp $WORK/hello Hello"; }                       # hello JAVA FLAGS
task() { echo "env $(launcher_env "$1") $2 $3 -jar $WORK/$1/launcher.jar ${TASK_ARGS[*]} $4"; }  # task COPY JAVA FLAGS EXTRA

xlog() { echo "-Xlog:class+load,startuptime:file=$WORK/out/$1-$2.xlog:uptimenanos"; }  # xlog NAME ROUND

# ---------------------------------------------------------------------------------------------- part 1
part1() {
    copy_install inst-c
    add_unrelated inst-c "$BUNDLES"
    # Phase runs: the graph report's "phases" (every phase, from main on, no logging) when the launcher
    # writes one, else the "phase" lines it prints at loglevel debug (PHASE_SOURCE=debug forces these).
    phased() {  # phased COPY ROUND NAME
        if [[ $PHASE_SOURCE == graph ]]; then
            echo "env BACKGROUNDTASKS_GRAPH_FILE=$WORK/out/$3-$2.json $(task "$1" "$JAVA" "" "")"
        else
            task "$1" "$JAVA" "" "${DEBUG_PREF[*]}"
        fi
    }
    cmd_of() {
        case $1 in
            Ap) hello "$JAVA" "";;
            Ax) hello "$JAVA" "$(xlog Ax "$2")";;
            Bp) task inst-b "$JAVA" "" "";;
            Bg) phased inst-b "$2" Bg;;
            Bx) task inst-b "$JAVA" "$(xlog Bx "$2")" "";;
            Cp) task inst-c "$JAVA" "" "";;
            Cg) phased inst-c "$2" Cg;;
            Cx) task inst-c "$JAVA" "$(xlog Cx "$2")" "";;
            Cn) mkdir -p "$WORK/xdg-cold-$2"  # a new runtime directory: no manifest index yet
                local c; c="$(task inst-c "$JAVA" "" "")"; echo "${c/XDG_RUNTIME_DIR=$WORK\/xdg /XDG_RUNTIME_DIR=$WORK/xdg-cold-$2 }";;
        esac
    }
    PHASE_SOURCE="${PHASE_SOURCE:-graph}"
    if [[ $PHASE_SOURCE == graph ]]; then
        # shellcheck disable=SC2046
        measure probe $(cmd_of Bg 0)
        (( M_RC == 0 )) || fail_run probe "$(cmd_of Bg 0)"
        if ! grep -q '"phases"' "$WORK/out/Bg-0.json" 2>/dev/null; then
            echo "bench: this launcher writes no graph report with phases: using its debug lines" >&2
            PHASE_SOURCE=debug
        fi
    fi
    local data="$WORK/part1.tsv"; : > "$data"
    echo "part 1: phases ($PHASE_SOURCE) and timeline, $PHASE_RUNS rounds of Ap Bp Bg Bx Cp Cg Cx Cn Ax" >&2
    run_rounds "$data" "$PHASE_RUNS" Ap Bp Bg Bx Cp Cg Cx Cn Ax

    # The launcher's phases, from the counted phase runs: "scenario <tab> phase <tab> ms" rows.
    local ph="$WORK/phases.tsv"; : > "$ph"
    local r s
    for (( r = WARMUP + 1; r <= WARMUP + PHASE_RUNS; r++ )); do
        for s in Bg Cg; do
            if [[ $PHASE_SOURCE == graph ]]; then
                # the "phases" object of the JSON report, one "name": ms pair a line
                sed -n '/"phases": {/,/}/p' "$WORK/out/$s-$r.json" \
                    | sed -nE 's/^ *"([^"]+)": *([0-9.]+),?$/\1\t\2/p'
            else
                sed -nE 's/.*debug: phase (.*[^ ]) +([0-9.]+) ms( \(.*\))?$/\1\t\2/p' "$WORK/out/$s-$r.err"
            fi | awk -F'\t' -v s="$s" '{ t[$1] += $2; if (!($1 in o)) { o[$1] = ++n; k[n] = $1 } }
                                        END { for (i = 1; i <= n; i++) print s "\t" k[i] "\t" t[k[i]] }' >> "$ph"
        done
    done
    [[ -s $ph ]] || { echo "bench: no phases found ($PHASE_SOURCE)" >&2; exit 1; }

    # The timeline without any launcher output, from the class-load log.
    uptime_of() {  # uptime_of FILE EXTENDED-REGEX: ms of the first matching line
        grep -m1 -E "$2" "$1" | sed -E 's/^\[([0-9]+)ns\].*/\1/' | awk '{ printf "%.1f", $1 / 1e6 }'
    }
    local tl="$WORK/timeline.tsv"; : > "$tl"
    for (( r = WARMUP + 1; r <= WARMUP + PHASE_RUNS; r++ )); do
        for s in Ax Bx Cx; do
            local f="$WORK/out/$s-$r.xlog" wall
            wall=$(awk -F'\t' -v r=$(( r - WARMUP )) -v s="$s" '$1 == r && $2 == s { print $3 }' "$data")
            {
                printf '%s\tJVM created\t%s\n' "$s" "$(uptime_of "$f" '\] Create VM, ')"
                if [[ $s == Ax ]]; then
                    printf '%s\tmain class loaded\t%s\n' "$s" "$(uptime_of "$f" '\] Hello source')"
                else
                    printf '%s\tmain class loaded\t%s\n' "$s" "$(uptime_of "$f" '\] dev\.backgroundtasks\.launcher\.Main source')"
                    printf '%s\tFelix class loaded\t%s\n' "$s" "$(uptime_of "$f" '\] org\.apache\.felix\.framework\.Felix source')"
                    printf '%s\tSCR Activator loaded\t%s\n' "$s" "$(uptime_of "$f" '\] org\.apache\.felix\.scr\.impl\.Activator source')"
                    printf '%s\ttask class loaded\t%s\n' "$s" "$(uptime_of "$f" "\] ${TASK_CLASS//./\\.} source")"
                fi
                printf '%s\tlast class loaded\t%s\n' "$s" "$(tail -1 "$f" | sed -E 's/^\[([0-9]+)ns\].*/\1/' | awk '{ printf "%.1f", $1 / 1e6 }')"
                printf '%s\tprocess reaped (wall)\t%s\n' "$s" "$wall"
            } >> "$tl"
        done
    done
    med() { awk -F'\t' -v s="$2" -v k="$3" '$1 == s && $2 == k { print $3 }' "$1" | median; }  # med FILE SCENARIO KEY
    fmt() { awk -v a="$1" 'BEGIN { if (a == "nan" || a == "") print "-"; else printf "%.1f", a }'; }

    local main_b main_c wall_bp wall_bg wall_cp wall_cg
    main_b=$(med "$tl" Bx "main class loaded"); main_c=$(med "$tl" Cx "main class loaded")
    wall_bp=$(col "$data" Bp 3 | median); wall_bg=$(col "$data" Bg 3 | median)
    wall_cp=$(col "$data" Cp 3 | median); wall_cg=$(col "$data" Cg 3 | median)
    echo
    echo "== the launcher's phases ($PHASE_SOURCE; median of $PHASE_RUNS runs, ms) =="
    printf '%-22s %9s %9s %9s   %s\n' phase B C C-B "B ends at (ms since JVM start, approx.)"
    printf '%-22s %9s %9s %9s   %s\n' "JVM start to main" "$(fmt "$main_b")" "$(fmt "$main_c")" \
        "$(fmt "$(awk -v b="$main_b" -v c="$main_c" 'BEGIN { print c - b }')")" "$(fmt "$main_b")"
    local sum_b=0 sum_c=0 at="$main_b" phase b c
    while IFS= read -r phase; do
        b=$(med "$ph" Bg "$phase"); c=$(med "$ph" Cg "$phase")
        sum_b=$(awk -v a="$sum_b" -v b="$b" 'BEGIN { print a + b }'); sum_c=$(awk -v a="$sum_c" -v b="$c" 'BEGIN { print a + b }')
        at=$(awk -v a="$at" -v b="$b" 'BEGIN { print a + b }')
        printf '%-22s %9s %9s %9s   %s\n' "$phase" "$(fmt "$b")" "$(fmt "$c")" \
            "$(fmt "$(awk -v b="$b" -v c="$c" 'BEGIN { print c - b }')")" "$(fmt "$at")"
    done < <(awk -F'\t' '$1 == "Bg" && !seen[$2]++ { print $2 }' "$ph")
    local rest_b rest_c
    rest_b=$(awk -v w="$wall_bg" -v m="$main_b" -v s="$sum_b" 'BEGIN { print w - m - s }')
    rest_c=$(awk -v w="$wall_cg" -v m="$main_c" -v s="$sum_c" 'BEGIN { print w - m - s }')
    printf '%-22s %9s %9s %9s   %s\n' "exit (the rest)" "$(fmt "$rest_b")" "$(fmt "$rest_c")" \
        "$(fmt "$(awk -v b="$rest_b" -v c="$rest_c" 'BEGIN { print c - b }')")" "$(fmt "$wall_bg")"
    printf '%-22s %9s %9s %9s\n' "wall of these runs" "$(fmt "$wall_bg")" "$(fmt "$wall_cg")" \
        "$(fmt "$(awk -v b="$wall_bg" -v c="$wall_cg" 'BEGIN { print c - b }')")"
    printf '%-22s %9s %9s %9s\n' "wall, plain runs" "$(fmt "$wall_bp")" "$(fmt "$wall_cp")" \
        "$(fmt "$(awk -v b="$wall_bp" -v c="$wall_cp" 'BEGIN { print c - b }')")"
    echo "(JVM start to main: from the -Xlog runs; exit = wall - main - phases: JVM exit, exec and reaping;"
    echo " reporting the phases ($PHASE_SOURCE) costs $(fmt "$(awk -v a="$wall_bg" -v b="$wall_bp" 'BEGIN { print a - b }')") ms on B against the plain runs)"
    echo "C with a new runtime directory each run (no manifest index yet: the first run after a drop-in):"
    echo " $(fmt "$(col "$data" Cn 3 | median)") ms wall against $(fmt "$wall_cp") ms for C and $(fmt "$wall_bp") ms for B"

    echo
    echo "== timeline without launcher output (-Xlog:class+load,startuptime; median ms since JVM start; $PHASE_RUNS runs) =="
    printf '%-22s %9s %9s %9s   %s\n' event A B C "B: since previous event"
    local ev prev=0 a bb cc
    while IFS= read -r ev; do
        a=$(med "$tl" Ax "$ev"); bb=$(med "$tl" Bx "$ev"); cc=$(med "$tl" Cx "$ev")
        printf '%-22s %9s %9s %9s   %s\n' "$ev" "$(fmt "$a")" "$(fmt "$bb")" "$(fmt "$cc")" \
            "$(fmt "$(awk -v b="$bb" -v p="$prev" 'BEGIN { print b - p }')")"
        prev=$bb
    done < <(awk -F'\t' '$1 == "Bx" && !seen[$2]++ { print $2 }' "$tl")
    echo "(the Felix class is first loaded by the launcher's warm-up thread, if it has one; -Xlog runs: A $(col "$data" Ax 3 | median),"
    echo " B $(col "$data" Bx 3 | median), C $(col "$data" Cx 3 | median) ms wall; plain runs: A $(col "$data" Ap 3 | median), B $wall_bp, C $wall_cp)"

    echo
    echo "== classes loaded (last counted run) =="
    printf '%-4s %7s %12s %12s %14s %12s %10s\n' run total "CDS archive" "JDK modules" "launcher.jar" "other files" generated
    for s in Ax Bx Cx; do
        awk '/ source: / {
                n++
                if ($0 ~ /source: shared objects file/) cds++
                else if ($0 ~ /source: jrt:\//) jrt++
                else if ($0 ~ /source: (file|jar):.*launcher\.jar/) launcher++
                else if ($0 ~ /source: (file|jar|reference|bundle)/) bundles++
                else generated++
            } END { printf "%-4s %7d %12d %12d %14d %12d %10d\n", substr(s, 1, 1), n, cds, jrt, launcher, bundles, generated }' \
            s="$s" "$WORK/out/$s-$(( WARMUP + PHASE_RUNS )).xlog"
    done
    echo "(other files: bundle jars, and Hello for A; generated: lambdas, method handles, proxies, other classes defined at run time)"
}

# ---------------------------------------------------------------------------------------------- part 2
part2() {
    local c1="-XX:TieredStopAtLevel=1" serial="-XX:+UseSerialGC" have25=
    [[ -n $JAVA25 && -x $JAVA25 ]] && have25=1
    mkdir -p "$WORK/floor"
    "$(jdk_tool javac)" --release 17 -nowarn -cp "$WORK/inst-b/launcher.jar" -d "$WORK/floor" "$BENCH_DIR/Floor.java" \
        || { echo "bench: compiling Floor.java failed" >&2; exit 1; }
    echo "part 2: training the AppCDS archives (and JDK 25 AOT caches)" >&2
    train() {  # train ID CMD...
        measure "$1" "${@:2}"
        (( M_RC == 0 )) || fail_run "$1" "${*:2}"
    }
    # shellcheck disable=SC2046
    train train-cds $(task inst-b "$JAVA" "-XX:ArchiveClassesAtExit=$WORK/app.jsa" "")
    # shellcheck disable=SC2046
    train train-cds-all $(task inst-b "$JAVA" "$c1 $serial -XX:ArchiveClassesAtExit=$WORK/app-all.jsa" "")
    [[ -f $WORK/app.jsa && -f $WORK/app-all.jsa ]] || { echo "bench: no AppCDS archive was written" >&2; exit 1; }
    if [[ -n $have25 ]]; then
        # shellcheck disable=SC2046
        train train-aot $(task inst-b "$JAVA25" "-XX:AOTCacheOutput=$WORK/app.aot" "")
        # shellcheck disable=SC2046
        train train-aot-all $(task inst-b "$JAVA25" "$c1 $serial -XX:AOTCacheOutput=$WORK/app-all.aot" "")
        [[ -f $WORK/app.aot && -f $WORK/app-all.aot ]] || { echo "bench: no AOT cache was written" >&2; exit 1; }
    fi
    local names=(A A-c1-serial B B-c1 B-serial B-appcds B-c1-serial-appcds B-xshare-off B-no-warmup F P)
    [[ -n $have25 ]] && names+=(A25 B25 B25-aot B25-c1-serial-aot)
    cmd_of() {
        case $1 in
            A) hello "$JAVA" "";;
            A-c1-serial) hello "$JAVA" "$c1 $serial";;
            B) task inst-b "$JAVA" "" "";;
            B-c1) task inst-b "$JAVA" "$c1" "";;
            B-serial) task inst-b "$JAVA" "$serial" "";;
            B-appcds) task inst-b "$JAVA" "-XX:SharedArchiveFile=$WORK/app.jsa" "";;
            B-c1-serial-appcds) task inst-b "$JAVA" "$c1 $serial -XX:SharedArchiveFile=$WORK/app-all.jsa" "";;
            B-xshare-off) task inst-b "$JAVA" "-Xshare:off" "";;
            B-no-warmup) task inst-b "$JAVA" "-Dbackgroundtasks.warmup=false" "";;
            F) echo "$JAVA -cp $WORK/inst-b/launcher.jar:$WORK/floor Floor felix $WORK/inst-b";;
            P) echo "$JAVA -cp $WORK/inst-b/launcher.jar:$WORK/floor Floor plain $WORK/inst-b";;
            A25) hello "$JAVA25" "";;
            B25) task inst-b "$JAVA25" "" "";;
            B25-aot) task inst-b "$JAVA25" "-XX:AOTCache=$WORK/app.aot" "";;
            B25-c1-serial-aot) task inst-b "$JAVA25" "$c1 $serial -XX:AOTCache=$WORK/app-all.aot" "";;
        esac
    }
    local data="$WORK/part2.tsv"; : > "$data"
    echo "part 2: JVM flags, $FLAG_RUNS rounds of ${names[*]}" >&2
    run_rounds "$data" "$FLAG_RUNS" "${names[@]}"

    # How many classes the archives serve (one extra run each, with class+load logging).
    archived() {  # archived JAVA FLAGS
        # shellcheck disable=SC2046
        measure archived-check $(task inst-b "$1" "$2 -Xlog:class+load:file=$WORK/out/archived.xlog" "")
        awk '/ source: / { n++; if (/shared objects file \(top\)|source: shared objects file/) s++ }
             END { printf "%d of %d classes from the archive(s)", s, n }' "$WORK/out/archived.xlog"
    }
    echo
    echo "== JVM flags given to the JVM directly (median of $FLAG_RUNS interleaved runs) =="
    local a_wall a_rss a25_wall a25_rss n base_w base_r w r cpu
    a_wall=$(col "$data" A 3 | median); a_rss=$(col "$data" A 4 | median)
    if [[ -n $have25 ]]; then a25_wall=$(col "$data" A25 3 | median); a25_rss=$(col "$data" A25 4 | median); fi
    printf '%-20s %10s %9s %9s %10s %10s   %s\n' variant wall RSS CPU "x hello" "x hello" "flags"
    printf '%-20s %10s %9s %9s %10s %10s\n' "" ms MB ms wall RSS
    for n in "${names[@]}"; do
        w=$(col "$data" "$n" 3 | median); r=$(col "$data" "$n" 4 | median); cpu=$(col "$data" "$n" 5 | median)
        if [[ $n == *25* ]]; then base_w=$a25_wall; base_r=$a25_rss; else base_w=$a_wall; base_r=$a_rss; fi
        local flags; flags="$(cmd_of "$n" 0 | grep -oE -- '-(XX|Xshare|D)[^ ]*' | sed "s#$WORK/##" | tr '\n' ' ')"
        printf '%-20s %10.1f %9.1f %9s %10s %10s   %s\n' "$n" "$w" "$(awk -v k="$r" 'BEGIN { print k / 1024 }')" "$cpu" \
            "$(ratio "$w" "$base_w")" "$(ratio "$r" "$base_r")" "$flags"
    done
    echo "(JDK 25 rows are against the JDK 25 hello world A25; CPU = user + system of the process)"
    echo "(F: bare Felix + SCR, the same 5 bundles, no launcher work; P: the task class from a plain class loader, no framework)"
    echo "B-appcds: $(archived "$JAVA" "-XX:SharedArchiveFile=$WORK/app.jsa")"
    if [[ -n $have25 ]]; then echo "B25-aot: $(archived "$JAVA25" "-XX:AOTCache=$WORK/app.aot")"; fi
}

case $PART in
    1) part1;;
    2) part2;;
    *) part1; part2;;
esac
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
