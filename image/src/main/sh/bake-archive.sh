#!/usr/bin/env bash
# Bakes the image's class archive into OUT, the files of the image's "archive" layer: one training run
# of the toolkit's diagnostics task (Felix, SCR, a task bundle; it only reads) by the image's own JRE,
# inside the image's own root file system at the image's own paths, since the JVM uses an archive only
# with the class path it was made with.
#
# - The root file system is staged in WORK: RUNTIME (runtime-rootfs.sh's output), ROOTFS (src/main/rootfs)
#   and INSTALLATION (without testing/) at /opt/backgroundtasks, every file with Jib's modification time
#   (1 s after the epoch: the JVM compares the class path's jar times). The run is image/src/test/sh/
#   run-unpacked.sh's: a new PID and mount namespace, a read-only root, a tmpfs /tmp, chroot as USER.
# - The JVM flags are bin/backgroundtask's FLAGS (read from the installation), plus OPTION's output form.
# - OPTION is the entry point's archive option. -XX:SharedArchiveFile=PATH (JDK 17..24): the jlink'd JRE
#   has no default CDS archive, so its base, lib/server/classes.jsa, is dumped first (-Xshare:dump), and
#   the training writes a dynamic archive on top (-XX:ArchiveClassesAtExit) to PATH. -XX:AOTCache=PATH
#   (JDK 25 and later): the training writes the AOT cache (-XX:AOTCacheOutput) to PATH.
# - The training's output is discarded, its state stays on its tmpfs; only the archive files reach OUT.
#   A failed training fails the build, since the entry point names the archive.
# - Without root (unshare, mount, chroot) nothing is baked: one warning, and OUT is left empty; the image
#   then runs without an archive (the JVM skips a missing one silently).
#
#   bake-archive.sh RUNTIME ROOTFS INSTALLATION OUT WORK USER OPTION RUN_UNPACKED [NAME=VALUE ...]
#
# NAME=VALUE: the image's environment, for the training run.
set -euo pipefail
runtime=$1 rootfs=$2 installation=$3 out=$4 work=$5 user=$6 option=$7 run_unpacked=$8
shift 8
home=/opt/backgroundtasks
jre=$home/jre

rm -rf "$out" "$work"
mkdir -p "$out"
if [ "$(id -u)" != 0 ]; then
  echo "bake-archive: warning: not root, so the image has no class archive (the training run needs unshare," \
    "mount and chroot): containers start slower; build as root to bake it" >&2
  exit 0
fi
case $option in
  -XX:SharedArchiveFile=/*) path=${option#*=} output=-XX:ArchiveClassesAtExit ;;
  -XX:AOTCache=/*) path=${option#*=} output=-XX:AOTCacheOutput ;;
  *) echo "bake-archive: unknown archive option '$option'" >&2; exit 1 ;;
esac
flags=$(sed -n 's/^FLAGS="\(.*\)"$/\1/p' "$installation/bin/backgroundtask")
if [ -z "$flags" ]; then
  echo "bake-archive: no FLAGS=\"...\" line in $installation/bin/backgroundtask" >&2
  exit 1
fi

stage=$work/rootfs
mkdir -p "$stage$home" "$work/archive"
cp -a "$runtime/." "$rootfs/." "$stage/"
tar -C "$installation" --exclude=./testing -cf - . | tar -C "$stage$home" -xf -
find "$stage" -exec touch -h -d @1 {} +
# mount points: what a runtime provides, and the training's output folder
mkdir -p "$stage/proc" "$stage/dev" "$stage/archive"
chown "$user" "$work/archive"

if [ "$output" = -XX:ArchiveClassesAtExit ]; then
  # the base archive at the JRE's default place; it records the JRE, not its path
  "$stage$jre/bin/java" -Xshare:dump -Xlog:disable >/dev/null
  cp "$stage$jre/lib/server/classes.jsa" "$work/"
fi
# shellcheck disable=SC2086 # FLAGS are words without spaces
"$run_unpacked" "$stage" "$user" "$work/archive" /archive "$@" -- \
  "$jre/bin/java" $flags "$output=/archive/${path##*/}" -jar "$home/launcher.jar" --backgroundtask diagnostics \
  >/dev/null 2>&1 || { echo "bake-archive: the training run failed (exit $?)" >&2; exit 1; }
if [ ! -s "$work/archive/${path##*/}" ]; then
  echo "bake-archive: the training run wrote no ${path##*/}" >&2
  exit 1
fi
mkdir -p "$out${path%/*}"
cp "$work/archive/${path##*/}" "$out$path"
if [ -f "$work/classes.jsa" ]; then
  mkdir -p "$out$jre/lib/server"
  cp "$work/classes.jsa" "$out$jre/lib/server/"
fi
rm -rf "$work"
echo "bake-archive: $(cd "$out" && find . -type f -printf '/%P (%s bytes) ')"
