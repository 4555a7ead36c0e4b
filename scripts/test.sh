#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds everything (the crash tests start the tktplz
# executable as a child process), then runs every test target beside a private PostgreSQL cluster (started in a
# temporary directory on a free port, stopped afterwards: scripts/with-postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-packages.sh --test
swift build --build-tests
scripts/with-postgres.sh swift test --skip-build "$@"
