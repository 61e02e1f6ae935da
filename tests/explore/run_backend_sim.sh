#!/bin/sh
# run_backend_sim.sh PROG — IOU_BACKEND=sim on a whole program
# (tests/explore/prog_readback.c): the canonical tape passes, some seed finds
# the short-read bug and prints a replay token on stderr, the token replays
# the same failure with its trace and tape, the fixed program passes every
# seed, a hang and an abort print tokens too, bad variables are refused.
set -u
prog=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export IOU_BACKEND=sim
unset IOU_SIM_REPLAY IOU_SIM_SEED IOU_SIM_KERNEL IOU_SIM_FAULTS IOU_SIM_TRACE \
	IOU_SIM_TAPE_IN IOU_SIM_TAPE_OUT

# The canonical tape (an empty vector): every read is full.
: > "$tmp/empty"
IOU_SIM_TAPE_IN="$tmp/empty" "$prog" buggy 2>"$tmp/err" ||
	fail "canonical run failed: $(cat "$tmp/err")"

# Random seeds find the short read.
found=
for seed in $(seq 0 200); do
	if ! IOU_SIM_SEED=$seed IOU_SIM_KERNEL=5.10-newest "$prog" buggy \
			2>"$tmp/err"; then
		found=$seed
		break
	fi
done
[ -n "$found" ] || fail "no seed of 0..200 found the short read"
grep -q "IOU_SIM_REPLAY='iou1:" "$tmp/err" || fail "no token: $(cat "$tmp/err")"
token=$(sed -n "s/.*IOU_SIM_REPLAY='\([^']*\)'.*/\1/p" "$tmp/err")
echo "seed $found failed; token $token"

# The token replays it, with a trace and the tape out.
IOU_SIM_REPLAY=$token IOU_SIM_TRACE="$tmp/trace" IOU_SIM_TAPE_OUT="$tmp/tape" \
	"$prog" buggy 2>"$tmp/err2"
[ $? = 1 ] || fail "the token did not replay the failure"
grep -q "IOU_SIM_REPLAY='$token'" "$tmp/err2" || fail "replay printed another token"
grep -q "shortio" "$tmp/trace" || fail "no short read in the trace"
head -1 "$tmp/tape" | grep -q "^iou-tape 1$" || fail "tape header"
grep -q "^hung 0$" "$tmp/tape" || fail "tape hung line"
grep -q "^token $token$" "$tmp/tape" || fail "tape token"

# The tape's choices fed back as a vector replay the same run.
sed -n '/^choices/,$p' "$tmp/tape" | tail -n +2 | cut -d' ' -f1 > "$tmp/vec"
IOU_SIM_TAPE_IN="$tmp/vec" IOU_SIM_KERNEL=5.10-newest \
	IOU_SIM_TAPE_OUT="$tmp/tape2" "$prog" buggy 2>/dev/null
[ $? = 1 ] || fail "the vector did not replay the failure"
cmp -s "$tmp/tape" "$tmp/tape2" || fail "the vector's tape differs"

# The fixed program passes every seed, and prints nothing.
for seed in $(seq 0 200); do
	IOU_SIM_SEED=$seed IOU_SIM_KERNEL=5.10-newest "$prog" fixed \
		2>"$tmp/err" || fail "fixed failed on seed $seed: $(cat "$tmp/err")"
	[ -s "$tmp/err" ] && fail "fixed printed: $(cat "$tmp/err")"
done

# A hang: the wait returns -EDEADLK; the token is printed even at exit 0.
IOU_SIM_TAPE_IN="$tmp/empty" IOU_SIM_TAPE_OUT="$tmp/tape" "$prog" hang \
	2>"$tmp/err"
[ $? = 3 ] || fail "hang: wrong status"
grep -q "sim hung\|exit status" "$tmp/err" || fail "hang: no report"
grep -q "^hung 1$" "$tmp/tape" || fail "hang: tape says not hung"

# An abort: the token comes from the signal handler.
IOU_SIM_REPLAY=$token "$prog" crash 2>"$tmp/err"
[ $? -gt 128 ] || fail "crash: not killed by a signal"
grep -q "signal 6.*IOU_SIM_REPLAY='iou1:" "$tmp/err" || fail "crash: $(cat "$tmp/err")"

# Bad variables: init fails with a message.
IOU_SIM_KERNEL=4.0-bogus "$prog" fixed 2>"$tmp/err"
[ $? = 2 ] && grep -q "bad IOU_SIM_KERNEL" "$tmp/err" || fail "bad kernel accepted"
# a range that runs downwards, and 0.0 (which would read as "newest")
for k in 5.18-0.0 6.1-5.10 0.0; do
	IOU_SIM_KERNEL=$k "$prog" fixed 2>"$tmp/err"
	[ $? = 2 ] && grep -q "bad IOU_SIM_KERNEL" "$tmp/err" ||
		fail "bad kernel $k accepted"
done
IOU_SIM_FAULTS=eio,nosuch "$prog" fixed 2>"$tmp/err"
[ $? = 2 ] && grep -q "bad IOU_SIM_FAULTS" "$tmp/err" || fail "bad faults accepted"
IOU_BACKEND=bogus "$prog" fixed 2>"$tmp/err"
[ $? = 2 ] || fail "bad backend accepted"
IOU_SIM_FAULTS=eio,eagain IOU_SIM_SEED=3 "$prog" fixed 2>/dev/null
[ $? != 2 ] || fail "fault names refused"
echo "ok"
