#!/usr/bin/env bash
# The proxy benchmark: wrk against a Node micro directly, through space-dev's proxy, and through
# nginx with an upstream keep-alive pool, alternating in one session. Installs wrk and nginx from
# Debian's packages when they are missing. Usage: bench/proxy.sh [ROUNDS] [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
    echo "installing wrk and nginx (Debian packages)" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light >/dev/null
fi
[ -f target/space-dev.jar ] || ./mvnw -q -B package -DskipTests
exec python3 bench/proxy_bench.py "$@"
