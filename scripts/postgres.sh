#!/usr/bin/env bash
# A throw-away PostgreSQL for tests and benchmarks, from Debian's `postgresql` package (.ci/run
# installs it): initdb in DIR, as an unprivileged user (postgres, when run as root), listening on
# 127.0.0.1:PORT only, with a random password (scram-sha-256).
#
#   scripts/postgres.sh start DIR [PORT]   prints the server's URL: postgresql://spacedev:PASSWORD@127.0.0.1:PORT/postgres
#   scripts/postgres.sh stop DIR           stops it (fast); DIR is the caller's to delete
#
# PG_FSYNC=off makes it faster and crash-unsafe (tests); benchmarks leave it on, PostgreSQL's default.
set -euo pipefail
cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
    echo "usage: $0 start|stop DIR [PORT]" >&2
    exit 2
fi
bin=""
for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$candidate/initdb" ]; then bin=$candidate; break; fi
done
if [ -z "$bin" ] && command -v initdb >/dev/null 2>&1; then bin=$(dirname "$(command -v initdb)"); fi
if [ -z "$bin" ]; then
    echo "no PostgreSQL found (initdb): apt-get install postgresql" >&2
    exit 3
fi
as=()
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    as=(runuser -u postgres --)
fi
case "$cmd" in
start)
    port=${3:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
    mkdir -p "$dir"
    chmod 700 "$dir"
    [ ${#as[@]} -gt 0 ] && chown postgres "$dir"
    if [ ${#as[@]} -gt 0 ] && ! "${as[@]}" test -x "$dir"; then
        echo "$dir: the postgres user cannot reach it (a parent directory is private); use a directory under /tmp" >&2
        exit 1
    fi
    password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    (umask 077; printf '%s\n' "$password" > "$dir/password")
    [ ${#as[@]} -gt 0 ] && chown postgres "$dir/password"
    "${as[@]}" "$bin/initdb" -D "$dir/data" -U spacedev --pwfile="$dir/password" --auth-local=trust \
        --auth-host=scram-sha-256 -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=${PG_FSYNC:-on} -c max_connections=200" start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://spacedev:$password@127.0.0.1:$port/postgres"
    ;;
stop)
    [ -d "$dir/data" ] && "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
*)
    echo "usage: $0 start|stop DIR [PORT]" >&2
    exit 2
    ;;
esac
