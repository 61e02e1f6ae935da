#!/usr/bin/env bash
# explore_real.sh — iou-explore on liburing's own examples (issue 13): runs
# and seconds to the first failure, default settings, per program and file
# size, on kernels 5.10..newest.
#
# liburing's source comes from Debian's archive as a source package (the
# same private apt configuration as scripts/liburing-suite.sh; nothing is
# vendored). Its examples io_uring-cp, link-cp and io_uring-test build
# unmodified against iou's liburing-compatible API (compat/liburing.h) and
# run under IOU_BACKEND=sim with the interposition library: the input file
# is copied into the sim's world (--file), the copy is copied out and
# compared (--export, --check cmp).
#
# io_uring-udp, a UDP echo server that never exits, runs with a peer in the
# sim's world (iou-explore --peer udp-echo:5432:...): the run ends when the
# server waits for ever and every echo came back.
#
# Then the fixed versions: each example with our patch applied
# (bench/explore_real/<program>.patch: retry a wait cut short, read or write
# the rest after a short one, any completion order, submit what is
# requeued, fail on a file that shrank), explored with a large budget at
# each size in EXPLORE_REAL_FIXED_SIZES: none may fail.
#
# Usage: bench/explore_real.sh [BUILD_DIR]   (default: build)
# Environment: EXPLORE_REAL_RUNS (budget per exploration, 100),
# EXPLORE_REAL_SIZES ("0 1 4095 4096 65537 1048576"), EXPLORE_REAL_ARGS
# (more iou-explore options, e.g. --no-eintr or --mode dfs),
# EXPLORE_REAL_FIXED_RUNS (budget for each fixed version, 100000; 0 skips
# them), EXPLORE_REAL_FIXED_SIZES ("4095 65537").
# Exit status: 0; 1 when a fixed version fails; 77 when the archive cannot
# be reached.
set -u

BUILD=$(cd "${1:-build}" && pwd) || exit 1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${EXPLORE_REAL_RUNS:-100}
FIXED_RUNS=${EXPLORE_REAL_FIXED_RUNS:-100000}
FIXED_SIZES=${EXPLORE_REAL_FIXED_SIZES:-"4095 65537"}
SIZES=${EXPLORE_REAL_SIZES:-"0 1 4095 4096 65537 1048576"}
WORK=$BUILD/explore-real
APT=$WORK/apt
TOOL=$BUILD/tools/iou-explore
LIB=$BUILD/interpose/libiou-interpose.so
mkdir -p "$WORK"

say() { printf '%s\n' "$*" >&2; }

fetch_source() {
	local src
	for src in "$WORK"/src/liburing-*/ "$BUILD"/liburing-suite/src/liburing-*/; do
		if [ -d "$src/examples" ]; then
			echo "${src%/}"
			return 0
		fi
	done
	mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" \
		"$APT/parts" "$WORK/dl" "$WORK/src"
	echo "deb-src http://deb.debian.org/debian bookworm main" \
		>"$APT/sources.list"
	local opts=(-o "Dir::Etc::SourceList=$APT/sources.list"
		-o "Dir::Etc::SourceParts=$APT/parts"
		-o "Dir::State::Lists=$APT/lists"
		-o "Dir::Cache=$APT/cache"
		-o "APT::Sandbox::User=$(id -un)")
	apt-get "${opts[@]}" update >"$WORK/apt-update.log" 2>&1 || return 1
	(cd "$WORK/dl" && apt-get "${opts[@]}" source --download-only \
		liburing >"$WORK/apt-source.log" 2>&1) || return 1
	tar -C "$WORK/src" -xzf "$(ls "$WORK"/dl/liburing_*.orig.tar.gz | head -1)" ||
		return 1
	src=$(ls -d "$WORK"/src/liburing-*/ | head -1)
	echo "${src%/}"
}

SRC=$(fetch_source) || { say "liburing's source is unreachable"; exit 77; }
[ -x "$TOOL" ] && [ -f "$LIB" ] || { say "build $BUILD first"; exit 1; }
say "liburing examples: $SRC/examples"

# build SOURCE OUT: one example against iou's liburing-compatible API
build() {
	cc -O1 -g -D_GNU_SOURCE -I"$ROOT/compat" -I"$ROOT/api" -I"$BUILD/api" \
		-o "$2" "$1" "$BUILD/libiou.so.0" -Wl,-rpath,"$BUILD" \
		2>"$2.build.log" ||
		{ say "$1 does not build (see $2.build.log)"; exit 1; }
}

mkdir -p "$WORK/fixed"
for p in io_uring-cp link-cp io_uring-test io_uring-udp; do
	build "$SRC/examples/$p.c" "$WORK/$p"
	cp "$SRC/examples/$p.c" "$WORK/fixed/$p.c"
	patch -s -d "$WORK/fixed" -p1 <"$ROOT/bench/explore_real/$p.patch" ||
		{ say "$p.patch does not apply"; exit 1; }
	build "$WORK/fixed/$p.c" "$WORK/fixed/$p"
done

# explore PROGRAM SIZE [BINARY RUNS]: one line of the table.
explore() {
	local p=$1 size=$2 in="$WORK/in.$2" out="$WORK/out" log verdict
	local bin=${3:-$WORK/$1} runs=${4:-$RUNS}
	[ -f "$in" ] || head -c "$size" /dev/urandom >"$in"
	log="$WORK/${bin##*/}.$size.${4:+fixed.}log"
	case $p in
	io_uring-test)
		set -- --file "$in=/in" -- "$bin" /in ;;
	*)
		rm -f "$out"
		set -- --file "$in=/in" --export "/out=$out" \
			--check "cmp -s $in $out" -- "$bin" /in /out ;;
	esac
	"$TOOL" -q --runs "$runs" --preload "$LIB" ${EXPLORE_REAL_ARGS:-} \
		"$@" >"$log" 2>&1
	case $? in
	0) verdict="none in $(sed -n 's/^iou_explore: \([0-9]*\) runs.*/\1/p' "$log") runs" ;;
	1) verdict=$(sed -n 's/^iou-explore: first failure after \([0-9]*\) runs, \([0-9.]*\) s/run \1, \2 s/p' "$log")
	   verdict="$verdict: $(grep -m1 -E '^iou-explore: (the program|a sanitizer|the run)' "$log" | sed 's/^iou-explore: //')" ;;
	77) verdict="skipped (threads or fork)" ;;
	*) verdict="error (see $log)" ;;
	esac
	printf '| %s | %s | %s |\n' "$p" "$size" "$verdict"
}

# explore_udp PEER FAULTS [BINARY RUNS]: io_uring-udp, a UDP echo server
# that runs for ever, with a peer in the sim's world (--peer) sending PEER's
# datagrams; kernels 6.1 and newer (it needs 6.0: buffer rings, multishot
# recvmsg). One line of the table.
explore_udp() {
	local spec=$1 faults=$2 bin=${3:-$WORK/io_uring-udp} runs=${4:-$RUNS}
	local log verdict
	log="$WORK/${bin##*/}.${spec//:/_}.${faults:-none}.${4:+fixed.}log"
	"$TOOL" -q --runs "$runs" --preload "$LIB" --kernel 6.1-newest \
		${faults:+--faults "$faults"} --peer "udp-echo:5432:$spec" \
		${EXPLORE_REAL_ARGS:-} -- "$bin" -p 5432 >"$log" 2>&1
	case $? in
	0) verdict="none in $(sed -n 's/^iou_explore: \([0-9]*\) runs.*/\1/p' "$log") runs" ;;
	1) verdict=$(sed -n 's/^iou-explore: first failure after \([0-9]*\) runs, \([0-9.]*\) s/run \1, \2 s/p' "$log")
	   verdict="$verdict: $(grep -m1 -E '^iou-explore: (the program|a sanitizer|the run)' "$log" | sed 's/^iou-explore: //')" ;;
	*) verdict="error (see $log)" ;;
	esac
	printf '| io_uring-udp | %s | %s | %s |\n' "$spec" "${faults:-none}" "$verdict"
}

udp_table() {
	printf '\n| program | peer datagrams:bytes | faults | first failure (%s runs) |\n' "$RUNS"
	printf '| --- | --- | --- | --- |\n'
	explore_udp 8:64 ""
	explore_udp 1000:512 ""
	explore_udp 8:64 eagain,eintr
}

printf '| program | file bytes | first failure (default settings, %s runs) |\n' "$RUNS"
printf '| --- | --- | --- |\n'
for p in io_uring-cp link-cp io_uring-test; do
	for s in $SIZES; do
		explore "$p" "$s"
	done
done
udp_table
[ "$FIXED_RUNS" -gt 0 ] || exit 0

status=0
printf '\n| fixed program (our patch) | file bytes | %s runs, default settings |\n' "$FIXED_RUNS"
printf '| --- | --- | --- |\n'
for p in io_uring-cp link-cp io_uring-test; do
	for s in $FIXED_SIZES; do
		line=$(explore "$p" "$s" "$WORK/fixed/$p" "$FIXED_RUNS")
		printf '%s\n' "$line"
		case $line in *"none in"*) ;; *) status=1 ;; esac
	done
done
printf '\n| fixed program (our patch) | peer datagrams:bytes | faults | %s runs |\n' "$FIXED_RUNS"
printf '| --- | --- | --- | --- |\n'
line=$(explore_udp 20:64 eagain,eintr "$WORK/fixed/io_uring-udp" "$FIXED_RUNS")
printf '%s\n' "$line"
case $line in *"none in"*) ;; *) status=1 ;; esac
exit $status
