#!/usr/bin/env bash
# liburing-suite.sh — liburing's own test suite as a test of iou.
#
# Fetches liburing's source package from Debian's archive (deb-src, through
# a private apt configuration under the build folder; nothing is vendored),
# builds every test of its Makefile unmodified twice — against iou-liburing
# (pkg-config, from the build folder), and against Debian's liburing as the
# baseline — and runs each with a timeout: on real liburing, on iou's linux
# backend, on iou under IOU_BACKEND=sim (canonical tape, the interposition
# library preloaded when the build has it), and the liburing-built binary with
# libiou preloaded (LD_PRELOAD: its calls bind to iou's). Builds liburing's
# examples too. Prints a table per test (with, for a test that passes on
# liburing and not on the sim, its reason class: threads/fork from the test's
# source, the others from scripts/liburing-suite.reasons), the tests that pass
# on liburing but not on iou, the count per reason class, the sim's figure
#   sim: P of N single-threaded fork-free liburing-passing tests (X%)
# and as its last line:
#   liburing suite: linux P passed, F failed, S skipped of N; sim P passed, F failed, S skipped of N
#
# Usage: scripts/liburing-suite.sh [BUILD_DIR]        (default: build)
# Environment: LIBURING_SUITE_TIMEOUT (s per test, 30), LIBURING_SUITE_JOBS
# (parallel tests, 2), LIBURING_SUITE_TESTS (names to run, default all),
# LIBURING_SUITE_CHECK=1 (exit 1 when a test passing on liburing fails on
# iou's linux backend and is not in the known-exceptions list below; such a
# test is run twice more first, as timing-sensitive tests fail now and then
# on a loaded machine with either library), LIBURING_SUITE_COLUMNS (the
# columns to run, default "liburing linux sim preload"; CI runs "liburing
# linux": the others show "-").
# Exit status: 0, or 77 when the archive or liburing-dev is unreachable.
set -u

BUILD=$(cd "${1:-build}" && pwd) || exit 1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TIMEOUT=${LIBURING_SUITE_TIMEOUT:-30}
COLUMNS=${LIBURING_SUITE_COLUMNS:-liburing linux sim preload}
JOBS=${LIBURING_SUITE_JOBS:-2}
WORK=$BUILD/liburing-suite
APT=$WORK/apt
mkdir -p "$WORK"

# Tests that pass on liburing and may not on iou's linux backend, with why.
# (Kept empty while every one passes.)
declare -A KNOWN=(
)

say() { printf '%s\n' "$*" >&2; }

# ---- liburing's source, from Debian --------------------------------------
fetch_source() {
	local src
	src=$(ls -d "$WORK"/src/liburing-*/ 2>/dev/null | head -1)
	if [ -n "$src" ] && [ -d "$src/test" ]; then
		echo "${src%/}"
		return 0
	fi
	mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" \
		"$APT/parts" "$WORK/dl" "$WORK/src"
	echo "deb-src http://deb.debian.org/debian bookworm main" \
		>"$APT/sources.list"
	local opts=(-o "Dir::Etc::SourceList=$APT/sources.list"
		-o "Dir::Etc::SourceParts=$APT/parts"
		-o "Dir::State::Lists=$APT/lists"
		-o "Dir::Cache=$APT/cache"
		-o "APT::Sandbox::User=$(id -un)")
	apt-get "${opts[@]}" update >"$WORK/apt-update.log" 2>&1 || {
		say "apt-get update failed (see $WORK/apt-update.log)"
		return 1
	}
	(cd "$WORK/dl" && apt-get "${opts[@]}" source --download-only \
		liburing >"$WORK/apt-source.log" 2>&1) || {
		say "apt-get source failed (see $WORK/apt-source.log)"
		return 1
	}
	local dsc
	dsc=$(ls "$WORK"/dl/liburing_*.dsc | head -1)
	if command -v dpkg-source >/dev/null; then
		(cd "$WORK/src" && dpkg-source --no-check -x "$dsc" \
			>"$WORK/dpkg-source.log" 2>&1) || return 1
	else
		tar -C "$WORK/src" -xzf "$(ls "$WORK"/dl/liburing_*.orig.tar.gz)"
	fi
	src=$(ls -d "$WORK"/src/liburing-*/ | head -1)
	echo "${src%/}"
}

SRC=$(fetch_source) || exit 77
say "liburing source: $SRC"
if [ ! -f "$SRC/config-host.h" ]; then
	(cd "$SRC" && ./configure >"$WORK/configure.log" 2>&1) || {
		say "liburing's configure failed (see $WORK/configure.log)"
		exit 1
	}
fi
if [ ! -f /usr/include/liburing.h ]; then
	say "Debian's liburing-dev is not installed (scripts/deps.sh)"
	exit 77
fi

# ---- building the tests ---------------------------------------------------
TESTS=()
if [ -n "${LIBURING_SUITE_TESTS:-}" ]; then
	read -r -a TESTS <<<"$LIBURING_SUITE_TESTS"
else
	# The Makefile's test_srcs list (C tests), plus statx.c.
	mapfile -t TESTS < <(sed -n '/^test_srcs := /,/# EOL/p' \
		"$SRC/test/Makefile" | grep -o '[A-Za-z0-9_-]*\.c\b' | sed 's/\.c$//')
	TESTS+=(statx)
	# and the C++ one, when there is a C++ compiler
	command -v c++ >/dev/null && TESTS+=(sq-full-cpp)
fi

export PKG_CONFIG_PATH=$BUILD/meson-uninstalled${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
IOU_FLAGS=$(pkg-config --cflags --libs iou-liburing-uninstalled) || {
	say "iou-liburing-uninstalled.pc missing in $BUILD"
	exit 1
}
# The library file (libiou.so.N with a soversion), and a libiou.so beside it
# for -liou when the build folder has none.
LIBIOU=$(ls "$BUILD"/libiou.so.[0-9]* 2>/dev/null | head -1)
[ -n "$LIBIOU" ] || LIBIOU=$BUILD/libiou.so
mkdir -p "$WORK/lib"
ln -sf "$LIBIOU" "$WORK/lib/libiou.so"
IOU_FLAGS="-L$WORK/lib $IOU_FLAGS"
COMMON=(-g -O2 -D_GNU_SOURCE -D__SANE_USERSPACE_TYPES__ -DLIBURING_BUILD_TEST
	-include "$SRC/config-host.h" -Wno-unused-parameter -Wno-sign-compare
	-w)
BIN=$WORK/bin
mkdir -p "$BIN/iou" "$BIN/liburing" "$WORK/log"

build_one() { # flavour test
	local fl=$1 t=$2 out=$BIN/$1/$2 src=$SRC/test/$2.c
	[ -f "$src" ] || src=$SRC/test/$t.cc
	# liburing's binaries depend on the source only; iou's on libiou too
	[ "$out" -nt "$src" ] &&
		{ [ "$fl" != iou ] || [ "$out" -nt "$LIBIOU" ]; } &&
		return 0
	if [ "${src%.cc}" != "$src" ]; then
		# C++: helpers.c is C (as liburing's Makefile builds it)
		local inc=()
		# shellcheck disable=SC2086
		[ "$fl" = iou ] && read -r -a inc <<<"$(pkg-config --cflags iou-liburing-uninstalled)"
		cc "${COMMON[@]}" "${inc[@]}" -c -o "$out.helpers.o" \
			"$SRC/test/helpers.c" >"$WORK/log/$t.build-$fl" 2>&1 &&
		if [ "$fl" = iou ]; then
			# shellcheck disable=SC2086
			c++ "${COMMON[@]}" -std=c++11 -o "$out" "$src" \
				"$out.helpers.o" $IOU_FLAGS -Wl,-rpath,"$BUILD" \
				-lpthread >>"$WORK/log/$t.build-$fl" 2>&1
		else
			c++ "${COMMON[@]}" -std=c++11 -o "$out" "$src" \
				"$out.helpers.o" -luring -lpthread \
				>>"$WORK/log/$t.build-$fl" 2>&1
		fi
		return
	fi
	if [ "$fl" = iou ]; then
		# shellcheck disable=SC2086
		cc "${COMMON[@]}" -o "$out" "$SRC/test/$t.c" "$SRC/test/helpers.c" \
			$IOU_FLAGS -Wl,-rpath,"$BUILD" -lpthread \
			>"$WORK/log/$t.build-iou" 2>&1
	else
		cc "${COMMON[@]}" -o "$out" "$SRC/test/$t.c" "$SRC/test/helpers.c" \
			-luring -lpthread >"$WORK/log/$t.build-liburing" 2>&1
	fi
}

# Does IOU_BACKEND=sim put liburing rings on the sim in this build?
cat >"$WORK/probe.c" <<'PROBE'
#include <stdio.h>
#include <string.h>
#include <liburing.h>
int main(void)
{
	struct io_uring ring;
	const char *name;

	if (io_uring_queue_init(4, &ring, 0))
		return 1;
	name = iou_backend_name(iou_liburing_ring(&ring));
	printf("%s\n", name ? name : "?");
	io_uring_queue_exit(&ring);
	return 0;
}
PROBE
# shellcheck disable=SC2086
cc -o "$BIN/probe" "$WORK/probe.c" $IOU_FLAGS -Wl,-rpath,"$BUILD" || exit 1
SIM_BACKEND=$(IOU_BACKEND=sim "$BIN/probe" 2>/dev/null)
[ "$SIM_BACKEND" = sim ] || say "IOU_BACKEND=sim does not reach the sim in this build (rings land on '${SIM_BACKEND:-none}'): the sim column fails"

# ---- running them -----------------------------------------------------------
run_one() { # test: writes $WORK/res/<test> as "lu lx sim preload"
	local t=$1 res=() fl bin dir rc st pre envs
	for fl in liburing linux sim preload; do
		case " $COLUMNS " in
		*" $fl "*) ;;
		*) res+=(-); continue ;;
		esac
		pre=
		if [ "$fl" = liburing ] || [ "$fl" = preload ]; then
			build_one liburing "$t" || { res+=(nobuild); continue; }
			bin=$BIN/liburing/$t
			# the liburing binary with libiou preloaded: its calls
			# bind to iou's, its inline helpers stay liburing's
			[ "$fl" = preload ] && pre=$LIBIOU
		else
			build_one iou "$t" || { res+=(nobuild); continue; }
			bin=$BIN/iou/$t
		fi
		if [ "$fl" = sim ] && [ "$SIM_BACKEND" != sim ]; then
			res+=(nosim)
			continue
		fi
		dir=$WORK/run/$fl/$t
		rm -rf "$dir" && mkdir -p "$dir"
		# the sim column: the canonical tape (an empty choice vector:
		# every choice 0) and the interposition library, so the
		# program's own fd and time calls reach the sim's world. The
		# tests pass wild pointers on purpose (send-zerocopy's
		# faults): the sim checks pointers, answering -EFAULT as the
		# kernel does. The preloads go to the test only, not to
		# timeout(1).
		envs=()
		if [ "$fl" = sim ]; then
			envs=(IOU_BACKEND=sim IOU_SIM_TAPE_IN=/dev/null
				IOU_SIM_CHECK_POINTERS=1)
			[ -n "$INTERPOSE" ] && envs+=("LD_PRELOAD=$INTERPOSE")
		fi
		[ -n "$pre" ] && envs+=("LD_PRELOAD=$pre")
		(cd "$dir" && timeout -k 5 "$TIMEOUT" env "${envs[@]}" "$bin" \
			>"$WORK/log/$t.$fl" 2>&1 </dev/null)
		rc=$?
		case $rc in
		0) st=pass ;;
		77) st=skip ;;
		124 | 137) st=timeout ;;
		*) st=fail ;;
		esac
		res+=("$st")
		rm -rf "$dir"
	done
	echo "${res[*]}" >"$WORK/res/$t"
}
export -f run_one build_one
INTERPOSE=
[ -f "$BUILD/interpose/libiou-interpose.so" ] &&
	INTERPOSE=$BUILD/interpose/libiou-interpose.so
export WORK BIN SRC BUILD TIMEOUT IOU_FLAGS SIM_BACKEND LIBIOU INTERPOSE COLUMNS
export COMMON_STR="${COMMON[*]}"
rm -rf "$WORK/res" && mkdir -p "$WORK/res"
# Arrays do not cross into xargs' shells: rebuild COMMON there.
printf '%s\n' "${TESTS[@]}" | xargs -P "$JOBS" -I{} bash -c \
	'read -r -a COMMON <<<"$COMMON_STR"; run_one "$1"' _ {} \
	2>>"$WORK/runner.log" # the shells' notes on killed tests

# ---- liburing's examples ------------------------------------------------------
# Each builds unmodified against iou-liburing; the copy programs copy a file
# through the ring on the linux backend and the copy is compared.
ex_ok=0 ex_n=0 ex_bad=()
mkdir -p "$BIN/examples"
head -c 1000000 /dev/urandom >"$WORK/ex-in" 2>/dev/null
for src in "$SRC"/examples/*.c; do
	ex=$(basename "$src" .c)
	ex_n=$((ex_n + 1))
	# shellcheck disable=SC2086
	if ! cc "${COMMON[@]}" -o "$BIN/examples/$ex" "$src" $IOU_FLAGS \
		-Wl,-rpath,"$BUILD" -lpthread >"$WORK/log/$ex.build-example" 2>&1; then
		ex_bad+=("$ex: does not build")
		continue
	fi
	case $ex in
	io_uring-cp | link-cp)
		rm -f "$WORK/ex-out"
		if timeout 20 "$BIN/examples/$ex" "$WORK/ex-in" "$WORK/ex-out" \
			>"$WORK/log/$ex.example" 2>&1 &&
			cmp -s "$WORK/ex-in" "$WORK/ex-out"; then
			ex_ok=$((ex_ok + 1))
		else
			ex_bad+=("$ex: copy failed")
		fi ;;
	io_uring-test)
		if timeout 20 "$BIN/examples/$ex" "$WORK/ex-in" \
			>"$WORK/log/$ex.example" 2>&1; then
			ex_ok=$((ex_ok + 1))
		else
			ex_bad+=("$ex: run failed")
		fi ;;
	*) ex_ok=$((ex_ok + 1)) ;; # servers and benchmarks: built only
	esac
done

# ---- why a test does not pass on the sim ----------------------------------------
# Threads and fork, from the source; the other reasons from the table.
declare -A REASON THREADED
while read -r name why; do
	case $name in '' | '#'*) continue ;; esac
	REASON[$name]=$why
done <"$ROOT/scripts/liburing-suite.reasons"
for t in "${TESTS[@]}"; do
	src=$SRC/test/$t.c
	[ -f "$src" ] || src=$SRC/test/$t.cc
	grep -qE '\b(pthread_create|fork|vfork|clone|posix_spawn|system)[[:space:]]*\(' \
		"$src" 2>/dev/null && THREADED[$t]=1
done
reason_of() { # test: its class and detail
	if [ -n "${THREADED[$1]:-}" ]; then
		echo "threads/fork: the test creates threads or forks"
	else
		echo "${REASON[$1]:-unclassified}"
	fi
}

# ---- the table ----------------------------------------------------------------
declare -A CNT CLS
lost=()
st_n=0 st_p=0
printf '%-28s %-9s %-9s %-9s %-9s\n' test liburing linux sim preload
for t in "${TESTS[@]}"; do
	read -r lu lx sm pl <"$WORK/res/$t" || { lu=fail lx=fail sm=fail pl=fail; }
	why=
	if [ "$lu" = pass ] && [ "$sm" != pass ] && [ "$sm" != - ]; then
		why=$(reason_of "$t")
		CLS[${why%%:*}]=$(( ${CLS[${why%%:*}]:-0} + 1 ))
		why="  ${why}"
	fi
	if [ "$lu" = pass ] && [ -z "${THREADED[$t]:-}" ] && [ "$sm" != - ]; then
		st_n=$((st_n + 1))
		[ "$sm" = pass ] && st_p=$((st_p + 1))
	fi
	printf '%-28s %-9s %-9s %-9s %-9s%s\n' "$t" "$lu" "$lx" "$sm" "$pl" "$why"
	for pair in "lu:$lu" "lx:$lx" "sm:$sm" "pl:$pl"; do
		k=${pair%%:*} v=${pair#*:}
		case $v in pass) v=pass ;; skip) v=skip ;; -) continue ;; *) v=fail ;; esac
		CNT[$k.$v]=$(( ${CNT[$k.$v]:-0} + 1 ))
	done
	if [ "$lu" = pass ] && [ "$lx" != pass ]; then
		lost+=("$t")
	fi
done
N=${#TESTS[@]}
echo
echo "real liburing: ${CNT[lu.pass]:-0} passed, ${CNT[lu.fail]:-0} failed, ${CNT[lu.skip]:-0} skipped of $N"
if [ ${#lost[@]} -gt 0 ]; then
	echo "pass on liburing, not on iou's linux backend (${#lost[@]}):"
	for t in "${lost[@]}"; do
		echo "  $t: $(cut -d' ' -f2 "$WORK/res/$t")${KNOWN[$t]:+ — ${KNOWN[$t]}}"
	done
else
	echo "every test that passes on liburing passes on iou's linux backend"
fi
simlost=0
for t in "${TESTS[@]}"; do
	read -r lu lx sm pl <"$WORK/res/$t" || continue
	[ "$lu" = pass ] && [ "$sm" != pass ] && [ "$sm" != - ] &&
		simlost=$((simlost + 1))
done
echo "pass on liburing, not on the sim: $simlost, by reason:"
for c in "${!CLS[@]}"; do
	echo "  $c: ${CLS[$c]}"
done | sort
echo "sim: $st_p of $st_n single-threaded fork-free liburing-passing tests ($(( st_n ? st_p * 100 / st_n : 0 ))%)"
echo "liburing's binaries with libiou preloaded: ${CNT[pl.pass]:-0} passed, ${CNT[pl.fail]:-0} failed, ${CNT[pl.skip]:-0} skipped of $N"
echo "examples: $ex_ok of $ex_n built (and the copy/test ones ran and checked) on iou-liburing${ex_bad[*]:+; }${ex_bad[*]:-}"
echo "logs: $WORK/log"
echo "liburing suite: linux ${CNT[lx.pass]:-0} passed, ${CNT[lx.fail]:-0} failed, ${CNT[lx.skip]:-0} skipped of $N; sim ${CNT[sm.pass]:-0} passed, ${CNT[sm.fail]:-0} failed, ${CNT[sm.skip]:-0} skipped of $N"

if [ "${LIBURING_SUITE_CHECK:-0}" = 1 ]; then
	for t in "${lost[@]}"; do
		[ -n "${KNOWN[$t]:-}" ] && continue
		# twice more, on liburing and iou: lost only if it stays so
		again=0
		for try in 1 2; do
			COLUMNS="liburing linux" run_one "$t"
			read -r lu lx _ <"$WORK/res/$t"
			echo "  $t again ($try): liburing $lu, linux $lx"
			{ [ "$lu" != pass ] || [ "$lx" = pass ]; } && again=1 && break
		done
		[ $again = 1 ] || exit 1
	done
	[ ${#ex_bad[@]} -eq 0 ] || exit 1
fi
exit 0
