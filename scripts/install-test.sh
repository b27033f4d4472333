#!/bin/sh
# As a new user would, from the release archives `./mvnw package` (and scripts/linux-release.sh) made, in a
# temporary home: install with one command, run `space-dev up -d` on an app from another folder and from
# inside one of its subfolders, stop it, upgrade in place, uninstall; then the self-contained Linux build
# the same way with no Java on PATH. Exits non-zero at the first thing that is not as a user expects.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
version=$(sed -n 's/^version=//p' target/classes/space-dev.properties)
work=$(mktemp -d)
trap 'HOME="$work/home" "$work/home/.local/bin/space-dev" down --dir "$work/app" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
fail() { echo "install-test: $*" >&2; exit 1; }

get() { # URL: the body, or nothing when it does not answer 200
    python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())' "$1"
}

try_release() { # ARCHIVE PATH-FOR-THE-RUN
    archive=$1 run_path=$2
    rm -rf "$work/home" "$work/unpacked" "$work/app"
    mkdir -p "$work/home" "$work/unpacked"
    tar xzf "$archive" -C "$work/unpacked"
    cp -r "$root/examples/hello-space" "$work/app"
    export HOME="$work/home"
    env PATH="$run_path" sh "$work"/unpacked/*/install.sh >"$work/install.out" || fail "install.sh failed: $(cat "$work/install.out")"
    sd="$HOME/.local/bin/space-dev"
    [ -x "$sd" ] || fail "no $sd after install"
    env PATH="$run_path" "$sd" --version | grep -q "space-dev $version" || fail "--version does not say $version"
    # from another folder, in the background; the app answers through its proxy
    url=$(cd / && env PATH="$run_path" "$sd" up -d --no-auth --dir "$work/app" 2>"$work/up.err") || fail "up -d failed: $(cat "$work/up.err")"
    get "$url/api/health" | grep -q '"ok": true' || fail "$url/api/health did not answer"
    (cd / && env PATH="$run_path" "$sd" down --dir "$work/app" 2>/dev/null) || fail "down failed"
    # from inside a subfolder of the app: the Spacefile above is found
    url=$(cd "$work/app/api" && env PATH="$run_path" "$sd" up -d --no-auth 2>"$work/up.err") || fail "up -d in a subfolder failed: $(cat "$work/up.err")"
    get "$url/clock/now" >/dev/null || fail "$url/clock/now did not answer"
    (cd "$work/app/web" && env PATH="$run_path" "$sd" down 2>/dev/null) || fail "down from a subfolder failed"
    [ "${3:-}" = postgres ] && try_postgres "$sd" "$run_path"
    # installing again is an upgrade in place
    env PATH="$run_path" sh "$work"/unpacked/*/install.sh >/dev/null || fail "a second install failed"
    [ "$(ls "$HOME/.local/share/space-dev" | sort | tr '\n' ' ')" = "$(printf '%s\n' current "$version" | sort | tr '\n' ' ')" ] \
        || fail "not one version after an upgrade: $(ls "$HOME/.local/share/space-dev")"
    env PATH="$run_path" sh "$HOME/.local/share/space-dev/current/uninstall.sh" >/dev/null || fail "uninstall failed"
    [ ! -e "$sd" ] && [ ! -e "$HOME/.local/share/space-dev" ] || fail "uninstall left files behind"
    echo "install-test: $(basename "$archive"): installed, ran from / and from a subfolder, upgraded, uninstalled"
}

try_postgres() { # SPACE-DEV PATH-FOR-THE-RUN: Base and Drive kept in PostgreSQL (its driver on the bundled runtime's modules)
    pg=$(mktemp -d)
    chmod 755 "$pg" # the server runs as the postgres user
    started=0
    "$root/scripts/postgres.sh" start "$pg/db" >"$pg/url" 2>"$pg/err" || started=$?
    if [ "$started" = 3 ]; then
        echo "install-test: no PostgreSQL here (apt-get install postgresql): --data-url not tried" >&2
        rm -rf "$pg"
        return 0
    fi
    [ "$started" = 0 ] || fail "PostgreSQL did not start: $(tail -3 "$pg/err")"
    stop_pg() { "$root/scripts/postgres.sh" stop "$pg/db" >/dev/null 2>&1 || true; rm -rf "$pg"; }
    url=$(cd / && env PATH="$2" "$1" up -d --no-auth --dir "$work/app" --data-url "$(cat "$pg/url")" 2>"$work/up.err") \
        || { stop_pg; fail "up -d --data-url failed: $(cat "$work/up.err")"; }
    python3 - "$url" <<'PY' || { stop_pg; fail "Base or Drive in PostgreSQL did not answer as stored"; }
import json, sys, urllib.request
app = sys.argv[1]
def call(method, path, body=None, kind="application/json"):
    r = urllib.request.Request(app + "/__space/v0" + path, data=body, method=method, headers={"Origin": app, "Content-Type": kind})
    return urllib.request.urlopen(r, timeout=10).read()
call("PUT", "/base/v1/x/people/items", json.dumps({"items": [{"key": "ada", "age": 36}]}).encode())
assert json.loads(call("POST", "/base/v1/x/people/query", json.dumps({"query": [{"age?gt": 30}]}).encode()))["items"][0]["key"] == "ada"
call("POST", "/drive/v1/x/files/files?name=a.txt", b"kept in PostgreSQL", "text/plain")
assert call("GET", "/drive/v1/x/files/files/download?name=a.txt") == b"kept in PostgreSQL"
PY
    (cd / && env PATH="$2" "$1" down --dir "$work/app" 2>/dev/null) || { stop_pg; fail "down after --data-url failed"; }
    stop_pg
    echo "install-test: Base and Drive in PostgreSQL (--data-url) answered as stored"
}

try_release "target/space-dev-$version.tar.gz" "$PATH"

linux="target/space-dev-$version-linux-x86_64.tar.gz"
if [ -f "$linux" ]; then
    # no Java anywhere on PATH: every other command this machine has, python3 and node for the example's micros
    mkdir -p "$work/nojava"
    for dir in $(echo "$PATH" | tr ':' ' '); do
        [ -d "$dir" ] || continue
        for f in "$dir"/*; do
            name=$(basename "$f")
            case $name in java|javac|jshell|jlink|jdeps|jar) continue ;; esac
            [ -e "$work/nojava/$name" ] || ln -s "$f" "$work/nojava/$name" 2>/dev/null || true
        done
    done
    ! env PATH="$work/nojava" sh -c 'command -v java' >/dev/null 2>&1 || fail "java is still on the test's PATH"
    unset JAVA_HOME || true
    try_release "$linux" "$work/nojava" postgres
fi
