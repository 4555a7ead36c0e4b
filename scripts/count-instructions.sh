#!/usr/bin/env bash
# Instructions per durable hold or per rebuilt event, counted with callgrind: what we compare versions by, since
# wall-clock figures drift 20 % and more on these machines. Each figure is the difference between two runs of
# different sizes divided by the difference in holds or records, so start-up and seeding cancel out.
#
#   scripts/count-instructions.sh holds   [TKTPLZ]   # bench holds --count 1000 and 2000
#   scripts/count-instructions.sh rebuild [TKTPLZ]   # projections rebuild --all on 50k and 100k sales records
#
# TKTPLZ defaults to .build/release/tktplz (build it with swift build -c release --product tktplz). Valgrind 3.24 is
# taken from Debian's next release and unpacked into .build-valgrind, not installed: bookworm's 3.19 gives up on
# this toolchain's release debug info. Its tools are static binaries, so they run here as they are.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:?holds or rebuild}
tktplz=$(realpath "${2:-.build/release/tktplz}")
vg=$PWD/.build-valgrind
work=$(mktemp -d /tmp/tktplz-count.XXXXXX)
trap 'rm -rf "$work"' EXIT

if [ ! -x "$vg/usr/bin/valgrind.bin" ]; then
  # The same mirror as this machine's bookworm sources, the next release's suite.
  mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=$(awk '/^deb / { print $2; exit }' /etc/apt/sources.list)
  mkdir -p "$work/apt/lists/partial"
  echo "deb $mirror trixie main" > "$work/apt/sources.list"
  apt_options=(-o Dir::Etc::SourceList="$work/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists="$work/apt/lists")
  apt-get "${apt_options[@]}" update > "$work/apt/update.log"
  (cd "$work/apt" && apt-get "${apt_options[@]}" download valgrind > /dev/null 2>&1)
  dpkg -x "$work"/apt/valgrind_*.deb "$vg"
fi

# Instructions of one run of tktplz with the given arguments.
count() {
  VALGRIND_LIB="$vg/usr/libexec/valgrind" SWIFT_BACKTRACE=enable=no "$vg/usr/bin/valgrind.bin" --tool=callgrind \
    --callgrind-out-file="$work/callgrind.out" "$tktplz" "$@" 2>&1 | awk '/Collected/ { gsub(",", "", $4); print $4 }'
}

case "$mode" in
  holds)
    small=$(count bench holds --count 1000)
    large=$(count bench holds --count 2000)
    echo "instructions per durable hold: $(( (large - small) / 1000 ))  (1000 holds: $small, 2000: $large)"
    ;;
  rebuild)
    for records in 50000 100000; do
      # Filled once by bench rebuild (real sales), then rebuilt under callgrind from a copy without projections.
      "$tktplz" bench rebuild --events "$records" --data-dir "$work/log-$records" > /dev/null
      mkdir -p "$work/copy-$records" && cp -r "$work/log-$records/events" "$work/copy-$records/events"
    done
    # bench rebuild fills whole shows of 25,003 records (SalesHistory), so the logs hold 50,006 and 100,012.
    small=$(count projections rebuild --all --data-dir "$work/copy-50000")
    large=$(count projections rebuild --all --data-dir "$work/copy-100000")
    echo "instructions per rebuilt event: $(( (large - small) / 50006 ))  (50,006 records: $small, 100,012: $large)"
    ;;
  *) echo "usage: $0 holds|rebuild [TKTPLZ]" >&2; exit 2 ;;
esac
