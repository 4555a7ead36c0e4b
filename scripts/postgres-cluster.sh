#!/usr/bin/env bash
# A private PostgreSQL cluster in a directory: `init DIR PORT` creates and starts it, `stop DIR` and `start DIR`
# stop and start it again (a database restart), `remove DIR` stops it and deletes the directory. As the postgres
# user when run as root (PostgreSQL refuses to run as root). The server never inherits this script's output (it
# would hold a caller's pipe open): pg_ctl's messages go to DIR/pg_ctl.log, the server's to DIR/server.log. Used by
# scripts/with-postgres.sh and by the fault test, which restarts a cluster of its own under load. Needs Debian's
# postgresql (scripts/install-packages.sh --test).
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bindir/initdb" ] || { echo "PostgreSQL is not installed: run scripts/install-packages.sh --test" >&2; exit 1; }
command=$1 dir=$2
as_owner=()
[ "$(id -u)" -eq 0 ] && as_owner=(runuser -u postgres --)
case "$command" in
  init)
    port=$3
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    "${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U tktplz -A trust -E UTF8 --no-sync > "$dir/initdb.log"
    # max_connections: three server nodes, the tests' own logs and the benchmarks' appenders at once.
    echo "port = $port" >> "$dir/data/postgresql.conf"
    echo "unix_socket_directories = '$dir'" >> "$dir/data/postgresql.conf"
    echo "listen_addresses = '127.0.0.1'" >> "$dir/data/postgresql.conf"
    echo "max_connections = 400" >> "$dir/data/postgresql.conf"
    echo "shared_buffers = 128MB" >> "$dir/data/postgresql.conf"
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start > /dev/null 2>> "$dir/pg_ctl.log" ;;
  start) "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start > /dev/null 2>> "$dir/pg_ctl.log" ;;
  stop) "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop > /dev/null ;;
  remove)
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop > /dev/null 2>&1 || true
    rm -rf "$dir" ;;
  *) echo "usage: $0 init DIR PORT | start DIR | stop DIR | remove DIR" >&2; exit 64 ;;
esac
