#!/usr/bin/env bash
# `space-dev new` on projects the stacks' own generators make, run as a user would: generate (pinned
# versions, from the npm registry or its cache), install, `space-dev new -y`, check the engine it chose,
# then `space-dev test` in dev and in --prod, with no micro listening on all interfaces. Prints one line per
# project and a summary; exits 1 when any failed. Usage: scripts/generated-e2e.sh [NAME...]   (default: every
# project below)
# Needs node/npm (and python3 for the Python ones); bin/space-dev must be built (./mvnw package).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
sd="$root/bin/space-dev"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
npm_install() { npm install --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null; }
vite() { npm create -y vite@5.5.5 "$1" -- --template "$2" >/dev/null && (cd "$1" && npm_install); }

# NAME | what `new` must write for it (a grep -E over the Spacefile) | how the generator makes it, in $work/NAME
projects=(
  "vite-react|engine: react|vite . react"
  "vite-react-ts|engine: react|vite . react-ts"
  "vite-vue|engine: vue|vite . vue"
  "vite-vue-ts|engine: vue|vite . vue-ts"
  "vite-svelte|engine: svelte|vite . svelte"
  "vite-svelte-ts|engine: svelte|vite . svelte-ts"
  "vite-preact|engine: static|vite . preact"
  "vite-solid|engine: static|vite . solid"
  "vite-lit|engine: static|vite . lit"
  "vite-vanilla|engine: static|vite . vanilla"
  "create-vue|engine: vue|npx -y create-vue@3.11.1 cv --default >/dev/null && cp -a cv/. . && rm -rf cv && npm_install"
  "next|engine: next|npx -y create-next-app@14.2.15 . --js --no-eslint --no-tailwind --no-src-dir --app --use-npm --skip-install --import-alias '@/*' >/dev/null && npm_install"
  "sveltekit|engine: svelte-kit|npx -y sv@0.6.10 create --template minimal --types ts --no-add-ons --no-install . >/dev/null && npm_install"
  "express|engine: nodejs16|npx -y express-generator@4.16.1 --no-view . >/dev/null && npm_install"
  "fastify|engine: nodejs16|npx -y fastify-cli@7.0.1 generate . >/dev/null && npm_install"
  "django|run: gunicorn mysite.wsgi|python3 -m venv .venv && .venv/bin/pip install -q django==4.2.17 gunicorn==23.0.0 && .venv/bin/django-admin startproject mysite . && printf 'django==4.2.17\\ngunicorn==23.0.0\\n' >requirements.txt"
  "react-and-express|path: /?api|vite web react && mkdir api && (cd api && npx -y express-generator@4.16.1 --no-view . >/dev/null && npm_install)"
)

wanted=("$@")
selected=()
for entry in "${projects[@]}"; do
    name=${entry%%|*}
    if [ ${#wanted[@]} -gt 0 ] && [[ " ${wanted[*]} " != *" $name "* ]]; then continue; fi
    selected+=("$entry")
done

step() { # DIR LOG COMMAND: runs it in the project, output to its log; the seconds it took on stdout, or FAIL
    local start=$SECONDS
    (cd "$1" && eval "$3") >>"$2" 2>&1 || { echo "FAIL"; return 1; }
    echo "$((SECONDS - start))s"
}

# generators and installs first, four at a time: mostly waiting on the registry and the disk
for entry in "${selected[@]}"; do
    IFS='|' read -r name expect make <<<"$entry"
    mkdir -p "$work/$name"
    while [ "$(jobs -rp | wc -l)" -ge 4 ]; do wait -n || true; done
    (step "$work/$name" "$work/$name.log" "$make" >"$work/$name.gen" || true) &
done
wait

# then each project through new, test and test --prod, one at a time: these use both cores
failed=0 passed=0
printf '%-20s %-8s %-8s %-8s %s\n' project gen+npm dev prod result
for entry in "${selected[@]}"; do
    IFS='|' read -r name expect make <<<"$entry"
    dir="$work/$name" log="$work/$name.log"
    result=ok
    t_gen=$(cat "$work/$name.gen")
    [ "$t_gen" != FAIL ] || result="generator or npm install failed"
    if [ "$result" = ok ]; then
        (cd "$dir" && "$sd" new -y) >>"$log" 2>&1 || result="new failed"
    fi
    if [ "$result" = ok ] && ! grep -Eq "$expect" "$dir/Spacefile"; then result="Spacefile has no '$expect'"; fi
    t_dev=- t_prod=-
    if [ "$result" = ok ]; then t_dev=$(step "$dir" "$log" "'$sd' test") || result="space-dev test failed"; fi
    if [ "$result" = ok ]; then t_prod=$(step "$dir" "$log" "'$sd' test --prod") || result="space-dev test --prod failed"; fi
    # what new wrote must keep the micros off the network, as Space did: only the proxy reaches them
    if [ "$result" = ok ] && grep -q "listens on all interfaces" "$log"; then result="a micro listened on all interfaces"; fi
    printf '%-20s %-8s %-8s %-8s %s\n' "$name" "$t_gen" "$t_dev" "$t_prod" "$result"
    if [ "$result" = ok ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        { echo "--- $name: Spacefile"; cat "$dir/Spacefile" 2>/dev/null; echo "--- $name: log (last 40 lines)"; tail -40 "$log"; } >&2
    fi
    rm -rf "$dir"
done
echo "generated projects: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
