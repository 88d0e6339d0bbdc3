# Shared set-up for scripts/demo, scripts/test and scripts/bench. Sourced, not run.
# Everything a fresh Debian/Ubuntu machine needs: Node check, npm dependencies, build,
# and a PostgreSQL server (installed with apt-get when missing and we are root).
set -euo pipefail

PGCLUSTER_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$PGCLUSTER_HOME"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

require_node() {
  command -v node >/dev/null || die "Node.js 20.19 or newer is required: install it (https://nodejs.org or your distribution's nodejs package), then re-run."
  local v; v="$(node -p 'process.versions.node')"
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
    || die "Node.js $v is too old: PgCluster needs 20.19 or newer."
}

install_deps() {
  # npm ci only when the lock file changed since the last install (it wipes node_modules).
  if ! cmp -s package-lock.json node_modules/.pgcluster-installed-lock 2>/dev/null; then
    say "installing npm dependencies (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json node_modules/.pgcluster-installed-lock
  fi
}

build() {
  say "building (tsc)"
  rm -rf dist
  npx --no-install tsc -p tsconfig.json
}

find_pg_bin() {
  if [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/pg_ctl" ]; then echo "$PG_BIN"; return 0; fi
  if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; return 0; fi
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

require_postgres() {
  if ! find_pg_bin >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      say "PostgreSQL server not found: installing it with apt-get"
      # Keep the package from starting its own cluster on 5432; we run our own instances.
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
      DEBIAN_FRONTEND=noninteractive apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >/dev/null
      rm -f /usr/sbin/policy-rc.d
    else
      die "no PostgreSQL server programs (initdb, pg_ctl) found. Install them as root with 'apt-get install postgresql' (Debian/Ubuntu), or set PG_BIN to the folder holding pg_ctl, then re-run."
    fi
  fi
  PG_BIN="$(find_pg_bin)" || die "PostgreSQL was installed but initdb still cannot be found; set PG_BIN."
  export PG_BIN
  say "using PostgreSQL from $PG_BIN ($("$PG_BIN/pg_ctl" --version))"
}

# Running as root: PostgreSQL refuses to run as root, so instances run as an unprivileged
# account (created on demand by the harness), which must be able to read this tree.
check_tree_readable() {
  [ "$(id -u)" = 0 ] || return 0
  local d="$PGCLUSTER_HOME"
  while [ "$d" != "/" ]; do
    local mode; mode="$(stat -c %A "$d")"
    [ "${mode:9:1}" = "x" ] || [ "${mode:9:1}" = "t" ] \
      || die "$d is not searchable by other users (mode $mode); the unprivileged instance user cannot reach $PGCLUSTER_HOME. Run: chmod o+x $d"
    d="$(dirname "$d")"
  done
}

bootstrap() {
  require_node
  install_deps
  build
  require_postgres
  check_tree_readable
}

# Kills anything still running from a test or demo root, then removes it.
sweep_root() {
  local root="$1"
  [ -n "$root" ] && [ -d "$root" ] || return 0
  pkill -CONT -f -- "$root" 2>/dev/null || true
  pkill -KILL -f -- "$root" 2>/dev/null || true
}
