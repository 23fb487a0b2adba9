#!/usr/bin/env bash
# Builds the libFuzzer target and runs it for FUZZ_SECONDS (default 60) on the committed seeds in Fuzz/corpus
# plus the inputs earlier runs found in .build/fuzz/corpus. A crash leaves its input in .build/fuzz/ as
# crash-<hash> and makes the script fail; `refiner-fuzz <file>` replays it.
# With MERGE=1 it then minimises everything found into Fuzz/corpus, for committing.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
bash scripts/build-fuzzer.sh 2> >(grep -v "Cannot export local symbol" >&2)

mkdir -p .build/fuzz/corpus
.build/fuzz/refiner-fuzz -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix=.build/fuzz/ \
    .build/fuzz/corpus Fuzz/corpus

if [ "${MERGE:-0}" = 1 ]; then
    .build/fuzz/refiner-fuzz -merge=1 Fuzz/corpus .build/fuzz/corpus
fi
