#!/usr/bin/env bash
# Stop the n8n that start-n8n.sh started for a user folder (its process group:
# SIGTERM, then SIGKILL after 30 s). Does nothing when none is recorded.
#
#   bash scripts/e2e/stop-n8n.sh <userFolder>
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ $# -eq 1 ] || e2e_die "usage: stop-n8n.sh <userFolder>"
exec node "$E2E_SCRIPTS_DIR/n8n.js" stop "$1"
