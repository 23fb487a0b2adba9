# Set-up, build, test and measurement entry points. `make serve` and `make test` install what they need.

BIN := .build/release/refiner
DATA ?= ../shared/data
PORT ?= 8080

.PHONY: deps build serve test eval bench train lint

deps:
	@bash scripts/install-deps.sh

build: deps
	swift build -c release --product refiner

serve: build
	$(BIN) serve --config Config/default.json --port $(PORT)

test: deps
	swift test

eval: build
	$(BIN) eval --data $(DATA)/dev.jsonl --markdown docs/benchmarks.md

bench: build
	$(BIN) bench --data $(DATA)/dev.jsonl --markdown docs/benchmarks.md

train: build
	$(BIN) train --target trm --data $(DATA)/train.jsonl --out Config/models/trm.ckpt

lint:
	swift format lint --strict --recursive Sources Tests Package.swift
