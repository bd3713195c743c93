#!/usr/bin/env bash
# Installs (if missing) what the gateway's status page test drives: Debian's chromium and playwright-core from
# npm (no browser download: it drives /usr/bin/chromium). Idempotent; scripts/test.sh runs it.
#
# Usage: scripts/browser-tools.sh          Environment: QUEUE_TOOLS_DIR [<repo>/.tools]
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="${QUEUE_TOOLS_DIR:-$REPO/.tools}"
PLAYWRIGHT_VERSION=1.65.1
PLAYWRIGHT_DIR="$TOOLS_DIR/playwright"

say() { printf 'browser-tools: %s\n' "$*"; }
die() { printf 'browser-tools: ERROR: %s\n' "$*" >&2; exit 1; }

if ! command -v chromium >/dev/null 2>&1; then
    [[ "$(id -u)" == 0 ]] || die "chromium is missing; run as root to install it"
    say "installing chromium (Debian)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=600 update -q >/dev/null
    apt-get -o DPkg::Lock::Timeout=600 install -y -q chromium >/dev/null || die "apt-get install chromium failed"
fi

installed=""
if [[ -f "$PLAYWRIGHT_DIR/node_modules/playwright-core/package.json" ]]; then
    installed="$(node -p "require('$PLAYWRIGHT_DIR/node_modules/playwright-core/package.json').version" 2>/dev/null || true)"
fi
if [[ "$installed" != "$PLAYWRIGHT_VERSION" ]]; then
    say "installing playwright-core@$PLAYWRIGHT_VERSION into $PLAYWRIGHT_DIR"
    mkdir -p "$PLAYWRIGHT_DIR"
    cat >"$PLAYWRIGHT_DIR/package.json" <<JSON
{ "name": "queue-browser-tools", "private": true, "dependencies": { "playwright-core": "$PLAYWRIGHT_VERSION" } }
JSON
    (cd "$PLAYWRIGHT_DIR" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error >/dev/null) \
        || die "npm install of playwright-core@$PLAYWRIGHT_VERSION failed"
fi
say "chromium $(chromium --version 2>/dev/null | awk '{print $2}') and playwright-core $PLAYWRIGHT_VERSION ready"
