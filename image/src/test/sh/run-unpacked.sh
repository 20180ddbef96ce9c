#!/bin/sh
# Runs a command in an unpacked image's root file system without a container engine, as a runtime
# runs a container with a read-only root: PID 1 of a new PID namespace, in a private mount namespace
# where the root is bind-mounted read-only, /tmp is a fresh tmpfs, /proc is this namespace's, /dev has
# the usual devices, and VOLUME (when not "-") is bind-mounted writable at MOUNTPOINT; then chroot to
# USER:GROUP with only the NAME=VALUE environment. Needs root. Its exit status is the command's.
#
#   run-unpacked.sh ROOTFS USER:GROUP VOLUME|- MOUNTPOINT [NAME=VALUE ...] -- COMMAND [ARG ...]
#
# ROOTFS must already hold the mount points (proc, dev, tmp, MOUNTPOINT): the image has tmp and the
# volume's folder; the caller adds proc and dev to its copy, as a runtime does.
set -eu
PATH="$PATH:/usr/sbin:/sbin" # chroot, for a caller whose PATH lacks them
if [ "${1:-}" != --inside ]; then
  # --kill-child: when this process is killed, the container goes with it
  exec unshare --mount --pid --fork --kill-child --propagation private "$0" --inside "$@"
fi
shift
root=$1 user=$2 volume=$3 mountpoint=$4
shift 4
mount --bind "$root" "$root"
mount -o remount,bind,ro,nosuid,nodev "$root"
mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs "$root/tmp"
mount -t tmpfs -o nosuid,noexec,mode=755 tmpfs "$root/dev"
for device in null zero full random urandom; do
  : > "$root/dev/$device"
  mount --bind "/dev/$device" "$root/dev/$device"
done
if [ "$volume" != - ]; then
  mount --bind "$volume" "$root$mountpoint"
fi
env=
while [ $# -gt 0 ] && [ "$1" != -- ]; do
  env="$env $1"
  shift
done
shift
# shellcheck disable=SC2086 # NAME=VALUE words, no spaces in them
exec env -i $env "$(command -v chroot)" --userspec="$user" --groups="${user#*:}" "$root" "$@"
