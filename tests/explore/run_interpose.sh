#!/bin/sh
# run_interpose.sh PROG PROG_LINKED LIB TOOL — an unmodified libc program
# (prog_libc.c) on the kernel, then on the sim through the interposition
# library, preloaded and linked in: its files and pipes are the sim's (fds
# from 512, nothing on the host's disk), system files stay real, threads
# and fork exit 77, and iou-explore finds its short-read bug.
set -u
prog=$1 linked=$2 lib=$3 tool=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
unset IOU_BACKEND IOU_SIM_REPLAY IOU_SIM_SEED IOU_SIM_KERNEL IOU_SIM_FAULTS \
	IOU_SIM_TRACE IOU_SIM_TAPE_IN IOU_SIM_TAPE_OUT
cd "$tmp" || exit 1
: > empty
# a sanitized build: the preloaded library comes before ASan's runtime
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

# On the kernel, with and without the library loaded.
"$prog" fixed > out 2>&1 || fail "kernel: $(cat out)"
LD_PRELOAD=$lib "$prog" fixed > out 2>&1 || fail "kernel+preload: $(cat out)"
"$linked" fixed > out 2>&1 || fail "kernel linked: $(cat out)"
[ -e libc.dat ] && fail "kernel: the file was left behind"

# On the sim, canonical tape: preloaded and linked in.
for p in "LD_PRELOAD=$lib $prog" "$linked"; do
	env IOU_BACKEND=sim IOU_SIM_TAPE_IN=empty IOU_SIM_TRACE=trace $p fixed \
		> out 2>&1 || fail "sim ($p): $(cat out)"
	grep -q "prog_libc: ok" out || fail "sim ($p): no ok"
	grep -q "^sys open libc.dat .* = 51[0-9]$" trace ||
		fail "sim ($p): the file is not the sim's: $(grep open trace)"
	grep -q "WRITE fd=51" trace || fail "sim ($p): the pipe is not the sim's"
	for call in "eventfd" "epoll_wait .* = 1" "sendto" "recvfrom" \
			"open /tmp/loop.dat" "dup" "sleep 5000000"; do
		grep -q "^sys $call" trace || fail "sim ($p): no sys $call"
	done
	[ -e libc.dat ] && fail "sim ($p): a host file was made"
done

# Threads and fork are refused with 77.
for m in thread fork; do
	IOU_BACKEND=sim LD_PRELOAD=$lib "$prog" $m > out 2>&1
	[ $? = 77 ] || fail "$m: not 77: $(cat out)"
	grep -q "called .*$m.*exit 77" out || fail "$m: no message: $(cat out)"
done
# A read nobody can satisfy: the sim reports the hang, the read fails.
IOU_BACKEND=sim LD_PRELOAD=$lib "$prog" block > out 2>&1
[ $? = 3 ] && grep -q "read: -1 (Resource deadlock avoided)" out &&
	grep -q "sim hung" out || fail "block: $(cat out)"
"$tool" -q --preload "$lib" --runs 5 -- "$prog" block > out 2>&1
[ $? = 1 ] && grep -q "HUNG" out || fail "iou-explore on block: $(tail -3 out)"
# Files into and out of the sim's world, and a checker judging them.
head -c 70000 /dev/urandom > in.bin
"$tool" -q --preload "$lib" --runs 20 --file "$tmp/in.bin=/data/in" \
	--export "/data/out=$tmp/out.bin" --check "cmp $tmp/in.bin $tmp/out.bin" \
	-- "$prog" cat /data/in /data/out > out 2>&1
[ $? = 0 ] && cmp -s in.bin out.bin || fail "file in/out: $(tail -5 out)"
[ -e /data/out ] && fail "a host /data/out was made"
"$tool" -q --preload "$lib" --runs 5 --file "$tmp/in.bin=/data/in" \
	--check "false" -- "$prog" cat /data/in /data/out > out 2>&1
[ $? = 1 ] && grep -q -- "--check failed" out || fail "check: not reported"
"$tool" -q --preload "$lib" -- "$prog" thread > out 2>&1
[ $? = 77 ] || fail "iou-explore on threads: not 77"

# iou-explore finds the bug of the unmodified program, and passes the fix.
"$tool" -q --preload "$lib" --runs 100 -- "$prog" buggy > out 2>&1
[ $? = 1 ] || fail "explore buggy: $(tail -5 out)"
grep -q "data read back differs" out || fail "explore buggy: not the bug"
token=$(sed -n "s/^iou-explore: replay: IOU_BACKEND=sim IOU_SIM_REPLAY='\([^']*\)'.*/\1/p" out)
IOU_BACKEND=sim IOU_SIM_REPLAY=$token LD_PRELOAD=$lib "$prog" buggy \
	> out 2>&1
[ $? = 1 ] || fail "the token does not replay"
"$tool" -q --preload "$lib" --runs 100 -- "$prog" fixed > out 2>&1
[ $? = 0 ] || fail "explore fixed: $(tail -5 out)"
echo ok
