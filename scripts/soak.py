#!/usr/bin/env python3
"""Send requests at a fixed rate to a `refiner serve` child process and report 5xx, errors and memory.

Each keep-alive connection sends on a fixed schedule (open loop): a request that comes back late does not
delay the schedule, and latency counts from the scheduled send time, so a stall shows in the percentiles.
Resident memory is read from /proc at the start, once a minute and at the end. The summary is printed and,
with --markdown, written between the `soak` markers.
"""

import argparse
import asyncio
import json
import time
from pathlib import Path

from benchlib import ROOT, Service, machine_line, write_markdown_section, write_verify_bodies


class Tally:
    def __init__(self):
        self.statuses = {}
        self.errors = 0
        self.latencies_ms = []

    def percentile(self, fraction):
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def read_response(reader):
    """Read one response with a Content-Length body and return its status."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    await reader.readexactly(length)
    return status


async def connection_loop(port, requests, rate, start, end, tally):
    """Send `requests` in turn at `rate` per second on one connection, reconnecting after an error."""
    interval = 1.0 / rate
    scheduled = start
    index = 0
    reader = writer = None
    while scheduled < end:
        delay = scheduled - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(requests[index % len(requests)])
            await writer.drain()
            status = await asyncio.wait_for(read_response(reader), timeout=10)
            tally.statuses[status] = tally.statuses.get(status, 0) + 1
            tally.latencies_ms.append((time.monotonic() - scheduled) * 1000)
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError, IndexError):
            tally.errors += 1
            if writer is not None:
                writer.close()
            reader = writer = None
        index += 1
        scheduled += interval
    if writer is not None:
        writer.close()


def encode(method, path, body=b""):
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    if body:
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    return head.encode() + b"\r\n" + body


async def memory_sampler(service, end, samples):
    while time.monotonic() < end:
        await asyncio.sleep(min(60, max(0, end - time.monotonic())))
        samples.append(service.rss_kib())


async def soak(service, verify_requests, arguments):
    health, verify = Tally(), Tally()
    start = time.monotonic() + 1
    end = start + arguments.seconds
    samples = [service.rss_kib()]
    tasks = [memory_sampler(service, end, samples)]
    for number in range(arguments.verify_connections):
        rate = arguments.verify_rate / arguments.verify_connections
        rotated = verify_requests[number:] + verify_requests[:number]
        tasks.append(connection_loop(service.port, rotated, rate, start, end, verify))
    for _ in range(arguments.health_connections):
        rate = arguments.health_rate / arguments.health_connections
        tasks.append(connection_loop(service.port, [encode("GET", "/health")], rate, start, end, health))
    await asyncio.gather(*tasks)
    samples.append(service.rss_kib())
    return health, verify, samples


def describe(name, rate, tally):
    total = sum(tally.statuses.values())
    server_errors = sum(count for status, count in tally.statuses.items() if status >= 500)
    statuses = ", ".join(f"{status}: {count}" for status, count in sorted(tally.statuses.items()))
    return (
        f"| {name} | {rate} | {total} | {statuses} | {server_errors} | {tally.errors} | "
        f"{tally.percentile(0.5):.1f} | {tally.percentile(0.99):.1f} |"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary", default=str(ROOT / ".build/release/refiner"), help="refiner executable")
    parser.add_argument("--data", default=str(ROOT.parent / "shared/data/dev.jsonl"), help="labelled records")
    parser.add_argument("--seconds", type=int, default=600, help="soak duration. Default: 600")
    parser.add_argument("--verify-rate", type=int, default=50, help="POST /verify per second. Default: 50")
    parser.add_argument("--verify-connections", type=int, default=8, help="connections sending /verify. Default: 8")
    parser.add_argument("--health-rate", type=int, default=200, help="GET /health per second. Default: 200")
    parser.add_argument("--health-connections", type=int, default=4, help="connections sending /health. Default: 4")
    parser.add_argument("--markdown", help="Markdown file whose soak section is rewritten")
    arguments = parser.parse_args()

    bodies_path = Path("/tmp") / f"refiner-soak-bodies-{time.time_ns()}.jsonl"
    write_verify_bodies(arguments.data, bodies_path)
    verify_requests = [encode("POST", "/verify", line.encode()) for line in bodies_path.read_text().splitlines()]
    bodies_path.unlink()

    service = Service(arguments.binary)
    try:
        health, verify, samples = asyncio.run(soak(service, verify_requests, arguments))
    finally:
        exit_status = service.stop()

    growth = (samples[-1] - samples[0]) / samples[0] * 100
    lines = [
        f"Measured on {machine_line()} with `python3 scripts/soak.py --seconds {arguments.seconds}`: release "
        f"build, log level info, open-loop clients in one Python process on the same machine. Latency counts from "
        f"each request's scheduled send time.",
        "",
        "| path | target rate /s | requests | statuses | 5xx | client errors | p50 ms | p99 ms |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        describe("POST /verify", arguments.verify_rate, verify),
        describe("GET /health", arguments.health_rate, health),
        "",
        f"Resident memory: {samples[0] / 1024:.1f} MiB at the start, {samples[-1] / 1024:.1f} MiB at the end "
        f"({growth:+.1f}%), peak {max(samples) / 1024:.1f} MiB over {len(samples)} samples. "
        f"Exit status after SIGTERM: {exit_status}.",
    ]
    if len(samples) > 2:
        warm_growth = (samples[-1] - samples[1]) / samples[1] * 100
        lines.append(
            f"From the first minute on, with the service warm: {samples[1] / 1024:.1f} MiB to "
            f"{samples[-1] / 1024:.1f} MiB ({warm_growth:+.1f}%)."
        )
    table = "\n".join(lines)
    print(table)
    print(json.dumps({"rss_kib": samples}))
    if arguments.markdown:
        write_markdown_section(arguments.markdown, "soak", "Soak at a fixed rate", table)


if __name__ == "__main__":
    main()
