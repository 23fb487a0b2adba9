# Refiner service image. Build: docker build -t refiner . ; run: docker run -p 8080:8080 refiner

# Build stage: the official Swift image of the toolchain the project is tested with. The build steps live in
# scripts/build-release.sh, which CI also runs outside a container.
# NOTE: no Docker engine or image registry is reachable where this project is developed, so neither this tag
# nor `docker build` itself has been tried; CI lints this file and runs the build script on the machine.
FROM swift:6.3.1-bookworm AS build
WORKDIR /src
COPY . .
RUN bash scripts/build-release.sh /staging

# Run stage: slim Debian with the runtime libraries the binary links (OpenBLAS, libcurl), CA certificates for
# libcurl's TLS, and the WordNet 3.0 database that the feature extractor reads from /usr/share/wordnet.
FROM debian:bookworm-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN apt-get update \
    && apt-get install -y --no-install-recommends libopenblas0 libcurl4 ca-certificates wordnet-base \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 refiner \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin refiner
WORKDIR /app
COPY --from=build --chown=root:root /staging/ /app/
USER 10001:10001
# OpenBLAS sizes its thread pool from OPENBLAS_NUM_THREADS when it loads, else from the host's core count. The
# serve command then runs each request's matrix work on one BLAS thread, because requests already run in
# parallel. The Kubernetes Deployment sets the variable to the pod's CPU limit.
ENV REFINER_HOST=0.0.0.0 \
    REFINER_PORT=8080 \
    REFINER_LOG_FORMAT=json \
    REFINER_CHECKPOINT_DIR=/app/Config/models \
    REFINER_OPENAPI_FILE=/app/openapi.yaml \
    OPENBLAS_NUM_THREADS=1
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 CMD ["/app/bin/healthcheck"]
ENTRYPOINT ["/app/bin/refiner", "serve", "--config", "/app/Config/default.json"]
