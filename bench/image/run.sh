#!/usr/bin/env bash
# Issue 16's image figures: the image's size, and the start-up of `diagnostics` inside the unpacked
# image (the jlink runtime, chrooted with a read-only root, as image/src/test/sh/run-unpacked.sh runs
# it for the tests) against the same task from the distribution folder on the full JDK.
#
#   I   run-unpacked.sh ROOTFS 65532:65532 ... -- /opt/backgroundtasks/jre/bin/java -jar /opt/backgroundtasks/launcher.jar --backgroundtask diagnostics
#   D   java -jar distribution/target/backgroundtasks/launcher.jar --backgroundtask diagnostics   (a copy of it)
#   Iv, Dv   the same two JVMs running `java -version` only: the JVM's own start, no platform
#
# Interleaved rounds (I D Iv Dv, ...) after warm-ups; prints median wall times and the ratios I/D, Iv/Dv.
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
IMAGE_LAUNCHER=(/opt/backgroundtasks/jre/bin/java -jar /opt/backgroundtasks/launcher.jar)

run_one() { # scenario -> prints wall ms
    local start end rc
    start=$(date +%s%N)
    case $1 in
        I) "$RUN_UNPACKED" "$ROOTFS" "$USERSPEC" - /var/lib/backgroundtasks "${IMAGE_ENV[@]}" -- \
               "${IMAGE_LAUNCHER[@]}" --backgroundtask diagnostics >/dev/null 2>&1; rc=$? ;;
        D) env BACKGROUNDTASKS_RUNTIME_DIR="$WORK/run" BACKGROUNDTASKS_DATA_DIR="$WORK/data" \
               "$JAVA" -jar "$WORK/inst/launcher.jar" --backgroundtask diagnostics >/dev/null 2>&1; rc=$? ;;
        Iv) "$RUN_UNPACKED" "$ROOTFS" "$USERSPEC" - /var/lib/backgroundtasks "${IMAGE_ENV[@]}" -- \
               "${IMAGE_JAVA[@]}" -version >/dev/null 2>&1; rc=$? ;;
        Dv) "$JAVA" -version >/dev/null 2>&1; rc=$? ;;
    esac
    end=$(date +%s%N)
    [[ $rc == 0 ]] || die "scenario $1 exited $rc"
    echo $(( (end - start) / 1000000 ))
}

for ((i = 0; i < WARMUP; i++)); do for s in I D Iv Dv; do run_one $s >/dev/null; done; done
declare -a WI WD WIV WDV
for ((i = 0; i < RUNS; i++)); do
    WI+=("$(run_one I)"); WD+=("$(run_one D)"); WIV+=("$(run_one Iv)"); WDV+=("$(run_one Dv)")
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mi=$(median "${WI[@]}"); md=$(median "${WD[@]}"); miv=$(median "${WIV[@]}"); mdv=$(median "${WDV[@]}")
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
printf '%-62s %8s\n' "D  diagnostics from the distribution folder (full JDK)" "$md"
printf '%-62s %8s\n' "Iv java -version in the image" "$miv"
printf '%-62s %8s\n' "Dv java -version, full JDK" "$mdv"
awk -v a="$mi" -v b="$md" -v c="$miv" -v d="$mdv" 'BEGIN { printf "I / D: %.2fx    Iv / Dv: %.2fx\n", a / b, c / d }'
