#!/usr/bin/env bash
# ensure_debian_package.sh PROGRAM PACKAGE WHY
# Make sure PROGRAM (an absolute path) exists: install Debian's PACKAGE with apt-get when it is
# missing and we are root (as in CI); otherwise print one line saying how. Never fails by itself:
# whatever needs PROGRAM decides whether its absence skips, refuses or fails (CI=true).
# Used for chromium (the real-browser test) and bubblewrap (the grader's sandbox).
PROGRAM=$1 PACKAGE=$2 WHY=$3
NAME="ensure $PACKAGE"

if [ -x "$PROGRAM" ]; then
    echo "$NAME: $PROGRAM is present ($("$PROGRAM" --version 2>/dev/null | head -1 || echo 'version unknown'))."
    exit 0
fi

if [ "$(id -u)" != "0" ]; then
    echo "$NAME: $PROGRAM is missing and we are not root, so it was not installed; $WHY (as root: apt-get install $PACKAGE)."
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "$NAME: $PROGRAM is missing and there is no apt-get; $WHY."
    exit 0
fi

echo "$NAME: $PROGRAM is missing; installing Debian's $PACKAGE with apt-get ..."
if DEBIAN_FRONTEND=noninteractive apt-get update -q \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$PACKAGE"; then
    if [ -x "$PROGRAM" ]; then
        echo "$NAME: installed $("$PROGRAM" --version 2>/dev/null | head -1 || echo "$PACKAGE")."
    else
        echo "$NAME: apt-get finished but $PROGRAM is still missing; $WHY."
    fi
else
    echo "$NAME: apt-get could not install $PACKAGE (exit $?); $WHY."
fi
exit 0
