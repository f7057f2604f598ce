#!/usr/bin/env bash
# Make sure Debian's Chromium is at /usr/bin/chromium for the real-browser test
# (tests/browser/): installed with apt when missing and root (as in CI). Never fails the
# build by itself: the test decides whether a missing browser skips (a learner's machine)
# or fails (CI=true).
exec bash "$(dirname "$0")/ensure_debian_package.sh" /usr/bin/chromium chromium "the browser test will be skipped"
