#!/usr/bin/env bash
# What the test suite needs beyond the Python packages: Debian's chromium, in
# which tests/test_security.py opens a briefing made from hostile articles to
# show that no script runs. As root on a Debian-like machine, install it;
# otherwise say how and fail.
set -euo pipefail
command -v chromium >/dev/null || command -v chromium-browser >/dev/null && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "wirebrief: installing chromium for the browser test (a minute or two, once)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends chromium >/dev/null
else
    echo "wirebrief: the tests need chromium: sudo apt-get install chromium" >&2
    exit 1
fi
