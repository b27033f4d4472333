#!/bin/sh
# Installs this space-dev release for the current user, without root:
#   ~/.local/share/space-dev/VERSION/   this folder's contents
#   ~/.local/share/space-dev/current    the version in use
#   ~/.local/bin/space-dev              the command
# Run again from a newer release to upgrade in place (the older version is removed). SPACE_DEV_PREFIX
# installs under another prefix than ~/.local. uninstall.sh removes it all again.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=${SPACE_DEV_PREFIX:-"$HOME/.local"}
version=$(basename "$here" | sed -e 's/^space-dev-//' -e 's/-linux-x86_64$//')
home="$prefix/share/space-dev"

if [ ! -x "$here/runtime/bin/java" ]; then
    # the archive without a bundled Java needs one of 17 or newer
    java=${JAVA_HOME:+"$JAVA_HOME/bin/java"}
    java=${java:-java}
    if ! "$java" -version >/dev/null 2>&1; then
        echo "space-dev: no Java found (java on PATH, or JAVA_HOME): install a JDK or JRE 17 or newer, or use the" >&2
        echo "space-dev-$version-linux-x86_64.tar.gz release, which brings its own" >&2
        exit 1
    fi
fi

mkdir -p "$home" "$prefix/bin"
rm -rf "$home/$version.new"
cp -R "$here" "$home/$version.new"
rm -rf "$home/$version"
mv "$home/$version.new" "$home/$version"
ln -sfn "$version" "$home/current"
ln -sfn "$home/current/bin/space-dev" "$prefix/bin/space-dev"
# an upgrade: the versions before this one go
for old in "$home"/*; do
    name=$(basename "$old")
    [ "$name" = current ] || [ "$name" = "$version" ] || rm -rf "$old"
done

echo "space-dev $version installed: $prefix/bin/space-dev"
case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "Add $prefix/bin to your PATH, e.g. in ~/.profile: export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
