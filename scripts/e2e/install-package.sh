#!/usr/bin/env bash
# Install this package into an n8n user folder the way n8n's
# CommunityPackagesService does it (Settings > Community nodes > Install):
#
#   npm pack  ->  tar -xzf <tgz> -C <userFolder>/.n8n/nodes/node_modules/<name> --strip-components=1
#   delete devDependencies, peerDependencies, optionalDependencies from its package.json
#   npm install --audit=false --fund=false --bin-links=false --install-strategy=shallow
#               --ignore-scripts=true --package-lock=false      (inside that folder)
#   <userFolder>/.n8n/nodes/package.json: dependencies[<name>] = <version>
#
# Usage:
#   bash scripts/e2e/install-package.sh <userFolder> [<packageDir>|<tarball.tgz>]
#
# <packageDir> defaults to the repository root, which must be built first
# (npm run build): every file named in package.json "n8n.nodes" and
# "n8n.credentials" must exist. The pack runs with --ignore-scripts, so it never
# builds. A .tgz (for example from `npm pack`) is installed as it is.
# Idempotent: a previous install of the package in that user folder is replaced.
set -euo pipefail

# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

USER_FOLDER="${1:-}"
SOURCE="${2:-$E2E_REPO_DIR}"
[ -n "$USER_FOLDER" ] || e2e_die "usage: install-package.sh <userFolder> [<packageDir>|<tarball.tgz>]"
command -v npm >/dev/null || e2e_die "npm is not on PATH"
command -v tar >/dev/null || e2e_die "tar is not on PATH"

mkdir -p "$USER_FOLDER" || e2e_die "cannot create the user folder $USER_FOLDER"
USER_FOLDER="$(cd "$USER_FOLDER" && pwd)"
NODES_DIR="$USER_FOLDER/.n8n/nodes"
mkdir -p "$NODES_DIR/node_modules"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/n8n-e2e-pack.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# ------------------------------------------------------------------ pack ---
if [ -f "$SOURCE" ]; then
  case "$SOURCE" in *.tgz | *.tar.gz) ;; *) e2e_die "$SOURCE is not a .tgz tarball" ;; esac
  TARBALL="$(cd "$(dirname "$SOURCE")" && pwd)/$(basename "$SOURCE")"
  e2e_log "installing the tarball $TARBALL"
elif [ -d "$SOURCE" ]; then
  SOURCE="$(cd "$SOURCE" && pwd)"
  [ -f "$SOURCE/package.json" ] || e2e_die "$SOURCE has no package.json"
  # package.json must parse, and the built files it names must exist.
  node -e '
    const fs = require("fs"), path = require("path");
    const dir = process.argv[1];
    let pkg;
    try { pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")); }
    catch (e) { console.error("[e2e] ERROR: " + dir + "/package.json is not valid JSON: " + e.message); process.exit(1); }
    const files = [...((pkg.n8n && pkg.n8n.nodes) || []), ...((pkg.n8n && pkg.n8n.credentials) || [])];
    if (!files.length) { console.error("[e2e] ERROR: package.json names no n8n.nodes / n8n.credentials"); process.exit(1); }
    const missing = files.filter((f) => !fs.existsSync(path.join(dir, f)));
    if (missing.length) {
      console.error("[e2e] ERROR: the package is not built; missing:\n  " + missing.join("\n  ") +
        "\nRun `npm run build` in " + dir + " first.");
      process.exit(1);
    }
  ' "$SOURCE" || exit 1
  e2e_log "npm pack $SOURCE"
  PACK_JSON="$(cd "$SOURCE" && npm pack --ignore-scripts --json --pack-destination "$WORK" 2>"$WORK/pack.err")" || {
    cat "$WORK/pack.err" >&2
    e2e_die "npm pack failed in $SOURCE"
  }
  TARBALL="$WORK/$(printf '%s' "$PACK_JSON" | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => process.stdout.write(JSON.parse(s)[0].filename));')"
  [ -f "$TARBALL" ] || e2e_die "npm pack reported $TARBALL, which does not exist"
else
  e2e_die "$SOURCE is neither a package folder nor a .tgz"
fi

# Name and version from the tarball itself (what n8n would see).
tar -xzf "$TARBALL" -C "$WORK" package/package.json || e2e_die "cannot read package/package.json from $TARBALL"
PKG_NAME="$(node -p 'require(process.argv[1]).name' "$WORK/package/package.json")" || e2e_die "cannot read the package name"
PKG_VERSION="$(node -p 'require(process.argv[1]).version' "$WORK/package/package.json")" || e2e_die "cannot read the package version"
case "$PKG_NAME" in
  n8n-nodes-* | @*/n8n-nodes-*) ;;
  *) e2e_die "package name '$PKG_NAME' does not match n8n-nodes-* or @scope/n8n-nodes-*: n8n would not load it" ;;
esac
PKG_DIR="$NODES_DIR/node_modules/$PKG_NAME"
e2e_log "installing $PKG_NAME@$PKG_VERSION into $PKG_DIR"

# ------------------------------------------------------------- unpack ---
rm -rf "$PKG_DIR"
mkdir -p "$PKG_DIR"
tar -xzf "$TARBALL" -C "$PKG_DIR" --strip-components=1 || e2e_die "cannot unpack $TARBALL"

node -e '
  const fs = require("fs");
  const file = process.argv[1];
  const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(fs.readFileSync(file, "utf8"));
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2), "utf8");
' "$PKG_DIR/package.json"

# -------------------------------------------------- runtime dependencies ---
e2e_log "npm install (runtime dependencies only, as n8n does)"
(
  cd "$PKG_DIR"
  npm install --audit=false --fund=false --bin-links=false --install-strategy=shallow \
    --ignore-scripts=true --package-lock=false --loglevel=warn
) || e2e_die "npm install of the runtime dependencies of $PKG_NAME failed in $PKG_DIR"

# ---------------------------------------------- nodes/package.json entry ---
PKG_NAME="$PKG_NAME" PKG_VERSION="$PKG_VERSION" node -e '
  const fs = require("fs");
  const file = process.argv[1];
  let pkg = { name: "installed-nodes", private: true, dependencies: {} };
  if (fs.existsSync(file)) {
    try { pkg = JSON.parse(fs.readFileSync(file, "utf8")); }
    catch (e) { console.error("[e2e] ERROR: " + file + " is not valid JSON: " + e.message); process.exit(1); }
  }
  pkg.dependencies = { ...(pkg.dependencies || {}), [process.env.PKG_NAME]: process.env.PKG_VERSION };
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2), "utf8");
' "$NODES_DIR/package.json"

# Sanity: the nodes and credentials named in package.json load with plain require.
# (n8n-workflow is resolved from n8n at run time, so only check the files exist.)
node -e '
  const fs = require("fs"), path = require("path");
  const dir = process.argv[1];
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  for (const k of ["devDependencies", "peerDependencies", "optionalDependencies"])
    if (k in pkg) { console.error("[e2e] ERROR: " + k + " still in " + dir + "/package.json"); process.exit(1); }
  const files = [...((pkg.n8n && pkg.n8n.nodes) || []), ...((pkg.n8n && pkg.n8n.credentials) || [])];
  const missing = files.filter((f) => !fs.existsSync(path.join(dir, f)));
  if (missing.length) { console.error("[e2e] ERROR: installed package lacks " + missing.join(", ")); process.exit(1); }
  for (const dep of Object.keys(pkg.dependencies || {}))
    if (!fs.existsSync(path.join(dir, "node_modules", dep, "package.json"))) {
      console.error("[e2e] ERROR: runtime dependency " + dep + " is not installed in " + dir + "/node_modules"); process.exit(1);
    }
' "$PKG_DIR" || exit 1

e2e_log "installed $PKG_NAME@$PKG_VERSION in $NODES_DIR (restart n8n to load it)"
