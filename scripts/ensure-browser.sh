#!/usr/bin/env bash
# Before the browser tests: Debian's Chromium (Playwright cannot download browsers here), ffmpeg, and
# Firefox ESR, WebKitGTK's WebDriver and xvfb for the engines suite.
# Installs them with apt when running as root; otherwise says exactly what to run.
set -euo pipefail
missing=()
# The path is CHROMIUM_PATH in testkit/chromium.ts, the one the tests and the benchmark launch.
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
# The engines suite (e2e-engines/): Firefox, and WebKitGTK's WebDriver with MiniBrowser under a virtual X display.
[[ -x /usr/bin/firefox-esr ]] || missing+=(firefox-esr)
[[ -x /usr/bin/WebKitWebDriver ]] || missing+=(webkit2gtk-driver)
command -v xvfb-run >/dev/null 2>&1 || missing+=(xvfb)
((${#missing[@]} == 0)) && exit 0
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} for the browser tests (apt-get)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}"
else
  echo "The browser tests need ${missing[*]}: run \`sudo apt-get install -y ${missing[*]}\`, then npm test again." >&2
  exit 1
fi
