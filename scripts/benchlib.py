"""Helpers shared by the HTTP benchmark and the soak: starting the service, free ports, memory, Markdown."""

import json
import os
import re
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_verify_bodies(data_path, out_path):
    """Write one /verify request body per labelled record of data_path, and return how many."""
    count = 0
    with open(data_path, encoding="utf-8") as records, open(out_path, "w", encoding="utf-8") as bodies:
        for line in records:
            if not line.strip():
                continue
            record = json.loads(line)
            body = {"contexts": record["contexts"], "answer": record["answer"]}
            if record.get("question"):
                body["question"] = record["question"]
            bodies.write(json.dumps(body, ensure_ascii=False) + "\n")
            count += 1
    return count


class Service:
    """A `refiner serve` child process on a free port, its log in a temporary file."""

    def __init__(self, binary, log_level="info"):
        self.log = tempfile.NamedTemporaryFile(prefix="refiner-serve-", suffix=".log", delete=False)
        environment = dict(os.environ, REFINER_LOG_LEVEL=log_level, REFINER_LOG_FORMAT="logfmt")
        # A port picked here, because the line that logs a kernel-chosen port is hidden below log level info.
        self.port = free_port()
        self.process = subprocess.Popen(
            [binary, "serve", "--port", str(self.port)],
            cwd=ROOT,
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_until_ready(self, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"refiner serve exited with {self.process.returncode}; log: {self.log.name}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/ready", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"GET /ready did not return 200 within {timeout} s; log: {self.log.name}")

    def rss_kib(self):
        """Return the resident set size of the process in KiB, from /proc."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))

    def stop(self):
        """Send SIGTERM, wait for the exit, and return the exit status."""
        self.process.terminate()
        try:
            return self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()


def write_markdown_section(path, name, heading, body):
    """Replace the block between `<!-- name:begin -->` and `<!-- name:end -->`, or append it under heading."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    block = f"{begin}\n{body}\n{end}"
    text = Path(path).read_text(encoding="utf-8") if Path(path).exists() else "# Benchmarks\n"
    start, stop = text.find(begin), text.find(end)
    if start >= 0 and stop > start:
        text = text[:start] + block + text[stop + len(end):]
    else:
        text = text.rstrip("\n") + f"\n\n## {heading}\n\n{block}\n"
    Path(path).write_text(text, encoding="utf-8")


def machine_line():
    """Return the date, core count and kernel, for the line above a table of measurements."""
    return f"{time.strftime('%Y-%m-%d', time.gmtime())}, {os.cpu_count()} cores, Linux {os.uname().release}"
