#!/bin/sh
# Builds the fuzz harnesses with clang, libFuzzer, ASan and UBSan and runs
# each for SECONDS (default 60) on a scratch copy of its corpus. UB is fatal
# (halt_on_error), leaks are reported (LeakSanitizer), an input that runs
# longer than 10 s is a hang. New inputs that libFuzzer finds stay in
# build-fuzz/corpus-<name>; crashes make the script fail and are left as
# build-fuzz/crash-* (timeout-*, leak-*). See fuzz/README.md.
#   usage: scripts/fuzz.sh [SECONDS]
set -u
cd "$(dirname "$0")/.." || exit 1
. scripts/deps.sh
secs=${1:-60}
if [ ! -f build-fuzz/build.ninja ]; then
	CC=clang meson setup build-fuzz -Dfuzzing_engine=libfuzzer \
		-Db_sanitize=address,undefined -Db_lundef=false -Dtests=disabled \
		-Dbench=false -Dexamples=false >build-fuzz.setup.log 2>&1 ||
		{ cat build-fuzz.setup.log; exit 1; }
fi
ninja -C build-fuzz >/dev/null || { echo "fuzz build: FAILED"; exit 1; }
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export UBSAN_OPTIONS
status=0
for exe in build-fuzz/fuzz/fuzz_*; do
	[ -f "$exe" ] && [ -x "$exe" ] || continue
	name=${exe##*/fuzz_}
	work=build-fuzz/corpus-$name
	mkdir -p "$work"
	[ -d "fuzz/corpus/$name" ] && cp -n fuzz/corpus/"$name"/* "$work"/ 2>/dev/null
	# the harness's defaults (fuzz/<name>.options: "key = value" lines)
	opts=
	[ -f "fuzz/$name.options" ] &&
		opts=$(sed -n 's/^\([a-z_]*\) *= *\(.*\)$/-\1=\2/p' "fuzz/$name.options")
	echo "fuzz $name: ${secs}s $opts"
	# shellcheck disable=SC2086
	if "$exe" $opts -max_total_time="$secs" -timeout=10 -print_final_stats=1 \
		-artifact_prefix=build-fuzz/ "$work" >build-fuzz/$name.log 2>&1; then
		grep -E 'stat::number_of_executed_units|stat::average_exec_per_sec' \
			build-fuzz/$name.log | sed "s/^/  $name /"
		echo "fuzz $name: ok"
	else
		status=1
		grep -E 'invariant violated|ERROR:|SUMMARY:|during:' \
			build-fuzz/$name.log | head -n 5
		tail -n 40 build-fuzz/$name.log
		echo "fuzz $name: FAILED"
	fi
done
exit $status
