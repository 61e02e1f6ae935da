#!/bin/sh
# The README's first command: builds iou and runs iou-demo. The echo
# server of examples/echo.c is explored on the simulated kernel over every
# kernel profile; two variants with a catalogued bug are found, shrunk and
# replayed; the fixed server passes the same exploration; then the same
# code serves clients on 127.0.0.1 through the real kernel. The full
# traces of the shrunk failures are left in build/iou-demo-*.trace.
# (The file-copy example, iou-cp, is the test example.cp.)
set -eu
cd "$(dirname "$0")/.."
. scripts/deps.sh
if [ ! -f build/build.ninja ]; then
	echo "demo: meson setup build"
	meson setup build >build.setup.log 2>&1 || { cat build.setup.log; exit 1; }
fi
echo "demo: ninja -C build examples/iou-demo"
ninja -C build examples/iou-demo >/dev/null
echo
exec ./build/examples/iou-demo --trace-dir build
