#!/usr/bin/env bash
# npm run e2e: the end-to-end tests inside a real n8n 2.x and 1.x, from a clean
# machine. Installs what is missing, then runs scripts/e2e/e2e.js:
#
#   - n8n 2.41.1 (Node 24 from the npm registry) and n8n 1.123.x, prepared in the
#     cache folder in parallel (prepare-n8n.sh; nothing to do when already prepared);
#   - Debian's chromium (apt-get) when it is missing, for the editor checks;
#   - Verdaccio (npm, prepare-registry.sh), the local registry the editor installs from;
#   - npm run build (dist/) and the sandbox compile (.build/sandbox).
#
# Environment: N8N_E2E_CACHE (cache folder), E2E_MAJORS ("2 1" default),
# E2E_BROWSER=0 (skip the editor checks), E2E_QUEUE=0 (skip the queue-mode stage),
# E2E_EDITOR_INSTALL=0 (skip the install/update/uninstall from the editor and its
# local registry, prepare-registry.sh). The output ends with "N passed, N failed";
# the exit code is non-zero when anything failed.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$E2E_REPO_DIR"

MAJORS="${E2E_MAJORS:-2 1}"
START=$SECONDS
LOGS="$(mktemp -d "${TMPDIR:-/tmp}/wan-e2e-run.XXXXXX")"
PIDS=()

fail_setup() {
  for pid in "${PIDS[@]}" ${REGISTRY_PID:-}; do kill "$pid" 2>/dev/null || true; done
  printf '\n[e2e] ERROR: %s\n' "$*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

# -------------------------------------------- n8n, in the background ---
for major in $MAJORS; do
  bash "$E2E_SCRIPTS_DIR/prepare-n8n.sh" "$major" >"$LOGS/prepare-$major.log" 2>&1 &
  PIDS+=("$!")
  e2e_log "preparing n8n $major.x in the background (log: $LOGS/prepare-$major.log)"
done

# PostgreSQL 17 (npm) and Redis (apt) for the queue-mode stage, which runs with n8n 2.x.
SERVICES_PID=""
if [[ " $MAJORS " == *" 2 "* ]] && [ "${E2E_QUEUE:-1}" != 0 ]; then
  bash "$E2E_SCRIPTS_DIR/prepare-services.sh" >"$LOGS/prepare-services.log" 2>&1 &
  SERVICES_PID=$!
  PIDS+=("$SERVICES_PID")
  e2e_log "preparing PostgreSQL and Redis in the background (log: $LOGS/prepare-services.log)"
fi

# Verdaccio (npm) for the editor-install stage, which needs the browser.
if [ "${E2E_BROWSER:-1}" != 0 ] && [ "${E2E_EDITOR_INSTALL:-1}" != 0 ]; then
  bash "$E2E_SCRIPTS_DIR/prepare-registry.sh" >"$LOGS/prepare-registry.log" 2>&1 &
  REGISTRY_PID=$!
  e2e_log "preparing the local npm registry in the background (log: $LOGS/prepare-registry.log)"
fi

# ---------------------------------------------------------- chromium ---
if [ "${E2E_BROWSER:-1}" != 0 ] && [ ! -x /usr/lib/chromium/chromium ] && ! command -v chromium >/dev/null 2>&1; then
  e2e_log "installing Debian's chromium (apt-get)"
  if ! e2e_apt_install chromium >"$LOGS/apt.log" 2>&1; then
    tail -n 30 "$LOGS/apt.log" >&2
    fail_setup "apt-get install chromium failed"
  fi
  e2e_log "chromium installed: $(chromium --version 2>/dev/null | head -n1)"
fi

# ------------------------------------------------------------- build ---
e2e_log "npm run build + sandbox compile"
npm run build --silent >"$LOGS/build.log" 2>&1 || { tail -n 30 "$LOGS/build.log" >&2; fail_setup "npm run build failed"; }
node node_modules/typescript/bin/tsc -p tsconfig.sandbox.json >>"$LOGS/build.log" 2>&1 ||
  { tail -n 30 "$LOGS/build.log" >&2; fail_setup "the sandbox does not compile"; }

# ------------------------------------------------- wait for the n8ns ---
i=0
for pid in "${PIDS[@]}"; do
  while kill -0 "$pid" 2>/dev/null; do
    sleep 5
    i=$((i + 5))
    if [ $((i % 60)) -eq 0 ]; then e2e_log "still preparing n8n ($((SECONDS - START)) s)"; fi
  done
done
if [ -n "$SERVICES_PID" ]; then
  if ! wait "$SERVICES_PID"; then
    tail -n 40 "$LOGS/prepare-services.log" >&2
    PIDS=()
    fail_setup "prepare-services.sh failed"
  fi
  grep -E 'ready' "$LOGS/prepare-services.log" || true
fi
for idx in "${!PIDS[@]}"; do
  [ "${PIDS[$idx]}" = "$SERVICES_PID" ] && continue
  major="$(echo "$MAJORS" | awk -v n=$((idx + 1)) '{print $n}')"
  if ! wait "${PIDS[$idx]}"; then
    tail -n 40 "$LOGS/prepare-$major.log" >&2
    PIDS=()
    fail_setup "prepare-n8n.sh $major failed"
  fi
  grep -E 'prepared|already prepared' "$LOGS/prepare-$major.log" | tail -n 1 || true
done
PIDS=()
if [ -n "${REGISTRY_PID:-}" ] && ! wait "$REGISTRY_PID"; then
  tail -n 30 "$LOGS/prepare-registry.log" >&2
  fail_setup "prepare-registry.sh failed"
fi
e2e_log "setup done in $((SECONDS - START)) s"

ARGS=()
for major in $MAJORS; do ARGS+=("$major"); done
if [ "${E2E_BROWSER:-1}" = 0 ]; then ARGS+=(--no-browser); fi
if [ "${E2E_QUEUE:-1}" = 0 ]; then ARGS+=(--no-queue); fi
if [ "${E2E_EDITOR_INSTALL:-1}" = 0 ]; then ARGS+=(--no-editor-install); fi
rm -rf "$LOGS"
# e2e.js prints the total (setup included) and the closing "N passed, N failed" line.
E2E_SETUP_SECONDS=$((SECONDS - START)) exec node "$E2E_SCRIPTS_DIR/e2e.js" "${ARGS[@]}"
