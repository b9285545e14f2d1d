#!/bin/sh
# Installs an unpacked ftagent tarball: the tree under $FTAGENT_PREFIX (default /opt/ftagent), a symlink
# $FTAGENT_BINDIR/ftagent (default /usr/local/bin), the example config and the unit template beside it.
# Safe to run again (an upgrade): files are replaced, an existing /etc/ftagent/config.json is never touched.
#
#   tar xzf ftagent-<version>.tar.gz && sudo ftagent-<version>/install.sh
#   then: ftagent setup && ftagent install-service && systemctl enable --now ftagent
set -eu

prefix=${FTAGENT_PREFIX:-/opt/ftagent}
bindir=${FTAGENT_BINDIR:-/usr/local/bin}
src=$(cd "$(dirname "$0")" && pwd)

if [ "$(id -u)" -ne 0 ]; then
    echo "install.sh: must run as root (it writes $prefix and $bindir/ftagent); try: sudo $0" >&2
    exit 1
fi
for f in bin/ftagent bin/find-jdk.sh lib/ftagent.jar; do
    if [ ! -f "$src/$f" ]; then
        echo "install.sh: $src/$f missing; run this script from an unpacked ftagent tarball" >&2
        exit 1
    fi
done

# Copy into a fresh directory beside the target, then swap it in, so that a running agent never sees half a tree.
parent=$(dirname "$prefix")
mkdir -p "$parent"
staging=$(mktemp -d "$parent/.ftagent-install.XXXXXX")
trap 'rm -rf "$staging"' EXIT
mkdir -p "$staging/bin" "$staging/lib" "$staging/share"
cp "$src/bin/ftagent" "$src/bin/find-jdk.sh" "$staging/bin/"
cp "$src/lib/ftagent.jar" "$staging/lib/"
for f in config.example.json ftagent.service README.md install.sh; do
    if [ -f "$src/$f" ]; then
        cp "$src/$f" "$staging/share/"
    fi
done
chmod 0755 "$staging" "$staging/bin" "$staging/lib" "$staging/share" "$staging/bin/ftagent"
chmod 0644 "$staging/bin/find-jdk.sh" "$staging/lib/ftagent.jar"

if [ -d "$prefix" ]; then
    rm -rf "$prefix.old"
    mv "$prefix" "$prefix.old"
fi
mv "$staging" "$prefix"
trap - EXIT
rm -rf "$prefix.old"

mkdir -p "$bindir"
ln -sfn "$prefix/bin/ftagent" "$bindir/ftagent"

echo "installed ftagent in $prefix; $bindir/ftagent -> $prefix/bin/ftagent"
if [ ! -f /etc/ftagent/config.json ]; then
    echo "next: ftagent setup          (writes /etc/ftagent/config.json; example: $prefix/share/config.example.json)"
fi
echo "then: ftagent install-service && systemctl enable --now ftagent"
