#!/bin/bash -eu
# Builds iou's fuzz harnesses for OSS-Fuzz or ClusterFuzzLite: the builder
# sets CC, CFLAGS (sanitizer and coverage flags), LIB_FUZZING_ENGINE, SRC
# and OUT. Each harness goes to $OUT with its seed corpus as
# <name>_seed_corpus.zip. Run from the root of the iou tree.
cd "$(dirname "$0")/.."
rm -rf build-oss-fuzz
meson setup build-oss-fuzz -Dfuzzing_engine=oss-fuzz -Dtests=disabled \
	-Dbench=false -Dexamples=false -Ddefault_library=static \
	-Db_lundef=false --buildtype=plain
ninja -C build-oss-fuzz
for exe in build-oss-fuzz/fuzz/fuzz_*; do
	[ -f "$exe" ] && [ -x "$exe" ] || continue
	name=${exe##*/}
	cp "$exe" "$OUT/$name"
	[ -f "fuzz/${name#fuzz_}.options" ] &&
		cp "fuzz/${name#fuzz_}.options" "$OUT/$name.options"
	corpus=fuzz/corpus/${name#fuzz_}
	if [ -d "$corpus" ]; then
		(cd "$corpus" && zip -q -r "$OUT/${name}_seed_corpus.zip" .)
	fi
done
