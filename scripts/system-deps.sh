#!/usr/bin/env bash
# Debian packages the tests need: Chromium for the browser tests, CJK fonts so Chinese renders,
# LibreOffice to render Word files to PDF. Installed with apt where missing (CI runs as root).
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
fc-list 2>/dev/null | grep -ci "Noto Sans CJK" >/dev/null || need+=(fonts-noto-cjk)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${need[*]} — install them with: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
