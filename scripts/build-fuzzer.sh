#!/usr/bin/env bash
# Builds the libFuzzer target over the HTTP request parser and the /verify JSON decoding, with swiftc directly:
# Logging, StrictJSON, Text, Upstream and HTTP as static modules (StrictJSON and HTTP instrumented, HTTP built
# for @testable import), then the fuzz entry point with the Service files that decode request bodies.
# Output: .build/fuzz/refiner-fuzz. CI builds and runs it, so a Service file that gains an import breaks CI here.
set -euo pipefail
cd "$(dirname "$0")/.."

out=.build/fuzz
mkdir -p "$out"
flags=(-O -g -parse-as-library -I "$out")
sanitizers=(-sanitize=fuzzer,address)

swiftc "${flags[@]}" -module-name Logging -emit-module -emit-module-path "$out/Logging.swiftmodule" \
    -emit-library -static -o "$out/libLogging.a" Sources/Logging/*.swift

swiftc "${flags[@]}" "${sanitizers[@]}" -module-name StrictJSON -emit-module \
    -emit-module-path "$out/StrictJSON.swiftmodule" -emit-library -static -o "$out/libStrictJSON.a" \
    Sources/StrictJSON/*.swift

# Text, for the checks the request decoding shares with dataset files, is not instrumented: the fuzzer's coverage
# is the parser's and the decoding's.
mapfile -t text_sources < <(find Sources/Text -name '*.swift' | sort)
swiftc "${flags[@]}" -module-name Text -emit-module -emit-module-path "$out/Text.swiftmodule" \
    -emit-library -static -o "$out/libText.a" "${text_sources[@]}"

# Upstream, for the upstream part of the service configuration, is not instrumented either.
mapfile -t upstream_sources < <(find Sources/Upstream -name '*.swift' | sort)
swiftc "${flags[@]}" -I Sources/CCurl -module-name Upstream -emit-module -emit-module-path "$out/Upstream.swiftmodule" \
    -emit-library -static -o "$out/libUpstream.a" "${upstream_sources[@]}"

mapfile -t http_sources < <(find Sources/HTTP -name '*.swift' | sort)
swiftc "${flags[@]}" "${sanitizers[@]}" -enable-testing -module-name HTTP -emit-module \
    -emit-module-path "$out/HTTP.swiftmodule" -emit-library -static -o "$out/libHTTP.a" "${http_sources[@]}"

swiftc "${flags[@]}" "${sanitizers[@]}" -module-name RefinerFuzz -I Sources/CCurl -L "$out" -lHTTP -lText -lStrictJSON -lUpstream -lLogging -lcurl \
    Fuzz/RequestFuzzer.swift \
    Sources/Service/API/APIError.swift Sources/Service/API/JSONBody.swift \
    Sources/Service/API/VerifyRequest.swift Sources/Service/Configuration/ServiceConfiguration.swift \
    Sources/Service/Configuration/ServiceConfiguration+Loading.swift \
    Sources/Service/Configuration/ServiceConfiguration+Refinement.swift \
    -o "$out/refiner-fuzz"
echo "built $out/refiner-fuzz"
