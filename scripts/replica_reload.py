#!/usr/bin/env python3
"""Measure how soon replicas that share a checkpoint folder serve a new version.

Starts three `refiner serve` processes on 127.0.0.1 that share one temporary checkpoint folder and poll it at
the configured interval (5 s by default). Trains a small new version of `default` with `refiner train` into a
staging folder, renames it into the shared folder, and times until every replica's /ready reports it.

Usage: scripts/replica_reload.py [--binary .build/release/refiner] [--replicas 3]
"""
import argparse
import glob
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


def ready_version(port):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/ready")
    body = json.loads(connection.getresponse().read())
    connection.close()
    return body.get("models", {}).get("default")


def start(binary, folder, log_path):
    environment = dict(os.environ, REFINER_CHECKPOINT_DIR=folder)
    log = open(log_path, "w")
    return subprocess.Popen([binary, "serve", "--port", "0"], stdout=log, stderr=log, env=environment)


def port_of(log_path):
    deadline = time.time() + 120
    while time.time() < deadline:
        text = open(log_path).read()
        if "models loaded" in text:
            for word in text.split():
                if word.startswith("server.port="):
                    return int(word.split("=", 1)[1])
        time.sleep(0.1)
    sys.exit("replica did not start: " + open(log_path).read())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/refiner")
    parser.add_argument("--replicas", type=int, default=3)
    arguments = parser.parse_args()

    root = tempfile.mkdtemp(prefix="refiner-replicas-")
    shared = os.path.join(root, "shared")
    staging = os.path.join(root, "staging")
    os.makedirs(shared)
    shutil.copy("Config/models/trm.ckpt", os.path.join(shared, "trm.ckpt"))
    logs = [os.path.join(root, f"replica-{index}.log") for index in range(arguments.replicas)]
    processes = [start(arguments.binary, shared, log) for log in logs]
    try:
        ports = [port_of(log) for log in logs]
        before = [ready_version(port) for port in ports]
        print(f"replicas on ports {ports} serve {before}")

        data = os.path.join(root, "records.jsonl")
        source = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "train.jsonl")
        with open(source) as handle:
            lines = [line for line in handle if line.strip()]
        with open(data, "w") as handle:
            handle.writelines(lines[:30] + lines[-30:])
        subprocess.run(
            [arguments.binary, "train", "--target", "trm", "--data", data, "--checkpoint-dir", staging,
             "--epochs", "1", "--members", "1", "--no-augmentation"],
            check=True, stdout=subprocess.DEVNULL)
        staged = glob.glob(os.path.join(staging, "default@*.ckpt"))[0]
        name = os.path.basename(staged)
        version = name[len("default@"):-len(".ckpt")]

        os.rename(staged, os.path.join(shared, name))
        published = time.time()
        delays = [None] * len(ports)
        while None in delays and time.time() - published < 30:
            for index, port in enumerate(ports):
                if delays[index] is None and ready_version(port) == version:
                    delays[index] = time.time() - published
            time.sleep(0.02)
        print(f"new version {version}")
        print("seconds until served: " + ", ".join("never" if d is None else f"{d:.2f}" for d in delays))
        print(f"max {max(d for d in delays if d is not None):.2f} s (poll interval 5 s, limit 6 s)"
              if None not in delays else "some replica never served it")
    finally:
        for process in processes:
            process.terminate()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
