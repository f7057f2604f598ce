#!/usr/bin/env bash
# install_proxy.sh [--optional]
# The proxy in front of the course's JupyterHub, configurable-http-proxy, from npm at the version pinned in
# tools/hub/package-lock.json, installed into tools/hub/node_modules (again only when the lock file changes).
# Without npm: `make hub` stops with the line to fix it; with --optional (`make test`) it only says so, and
# the hub test skips (or fails when CI=true).
cd "$(dirname "$0")" || exit 1
PROXY=node_modules/.bin/configurable-http-proxy
if [ -x "$PROXY" ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
    exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "install_proxy: the hub needs Node.js and npm for its proxy (as root: apt-get install nodejs npm)."
    [ "$1" = "--optional" ] && exit 0
    exit 1
fi
echo "install_proxy: installing configurable-http-proxy (tools/hub/package-lock.json) into tools/hub/node_modules ..."
if npm ci --ignore-scripts --no-audit --no-fund; then
    exit 0
fi
echo "install_proxy: npm ci failed; the hub cannot start without its proxy."
[ "$1" = "--optional" ] && exit 0
exit 1
