#!/bin/sh
# Copies a file of odd size with iou-cp and compares the bytes.
set -e
exe="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
head -c 1234567 /dev/urandom > "$dir/src"
"$exe" "$dir/src" "$dir/dst"
cmp "$dir/src" "$dir/dst"
echo "iou-cp: bytes identical"
