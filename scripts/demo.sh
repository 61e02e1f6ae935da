#!/bin/sh
# Builds iou and runs the demo: iou-cp copies a file through linked
# READ -> WRITE pairs on the real kernel, and the copy is checked.
set -eu
cd "$(dirname "$0")/.."
. scripts/deps.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build examples/iou-cp >/dev/null
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
head -c 3000000 /dev/urandom >"$dir/src"
./build/examples/iou-cp "$dir/src" "$dir/dst"
cmp "$dir/src" "$dir/dst" && echo "demo: destination is byte-identical to the source"
