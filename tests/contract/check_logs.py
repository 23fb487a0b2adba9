"""Check the JSON lines log of a Refiner service that ran the contract tests and was stopped with SIGTERM.

Every line must be one JSON object with time, level, logger and message. Every request line must carry
request.id, http.method, http.path, a numeric http.status and a numeric duration_ms. Start, model load,
shutdown and stop must each have a line. No request body or credential that the tests sent may appear.
"""

import json
import os
import sys

from check_metrics import SECRET_MARKER, VALID_ITEM

REQUIRED_EVENTS = ["HTTP server listening", "server started", "models loaded", "shutdown requested", "server stopped"]
# Text that only request bodies and header fields carried: the answer of check_metrics.py, the example of
# openapi.yaml that schemathesis sends, and the bearer token.
FORBIDDEN = [VALID_ITEM["answer"], "Oberoi", SECRET_MARKER]
# The admin token and the upstream key that scripts/contract-test.sh started the service with, when it set them.
for variable in ("REFINER_ADMIN_TOKEN", "REFINER_UPSTREAM_API_KEY"):
    if os.environ.get(variable):
        FORBIDDEN.append(os.environ[variable])


def is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def main() -> int:
    path = sys.argv[1]
    failures: list[str] = []
    events: list[dict] = []
    with open(path, encoding="utf-8") as log:
        text = log.read()

    for number, line in enumerate(text.splitlines(), start=1):
        try:
            event = json.loads(line)
        except json.JSONDecodeError as error:
            failures.append(f"line {number} is not JSON ({error}): {line[:200]}")
            continue
        if not isinstance(event, dict):
            failures.append(f"line {number} is not a JSON object")
            continue
        missing = [key for key in ("time", "level", "logger", "message") if key not in event]
        if missing:
            failures.append(f"line {number} lacks {missing}")
        events.append(event)

    requests = [event for event in events if event.get("message") in ("request handled", "request rejected")]
    for event in requests:
        if not isinstance(event.get("request.id"), str) or not event.get("request.id"):
            failures.append(f"request line without request.id: {event}")
        if event.get("message") == "request handled":
            for key in ("http.method", "http.path"):
                if not isinstance(event.get(key), str):
                    failures.append(f"request line without {key}: {event}")
        if not is_number(event.get("http.status")):
            failures.append(f"http.status is not a number: {event}")
        if not is_number(event.get("duration_ms")):
            failures.append(f"duration_ms is not a number: {event}")

    messages = {event.get("message") for event in events}
    for required in REQUIRED_EVENTS:
        if required not in messages:
            failures.append(f"no '{required}' line")
    if not any(event.get("message") == "request rejected" and event.get("http.status") == 505 for event in events):
        failures.append("no 'request rejected' line for the HTTP/2.0 request")
    for forbidden in FORBIDDEN:
        if forbidden in text:
            failures.append(f"the log contains {forbidden!r}, which only a request body or header field carried")

    for failure in failures[:50]:
        print(f"FAILED: {failure}")
    checked = len(events) + len(REQUIRED_EVENTS) + len(FORBIDDEN)
    print(f"logs: {len(events)} lines, {len(requests)} request lines; {checked} checked, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
