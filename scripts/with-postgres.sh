#!/usr/bin/env bash
# Runs a command beside a private PostgreSQL cluster: created with initdb in a temporary directory, started on a
# free port of 127.0.0.1 (as the postgres user when run as root: PostgreSQL refuses to run as root), stopped and
# removed when the command ends, however it ends. The command finds it in TKTPLZ_TEST_POSTGRES_URL.
# Needs Debian's postgresql (scripts/install-packages.sh --test installs it).
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bindir/initdb" ] || { echo "PostgreSQL is not installed: run scripts/install-packages.sh --test" >&2; exit 1; }
dir=$(mktemp -d /tmp/tktplz-postgres.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$dir"
  as_owner=(runuser -u postgres --)
fi
"${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U tktplz -A trust -E UTF8 --no-sync > "$dir/initdb.log"
stop() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop > /dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
# max_connections: three server nodes, the tests' own logs and the benchmarks' appenders at once.
"${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400 -c shared_buffers=128MB" start > /dev/null
export TKTPLZ_TEST_POSTGRES_URL="postgres://tktplz@127.0.0.1:$port/postgres"
"$@"
