#!/bin/sh
# Removes what install.sh installed: the command and ~/.local/share/space-dev. Your apps, their .space/
# folders and ~/.space-dev (this user's local CA and state key) are left as they are.
set -eu
prefix=${SPACE_DEV_PREFIX:-"$HOME/.local"}
home="$prefix/share/space-dev"
link="$prefix/bin/space-dev"
if [ -L "$link" ] && [ "$(readlink "$link")" = "$home/current/bin/space-dev" ]; then
    rm -f "$link"
fi
rm -rf "$home"
echo "space-dev uninstalled from $prefix (your apps and ~/.space-dev were left as they are)"
