#!/usr/bin/env bash
# Installs what the client-demo integration tests need and the machine may lack: headless Debian Chromium and its
# driver (DemoPageIT), and Node.js with npm (demo vendor files, newman). Does nothing when they are present.
# Needs root (or sudo) and the Debian package mirrors. Safe to call more than once.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ ${#missing[@]} -eq 0 ]; then
  echo "client-demo: chromium, chromedriver, node and npm are present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "client-demo: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q "${missing[@]}"
/usr/bin/chromium --version || true
/usr/bin/chromedriver --version || true
