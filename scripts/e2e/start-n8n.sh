#!/usr/bin/env bash
# Start a prepared n8n in the background for a user folder, wait until it answers,
# set up its owner and check the login (dev environment and e2e tests).
#
#   bash scripts/e2e/start-n8n.sh <2|1> <userFolder> <port> [--no-owner]
#
# Listens on 127.0.0.1:<port> only; log: <userFolder>/n8n.log; the process is
# recorded in <userFolder>/n8n-e2e.json; the owner's login is kept in
# <userFolder>/e2e-owner.json (mode 600, never printed). Stop it with
# stop-n8n.sh <userFolder>. Environment and details: README.md, n8n.js.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ $# -ge 3 ] || e2e_die "usage: start-n8n.sh <2|1> <userFolder> <port> [--no-owner]"
e2e_check_major "$1"
e2e_require_prepared "$1" >/dev/null
exec node "$E2E_SCRIPTS_DIR/n8n.js" start "$@"
