#!/usr/bin/env bash
# A CPU flame graph of the proxy's event loops under `wrk -t1 -c32` with auth on (the owner's session
# cookie on every request), from async-profiler (fetched from Maven Central into target/). The profile
# covers the whole run, filtered to the event-loop threads, so start-up hardly shows.
# Usage: bench/flame.sh OUT.html [SECONDS]   (SPACE_DEV_LAUNCHER=/other/checkout/bin/space-dev for another build)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "$1")
seconds=${2:-10}
launcher=${SPACE_DEV_LAUNCHER:-bin/space-dev}
profiler=target/async-profiler
if [ ! -f "$profiler/linux-x64/libasyncProfiler.so" ]; then
    mkdir -p "$profiler"
    curl -sSfL -o "$profiler/ap.jar" https://repo1.maven.org/maven2/tools/profiler/async-profiler/4.1/async-profiler-4.1.jar
    (cd "$profiler" && unzip -q -o ap.jar 'linux-*')
fi
command -v wrk >/dev/null || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
arch=$([ "$(uname -m)" = aarch64 ] && echo linux-arm64 || echo linux-x64)
app=$(mktemp -d)
cp -r bench/hello-node/. "$app"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
SPACE_DEV_JAVA_OPTS="-agentpath:$PWD/$profiler/$arch/libasyncProfiler.so=start,event=cpu,interval=1ms,include=*SingleThreadIoEventLoop.run*,file=$out" \
    "$launcher" up --dir "$app" --port "$port" >/dev/null 2>&1 &
up=$!
trap 'kill $up 2>/dev/null; wait $up 2>/dev/null; rm -rf "$app"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 300); do curl -s -o /dev/null "$base/__space/login" && break; sleep 0.1; done
# the printed link's token (`space-dev login` reads the same file); builds before it signed in with the button
for _ in $(seq 30); do [ -f "$app/.space/sign-in" ] && break; sleep 0.1; done
form=()
[ -f "$app/.space/sign-in" ] && form=(--data "token=$(sed -n 's/.*#token=//p' "$app/.space/sign-in")")
cookie=$(curl -s -D - -o /dev/null -X POST -H "Origin: $base" "${form[@]}" "$base/__space/login" | tr -d '\r' \
    | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p')
wrk -t1 -c32 -d5s -H "Cookie: $cookie" "$base/" >/dev/null
wrk -t1 -c32 -d"${seconds}s" --latency -H "Cookie: $cookie" "$base/" | grep -E 'Requests/sec|99%'
kill "$up"; wait "$up" || true
trap 'rm -rf "$app"' EXIT
echo "flame graph: $out" >&2
