#!/bin/sh
# run_iou_explore.sh TOOL PROG — iou-explore(1) on a whole program
# (tests/explore/prog_readback.c): it finds the short-read bug of the buggy
# mode, shrinks it, and the command line it prints replays it; the fixed
# mode passes N runs in every search mode; a hang, an abort, a time limit
# and a program that cannot start are each told apart.
set -u
tool=$1
prog=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; cat "$tmp/out" 2>/dev/null | tail -20; exit 1; }
unset IOU_BACKEND IOU_SIM_REPLAY IOU_SIM_SEED IOU_SIM_KERNEL IOU_SIM_FAULTS \
	IOU_SIM_TRACE IOU_SIM_TAPE_IN IOU_SIM_TAPE_OUT IOU_EXPLORE_SHARD
cd "$tmp" || exit 1

# The buggy program: found, shrunk to one short read, replayed.
"$tool" --runs 200 -- "$prog" buggy > out 2>&1
[ $? = 1 ] || fail "buggy: not found"
grep -q "exited with status 1" out || fail "buggy: no verdict"
grep -q "first failure after [0-9]* runs" out || fail "buggy: no runs to failure"
grep -q "^=> choice shortio [1-9]" out || fail "buggy: no short read in the trace"
token=$(sed -n "s/^iou-explore: replay: IOU_BACKEND=sim IOU_SIM_REPLAY='\([^']*\)'.*/\1/p" out)
[ -n "$token" ] || fail "buggy: no replay line"
echo "buggy: $(grep 'first failure' out); token $token"
IOU_BACKEND=sim IOU_SIM_REPLAY=$token "$prog" buggy 2>err
[ $? = 1 ] || fail "buggy: the printed command line does not replay"
"$tool" -q --replay "$token" -- "$prog" buggy > out 2>&1
[ $? = 1 ] || fail "buggy: --replay does not fail"
grep -q "^iou_explore: 1 runs" out || fail "buggy: --replay ran more than once"

# Every mode finds it within 100 runs; a single kernel too.
for mode in mixed dfs random; do
	"$tool" -q --mode $mode --runs 100 -- "$prog" buggy > out 2>&1
	[ $? = 1 ] || fail "buggy: $mode did not find it in 100 runs"
done
"$tool" -q --kernel 5.15 --runs 100 -- "$prog" buggy > out 2>&1
[ $? = 1 ] || fail "buggy: not found on 5.15"
grep -q "IOU_SIM_REPLAY='iou1:5.15:0:" out || fail "buggy: 5.15 token"

# The fixed program passes N runs.
"$tool" -q --runs 150 -- "$prog" fixed > out 2>&1
[ $? = 0 ] || fail "fixed: reported a failure"
grep -q "^iou_explore: 150 runs" out || fail "fixed: not 150 runs"
echo "fixed: $(head -1 out)"
# With the EINTR fault class on, the fixed program's missing retry of a
# read that completes with -EINTR is found.
"$tool" -q --runs 100 --faults eintr -- "$prog" fixed > out 2>&1
[ $? = 1 ] && grep -q "Interrupted system call" out ||
	fail "fixed: the EINTR fault did not reach it"
grep -q "IOU_SIM_REPLAY='iou1:[^:]*:2:" out || fail "faults: not in the token"

# A hang, an abort, a time limit, a program that cannot start.
"$tool" -q --runs 20 -- "$prog" hang > out 2>&1
[ $? = 1 ] && grep -q "HUNG" out || fail "hang: not reported"
"$tool" -q --runs 100 -- "$prog" crash > out 2>&1
[ $? = 1 ] && grep -q "killed by signal 6" out || fail "crash: not reported"
cat > slow.sh <<'EOS'
#!/bin/sh
sleep 5
EOS
chmod +x slow.sh
"$tool" -q --runs 3 --timeout 0.3 --shrink 2 -- ./slow.sh > out 2>&1
[ $? = 1 ] && grep -q "past the time limit" out || fail "timeout: not reported"
"$tool" -q -- ./no-such-program > out 2>&1
[ $? = 2 ] || fail "a missing program is not an error"
"$tool" --runs x > out 2>&1
[ $? = 2 ] || fail "bad options accepted"
echo ok
