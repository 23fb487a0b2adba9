#!/usr/bin/env bash
# Runs a command with scripts/upstream_stub.py serving on a free loopback port and REFINER_UPSTREAM_URL pointing
# at it, then stops the stub. `make bench` uses it to time the hybrid /refine loop.
#
# Usage: scripts/with-upstream-stub.sh COMMAND [ARGUMENTS...]
set -euo pipefail
cd "$(dirname "$0")/.."

output=$(mktemp)
python3 scripts/upstream_stub.py --port 0 >"$output" &
stub=$!
trap 'kill "$stub" 2>/dev/null || true; rm -f "$output"' EXIT
for _ in $(seq 100); do
    grep -q "^listening on" "$output" && break
    sleep 0.1
done
address=$(sed -n 's/^listening on //p' "$output")
if [ -z "$address" ]; then
    echo "the upstream stub did not start" >&2
    exit 1
fi
REFINER_UPSTREAM_URL="http://$address/v1" "$@"
