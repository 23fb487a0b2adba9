#!/usr/bin/env bash
# Creates a virtual environment with the pinned Python tools of tests/contract/requirements.txt and prints
# its bin folder. The environment is reused while the requirements file is unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=${REFINER_CI_VENV:-.build/ci-venv}
requirements=tests/contract/requirements.txt
stamp="$venv/requirements.sha256"
wanted=$(sha256sum "$requirements" | cut -d' ' -f1)

if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements" >&2
    echo "$wanted" > "$stamp"
fi
echo "$(cd "$venv/bin" && pwd)"
