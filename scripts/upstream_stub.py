#!/usr/bin/env python3
"""Serve an OpenAI-compatible chat completions stub on 127.0.0.1 for the upstream tests.

Usage: scripts/upstream_stub.py --port 0 [--host 127.0.0.1] [--mode ok] [--delay SECONDS]

Prints `listening on 127.0.0.1:PORT` once ready and serves until killed. `POST <any prefix>/chat/completions`
records the request and replies in the next scripted mode, or in --mode when the script is empty:

  ok                    a chat completion whose content follows the rules below
  slow                  waits --delay (or the scripted delay) seconds, then answers as ok
  429                   status 429 with `Retry-After: 1` and an OpenAI error body
  500                   status 500 with an OpenAI error body
  401                   status 401 whose error message repeats the bearer token, as a careless proxy might
  truncated_json        status 200, application/json, with the body cut in the middle
  length                an ok reply with finish_reason "length"
  wrong_content_type    status 200 with a text/html body
  close_mid_reply       sends the headers with the full Content-Length and half the body, then closes
  no_content            an ok reply whose message content is null
  malformed_reflection  an ok reply whose content has no fenced block
  400_echo              status 400 whose error message repeats the last user message, as a validating server might
  401_upper             status 401 whose error message repeats the bearer token in upper case
  content_filter        an ok reply with finish_reason "content_filter"
  duplicate_content     an ok reply whose message has "content" twice, the first one empty
  control_characters    an ok reply whose content holds U+0000, U+0007 and a terminal colour sequence within its words
  invisible_content     an ok reply whose content is only a zero-width space and a byte order mark

Control endpoints:
  POST /stub/script    {"modes": ["429", "ok"], "delay": 0.5} replaces the queue of modes for the next calls
  GET  /stub/requests  {"requests": [{"path", "headers", "body", "raw_body"}]} of the recorded chat requests;
                       header names are lowercase, and body is null unless the request was a JSON object
  POST /stub/reset     clears the queue and the recorded requests, and restores --delay

The content of an ok reply is computed from the conversation, in the formats the service sends:
  generation  system: <instruction>; user: "Question: <q>\\n\\nPassages:\\n[1] <passage>\\n[2] <passage>..."
  revision    the generation user message plus "\\n\\nAnswer:\\n<answer>\\n\\nUnsupported spans:\\n- ..."
  reflection  a user message containing "Current instruction:\\n```\\n<instruction>\\n```" and feedback

Passages are split into sentences, and the best sentence is the one sharing the most lowercase words with the
question (the first one on a tie).
  - A revision gets the best sentence verbatim.
  - A generation gets the best sentence verbatim when the system message contains "quote" (any case), and
    otherwise the best sentence plus " It was founded in 1875.", a claim no passage supports.
  - A reflection gets "Revised instruction:\\n```\\n<instruction> <addition>\\n```", where the addition is
    "Quote the sentence of the passages that answers the question." or, when the instruction already contains
    "quote", "Keep the answer to one sentence."
"""
import argparse
import http.server
import ipaddress
import json
import os
import re
import signal
import sys
import threading
import time

MODES = {
    "ok", "slow", "429", "500", "401", "truncated_json", "length", "wrong_content_type", "close_mid_reply",
    "no_content", "malformed_reflection", "400_echo", "content_filter", "duplicate_content", "control_characters",
    "invisible_content", "401_upper",
}
UNSUPPORTED_ADDITION = " It was founded in 1875."
QUOTE_ADDITION = " Quote the sentence of the passages that answers the question."
BREVITY_ADDITION = " Keep the answer to one sentence."
FENCE = "```"


class StubState:
    """The scripted modes and the recorded chat requests, shared by the handler threads."""

    def __init__(self, default_mode, default_delay):
        self.lock = threading.Lock()
        self.default_mode = default_mode
        self.default_delay = default_delay
        self.delay = default_delay
        self.modes = []
        self.requests = []
        self.replies = 0

    def next_mode(self):
        with self.lock:
            self.replies += 1
            mode = self.modes.pop(0) if self.modes else self.default_mode
            return mode, self.delay, self.replies


def words(text):
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def sentences(passage):
    return [part.strip() for part in re.split(r"(?<=[.!?])\s+", passage.strip()) if part.strip()]


def best_sentence(user):
    """Return the passage sentence sharing the most words with the question, or a fixed reply without passages."""
    question = re.search(r"Question:\s*(.*?)(?:\n\nPassages:|$)", user, re.S)
    passages = re.search(r"Passages:\n(.*?)(?:\n\nAnswer:\n|$)", user, re.S)
    if not passages:
        return "No passages were given."
    question_words = words(question.group(1) if question else "")
    candidates = []
    for passage in re.split(r"(?m)^\[\d+\]\s*", passages.group(1)):
        candidates.extend(sentences(passage))
    if not candidates:
        return "No passages were given."
    # max returns the first of equal candidates, which is the tie rule.
    return max(candidates, key=lambda sentence: len(question_words & words(sentence)))


def reply_content(messages):
    """Compute the assistant's content from the conversation by the rules in the module docstring."""
    system = next((m.get("content") or "" for m in messages if m.get("role") == "system"), "")
    user = next((m.get("content") or "" for m in reversed(messages) if m.get("role") == "user"), "")
    current = re.search(r"Current instruction:\n```\n(.*?)\n```", user, re.S)
    if current:
        instruction = current.group(1)
        addition = BREVITY_ADDITION if "quote" in instruction.lower() else QUOTE_ADDITION
        return f"Revised instruction:\n{FENCE}\n{instruction}{addition}\n{FENCE}"
    best = best_sentence(user)
    if "\n\nAnswer:\n" in user or "quote" in system.lower():
        return best
    return best + UNSUPPORTED_ADDITION


def completion(body, content, finish_reason, number):
    prompt_words = sum(len((m.get("content") or "").split()) for m in body.get("messages", []))
    content_words = len((content or "").split())
    return {
        "id": f"chatcmpl-stub-{number}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "stub-model"),
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish_reason}
        ],
        "usage": {
            "prompt_tokens": prompt_words,
            "completion_tokens": content_words,
            "total_tokens": prompt_words + content_words,
        },
    }


def openai_error(message, kind, code):
    return {"error": {"message": message, "type": kind, "param": None, "code": code}}


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "upstream-stub"
    state = None

    def log_message(self, format, *args):
        pass

    def send_body(self, status, payload, content_type="application/json", headers=()):
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def do_GET(self):
        if self.path == "/stub/requests":
            with self.state.lock:
                requests = list(self.state.requests)
            self.send_body(200, {"requests": requests})
        else:
            self.send_body(404, openai_error(f"no GET endpoint at {self.path}", "not_found", None))

    def do_POST(self):
        raw = self.read_body()
        try:
            if self.path == "/stub/script":
                self.script(raw)
            elif self.path == "/stub/reset":
                with self.state.lock:
                    self.state.modes, self.state.requests = [], []
                    self.state.delay = self.state.default_delay
                self.send_body(200, {"reset": True})
            elif self.path.endswith("/chat/completions"):
                self.chat(raw)
            else:
                self.send_body(404, openai_error(f"no POST endpoint at {self.path}", "not_found", None))
        except (BrokenPipeError, ConnectionResetError):
            pass  # The client gave up, as a timeout test expects.

    def script(self, raw):
        try:
            request = json.loads(raw)
            modes = request["modes"]
            delay = request.get("delay")
        except (ValueError, KeyError, TypeError, AttributeError):
            self.send_body(400, openai_error('expected {"modes": [...], "delay": seconds}', "invalid_request", None))
            return
        unknown = [mode for mode in modes if mode not in MODES]
        if unknown:
            message = f"unknown modes {unknown}; known: {sorted(MODES)}"
            self.send_body(400, openai_error(message, "invalid_request", None))
            return
        with self.state.lock:
            self.state.modes = list(modes)
            if delay is not None:
                self.state.delay = float(delay)
        self.send_body(200, {"modes": modes})

    def chat(self, raw):
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        record = {
            "path": self.path,
            "headers": {name.lower(): value for name, value in self.headers.items()},
            "body": body if isinstance(body, dict) else None,
            "raw_body": raw.decode("utf-8", "replace"),
        }
        with self.state.lock:
            self.state.requests.append(record)
        if not isinstance(body, dict):
            self.send_body(400, openai_error("the request body is not a JSON object", "invalid_request", None))
            return
        mode, delay, number = self.state.next_mode()
        self.answer(mode, delay, body, number)

    def answer(self, mode, delay, body, number):
        messages = [m for m in body.get("messages", []) if isinstance(m, dict)]
        if mode == "slow":
            time.sleep(delay)
        if mode in ("ok", "slow"):
            self.send_body(200, completion(body, reply_content(messages), "stop", number))
        elif mode == "length":
            self.send_body(200, completion(body, reply_content(messages), "length", number))
        elif mode == "no_content":
            self.send_body(200, completion(body, None, "stop", number))
        elif mode == "malformed_reflection":
            content = "Revised instruction: quote the passages."
            self.send_body(200, completion(body, content, "stop", number))
        elif mode == "429":
            error = openai_error("Rate limit reached for requests", "requests", "rate_limit_exceeded")
            self.send_body(429, error, headers=[("Retry-After", "1")])
        elif mode == "500":
            error = openai_error("The server had an error while processing your request.", "server_error", None)
            self.send_body(500, error)
        elif mode == "401":
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            self.send_body(401, openai_error(f"Incorrect API key provided: {token}.", "invalid_request_error", None))
        elif mode == "truncated_json":
            data = json.dumps(completion(body, reply_content(messages), "stop", number)).encode()
            self.send_body(200, data[: len(data) // 2])
        elif mode == "wrong_content_type":
            page = b"<!doctype html><title>Gateway</title><p>The upstream is not available.</p>"
            self.send_body(200, page, content_type="text/html; charset=utf-8")
        elif mode == "close_mid_reply":
            self.close_mid_reply(json.dumps(completion(body, reply_content(messages), "stop", number)).encode())
        elif mode == "400_echo":
            user = next((m.get("content") or "" for m in reversed(messages) if m.get("role") == "user"), "")
            self.send_body(400, openai_error(f"invalid request: {user}", "invalid_request_error", None))
        elif mode == "401_upper":
            token = self.headers.get("Authorization", "").removeprefix("Bearer ").upper()
            self.send_body(401, openai_error(f"INCORRECT API KEY PROVIDED: {token}.", "invalid_request_error", None))
        elif mode == "content_filter":
            self.send_body(200, completion(body, reply_content(messages), "content_filter", number))
        elif mode == "duplicate_content":
            data = json.dumps(completion(body, "__CONTENT__", "stop", number))
            duplicated = json.dumps("") + ', "content": ' + json.dumps(reply_content(messages))
            self.send_body(200, data.replace(json.dumps("__CONTENT__"), duplicated).encode())
        elif mode == "control_characters":
            content = reply_content(messages)
            coloured = "\u001b[31m" + content.replace(" ", "\u0000 ", 1) + "\u0007\u001b[0m"
            self.send_body(200, completion(body, coloured, "stop", number))
        elif mode == "invisible_content":
            self.send_body(200, completion(body, "\u200b\ufeff", "stop", number))

    def close_mid_reply(self, data):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[: len(data) // 2])
        self.wfile.flush()
        self.close_connection = True
        self.connection.shutdown(2)  # socket.SHUT_RDWR


def exit_with_parent(parent):
    """Exit once the process that started the stub is gone, so a test run that ends without stopping it (a
    shared fixture, a crash) leaves no stub holding its output open."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="TCP port; 0 picks a free one. Default: 0")
    parser.add_argument("--host", default="127.0.0.1", help="IPv4 loopback address to bind. Default: 127.0.0.1")
    parser.add_argument("--mode", default="ok", choices=sorted(MODES), help="mode when none is scripted")
    parser.add_argument("--delay", type=float, default=2.0, help="seconds the slow mode waits. Default: 2")
    arguments = parser.parse_args()
    try:
        address = ipaddress.ip_address(arguments.host)
    except ValueError:
        parser.error(f"--host {arguments.host} is not an IPv4 address; use 127.0.0.1")
    if address.version != 4 or not address.is_loopback:
        parser.error(f"--host {arguments.host} is not an IPv4 loopback address; the stub serves only this machine")

    # A child inherits its parent thread's blocked signals, and Swift's dispatch worker threads block most of them,
    # so without this the stub would ignore the SIGTERM that its controller sends to stop it.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    Handler.state = StubState(arguments.mode, arguments.delay)
    threading.Thread(target=exit_with_parent, args=(os.getppid(),), daemon=True).start()
    server = http.server.ThreadingHTTPServer((arguments.host, arguments.port), Handler)
    server.daemon_threads = True
    host, port = server.server_address[:2]
    print(f"listening on {host}:{port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
