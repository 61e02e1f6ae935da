#!/bin/sh
# Builds iou and runs every test suite twice: a plain build, then an
# AddressSanitizer + UndefinedBehaviorSanitizer build. Ends with one line,
# "N passed, N failed" (and skipped), over both runs.
# A full run takes about 8 minutes on 2 cores from a fresh clone (the
# ASan+UBSan build and suite are most of it). --quick: the plain build
# only, without the suites that build the tree again (install,
# fuzz-build): about 2 minutes. --no-sanitizers: the plain build, every
# suite.
#   usage: scripts/test.sh [--quick | --no-sanitizers]
set -u
cd "$(dirname "$0")/.." || exit 1
. scripts/deps.sh

sanitize=1
skip=
case "${1:-}" in
--quick) sanitize=0; skip="--no-suite install --no-suite fuzz-build" ;;
--no-sanitizers) sanitize=0 ;;
"") ;;
*) echo "usage: scripts/test.sh [--quick | --no-sanitizers]" >&2; exit 2 ;;
esac

status=0
run_suite() { # builddir, meson options...
	dir=$1; shift
	rm -f "$dir/meson-logs/testlog.json" "$dir.failed"
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" "$@" >"$dir.setup.log" 2>&1 ||
			{ cat "$dir.setup.log"; touch "$dir.failed"; return 1; }
	fi
	ninja -C "$dir" || { touch "$dir.failed"; return 1; }
	# shellcheck disable=SC2086
	meson test -C "$dir" --print-errorlogs --num-processes 2 $skip ||
		status=1
}

run_suite build || status=1
if [ $sanitize = 1 ]; then
	run_suite build-asan -Db_sanitize=address,undefined -Db_lundef=false \
		-Dbench=false || status=1
fi

dirs=build
[ $sanitize = 1 ] && dirs="build build-asan"
python3 - $dirs <<'PY'
import json, os, sys
ok = bad = skip = 0
for d in sys.argv[1:]:
    if os.path.exists(d + '.failed'):
        bad += 1  # the build itself failed
    p = os.path.join(d, 'meson-logs', 'testlog.json')
    if not os.path.exists(p):
        continue
    for line in open(p):
        r = json.loads(line).get('result')
        if r in ('OK', 'EXPECTEDFAIL'):
            ok += 1
        elif r == 'SKIP':
            skip += 1
        else:
            bad += 1
print(f"{ok} passed, {bad} failed" + (f", {skip} skipped" if skip else ""))
PY
exit $status
