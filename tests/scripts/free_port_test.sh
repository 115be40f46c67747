#!/usr/bin/env bash
# auto/lib.sh's free_port: never a port the .env already gives to a service (which may not be
# listening yet), and it finds the last port of its range that is left.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/auto/lib.sh"
source "$root/tests/scripts/checks.sh"

SC_HOME=$(mktemp -d)
trap 'rm -rf "$SC_HOME"' EXIT

read -r low _ </proc/sys/net/ipv4/ip_local_port_range
first=10000 last=$((low - 1))
[ "$last" -ge $((first + 1000)) ] || { echo "SKIP: the ephemeral range leaves no room below it"; exit 77; }
# The one port left: any of the range that nothing listens on now.
left=$first
while port_taken "$left"; do left=$((left + 1)); done
seq "$first" "$last" | grep -vx "$left" | sed 's/^/SOME_PORT=/' > "$SC_HOME/.env"

check "the only port the .env does not name is chosen" test "$(free_port)" = "$left"
check "and again: the search walks the range from wherever it starts" test "$(free_port)" = "$left"

: > "$SC_HOME/.env"
for name in A B C D E F G H; do env_set "${name}_PORT" "$(free_port)"; done
check "ports chosen one after another for a .env are all different" \
  test "$(sed -n 's/^[A-Z]_PORT=//p' "$SC_HOME/.env" | sort -u | wc -l)" = 8
report
