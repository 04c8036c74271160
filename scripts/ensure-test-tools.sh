#!/usr/bin/env bash
# Installs what the test suite needs beyond npm packages, when it is missing:
#   - a Chromium for Playwright (Debian's package; elsewhere Playwright's own download)
#   - kubectl, a real Kubernetes client the simulator's conformance tests drive (Debian's kubernetes-client)
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }
apt_install() {
  if [ "$(id -u)" = 0 ] && have apt-get; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  elif have sudo && have apt-get; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    return 1
  fi
}

if [ -z "${CHROMIUM_PATH:-}" ] && ! have chromium; then
  echo "[tests] installing Chromium for the browser tests" >&2
  apt_install chromium || npx playwright install chromium
fi
if ! have kubectl; then
  echo "[tests] installing kubectl (Debian's kubernetes-client) for the simulator's conformance tests" >&2
  apt_install kubernetes-client || { echo "[tests] kubectl is required: install it and run again" >&2; exit 1; }
fi
