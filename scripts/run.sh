#!/usr/bin/env bash
# Builds and starts the TktPlz server on port 5000 with its data under ./data (override with DATA_DIR, PORT).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-packages.sh
swift build --product tktplz
exec "$(swift build --show-bin-path)/tktplz" serve --data-dir "${DATA_DIR:-./data}" --port "${PORT:-5000}" "$@"
