#!/usr/bin/env bash
# Builds the libFuzzer target over the HTTP request parser and the /verify JSON decoding, with swiftc directly:
# Logging and HTTP as static modules (HTTP instrumented and built for @testable import), then the fuzz entry
# point with the Service files that decode request bodies. Output: .build/fuzz/refiner-fuzz.
set -euo pipefail
cd "$(dirname "$0")/.."

out=.build/fuzz
mkdir -p "$out"
flags=(-O -g -parse-as-library -I "$out")
sanitizers=(-sanitize=fuzzer,address)

swiftc "${flags[@]}" -module-name Logging -emit-module -emit-module-path "$out/Logging.swiftmodule" \
    -emit-library -static -o "$out/libLogging.a" Sources/Logging/*.swift

mapfile -t http_sources < <(find Sources/HTTP -name '*.swift' | sort)
swiftc "${flags[@]}" "${sanitizers[@]}" -enable-testing -module-name HTTP -emit-module \
    -emit-module-path "$out/HTTP.swiftmodule" -emit-library -static -o "$out/libHTTP.a" "${http_sources[@]}"

swiftc "${flags[@]}" "${sanitizers[@]}" -module-name RefinerFuzz -L "$out" -lHTTP -lLogging \
    Fuzz/RequestFuzzer.swift \
    Sources/Service/API/APIError.swift Sources/Service/API/JSONBody.swift Sources/Service/API/JSONValidator.swift \
    Sources/Service/API/VerifyRequest.swift Sources/Service/Configuration/ServiceConfiguration.swift \
    Sources/Service/Configuration/ServiceConfiguration+Loading.swift \
    -o "$out/refiner-fuzz"
echo "built $out/refiner-fuzz"
