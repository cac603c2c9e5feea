#!/bin/sh
# The browser tests drive Debian's Chromium (Playwright's own browser download does not work here).
# Install it when it is missing and we may; otherwise the browser tests say why they cannot run.
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "NOTE: /usr/bin/chromium is missing and cannot be installed here (not root): browser tests will be skipped."
fi
