#!/usr/bin/env bash
# auto/install staged into a temporary DESTDIR: the unit file is valid for systemd and names the
# installed binary, and the installed tree runs on its own (Redis, mgmt and its daemons, the
# dashboard and the players) from the installed folders, not from the checkout.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/auto/lib.sh"
source "$root/tests/scripts/checks.sh"

stage=$(mktemp -d)
mgmt=
home=
cleanup() {
  if [ -n "$mgmt" ]; then kill "$mgmt" 2>/dev/null || true; wait "$mgmt" 2>/dev/null || true; fi
  stop_redis_of "$home"
  rm -rf "$stage"
}
trap cleanup EXIT

if [ ! -f "$root/ui/dist/index.html" ]; then
  echo "SKIPPED: the dashboard is not built (auto/build builds it)"
  exit 0
fi
# Installed for real into a temporary prefix (the unit beside it, nothing started), so that
# systemd's verifier sees the executables the unit names.
prefix=$stage/srs-cloud
PREFIX=$prefix UNIT_DIR=$stage/units SC_INSTALL_NO_START=1 "$root/auto/install" >/dev/null
unit=$stage/units/srs-cloud.service
installed=$prefix/current
check "the unit is installed" test -f "$unit"
check "the unit names the installed mgmt" grep -qx "ExecStart=$prefix/current/bin/srs-cloud-mgmt" "$unit"
check "the unit has the srs-terraform alias" grep -qx "Alias=srs-terraform.service" "$unit"
check "the unit restarts after 3 s" grep -qx "RestartSec=3" "$unit"
check "no placeholder is left" bash -c "! grep -q @PREFIX@ '$unit'"
if command -v systemd-analyze >/dev/null; then
  # A machine without systemd running lacks its targets; anything else is a fault of the unit.
  check "systemd accepts the unit" bash -c "systemd-analyze verify '$unit' 2>&1 | \
    grep -v -e 'sysinit.target not found' -e 'machine-id' | (! grep -q .)"
fi
for binary in mgmt hooks platform releases; do
  check "srs-cloud-$binary is installed" test -x "$installed/bin/srs-cloud-$binary"
done
check "the templates are installed" test -f "$installed/containers/srs.conf"

# Run the installed tree the way the unit does (ExecStartPre, then ExecStart).
home=$prefix/var
SC_HOME=$home
use_free_ports
env_set MEDIA_ENGINE none
env_set MGMT_RUNTIME native  # never the host's Docker engine
SRS_CLOUD_HOME=$home "$installed/auto/redis_start" >/dev/null
(cd / && SRS_CLOUD_HOME=$home UI_DIR=$installed/ui/dist TOOLS_DIR=$installed/ui/dist-tools \
  exec "$installed/bin/srs-cloud-mgmt" >"$stage/mgmt.log" 2>&1) &
mgmt=$!
mgmt_port=$(env_get MGMT_PORT)
for _ in $(seq 1 150); do
  curl -fsS -o /dev/null "http://127.0.0.1:$mgmt_port/terraform/v1/mgmt/versions" 2>/dev/null && break
  sleep 0.1
done
check "the installed mgmt serves the dashboard" bash -c \
  "curl -fsS http://127.0.0.1:$mgmt_port/mgmt/ | grep -qi '<html'"
check "the installed mgmt serves the players" \
  curl -fsS -o /dev/null "http://127.0.0.1:$mgmt_port/tools/player.html"
check "the installed hooks runs" \
  curl -fsS -o /dev/null "http://127.0.0.1:$mgmt_port/terraform/v1/hooks/versions"
check "configs are rendered into the installed runtime folder" test -f "$home/containers/conf/srs.conf"
[ "$failed" = 0 ] || tail -n 30 "$stage/mgmt.log"
report
