"""Wait until a starting Refiner service is ready and print its port.

The service is started with ``--port 0`` and JSON lines logs, so the kernel picks a free port that the
``HTTP server listening`` line names. The script then polls ``GET /ready`` until it returns 200.
"""

import argparse
import json
import sys
import time
import urllib.error
import urllib.request


def listening_port(log_path: str, deadline: float) -> int:
    """Return the port from the service's listening line, waiting for the line until the deadline."""
    while time.monotonic() < deadline:
        with open(log_path, encoding="utf-8") as log:
            for line in log:
                try:
                    event = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if event.get("message") == "HTTP server listening":
                    return int(event["http.port"])
        time.sleep(0.1)
    raise TimeoutError(f"no 'HTTP server listening' line in {log_path}")


def wait_until_ready(port: int, deadline: float) -> None:
    """Poll GET /ready until it returns 200, or raise TimeoutError at the deadline."""
    url = f"http://127.0.0.1:{port}/ready"
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not return 200 in time")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("log", help="file the service writes its JSON lines log to")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait in all")
    arguments = parser.parse_args()

    deadline = time.monotonic() + arguments.timeout
    port = listening_port(arguments.log, deadline)
    wait_until_ready(port, deadline)
    print(port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
