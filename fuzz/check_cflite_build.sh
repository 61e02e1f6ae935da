#!/bin/sh
# Runs .clusterfuzzlite/build.sh the way ClusterFuzzLite's builder does
# (libFuzzer engine, ASan; OSS-Fuzz's base-builder environment): CC=clang,
# the sanitizer and coverage CFLAGS, LIB_FUZZING_ENGINE=-fsanitize=fuzzer,
# SRC holding the tree as $SRC/iou and the script as $SRC/build.sh, WORK
# and OUT scratch directories. Checks that every harness of fuzz/ lands in
# $OUT with its seed corpus and runs a few inputs. Exit 77 (skip) without
# clang or libFuzzer.
#   usage: check_cflite_build.sh SOURCE_DIR
set -u
root=$(cd "${1:-$(dirname "$0")/..}" && pwd)
command -v clang >/dev/null 2>&1 || { echo "clang not found: skipping"; exit 77; }
command -v zip >/dev/null 2>&1 || { echo "zip not found: skipping"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n)\n{ (void)d; (void)n; return 0; }\n' >"$tmp/t.c"
clang -fsanitize=fuzzer,address "$tmp/t.c" -o "$tmp/t" 2>/dev/null ||
	{ echo "clang has no libFuzzer: skipping"; exit 77; }

mkdir -p "$tmp/src" "$tmp/out" "$tmp/work"
ln -s "$root" "$tmp/src/iou"
cp "$root/.clusterfuzzlite/build.sh" "$tmp/src/build.sh"
export CC=clang CXX=clang++ SRC="$tmp/src" OUT="$tmp/out" WORK="$tmp/work"
export SANITIZER=address FUZZING_ENGINE=libfuzzer ARCHITECTURE=x86_64
export CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION -fsanitize=address -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link"
export CXXFLAGS="$CFLAGS"
export LIB_FUZZING_ENGINE=-fsanitize=fuzzer
(cd "$SRC/iou" && bash -eu "$SRC/build.sh") >"$tmp/build.log" 2>&1 ||
	{ tail -n 40 "$tmp/build.log"; echo "build.sh: FAILED"; exit 1; }

status=0
for c in "$root"/fuzz/corpus/*/; do
	name=fuzz_$(basename "$c")
	if [ ! -x "$OUT/$name" ]; then
		echo "$name: missing from \$OUT"; status=1; continue
	fi
	if [ ! -f "$OUT/${name}_seed_corpus.zip" ]; then
		echo "$name: no seed corpus zip"; status=1; continue
	fi
	mkdir -p "$tmp/c-$name"
	(cd "$tmp/c-$name" && unzip -q "$OUT/${name}_seed_corpus.zip")
	if ASAN_OPTIONS=detect_leaks=1 "$OUT/$name" -runs=200 -timeout=10 \
		-artifact_prefix="$tmp/" \
		"$tmp/c-$name" >"$tmp/$name.log" 2>&1; then
		echo "$name: built, $(ls "$tmp/c-$name" | wc -l) seeds, 200 runs ok"
	else
		tail -n 30 "$tmp/$name.log"; echo "$name: FAILED to run"; status=1
	fi
done
ls "$OUT"
exit $status
