#!/usr/bin/env python3
"""Load the service with wrk, beside nginx serving a fixed /health, and record the figures.

In one run: wrk against nginx's /health, the service's /health, and the service's POST /verify with the bodies
of the development records. Writes requests per second, latency percentiles and the ratio to nginx between the
`http-bench` markers of the Markdown file. Needs Debian's `wrk` and `nginx-light`.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import ROOT, Service, free_port, machine_line, write_markdown_section, write_verify_bodies

WRK_DIR = ROOT / "scripts" / "wrk"


def start_nginx(folder):
    """Start nginx on a free loopback port with the fixed /health configuration, and return (process, port)."""
    port = free_port()
    template = (WRK_DIR / "nginx.conf.template").read_text()
    config = Path(folder) / "nginx.conf"
    config.write_text(template.replace("__PREFIX__", str(folder)).replace("__PORT__", str(port)))
    process = subprocess.Popen(["nginx", "-c", str(config), "-p", str(folder)], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if subprocess.run(["curl", "-sf", f"http://127.0.0.1:{port}/health"], capture_output=True).returncode == 0:
            return process, port
        time.sleep(0.1)
    process.terminate()
    raise RuntimeError("nginx did not respond to /health within 10 s")


def run_wrk(url, seconds, connections, threads, script, environment=None):
    """Run wrk and return the JSON summary its Lua `done` hook prints."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", str(script), url]
    result = subprocess.run(
        command, capture_output=True, text=True, env=dict(os.environ, **(environment or {})), check=True
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"wrk printed no summary: {result.stdout} {result.stderr}")
    summary = json.loads(lines[-1])
    summary["rps"] = summary["requests"] / (summary["duration_us"] / 1e6)
    summary["errors"] = sum(summary[key] for key in ("connect_errors", "read_errors", "write_errors", "timeouts"))
    return summary


def row(target, path, connections, summary, reference=None):
    ratio = f"{summary['rps'] / reference['rps']:.2f}" if reference else "-"
    return (
        f"| {target} | {path} | {connections} | {summary['rps']:,.0f} | {summary['p50_us'] / 1000:.2f} | "
        f"{summary['p90_us'] / 1000:.2f} | {summary['p99_us'] / 1000:.2f} | {summary['non_2xx']} | "
        f"{summary['errors']} | {ratio} |"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary", default=str(ROOT / ".build/release/refiner"), help="refiner executable")
    parser.add_argument("--data", default=str(ROOT.parent / "shared/data/dev.jsonl"), help="labelled records")
    parser.add_argument("--markdown", help="Markdown file whose http-bench section is rewritten")
    parser.add_argument("--seconds", type=int, default=10, help="duration of each wrk run. Default: 10")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections. Default: 32")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads. Default: 2")
    parser.add_argument("--log-level", default="info", help="service log level. Default: info, as shipped")
    parser.add_argument("--baseline", help="another refiner executable to measure in the same run, for comparison")
    arguments = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} not found: install Debian's wrk and nginx-light")

    folder = tempfile.mkdtemp(prefix="refiner-bench-")
    bodies = Path(folder) / "verify-bodies.jsonl"
    records = write_verify_bodies(arguments.data, bodies)
    report = WRK_DIR / "report.lua"
    verify_environment = {"VERIFY_BODIES": str(bodies), "WRK_REPORT_SCRIPT": str(report)}
    c, t, s = arguments.connections, arguments.threads, arguments.seconds
    baseline_rows = []
    if arguments.baseline:
        baseline = Service(arguments.baseline, log_level=arguments.log_level)
        try:
            url = f"http://127.0.0.1:{baseline.port}"
            run_wrk(f"{url}/health", 2, c, t, report)
            baseline_rows.append(("GET /health", run_wrk(f"{url}/health", s, c, t, report)))
            baseline_rows.append(("POST /verify", run_wrk(f"{url}/verify", s, c, t, WRK_DIR / "verify.lua", verify_environment)))
        finally:
            baseline.stop()
    nginx, nginx_port = start_nginx(folder)
    service = None
    try:
        service = Service(arguments.binary, log_level=arguments.log_level)
        # A short run each first, so connections, caches and the thread pool are warm.
        run_wrk(f"http://127.0.0.1:{nginx_port}/health", 2, c, t, report)
        run_wrk(f"http://127.0.0.1:{service.port}/health", 2, c, t, report)
        nginx_health = run_wrk(f"http://127.0.0.1:{nginx_port}/health", s, c, t, report)
        service_health = run_wrk(f"http://127.0.0.1:{service.port}/health", s, c, t, report)
        rss_before_verify = service.rss_kib()
        verify = run_wrk(
            f"http://127.0.0.1:{service.port}/verify", s, c, t, WRK_DIR / "verify.lua", verify_environment
        )
        rss_after = service.rss_kib()
    finally:
        exit_status = service.stop() if service else None
        nginx.terminate()
        nginx.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)

    lines = [
        f"Measured on {machine_line()} with `python3 scripts/bench-http.py` (`make bench`): wrk {t} threads, "
        f"{c} connections, {s} s per row, on the same machine as the servers. Service: release build, log level "
        f"{arguments.log_level} (one log line per request). nginx-light: `worker_processes auto`, access log "
        f"off, fixed `/health` body. /verify cycles through the {records} development records.",
        "",
        "| server | path | connections | requests/s | p50 ms | p90 ms | p99 ms | non-2xx | socket errors "
        "| ratio to nginx |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        row("nginx", "GET /health", c, nginx_health),
        row("refiner", "GET /health", c, service_health, nginx_health),
        row("refiner", "POST /verify", c, verify),
        *[
            row("baseline", path, c, summary, nginx_health if path == "GET /health" else None)
            for path, summary in baseline_rows
        ],
        "",
        f"Service resident memory: {rss_before_verify / 1024:.0f} MiB before the /verify run, "
        f"{rss_after / 1024:.0f} MiB after. Exit status after SIGTERM: {exit_status}.",
    ]
    if arguments.baseline:
        lines.append(f"Baseline rows: `{arguments.baseline}`, measured just before nginx in the same run.")
    table = "\n".join(lines)
    print(table)
    if arguments.markdown:
        write_markdown_section(arguments.markdown, "http-bench", "HTTP load against nginx", table)


if __name__ == "__main__":
    main()
