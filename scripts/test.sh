#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds everything (the crash tests start the tktplz
# executable as a child process), then runs every test target.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-packages.sh --test
swift build --build-tests
swift test --skip-build "$@"
