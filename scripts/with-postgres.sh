#!/usr/bin/env bash
# Runs a command beside a private PostgreSQL cluster: created with initdb in a temporary directory, started on a
# free port of 127.0.0.1 (scripts/postgres-cluster.sh), stopped and removed when the command ends, however it ends.
# The command finds it in TKTPLZ_TEST_POSTGRES_URL. Needs Debian's postgresql (scripts/install-packages.sh --test).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d /tmp/tktplz-postgres.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
trap '"$here/postgres-cluster.sh" remove "$dir"' EXIT
"$here/postgres-cluster.sh" init "$dir" "$port"
export TKTPLZ_TEST_POSTGRES_URL="postgres://tktplz@127.0.0.1:$port/postgres"
"$@"
