"""Check a live Refiner service's GET /metrics with prometheus_client's parser.

Scrapes once, sends a known mix of requests and scrapes again. Every expected family must parse with its
type, the request counters must move by exactly the requests sent, histograms must be consistent, and the
model info must match GET /ready. Lists the failures and exits 1 otherwise.
"""

import json
import socket
import sys
import urllib.error
import urllib.request
from urllib.parse import urlparse

import yaml
from prometheus_client.parser import text_string_to_metric_families

EXPECTED_TYPES = {
    "refiner_http_requests": "counter",
    "refiner_http_request_duration_seconds": "histogram",
    "refiner_http_open_connections": "gauge",
    "refiner_http_rejected_requests": "counter",
    "refiner_http_rejected_connections": "counter",
    "refiner_trm_supervision_steps": "histogram",
    "refiner_model_info": "gauge",
    "refiner_ebm_refinement_steps": "histogram",
    "refiner_ebm_energy_decrease": "histogram",
    "refiner_energy_model_info": "gauge",
    "refiner_training_jobs": "gauge",
    "refiner_upstream_attempts": "counter",
    "refiner_upstream_attempt_duration_seconds": "histogram",
}

# check_logs.py searches the service log for this value and for the answer text below: neither may appear.
SECRET_MARKER = "refiner-secret-marker-7f3a"

VALID_ITEM = {
    "question": "Where is the head office?",
    "contexts": ["The Oberoi Group is a hotel company with its head office in Delhi."],
    "answer": "The head office is in Delhi.",
}


class Checks:
    """Collects failed checks so that one run reports all of them."""

    def __init__(self) -> None:
        self.failures: list[str] = []
        self.passed = 0

    def expect(self, condition: bool, description: str) -> None:
        if condition:
            self.passed += 1
        else:
            self.failures.append(description)


def request(base: str, method: str, path: str, body: dict | None = None) -> tuple[int, dict, bytes]:
    """Send one request and return its status, header fields and body, for error statuses too."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"} if body is not None else {}
    headers["Authorization"] = f"Bearer {SECRET_MARKER}"
    prepared = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(prepared, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def send_raw(base: str, payload: bytes) -> bytes:
    """Send bytes on a new TCP connection and return everything the server sends before it closes."""
    address = urlparse(base)
    with socket.create_connection((address.hostname, address.port), timeout=10) as connection:
        connection.sendall(payload)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    return received


def scrape(base: str, checks: Checks) -> dict:
    """Scrape and parse /metrics, returning the families by name."""
    status, headers, body = request(base, "GET", "/metrics")
    checks.expect(status == 200, f"GET /metrics returned {status}")
    content_type = headers.get("Content-Type", "")
    checks.expect(content_type.startswith("text/plain; version=0.0.4"), f"Content-Type is {content_type!r}")
    return {family.name: family for family in text_string_to_metric_families(body.decode("utf-8"))}


def sample_value(families: dict, family: str, sample: str, **labels: str) -> float:
    """Return the value of one sample, or 0 when the family or the label set has none yet."""
    if family not in families:
        return 0.0
    for entry in families[family].samples:
        if entry.name == sample and all(entry.labels.get(key) == value for key, value in labels.items()):
            if set(entry.labels) - {"le"} == set(labels):
                return entry.value
    return 0.0


def check_histograms(families: dict, checks: Checks) -> None:
    """Check that each histogram series has non-decreasing buckets and a +Inf bucket equal to its count."""
    for family in families.values():
        if family.type != "histogram":
            continue
        series: dict[tuple, list] = {}
        counts: dict[tuple, float] = {}
        for entry in family.samples:
            key = tuple(sorted((k, v) for k, v in entry.labels.items() if k != "le"))
            if entry.name.endswith("_bucket"):
                series.setdefault(key, []).append((float(entry.labels["le"]), entry.value))
            elif entry.name.endswith("_count"):
                counts[key] = entry.value
        for key, buckets in series.items():
            values = [value for _, value in sorted(buckets)]
            checks.expect(values == sorted(values), f"{family.name}{dict(key)} buckets decrease: {buckets}")
            checks.expect(values[-1] == counts.get(key), f"{family.name}{dict(key)} +Inf bucket is not the count")


def check_route_labels(families: dict, spec_path: str, checks: Checks) -> None:
    """Check that every route label is a path of the OpenAPI document or `unmatched`, never a client's path."""
    with open(spec_path, encoding="utf-8") as spec:
        allowed = set(yaml.safe_load(spec)["paths"]) | {"unmatched"}
    for family in families.values():
        for entry in family.samples:
            route = entry.labels.get("route")
            checks.expect(route is None or route in allowed, f"{entry.name} has route label {route!r}")


def main() -> int:
    base = sys.argv[1].rstrip("/")
    spec_path = sys.argv[2] if len(sys.argv) > 2 else "openapi.yaml"
    checks = Checks()

    before = scrape(base, checks)
    for name, kind in EXPECTED_TYPES.items():
        checks.expect(name in before, f"family {name} is missing")
        checks.expect(name not in before or before[name].type == kind, f"family {name} is not a {kind}")

    for _ in range(3):
        request(base, "GET", "/health")
    for _ in range(2):
        status, _, _ = request(base, "POST", "/verify", VALID_ITEM)
        checks.expect(status == 200, f"valid POST /verify returned {status}")
    status, _, _ = request(base, "POST", "/verify", {"contexts": [], "answer": "x"})
    checks.expect(status == 400, f"POST /verify with no contexts returned {status}")
    refined = None
    for path in ("/score", "/refine"):
        status, _, body = request(base, "POST", path, VALID_ITEM)
        checks.expect(status == 200, f"valid POST {path} returned {status}")
        if path == "/refine" and status == 200:
            refined = json.loads(body)
    reply = send_raw(base, b"GET /health HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n")
    checks.expect(reply.startswith(b"HTTP/1.1 505 "), f"HTTP/2.0 request got {reply[:40]!r}")

    after = scrape(base, checks)

    def moved(family: str, sample: str, **labels: str) -> float:
        return sample_value(after, family, sample, **labels) - sample_value(before, family, sample, **labels)

    requests = ("refiner_http_requests", "refiner_http_requests_total")
    expected_moves = [
        (requests, {"route": "/health", "method": "GET", "status": "200"}, 3),
        (requests, {"route": "/verify", "method": "POST", "status": "200"}, 2),
        (requests, {"route": "/verify", "method": "POST", "status": "400"}, 1),
        (requests, {"route": "/score", "method": "POST", "status": "200"}, 1),
        (requests, {"route": "/refine", "method": "POST", "status": "200"}, 1),
        (requests, {"route": "/metrics", "method": "GET", "status": "200"}, 1),
        (
            ("refiner_http_request_duration_seconds", "refiner_http_request_duration_seconds_count"),
            {"route": "/health"},
            3,
        ),
        (("refiner_http_rejected_requests", "refiner_http_rejected_requests_total"), {"status": "505"}, 1),
    ]
    for (family, sample), labels, count in expected_moves:
        delta = moved(family, sample, **labels)
        checks.expect(delta == count, f"{sample}{labels} moved by {delta}, expected {count}")

    steps = sum(
        moved("refiner_trm_supervision_steps", "refiner_trm_supervision_steps_count", halted=halted)
        for halted in ("true", "false")
    )
    # Two from /verify, and from /refine one per candidate it considered: each is verified once.
    refine_verifications = len(refined.get("candidates", [])) if refined is not None else 0
    expected_steps = 2 + refine_verifications
    checks.expect(
        steps == expected_steps, f"refiner_trm_supervision_steps_count moved by {steps}, expected {expected_steps}"
    )
    refinements = sum(
        moved("refiner_ebm_refinement_steps", "refiner_ebm_refinement_steps_count", outcome=outcome)
        for outcome in ("kept", "rejected", "unchanged")
    )
    checks.expect(refinements == 1, f"refiner_ebm_refinement_steps_count moved by {refinements}, expected 1")
    # The stub upstream answers at once, so each upstream call of /refine is one attempt.
    upstream_calls = refined.get("upstream_calls", 0) if refined is not None else 0
    attempts = moved("refiner_upstream_attempts", "refiner_upstream_attempts_total", outcome="ok")
    checks.expect(
        attempts == upstream_calls, f"refiner_upstream_attempts_total moved by {attempts}, expected {upstream_calls}"
    )
    open_connections = sample_value(after, "refiner_http_open_connections", "refiner_http_open_connections")
    checks.expect(open_connections >= 1, f"open connections is {open_connections} during a scrape")
    check_histograms(after, checks)
    check_route_labels(after, spec_path, checks)

    _, _, ready_body = request(base, "GET", "/ready")
    versions = json.loads(ready_body)["models"]
    for model, version in versions.items():
        info = sample_value(after, "refiner_model_info", "refiner_model_info", model=model, version=version)
        checks.expect(info == 1, f"refiner_model_info has no sample for {model} {version}")

    for failure in checks.failures:
        print(f"FAILED: {failure}")
    print(f"metrics: {checks.passed} passed, {len(checks.failures)} failed")
    return 1 if checks.failures else 0


if __name__ == "__main__":
    sys.exit(main())
