#!/bin/sh
# bench_fuzz.sh — how fast each fuzz harness executes inputs, one core.
#
# 1. Entry point alone: build/bench/bench_fuzz_<name> (the harness linked
#    into bench_explore.c, no fuzzing engine, no sanitizers) runs
#    LLVMFuzzerTestOneInput on every file of fuzz/corpus/<name>/, over and
#    over for SECONDS: inputs/s.
# 2. Under libFuzzer: for each libFuzzer build directory given in
#    IOU_FUZZ_BUILDS (default: build-fuzzp, no sanitizers, and build-fuzz,
#    ASan+UBSan, as scripts/fuzz.sh makes it) that exists, each harness runs
#    from a scratch copy of its seed corpus for SECONDS with the options of
#    its fuzz/<name>.options, and the figures libFuzzer prints at the end
#    are shown: executions, exec/s, and the coverage it reached (cov, ft).
# Targets (issue 11): echo 20,000 and sim_sqe 12,000 exec/s under
# libFuzzer without sanitizers; 5,000 and 2,000 under ASan+UBSan.
#   usage: bench/bench_fuzz.sh [SECONDS] (default 10)
set -u
cd "$(dirname "$0")/.." || exit 1
secs=${1:-10}
builds=${IOU_FUZZ_BUILDS:-build-fuzzp build-fuzz}

echo "bench_fuzz: entry point on its corpus (build/bench/bench_fuzz_<name>, ${secs}s each)"
for exe in build/bench/bench_fuzz_*; do
	[ -f "$exe" ] && [ -x "$exe" ] || continue
	BENCH_FUZZ_SECONDS=$secs "$exe" --quick 2>/dev/null | grep '^fuzz' | sed 's/^/  /'
done

for b in $builds; do
	[ -d "$b/fuzz" ] || continue
	echo "bench_fuzz: libFuzzer, $b (${secs}s each, from the seed corpus)"
	for exe in "$b"/fuzz/fuzz_*; do
		[ -f "$exe" ] && [ -x "$exe" ] || continue
		name=${exe##*/fuzz_}
		work=$(mktemp -d)
		cp fuzz/corpus/"$name"/* "$work"/ 2>/dev/null
		opts=
		[ -f fuzz/"$name".options ] &&
			opts=$(sed -n 's/^\([a-z_]*\) *= *\(.*\)$/-\1=\2/p' \
				fuzz/"$name".options)
		# shellcheck disable=SC2086
		"$exe" $opts -max_total_time="$secs" -print_final_stats=1 \
			"$work" >"$work.log" 2>&1
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work.log")
		rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work.log")
		cov=$(grep -E '^#[0-9]+' "$work.log" | tail -n 1 |
			sed -n 's/.*\(cov: [0-9]*\).*\(ft: [0-9]*\).*/\1 \2/p')
		printf '  %-8s %9s execs %9s exec/s  %s  %s\n' "$name" \
			"${execs:-?}" "${rate:-?}" "$cov" "${opts:-(defaults)}"
		rm -rf "$work" "$work.log"
	done
done
