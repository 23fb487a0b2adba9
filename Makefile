# Set-up, build, test and measurement entry points. `make serve` and `make test` install what they need.

BIN := .build/release/refiner
DATA ?= ../shared/data
PORT ?= 8080

.PHONY: deps build serve test eval bench train lint contract container-check

deps:
	@bash scripts/install-deps.sh

build: deps
	swift build -c release --product refiner

serve: build
	$(BIN) serve --config Config/default.json --port $(PORT)

# Suites run one after another: several of them train models or load WordNet on the cooperative thread pool,
# and on a 2-core machine that starves the HTTP tests' handlers past their read timeouts when run in parallel.
test: deps
	swift test --no-parallel

eval: build
	$(BIN) eval --data $(DATA)/dev.jsonl --markdown docs/benchmarks.md

bench: build
	$(BIN) bench --data $(DATA)/dev.jsonl --markdown docs/benchmarks.md

train: build
	$(BIN) train --target trm --data $(DATA)/train.jsonl --out Config/models/trm.ckpt

lint:
	swift format lint --strict --recursive Sources Tests Package.swift

# Validates openapi.yaml, runs schemathesis against the release service, and checks its /metrics and log.
contract: build
	bash scripts/contract-test.sh $(BIN)

# Lints the Dockerfile, validates deploy/kubernetes, and builds and starts the container's staged files here.
container-check: deps
	bash scripts/container-check.sh
