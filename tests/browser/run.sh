#!/usr/bin/env bash
# Browser test: build the seed digest and a hostile fixture, open them in headless Chromium
# and check what a reader sees (right-to-left Arabic, English names, no article script runs).
#
# Usage: tests/browser/run.sh [OUT_DIR]   (from anywhere)
# The digests and the screenshots of the seed digest (screenshot-digest.png, and
# screenshot-digest-phone.png on a phone screen) are written to OUT_DIR, else to
# $KHULASA_BROWSER_OUT, else to a new temporary folder; the folder is printed at the start
# and at the end, and kept. Only what the test writes is replaced in a folder that already
# exists. Needs node and npm; installs Debian's chromium when missing (as root).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

work="${1:-${KHULASA_BROWSER_OUT:-}}"
if [ -z "$work" ]; then
  work="$(mktemp -d "${TMPDIR:-/tmp}/khulasa-browser.XXXXXX")"
fi
mkdir -p "$work"
work="$(cd "$work" && pwd)"
echo "browser test: writing to $work"

chromium_bin="${CHROMIUM:-/usr/bin/chromium}"
if ! [ -x "$chromium_bin" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "browser test: installing chromium"
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >/dev/null \
      || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >/dev/null; }
  else
    echo "browser test: $chromium_bin not found; install Debian's chromium (apt-get install -y chromium)" >&2
    exit 1
  fi
fi

cd "$repo"
rm -rf "$work"/{seed,analyst,executive,public,hostile} "$work"/screenshot-digest{,-phone}.png
cargo build --quiet --locked --bin khulasa
bin="${CARGO_TARGET_DIR:-target}/debug/khulasa"
"$bin" build seeds --out "$work/seed" --date 2026-11-23 --quiet
for audience in analyst executive public; do
  "$bin" build seeds --out "$work/$audience" --date 2026-11-23 --audience "$audience" --quiet
done
"$bin" build tests/fixtures/publish/hostile.md --out "$work/hostile" --date 2026-11-22 --quiet

(cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
CHROMIUM="$chromium_bin" node "$here/check.mjs" \
  "$work/seed/2026-11-23/digest.html" \
  "$work/hostile/2026-11-22/digest.html" \
  "$work/screenshot-digest.png" \
  "$work"/{analyst,executive,public}/2026-11-23/digest.html
echo "browser test: digests and screenshots are in $work"
