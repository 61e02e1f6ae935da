#!/bin/sh
# Builds the fuzz harnesses with clang, libFuzzer, ASan and UBSan and runs
# each for SECONDS (default 60) on a scratch copy of its corpus. UB is fatal
# (halt_on_error), leaks are reported (LeakSanitizer), an input that runs
# longer than 10 s is a hang. New inputs that libFuzzer finds stay in
# build-fuzz/corpus-<name>; crashes make the script fail and are left as
# build-fuzz/crash-* (timeout-*, leak-*). See fuzz/README.md.
# With FUZZ_SEED set (CI sets 1), each harness instead runs the fixed number
# of inputs fuzz/smoke.runs gives it from that seed: the same inputs on every
# machine, so a CI failure replays here (SECONDS*3 stays a cap).
#   usage: [FUZZ_SEED=N] scripts/fuzz.sh [SECONDS]
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
	# a seeded run starts from the committed corpus alone, as in CI
	[ -n "${FUZZ_SEED:-}" ] && work=build-fuzz/smoke-$name && rm -rf "$work"
	mkdir -p "$work"
	[ -d "fuzz/corpus/$name" ] && cp -n fuzz/corpus/"$name"/* "$work"/ 2>/dev/null
	# the harness's defaults (fuzz/<name>.options: "key = value" lines)
	opts=
	[ -f "fuzz/$name.options" ] &&
		opts=$(sed -n 's/^\([a-z_]*\) *= *\(.*\)$/-\1=\2/p' "fuzz/$name.options")
	limit=-max_total_time=$secs
	if [ -n "${FUZZ_SEED:-}" ]; then
		runs=$(sed -n "s/^$name  *\([0-9][0-9]*\)\$/\1/p" fuzz/smoke.runs)
		limit="-seed=$FUZZ_SEED -runs=${runs:-100000} -max_total_time=$((secs * 3))"
	fi
	echo "fuzz $name: $limit $opts"
	# shellcheck disable=SC2086
	if "$exe" $opts $limit -timeout=10 -print_final_stats=1 \
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
