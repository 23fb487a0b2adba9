#!/usr/bin/env python3
"""Measure /verify latency while a POST /train job runs, against the same service idle.

Starts `refiner serve` on 127.0.0.1 with a temporary checkpoint folder (a copy of the shipped checkpoint),
sends sequential /verify requests while idle, then queues a training job on inline examples and keeps sending
/verify requests until the job finishes. Prints the medians, the ratio, the job's result, and whether
/ready and /verify then serve the new version.

With --clients N, N threads send /verify requests at once and the latencies of all of them are pooled.

Usage: scripts/train_under_load.py [--binary .build/release/refiner] [--examples 300] [--epochs 3] [--clients 1]
"""
import argparse
import http.client
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ITEM = {
    "question": "Where is the head office of the hotel company?",
    "contexts": ["The Oberoi Group is a hotel company with its head office in Delhi. It runs 31 hotels."],
    "answer": "The head office is in Delhi and the company runs 31 hotels.",
}


def request(port, method, path, body=None, token=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    started = time.perf_counter()
    connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = connection.getresponse()
    payload = response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return response.status, json.loads(payload) if payload else None, elapsed


def start_server(binary, folder, token, log_path):
    environment = dict(os.environ, REFINER_CHECKPOINT_DIR=folder, REFINER_ADMIN_TOKEN=token, REFINER_PORT="0")
    log = open(log_path, "w")
    process = subprocess.Popen([binary, "serve", "--port", "0"], stdout=log, stderr=log, env=environment)
    deadline = time.time() + 120
    while time.time() < deadline:
        text = open(log_path).read()
        if "models loaded" in text:
            for word in text.split():
                if word.startswith("server.port="):
                    return process, int(word.split("=", 1)[1])
        time.sleep(0.1)
    process.kill()
    sys.exit("server did not start; log: " + open(log_path).read())


def load_examples(count):
    path = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "train.jsonl")
    with open(path) as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    # Take from the start and the end, so both labels and several sources are present.
    return records[: count // 2] + records[-(count - count // 2):]


def verify_latencies(port, seconds=None, count=None, model=None, until=None):
    latencies = []
    item = dict(ITEM, model=model) if model else ITEM
    started = time.time()
    while True:
        status, _, elapsed = request(port, "POST", "/verify", item)
        if status != 200:
            sys.exit(f"/verify returned {status}")
        latencies.append(elapsed * 1000)
        if count is not None and len(latencies) >= count:
            return latencies
        if until is not None and until():
            return latencies
        if seconds is not None and time.time() - started > seconds:
            return latencies


def pooled_latencies(clients, **options):
    """Runs verify_latencies on `clients` threads at once and returns every latency."""
    results = [[] for _ in range(clients)]

    def work(index):
        results[index] = verify_latencies(**options)

    threads = [threading.Thread(target=work, args=(index,)) for index in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [latency for result in results for latency in result]


def describe(name, latencies):
    ordered = sorted(latencies)
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    print(f"{name}: n={len(ordered)} median={statistics.median(ordered):.2f} ms p90={p90:.2f} ms")
    return statistics.median(ordered)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/refiner")
    parser.add_argument("--examples", type=int, default=300)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--members", type=int, default=1)
    parser.add_argument("--clients", type=int, default=1)
    arguments = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="refiner-load-")
    shutil.copy("Config/models/trm.ckpt", os.path.join(folder, "trm.ckpt"))
    token = secrets.token_hex(16)
    process, port = start_server(arguments.binary, folder, token, os.path.join(folder, "server.log"))
    try:
        verify_latencies(port, count=20)
        print(f"clients: {arguments.clients}")
        idle = describe("idle /verify", pooled_latencies(arguments.clients, port=port, count=300))

        body = {
            "target": "trm", "model": "loadtest", "examples": load_examples(arguments.examples),
            "epochs": arguments.epochs, "members": arguments.members,
        }
        status, accepted, _ = request(port, "POST", "/train", body, token)
        if status != 202:
            sys.exit(f"POST /train returned {status}: {accepted}")
        status_url = accepted["status_url"]
        job_started = time.time()
        last = {}

        def finished():
            nonlocal last
            _, last, _ = request(port, "GET", status_url, token=token)
            return last["state"] in ("succeeded", "failed", "cancelled")

        done = threading.Event()

        def watch_job():
            while not finished():
                time.sleep(1)
            done.set()

        watcher = threading.Thread(target=watch_job)
        watcher.start()
        busy = describe("/verify while training", pooled_latencies(arguments.clients, port=port, until=done.is_set))
        watcher.join()
        duration = time.time() - job_started
        print(f"ratio busy/idle median: {busy / idle:.2f}")
        print(f"job: state={last['state']} duration={duration:.1f} s examples={last['examples']} "
              f"version={last['version']} metrics={last['metrics']} error={last['error']}")

        _, ready, _ = request(port, "GET", "/ready")
        status, verified, _ = request(port, "POST", "/verify", dict(ITEM, model="loadtest"))
        print(f"/ready loadtest version: {ready['models'].get('loadtest')}; "
              f"/verify model=loadtest: status={status} model={verified.get('model')} label={verified.get('label')}")
        print(f"files: {sorted(os.listdir(folder))}")
    finally:
        process.terminate()
        process.wait()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
