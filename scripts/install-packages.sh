#!/usr/bin/env bash
# Installs the Debian packages TktPlz builds against, when any is missing. Safe to run again.
# With --test, also what only the tests need: pdftoppm/pdftotext (poppler-utils) and zbarimg (zbar-tools) to read
# tickets back, headless Chromium with its driver, Selenium (from PyPI, in .build-venv) for the browser tests and
# schemathesis (from PyPI, in .build-venv) to hold the server to its OpenAPI document; protobuf and zstandard (from
# PyPI, in .build-venv) for the Python reader of exported logs; python-socketio (from PyPI, in .build-venv) as a
# Socket.IO client nobody here wrote; aiosmtpd and trustme (from PyPI, in .build-venv) for a real SMTP server with
# STARTTLS under a test certificate authority; PostgreSQL, which the tests start privately
# (scripts/with-postgres.sh) for the log's second backend.
set -euo pipefail
cd "$(dirname "$0")/.."
# QR codes (libqrencode), PNG and PDF tickets (cairo, with a font for its text).
packages=(liblmdb-dev libzstd-dev pkg-config libqrencode-dev libcairo2-dev fonts-dejavu-core)
testing=false
[ "${1:-}" = "--test" ] && testing=true
$testing && packages+=(poppler-utils zbar-tools chromium chromium-driver python3-venv postgresql)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi
if $testing && ! .build-venv/bin/python3 -c "import selenium" 2>/dev/null; then
  echo "Installing Selenium into .build-venv"
  python3 -m venv .build-venv
  .build-venv/bin/pip install -q selenium
fi
if $testing && ! .build-venv/bin/python3 -c "import google.protobuf, zstandard" 2>/dev/null; then
  echo "Installing protobuf and zstandard into .build-venv (the log reader in Python)"
  [ -x .build-venv/bin/pip ] || python3 -m venv .build-venv
  .build-venv/bin/pip install -q protobuf zstandard
fi
if $testing && ! .build-venv/bin/python3 -c "import socketio, websocket, requests" 2>/dev/null; then
  echo "Installing python-socketio (with its client transports) into .build-venv: a Socket.IO client we did not write"
  [ -x .build-venv/bin/pip ] || python3 -m venv .build-venv
  .build-venv/bin/pip install -q 'python-socketio[client]>=5,<6'
fi
if $testing && ! .build-venv/bin/python3 -c "import aiosmtpd, trustme" 2>/dev/null; then
  echo "Installing aiosmtpd and trustme into .build-venv: an SMTP server to deliver the tests' mail to"
  [ -x .build-venv/bin/pip ] || python3 -m venv .build-venv
  .build-venv/bin/pip install -q 'aiosmtpd>=1.4,<2' 'trustme>=1,<2'
fi
if $testing && ! [ -x .build-venv/bin/st ]; then
  echo "Installing schemathesis into .build-venv"
  [ -x .build-venv/bin/pip ] || python3 -m venv .build-venv
  .build-venv/bin/pip install -q 'schemathesis>=4,<5'
fi
