#!/usr/bin/env bash
# Run an n8n CLI command against a user folder, with the same environment as
# start-n8n.sh (same encryption key and database), e.g.
#
#   bash scripts/e2e/n8n-cli.sh 2 /tmp/uf import:credentials --input=creds.json
#   bash scripts/e2e/n8n-cli.sh 2 /tmp/uf import:workflow --input=wf.json
#   bash scripts/e2e/n8n-cli.sh 2 /tmp/uf execute --id=<workflowId> --rawOutput
#   bash scripts/e2e/n8n-cli.sh 2 /tmp/uf publish:workflow --id=<workflowId>     (2.x)
#   bash scripts/e2e/n8n-cli.sh 1 /tmp/uf update:workflow --id=<id> --active=true (1.x)
#
# Activation from the CLI only changes the database: restart n8n afterwards.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ $# -ge 3 ] || e2e_die "usage: n8n-cli.sh <2|1> <userFolder> <n8n command> [flags...]"
e2e_check_major "$1"
e2e_require_prepared "$1" >/dev/null
MAJOR="$1"
USER_FOLDER="$2"
shift 2
exec node "$E2E_SCRIPTS_DIR/n8n.js" cli "$MAJOR" "$USER_FOLDER" -- "$@"
