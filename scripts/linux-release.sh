#!/bin/sh
# Builds target/space-dev-VERSION-linux-x86_64.tar.gz from the release archive `./mvnw package` made: the same
# files, with a Java of its own in runtime/ (jlink: only the modules jdeps finds space-dev using, plus the
# elliptic-curve TLS provider), so it runs on a Linux x86_64 machine without any Java. The launcher prefers
# runtime/bin/java when it is there.
#   scripts/linux-release.sh            # after ./mvnw -q -B package -DskipTests
#   JDK=/path/to/jdk scripts/linux-release.sh
set -eu
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version=//p' target/classes/space-dev.properties)
archive="target/space-dev-$version.tar.gz"
[ -f "$archive" ] || { echo "linux-release: $archive is missing; run ./mvnw -q -B package -DskipTests first" >&2; exit 1; }
jdk=${JDK:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}
[ -x "$jdk/bin/jlink" ] || { echo "linux-release: $jdk has no jlink: set JDK to a JDK (not a JRE) 17 or newer" >&2; exit 1; }
name="space-dev-$version-linux-x86_64"
out="target/$name"
rm -rf "$out" "target/space-dev-$version"
tar xzf "$archive" -C target
mv "target/space-dev-$version" "$out"
rm "$out/bin/space-dev.cmd"
modules="$("$jdk/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 target/space-dev.jar),jdk.crypto.ec"
# java.desktop (a fifth of the runtime) is there for one class only: PostgreSQL's driver's PGpoint has methods that
# take a java.awt.Point; the driver registers the class on connecting, but only a caller passing a Point needs AWT,
# and space-dev never does (install-test runs this build against PostgreSQL)
modules=$(printf '%s' "$modules" | sed 's/java\.desktop,//; s/,java\.desktop$//')
# the base class-data archive too: the launcher's own archive of space-dev's classes builds on it
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 \
    --generate-cds-archive --output "$out/runtime"
tar czf "target/$name.tar.gz" -C target "$name"
echo "target/$name.tar.gz ($(du -h "target/$name.tar.gz" | cut -f1); runtime modules: $modules)"
