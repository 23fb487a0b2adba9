#!/usr/bin/env bash
# Builds the release binary with the Swift runtime linked in statically and stages everything the service
# needs at run time under one folder, laid out as the container's /app:
#
#   PREFIX/bin/refiner              the service, linked against the system's OpenBLAS and libcurl only
#   PREFIX/bin/healthcheck          scripts/healthcheck.sh, for the container's HEALTHCHECK
#   PREFIX/Config/default.json      configuration, whose relative paths resolve from PREFIX
#   PREFIX/Config/models/           the shipped checkpoints, with any subfolders
#   PREFIX/openapi.yaml             the document served at GET /openapi.yaml
#
# The Dockerfile's build stage runs this script, and CI runs it on the machine and starts the staged service.
# Usage: scripts/build-release.sh PREFIX   Environment: SCRATCH (default .build/container), a build folder of
# its own so that the static build does not replace the objects of `swift build -c release`.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -ne 1 ]; then
    echo "usage: $0 PREFIX" >&2
    exit 2
fi
prefix=$1
scratch=${SCRATCH:-.build/container}

bash scripts/install-deps.sh
swift build -c release --product refiner --static-swift-stdlib --scratch-path "$scratch"
binary="$(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --show-bin-path)/refiner"

rm -rf "$prefix"
install -d "$prefix/bin" "$prefix/Config"
install -m 0755 "$binary" "$prefix/bin/refiner"
install -m 0755 scripts/healthcheck.sh "$prefix/bin/healthcheck"
install -m 0644 Config/default.json "$prefix/Config/default.json"
cp -R Config/models "$prefix/Config/models"
chmod -R u=rwX,go=rX "$prefix/Config/models"
install -m 0644 openapi.yaml "$prefix/openapi.yaml"

# The runtime image carries only the OpenBLAS and libcurl packages besides glibc, so any other shared library
# the binary needs would be missing there.
missing=$(ldd "$prefix/bin/refiner" | grep "not found" || true)
if [ -n "$missing" ]; then
    echo "unresolved shared libraries:" >&2
    echo "$missing" >&2
    exit 1
fi
echo "staged $(du -sh "$prefix" | cut -f1) in $prefix; shared libraries:"
ldd "$prefix/bin/refiner" | awk '{print "  " $1}'
