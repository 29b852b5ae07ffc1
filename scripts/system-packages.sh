#!/usr/bin/env bash
# Debian packages the tests need besides Python: Chromium for the browser tests, poppler-utils
# (pdftotext) for reading generated PDFs, gettext for the translations, the PostgreSQL client
# programs for backup and restore. Installs what is missing when run as root with apt-get;
# otherwise names what is missing and leaves it to the caller (CI fails, local runs skip).
set -euo pipefail

declare -A need=(
  [/usr/bin/chromium]=chromium
  [/usr/bin/pdftotext]=poppler-utils
  [/usr/bin/msgfmt]=gettext
  [/usr/bin/pg_dump]=postgresql-client
  [/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf]=fonts-dejavu-core
)
missing=()
for path in "${!need[@]}"; do
  [ -e "$path" ] || missing+=("${need[$path]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing Debian packages (install them as root): ${missing[*]}" >&2
fi
