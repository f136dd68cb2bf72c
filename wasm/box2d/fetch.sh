#!/usr/bin/env bash
# Fetches Box2D 2.4.1's sources from Debian's source package into wasm/box2d/build/box2d-src/.
# They are never vendored into the repository: this runs at build time (wasm/box2d/build.mjs calls
# it when the tree is missing) and does nothing when the tree is already there.
#
# Needs root on Debian 12. When apt has no deb-src entry, one is derived from the machine's own
# /etc/apt/sources.list.d/debian.sources (the same mirrors and suites, `Types: deb-src`), so no
# other host than the configured Debian mirror is contacted.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
dest="$here/build/box2d-src"
version=2.4.1

# The one file every build needs; its presence means an earlier fetch finished (the tree is moved
# into place only once complete).
if [ -f "$dest/include/box2d/b2_world.h" ]; then
  exit 0
fi

say() { echo "box2d/fetch: $*"; }
die() { echo "box2d/fetch: error: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (apt-get update / apt-get install). Run it as root, or put Box2D $version's source tree (the one with include/box2d/ and src/) at $dest"
command -v apt-get >/dev/null || die "apt-get not found: this script expects Debian 12. Put Box2D $version's source tree at $dest by hand"
export DEBIAN_FRONTEND=noninteractive

have_source_index() { apt-cache showsrc box2d 2>/dev/null | grep -q '^Package: box2d'; }

if ! have_source_index; then
  src_file=/etc/apt/sources.list.d/wasm-napi-src.sources
  if ! grep -rqsE '^[[:space:]]*(Types:.*deb-src|deb-src[[:space:]])' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    deb822=/etc/apt/sources.list.d/debian.sources
    if [ -f "$deb822" ]; then
      # Every stanza of type deb, with its Types line made deb-src; other stanzas are dropped.
      # Stanzas are separated by blank lines (deb822).
      awk '
        function flush() { if (keep) printf "%s%s", (n++ ? "\n" : ""), buf; buf = ""; keep = 0 }
        /^[[:space:]]*$/ { flush(); next }
        /^Types:/ { if ($0 ~ /(^|[[:space:]])deb([[:space:]]|$)/) { keep = 1; $0 = "Types: deb-src" } }
        { buf = buf $0 "\n" }
        END { flush() }
      ' "$deb822" >"$src_file.tmp"
    elif [ -f /etc/apt/sources.list ]; then
      # One-line format: the same lines with deb-src.
      sed -n 's/^deb[[:space:]]/deb-src /p' /etc/apt/sources.list >"$src_file.tmp"
    else
      : >"$src_file.tmp"
    fi
    if [ ! -s "$src_file.tmp" ]; then
      rm -f "$src_file.tmp"
      die "no Debian 'deb' entry to derive a deb-src entry from (looked in $deb822 and /etc/apt/sources.list)"
    fi
    mv "$src_file.tmp" "$src_file"
    say "added deb-src entries in $src_file"
  fi
  say "apt-get update"
  apt-get update -qq
  have_source_index || die "apt still knows no source package 'box2d' after apt-get update"
fi

if ! command -v dpkg-source >/dev/null; then
  say "installing dpkg-dev (for dpkg-source)"
  apt-get install -y -qq dpkg-dev >/dev/null
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/box2d-src.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# apt downloads as the unprivileged _apt user when it can; a 0700 root-owned directory makes it fall
# back to root with the warning "Download is performed unsandboxed as root". Let _apt write here.
if id _apt >/dev/null 2>&1; then
  chown _apt "$work"
fi
say "apt-get source box2d (Box2D $version)"
(cd "$work" && apt-get source -qq box2d >/dev/null)

unpacked="$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'box2d-*' | head -n 1)"
[ -n "$unpacked" ] && [ -f "$unpacked/include/box2d/b2_world.h" ] ||
  die "apt-get source box2d did not unpack a Box2D tree with include/box2d/b2_world.h in $work"
got="$(sed -n 's/^box2d (\([^)]*\)).*/\1/p;q' "$unpacked/debian/changelog" 2>/dev/null || true)"
case "$got" in
  "$version"*) ;;
  *) die "Debian's box2d source is version '${got:-unknown}', expected $version (the binding and tests are written against $version)" ;;
esac

mkdir -p "$(dirname "$dest")"
rm -rf "$dest"
mv "$unpacked" "$dest"
say "Box2D $got sources in $dest"
