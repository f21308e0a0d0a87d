#!/usr/bin/env bash
# The test command of the README: the map tests open maps in Debian's Chromium, so install it
# first when it is missing (Debian/Ubuntu; needs root or sudo), then run the whole suite.
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq chromium >/dev/null
fi
exec python3 -m pytest "$@"
