#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds everything (the crash tests start the tktplz
# executable as a child process), then runs every test target beside a private PostgreSQL cluster (started in a
# temporary directory on a free port, stopped afterwards: scripts/with-postgres.sh). The scale-out suites, which
# start several server processes each, run in a second pass of their own: beside the rest on two cores they
# starved the timing-bound tests (and each other) of CPU. Arguments go to both passes (e.g. --filter NAME).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-packages.sh --test
swift build --build-tests
scale_out='MultiNodeTests|NodeFaultTests'
scripts/with-postgres.sh bash -c '
  swift test --skip-build --skip "$0" "${@}" && swift test --skip-build --filter "$0" "${@}"
' "$scale_out" "$@"
