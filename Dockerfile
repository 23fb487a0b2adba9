# Build stage: the official Swift image, with the C libraries the system-library targets link against.
FROM swift:6.1-bookworm AS build
WORKDIR /src
COPY . .
RUN bash scripts/install-deps.sh \
    && swift build -c release --product refiner --static-swift-stdlib

# Run stage: slim Debian with only the runtime libraries, the binary, its configuration and the checkpoint.
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libopenblas0-pthread libcurl4 wordnet-base ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home /app refiner
WORKDIR /app
COPY --from=build /src/.build/release/refiner /app/refiner
COPY --from=build /src/Config /app/Config
USER refiner
ENV REFINER_HOST=0.0.0.0 REFINER_PORT=8080 OPENBLAS_NUM_THREADS=1
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD curl -fsS http://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["/app/refiner", "serve", "--config", "/app/Config/default.json"]
