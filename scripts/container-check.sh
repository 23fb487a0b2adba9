#!/usr/bin/env bash
# Checks the container and deployment files without a Docker engine. It lints the Dockerfile with hadolint
# and validates the Kubernetes manifests against the API schemas. Then it runs the image's build script on this
# machine, starts the staged service from its folder as the image's entry point does, and probes it with the
# image's health check. Inside the image the service listens on 0.0.0.0, but here it stays on 127.0.0.1.
#
# Usage: scripts/container-check.sh   Environment: STAGING (default .build/container-staging).
set -euo pipefail
cd "$(dirname "$0")/.."

tools=$(scripts/ci-python-tools.sh)
staging=${STAGING:-.build/container-staging}
pid=""
log=$(mktemp)
stop_service() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        wait "$pid" || true
    fi
}
trap 'stop_service; rm -f "$log"' EXIT

echo "== hadolint"
"$tools/hadolint" Dockerfile && echo "Dockerfile: no findings"

echo "== kubernetes-validate"
manifests=()
for file in deploy/kubernetes/*.yaml; do
    [ "$(basename "$file")" = kustomization.yaml ] || manifests+=("$file")
done
"$tools/kubernetes-validate" --strict "${manifests[@]}"

echo "== scripts/build-release.sh $staging"
scripts/build-release.sh "$staging"

echo "== staged service"
port=$("$tools/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(
    cd "$staging"
    export REFINER_HOST=127.0.0.1 REFINER_PORT=$port REFINER_LOG_FORMAT=json OPENBLAS_NUM_THREADS=1
    export REFINER_CHECKPOINT_DIR="$PWD/Config/models" REFINER_OPENAPI_FILE="$PWD/openapi.yaml"
    exec bin/refiner serve --config Config/default.json
) 2>"$log" &
pid=$!
"$tools/python" tests/contract/wait_for_service.py "$log" --timeout 120 >/dev/null

REFINER_PORT=$port "$staging/bin/healthcheck" && echo "healthcheck: healthy on port $port"
"$tools/python" - "$port" "$staging/openapi.yaml" <<'PYTHON'
import sys, urllib.request
port, document = sys.argv[1], sys.argv[2]
served = urllib.request.urlopen(f"http://127.0.0.1:{port}/openapi.yaml").read()
assert served == open(document, "rb").read(), "the staged service serves a different openapi.yaml"
print("GET /openapi.yaml: the staged document")
PYTHON

kill -TERM "$pid"
wait "$pid"
pid=""
if REFINER_PORT=$port "$staging/bin/healthcheck" 2>/dev/null; then
    echo "healthcheck still passed after the service stopped" >&2
    exit 1
fi
echo "healthcheck: unhealthy once stopped, as expected"
