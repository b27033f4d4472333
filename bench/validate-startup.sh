#!/usr/bin/env bash
# Wall time of `space-dev validate` on a five-micro Spacefile, JVM start included, through the
# launcher users run. Prints each run and the median. Usage: bench/validate-startup.sh [RUNS]
# SPACE_DEV_LAUNCHER=/other/checkout/bin/space-dev measures another build the same way.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-21}
launcher=${SPACE_DEV_LAUNCHER:-bin/space-dev}
[ -n "${SPACE_DEV_LAUNCHER:-}" ] || [ -f target/space-dev.jar ] || ./mvnw -q -B package -DskipTests
"$launcher" validate --dir bench/five-micros 2>/dev/null   # first run after a build writes the CDS archive
times=()
for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$launcher" validate --dir bench/five-micros 2>/dev/null
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
echo "runs (ms): ${times[*]}"
echo "median: $(sed -n "$(( (runs + 1) / 2 ))p" <<<"$sorted") ms, min: $(head -1 <<<"$sorted") ms, max: $(tail -1 <<<"$sorted") ms"
echo "java: $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1)"
