#!/usr/bin/env bash
# The soak (bench/soak/soak.py) with what it needs: wrk (Debian's package), Deta's Python SDK 1.2.0 (from
# ../shared/vendor or SPACE_DEV_DETA_PYTHON), and for --plot matplotlib in a virtualenv under target/.
# Usage: bench/soak/run.sh SECONDS [soak.py options: --plot --nmt --out DIR ...]
#   bench/soak/run.sh 150                      what .ci/run runs: fails on a lost write, an orphan, fd or thread growth
#   bench/soak/run.sh 7200 --plot --nmt        the long run of docs/performance.md
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:?usage: bench/soak/run.sh SECONDS [options]}
shift
if ! command -v wrk >/dev/null; then
    echo "installing wrk (Debian's package)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >/dev/null
fi
[ -f target/space-dev.jar ] || ./mvnw -q -B package -DskipTests
sdk=${SPACE_DEV_DETA_PYTHON:-../shared/vendor/deta-1.2.0-py3-none-any.whl}
if [ ! -e "$sdk" ]; then
    echo "soak skipped: Deta's Python SDK 1.2.0 is not at $sdk (put ../shared beside this clone, or set SPACE_DEV_DETA_PYTHON)" >&2
    exit 0
fi
python=python3
if [[ " $* " == *" --plot "* ]]; then
    venv=target/soak-venv
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    "$venv/bin/python" -c 'import matplotlib' 2>/dev/null || "$venv/bin/pip" install -q 'matplotlib==3.9.2'
    python=$venv/bin/python
fi
exec "$python" bench/soak/soak.py --seconds "$seconds" --vendor "$sdk" "$@"
