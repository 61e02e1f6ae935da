#!/bin/bash -eu
# ClusterFuzzLite build script: the builder copies it to $SRC/build.sh and
# runs it with CC/CXX (clang), CFLAGS (sanitizer and coverage flags),
# LIB_FUZZING_ENGINE, SRC, WORK and OUT set. The build itself is shared
# with OSS-Fuzz: fuzz/oss-fuzz-build.sh puts every harness in $OUT with
# its seed corpus as <harness>_seed_corpus.zip.
exec "$SRC/iou/fuzz/oss-fuzz-build.sh"
