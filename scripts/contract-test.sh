#!/usr/bin/env bash
# Holds the release service to its contract. It validates openapi.yaml and starts the service on a free
# loopback port with JSON lines logs, its upstream pointed at scripts/upstream_stub.py on another. It checks that the service serves openapi.yaml and runs schemathesis with
# all its default checks against it. Then it checks /metrics scrapes with prometheus_client, stops the service
# with SIGTERM and checks its log.
#
# Usage: scripts/contract-test.sh [BINARY]   (default: .build/release/refiner; build it first)
# Environment: CONTRACT_MAX_EXAMPLES (default 300) test cases per operation, CONTRACT_SEED (default 1).
set -euo pipefail
cd "$(dirname "$0")/.."

binary=${1:-.build/release/refiner}
tools=$(scripts/ci-python-tools.sh)
work=$(mktemp -d)
log="$work/service.log"
pid=""
stub_pid=""

stop_service() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        wait "$pid" || true
    fi
    if [ -n "$stub_pid" ]; then
        kill "$stub_pid" 2>/dev/null || true
    fi
}
trap 'stop_service; rm -rf "$work"' EXIT

echo "== openapi-spec-validator"
"$tools/openapi-spec-validator" openapi.yaml

echo "== starting the upstream stub"
"$tools/python" scripts/upstream_stub.py --port 0 >"$work/stub.out" 2>"$work/stub.err" &
stub_pid=$!
for _ in $(seq 100); do
    grep -q "^listening on" "$work/stub.out" 2>/dev/null && break
    sleep 0.1
done
stub=$(sed -n 's/^listening on //p' "$work/stub.out")
[ -n "$stub" ] || { echo "the upstream stub did not start" >&2; cat "$work/stub.err" >&2; exit 1; }
echo "upstream stub on http://$stub/v1"
export REFINER_UPSTREAM_URL="http://$stub/v1"
# check_logs.py makes sure the upstream key never reaches the log either.
REFINER_UPSTREAM_API_KEY="sk-contract-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export REFINER_UPSTREAM_API_KEY

echo "== starting $binary on a free loopback port"
# The admin token enables the training routes but schemathesis never gets it, so they return 401 or 403 and
# no training job starts; check_logs.py makes sure the token never reaches the log.
REFINER_ADMIN_TOKEN="contract-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export REFINER_ADMIN_TOKEN
REFINER_LOG_FORMAT=json "$binary" serve --config Config/default.json --host 127.0.0.1 --port 0 2>"$log" &
pid=$!
port=$("$tools/python" tests/contract/wait_for_service.py "$log" --timeout 120)
base="http://127.0.0.1:$port"
echo "service ready on $base (pid $pid)"

echo "== served document"
"$tools/python" -c 'import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1]).read())' \
    "$base/openapi.yaml" > "$work/served.yaml"
cmp openapi.yaml "$work/served.yaml" && echo "GET /openapi.yaml returns openapi.yaml byte for byte"

echo "== schemathesis"
# Run from the temporary folder, where schemathesis leaves its .schemathesis cache.
spec="$PWD/openapi.yaml"
config="$PWD/tests/contract/schemathesis.toml"
(
    cd "$work"
    "$tools/st" --config-file "$config" run "$spec" --url "$base" \
        --max-examples "${CONTRACT_MAX_EXAMPLES:-300}" --seed "${CONTRACT_SEED:-1}" \
        --generation-database none --request-timeout 60 --no-color
)

echo "== metrics"
"$tools/python" tests/contract/check_metrics.py "$base"

echo "== stopping the service"
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=""
if [ "$status" -ne 0 ]; then
    echo "the service exited with status $status after SIGTERM" >&2
    exit 1
fi

echo "== logs"
"$tools/python" tests/contract/check_logs.py "$log"
