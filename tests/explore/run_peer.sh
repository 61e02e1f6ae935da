#!/bin/sh
# run_peer.sh PROG LIB TOOL — a server that runs for ever (prog_udp.c, a
# UDP echo server on libc calls) explored whole with a peer in the sim's
# world (iou-explore --peer): the fixed server passes, its run ending
# with status 0 once every echo came back; the buggy one (one datagram
# per edge-triggered wakeup) is found as a hang when the peer's datagrams
# arrive two at once, and the printed command line replays it.
set -u
prog=$1 lib=$2 tool=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; tail -20 "$tmp/out" 2>/dev/null; exit 1; }
unset IOU_BACKEND IOU_SIM_REPLAY IOU_SIM_SEED IOU_SIM_KERNEL IOU_SIM_FAULTS \
	IOU_SIM_TRACE IOU_SIM_TAPE_IN IOU_SIM_TAPE_OUT IOU_SIM_PEER
cd "$tmp" || exit 1
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

# One run by hand: the peer's echoes all come back, the run ends 0.
IOU_BACKEND=sim IOU_SIM_PEER=udp-echo:6000:5 IOU_SIM_TRACE=trace \
	LD_PRELOAD=$lib "$prog" fixed 6000 > out 2>&1 || fail "fixed: not 0"
grep -q "peer is done" out || fail "fixed: no word of the end"
grep -q "^peer done (5 echoed)" trace || fail "fixed: the trace"
# A bad spec is refused.
IOU_BACKEND=sim IOU_SIM_PEER=udp-echo:0 LD_PRELOAD=$lib "$prog" fixed 6000 \
	> out 2>&1 && fail "a bad IOU_SIM_PEER was accepted"
"$tool" --peer tcp:1 -- "$prog" fixed 6000 > out 2>&1
[ $? = 2 ] || fail "a bad --peer was accepted"

"$tool" -q --runs 150 --preload "$lib" --peer udp-echo:6000:6 -- \
	"$prog" fixed 6000 > out 2>&1
[ $? = 0 ] || fail "fixed: reported a failure"
echo "fixed: $(head -1 out)"

"$tool" --runs 150 --preload "$lib" --peer udp-echo:6000:6 -- \
	"$prog" buggy 6000 > out 2>&1
[ $? = 1 ] && grep -q "HUNG" out || fail "buggy: not found"
grep -q "^=> choice peer [1-9]" out || fail "buggy: no burst in the trace"
grep -q "^peer not done" out || fail "buggy: the peer's account"
echo "buggy: $(grep 'first failure' out)"
cmd=$(sed -n 's/^iou-explore: replay: //p' out)
[ -n "$cmd" ] || fail "buggy: no replay line"
case $cmd in *"IOU_SIM_PEER='udp-echo:6000:6'"*) ;;
	*) fail "buggy: the replay line lacks the peer" ;; esac
eval "$cmd" > out 2>&1 && fail "buggy: the replay passed"
grep -q "the sim hung" out || fail "buggy: the replay did not hang"
echo ok
