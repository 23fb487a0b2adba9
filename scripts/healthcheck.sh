#!/usr/bin/env bash
# Exits 0 when GET /health on the local service returns 200, else 1. Uses bash's /dev/tcp, so the runtime
# image needs no HTTP client. Environment: REFINER_PORT (default 8080), HEALTHCHECK_TIMEOUT seconds (default 2).
set -uo pipefail

port=${REFINER_PORT:-8080}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
IFS= read -r -t "${HEALTHCHECK_TIMEOUT:-2}" status_line <&3 || exit 1
exec 3<&-

case "$status_line" in
    "HTTP/1.1 200 "*) exit 0 ;;
    *) echo "health check failed: ${status_line%$'\r'}" >&2; exit 1 ;;
esac
