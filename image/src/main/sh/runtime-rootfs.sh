#!/usr/bin/env bash
# Makes the image's runtime layer in OUT: a jlink'd JRE at /opt/backgroundtasks/jre, the build
# machine's shared libraries it links against (what ldd lists for its executables and libraries),
# each at the path the dynamic loader looks for it, and the C.UTF-8 locale. Nothing else: /etc comes
# from src/main/rootfs, and Jib sets times, owners and modes, so the layer is the same byte for byte
# on every build from the same JDK and libraries.
#
#   runtime-rootfs.sh JAVA_HOME OUT MODULES
set -euo pipefail
java_home=$1 out=$2 modules=$3
jre=$out/opt/backgroundtasks/jre

rm -rf "$out"
mkdir -p "$out/opt/backgroundtasks" "$out/tmp" "$out/home/nonroot" "$out/var/lib/backgroundtasks"
# No CDS archive (--generate-cds-archive): JDK 17's -Xshare:dump writes different bytes on every run,
# which would break the image's reproducibility (docs/performance.md gives the start-up cost).
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --output "$jre"

# ldd prints "name => /path (addr)" for a library and "/path (addr)" for the dynamic loader itself.
libs=$(find "$jre" -type f \( -name '*.so' -o -perm -u+x \) -print0 | sort -z | xargs -0 -n1 ldd 2>/dev/null \
  | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u)
copied=()
for lib in $libs; do
  case $(realpath -s "$lib") in "$jre"/*) continue ;; esac
  mkdir -p "$out$(dirname "$lib")"
  cp -L "$lib" "$out$lib"
  copied+=("$lib")
done
# LANG=C.UTF-8: glibc (2.35 and later) knows the locale's name but still loads its data from here.
locale=/usr/lib/locale/C.utf8
if [ ! -d "$locale" ]; then
  echo "runtime-rootfs: $locale is missing: install the C.UTF-8 locale (Debian: libc-bin)" >&2
  exit 1
fi
mkdir -p "$out/usr/lib/locale"
cp -R "$locale" "$out/usr/lib/locale/"
echo "runtime-rootfs: jlink --add-modules $modules; libraries: ${copied[*]}"
