#!/usr/bin/env bash
# Prepare the local npm registry of the editor-install stage (registry.js
# starts it): Verdaccio from the npm registry (pinned), installed into
# <cache>/verdaccio with --ignore-scripts, once. It runs on a loopback port
# with no uplinks: it serves only what the stage publishes to it. Verdaccio 6
# needs Node 22 or newer: it runs on the cache's Node 24 (prepare-n8n.sh 2).
#
#   bash scripts/e2e/prepare-registry.sh
#
# Environment: N8N_E2E_CACHE (cache folder), E2E_VERDACCIO_VERSION (npm version).
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

VERDACCIO_VERSION="${E2E_VERDACCIO_VERSION:-6.10.4}"
DIR="$E2E_CACHE/verdaccio"
mkdir -p "$E2E_CACHE"

exec 9>"$E2E_CACHE/.prepare-registry.lock"
flock 9

if [ "$(head -n1 "$DIR/.prepared" 2>/dev/null)" != "$VERDACCIO_VERSION" ]; then
  e2e_log "installing Verdaccio $VERDACCIO_VERSION (npm) into $DIR"
  rm -rf "$DIR"
  mkdir -p "$DIR"
  npm install --prefix "$DIR" --no-save --engine-strict=false --no-audit --no-fund --ignore-scripts --loglevel=error \
    "verdaccio@$VERDACCIO_VERSION" || e2e_die "npm install of Verdaccio failed"
  [ -f "$DIR/node_modules/verdaccio/bin/verdaccio" ] || e2e_die "Verdaccio is not where it was installed"
  echo "$VERDACCIO_VERSION" >"$DIR/.prepared"
fi
e2e_log "Verdaccio $VERDACCIO_VERSION ready in $DIR"
