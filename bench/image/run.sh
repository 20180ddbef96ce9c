#!/usr/bin/env bash
# The image's figures (docs/performance.md, "Container image"): its size, and the start-up of `diagnostics` inside the unpacked
# image (the jlink runtime, chrooted with a read-only root, as image/src/test/sh/run-unpacked.sh runs
# it for the tests) against the same task from the distribution folder on the full JDK.
#
#   I   run-unpacked.sh ROOTFS 65532:65532 ... -- ENTRYPOINT --backgroundtask diagnostics   (the image's entry point:
#       bin/backgroundtask's flags and the class archive baked at build time)
#   In  the same without the archive (its option replaced by -Xshare:off; the jlink'd JRE had no CDS before)
#   Ip  the entry point the image had before: java -jar launcher.jar, no flags, no archive (-Xshare:off)
#   D   java -jar distribution/target/backgroundtasks/launcher.jar --backgroundtask diagnostics   (a copy of it)
#   J   the image's jlink runtime run on the host (no namespace, no chroot) with the same copy as D
#   Iv, Dv, Jv   the same three JVMs running `java -version` only: the JVM's own start, no platform
#
# Interleaved rounds (I In Ip D J Iv Dv Jv, ...) after warm-ups; prints median wall times and the ratios.
# Needs root (unshare, mount, chroot), skopeo, umoci, python3, and `mvn -B install` having built
# image/target/backgroundtasks-image.tar.   Usage: bench/image/run.sh   (RUNS=10 WARMUP=2 JAVA=java)
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../startup/common.sh"
RUNS="${RUNS:-10}"
WARMUP="${WARMUP:-2}"
TAR="$REPO_DIR/image/target/backgroundtasks-image.tar"
RUN_UNPACKED="$REPO_DIR/image/src/test/sh/run-unpacked.sh"
[[ -f $TAR ]] || die "no image at $TAR (build: mvn -B install)"
[[ $(id -u) == 0 ]] || die "needs root (unshare, mount, chroot)"
for tool in skopeo umoci python3; do command -v $tool >/dev/null || die "needs $tool"; done

setup_work
copy_install inst
skopeo copy --quiet "oci-archive:$TAR" "oci:$WORK/oci:bt" || die "skopeo copy failed"
umoci unpack --image "$WORK/oci:bt" "$WORK/bundle" >/dev/null || die "umoci unpack failed"
ROOTFS="$WORK/bundle/rootfs"
mkdir -p "$ROOTFS/proc" "$ROOTFS/dev"
mapfile -t IMAGE_ENV < <(python3 -c 'import json,sys; [print(e) for e in json.load(open(sys.argv[1]))["process"]["env"]]' \
    "$WORK/bundle/config.json")
USERSPEC=$(python3 -c 'import json,sys; u=json.load(open(sys.argv[1]))["process"]["user"]; print("%d:%d" % (u["uid"], u["gid"]))' \
    "$WORK/bundle/config.json")
IMAGE_JAVA=(/opt/backgroundtasks/jre/bin/java)
mapfile -t IMAGE_LAUNCHER < <(python3 -c 'import json,sys; [print(a) for a in json.load(open(sys.argv[1]))["process"]["args"]]' \
    "$WORK/bundle/config.json")
NO_ARCHIVE_LAUNCHER=()
for arg in "${IMAGE_LAUNCHER[@]}"; do
    case $arg in
        -XX:SharedArchiveFile=* | -XX:AOTCache=*) NO_ARCHIVE_LAUNCHER+=(-Xshare:off) ;;
        *) NO_ARCHIVE_LAUNCHER+=("$arg") ;;
    esac
done
PLAIN_LAUNCHER=(/opt/backgroundtasks/jre/bin/java -Xshare:off -jar /opt/backgroundtasks/launcher.jar)

run_one() { # scenario -> prints wall ms
    local start end rc
    start=$(date +%s%N)
    case $1 in
        I) "$RUN_UNPACKED" "$ROOTFS" "$USERSPEC" - /var/lib/backgroundtasks "${IMAGE_ENV[@]}" -- \
               "${IMAGE_LAUNCHER[@]}" --backgroundtask diagnostics >/dev/null 2>&1; rc=$? ;;
        In) "$RUN_UNPACKED" "$ROOTFS" "$USERSPEC" - /var/lib/backgroundtasks "${IMAGE_ENV[@]}" -- \
               "${NO_ARCHIVE_LAUNCHER[@]}" --backgroundtask diagnostics >/dev/null 2>&1; rc=$? ;;
        Ip) "$RUN_UNPACKED" "$ROOTFS" "$USERSPEC" - /var/lib/backgroundtasks "${IMAGE_ENV[@]}" -- \
               "${PLAIN_LAUNCHER[@]}" --backgroundtask diagnostics >/dev/null 2>&1; rc=$? ;;
        D) env BACKGROUNDTASKS_RUNTIME_DIR="$WORK/run" BACKGROUNDTASKS_DATA_DIR="$WORK/data" \
               "$JAVA" -jar "$WORK/inst/launcher.jar" --backgroundtask diagnostics >/dev/null 2>&1; rc=$? ;;
        J) env BACKGROUNDTASKS_RUNTIME_DIR="$WORK/run" BACKGROUNDTASKS_DATA_DIR="$WORK/data" \
               "$ROOTFS/opt/backgroundtasks/jre/bin/java" -jar "$WORK/inst/launcher.jar" --backgroundtask diagnostics \
               >/dev/null 2>&1; rc=$? ;;
        Iv) "$RUN_UNPACKED" "$ROOTFS" "$USERSPEC" - /var/lib/backgroundtasks "${IMAGE_ENV[@]}" -- \
               "${IMAGE_JAVA[@]}" -version >/dev/null 2>&1; rc=$? ;;
        Dv) "$JAVA" -version >/dev/null 2>&1; rc=$? ;;
        Jv) "$ROOTFS/opt/backgroundtasks/jre/bin/java" -version >/dev/null 2>&1; rc=$? ;;
    esac
    end=$(date +%s%N)
    [[ $rc == 0 ]] || die "scenario $1 exited $rc"
    echo $(( (end - start) / 1000000 ))
}

for ((i = 0; i < WARMUP; i++)); do for s in I In Ip D J Iv Dv Jv; do run_one $s >/dev/null; done; done
declare -a WI WIN WIP WD WJ WIV WDV WJV
for ((i = 0; i < RUNS; i++)); do
    WI+=("$(run_one I)"); WIN+=("$(run_one In)"); WIP+=("$(run_one Ip)"); WD+=("$(run_one D)"); WJ+=("$(run_one J)")
    WIV+=("$(run_one Iv)"); WDV+=("$(run_one Dv)"); WJV+=("$(run_one Jv)")
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mi=$(median "${WI[@]}"); min=$(median "${WIN[@]}"); mip=$(median "${WIP[@]}"); md=$(median "${WD[@]}"); mj=$(median "${WJ[@]}")
miv=$(median "${WIV[@]}"); mdv=$(median "${WDV[@]}"); mjv=$(median "${WJV[@]}")
jdk_home="$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA")")")")"
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"
echo "image archive (gzip layers):       $(mib "$(stat -c %s "$TAR")")"
echo "  layers:                          $(python3 -c 'import json,sys; d=sys.argv[1]; i=json.load(open(d+"/index.json")); m=json.load(open(d+"/blobs/"+i["manifests"][0]["digest"].replace(":","/"))); c=json.load(open(d+"/blobs/"+m["config"]["digest"].replace(":","/"))); print(", ".join("%s %.1f MiB" % (h.get("comment","?"), l["size"]/1048576) for h, l in zip(c["history"], m["layers"])))' "$WORK/oci")"
echo "unpacked root file system:         $(mib "$(du -sb "$ROOTFS" | cut -f1)")"
echo "  of which the jlink runtime:      $(mib "$(du -sb "$ROOTFS/opt/backgroundtasks/jre" | cut -f1)") (the full JDK: $(mib "$(du -sbL "$jdk_home" 2>/dev/null | cut -f1)"))"
echo
printf '%-62s %8s\n' "scenario (median of $RUNS, interleaved)" "wall ms"
printf '%-62s %8s\n' "I  diagnostics in the unpacked image (jlink runtime, chroot)" "$mi"
printf '%-62s %8s\n' "In the same without the class archive (-Xshare:off)" "$min"
printf '%-62s %8s\n' "Ip the image's former entry point: java -jar, no flags, no CDS" "$mip"
printf '%-62s %8s\n' "D  diagnostics from the distribution folder (full JDK)" "$md"
printf '%-62s %8s\n' "J  diagnostics from the distribution folder on the jlink runtime" "$mj"
printf '%-62s %8s\n' "Iv java -version in the image" "$miv"
printf '%-62s %8s\n' "Dv java -version, full JDK" "$mdv"
printf '%-62s %8s\n' "Jv java -version, the jlink runtime on the host" "$mjv"
awk -v i="$mi" -v d="$md" -v j="$mj" -v iv="$miv" -v dv="$mdv" -v jv="$mjv" \
    'BEGIN { printf "I / D: %.2fx   J / D: %.2fx   Iv / Dv: %.2fx   Jv / Dv: %.2fx\n", i / d, j / d, iv / dv, jv / dv }'
awk -v i="$mi" -v n="$min" -v p="$mip" 'BEGIN { printf "I / In: %.2fx   I / Ip: %.2fx   In / Ip: %.2fx\n", i / n, i / p, n / p }'
