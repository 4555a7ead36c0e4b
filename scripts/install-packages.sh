#!/usr/bin/env bash
# Installs the Debian packages TktPlz builds against, when any is missing. Safe to run again.
set -euo pipefail
# QR codes (libqrencode), PNG and PDF tickets (cairo, with a font for its text); pdftoppm for the tests that
# render a PDF ticket back to pixels, zbarimg (zbar-tools) for the tests that scan the QR codes back.
packages=(liblmdb-dev libzstd-dev pkg-config libqrencode-dev libcairo2-dev fonts-dejavu-core poppler-utils zbar-tools)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi
