#!/bin/bash -eu
# Builds iou's fuzz harnesses for OSS-Fuzz or ClusterFuzzLite (called by
# .clusterfuzzlite/build.sh): the builder sets CC, CFLAGS (sanitizer and
# coverage flags), LIB_FUZZING_ENGINE, SRC, OUT and WORK. Each harness
# goes to $OUT with its seed corpus as <name>_seed_corpus.zip. The build
# directory is $WORK/iou-oss-fuzz (build-oss-fuzz in the tree without
# WORK); nothing is written to the source tree otherwise.
src=$(cd "$(dirname "$0")/.." && pwd)
build=${WORK:+$WORK/iou-oss-fuzz}
build=${build:-$src/build-oss-fuzz}
rm -rf "$build"
meson setup "$build" "$src" -Dfuzzing_engine=oss-fuzz -Dtests=disabled \
	-Dbench=false -Dexamples=false -Ddefault_library=static \
	-Db_lundef=false --buildtype=plain
ninja -C "$build"
for exe in "$build"/fuzz/fuzz_*; do
	[ -f "$exe" ] && [ -x "$exe" ] || continue
	name=${exe##*/}
	cp "$exe" "$OUT/$name"
	[ -f "$src/fuzz/${name#fuzz_}.options" ] &&
		cp "$src/fuzz/${name#fuzz_}.options" "$OUT/$name.options"
	corpus=$src/fuzz/corpus/${name#fuzz_}
	if [ -d "$corpus" ]; then
		rm -f "$OUT/${name}_seed_corpus.zip"
		(cd "$corpus" && zip -q -r "$OUT/${name}_seed_corpus.zip" .)
	fi
done
