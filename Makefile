# Set-up, build, test and measurement entry points. `make serve` and `make test` install what they need.

BIN := .build/release/refiner
DATA ?= ../shared/data
PORT ?= 8080

.PHONY: deps build serve test eval bench soak train train-ebm lint contract container-check fuzz

deps:
	@bash scripts/install-deps.sh

build: deps
	swift build -c release --product refiner

serve: build
	$(BIN) serve --config Config/default.json --port $(PORT)

# Suites run one after another: several of them train models or load WordNet on the cooperative thread pool,
# and on a 2-core machine that starves the HTTP tests' handlers past their read timeouts when run in parallel.
# The refiner executable is built first because a shutdown test starts it as a child process, and `swift test`
# builds only the test bundle and the libraries it links.
test: deps
	swift build --product refiner
	swift test --no-parallel

eval: build
	$(BIN) eval --data $(DATA)/dev.jsonl --markdown docs/benchmarks.md

# The in-process table (with the hybrid /refine loop against the loopback stub upstream), then wrk against the
# service and nginx-light in one run (Debian's wrk and nginx-light are installed when missing).
bench: build
	scripts/with-upstream-stub.sh $(BIN) bench --data $(DATA)/dev.jsonl --markdown docs/benchmarks.md
	@command -v wrk >/dev/null && command -v nginx >/dev/null || apt-get install -y wrk nginx-light
	python3 scripts/bench-http.py --binary $(BIN) --data $(DATA)/dev.jsonl --markdown docs/benchmarks.md

# Fixed-rate load for SOAK_SECONDS (default 600), reporting 5xx, errors and resident memory.
SOAK_SECONDS ?= 600
soak: build
	python3 scripts/soak.py --binary $(BIN) --data $(DATA)/dev.jsonl --seconds $(SOAK_SECONDS) --markdown docs/benchmarks.md

# The verifier, then its summary threshold refitted on summary domains held out from training (about an hour on
# 2 cores in all: the calibration trains one network per summary domain).
train: build
	$(BIN) train --target trm --data $(DATA)/train.jsonl --out Config/models/trm.ckpt
	$(BIN) calibrate --checkpoint Config/models/trm.ckpt --data $(DATA)/train.jsonl

# The energy model by each training method; pcd, the best on the held-out tenth, is the one served.
train-ebm: build
	for method in cd1 pcd fpcd; do \
		$(BIN) train --target ebm --method $$method --data $(DATA)/train.jsonl --out Config/models/ebm-methods/$$method.ckpt || exit 1; \
	done
	cp Config/models/ebm-methods/pcd.ckpt Config/models/ebm.ckpt

lint:
	swift format lint --strict --recursive Sources Tests Package.swift

# Validates openapi.yaml, runs schemathesis against the release service, and checks its /metrics and log.
contract: build
	bash scripts/contract-test.sh $(BIN)

# Lints the Dockerfile, validates deploy/kubernetes, and builds and starts the container's staged files here.
container-check: deps
	bash scripts/container-check.sh

# libFuzzer over the request parser and the /verify JSON decoding, for FUZZ_SECONDS (default 60).
FUZZ_SECONDS ?= 60
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh
