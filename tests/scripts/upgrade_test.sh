#!/usr/bin/env bash
# Upgrades end to end (port-decisions.md §6, issue 6 item 5): the current build installed as a
# release, the same daemons stamped with the next patch version (build/next/bin) and a broken
# release after it, both served as tarballs by the stack's own releases daemon. Proves that
#   - the automatic upgrade waits for its window, then installs the stable release: mgmt,
#     platform and the other daemons of the new version answer, current/ points at it;
#   - a manual upgrade to a release whose mgmt does not start is rolled back: the previous
#     version answers again, current/ points back, the release is marked failed and is refused
#     when asked again.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/auto/lib.sh"
source "$root/tests/scripts/checks.sh"

next_bin=$SC_BUILD_DIR/next/bin
if [ ! -x "$next_bin/srs-cloud-mgmt" ]; then
  echo "SKIPPED: no next release in $next_bin (configure with -DSC_NEXT_RELEASE=ON, as auto/test does)"
  exit 77
fi
if [ ! -f "$root/ui/dist/index.html" ]; then
  echo "SKIPPED: the dashboard is not built (auto/build builds it)"
  exit 77
fi

stage=$(mktemp -d)
prefix=$stage/srs-cloud
home=$prefix/var
mgmt_pids=()
cleanup() {
  [ -f "$home/run/mgmt.pid" ] && mgmt_pids+=("$(cat "$home/run/mgmt.pid")")
  for pid in "${mgmt_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${mgmt_pids[@]}"; do
    for _ in $(seq 1 200); do
      state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || echo gone)
      [ "$state" = gone ] || [ "$state" = Z ] && break
      sleep 0.1
    done
  done
  stop_redis_of "$home"
  rm -rf "$stage"
}
trap cleanup EXIT

version=$(sed -n 's/^project(srs-cloud VERSION \([0-9.]*\) .*/\1/p' "$root/CMakeLists.txt")
IFS=. read -r major minor patch <<<"$version"
next=v$major.$minor.$((patch + 1))
broken=v$major.$minor.$((patch + 2))

# The current build, installed the way a user installs it.
PREFIX=$prefix UNIT_DIR=$stage/units SC_INSTALL_NO_START=1 "$root/auto/install" >/dev/null
check "the build is installed as v$version" test "$(readlink "$prefix/current")" = "versions/v$version"
check "the unit runs mgmt through current/" grep -qx "ExecStart=$prefix/current/bin/srs-cloud-mgmt" "$stage/units/srs-cloud.service"

# Two releases on offer: the next version (stable) and a broken one (latest) whose mgmt exits.
releases=$stage/releases
"$root/auto/package" --bin-dir "$next_bin" --version "$next" --out "$releases" >/dev/null
mkdir -p "$stage/broken-bin"
cp "$next_bin"/srs-cloud-* "$stage/broken-bin/"
printf '#!/bin/sh\necho "this release is broken" >&2\nexit 3\n' >"$stage/broken-bin/srs-cloud-mgmt"
"$root/auto/package" --bin-dir "$stage/broken-bin" --version "$broken" --out "$releases" >/dev/null
check "the releases are packed" test -f "$releases/srs-cloud-$next.tar.gz" -a -f "$releases/srs-cloud-$broken.tar.gz"

SC_HOME=$home
use_free_ports
env_set MEDIA_ENGINE none
env_set MGMT_RUNTIME native
env_set RELEASES_DIR "$releases"
env_set RELEASES_STABLE "$next"
env_set RELEASES_LATEST "$broken"
env_set UPGRADE_CHECK_SECONDS 1
env_set UPGRADE_HEALTH_SECONDS 30
env_set UPGRADE_TUNE_SYSCTL false  # never this machine's /etc/sysctl.conf
mgmt_port=$(env_get MGMT_PORT)
api=http://127.0.0.1:$mgmt_port/terraform/v1

SRS_CLOUD_HOME=$home "$prefix/current/auto/redis_start" >/dev/null
redis() { redis-cli -p "$(env_get REDIS_PORT)" --no-auth-warning -a "$(env_get REDIS_PASSWORD)" "$@"; }
# A window that excludes this hour, set before platform's first upgrade check.
hour=$(date +%-H)
redis hset SRS_UPGRADE_WINDOW start $(( (hour + 6) % 24 )) duration 4 update "$(date -Is)" >/dev/null

mkdir -p "$home/logs"
(cd / && SRS_CLOUD_HOME=$home UI_DIR=$prefix/current/ui/dist TOOLS_DIR=$prefix/current/ui/dist-tools \
  exec "$prefix/current/bin/srs-cloud-mgmt" >>"$home/logs/mgmt.log" 2>&1 </dev/null) &
first_mgmt=$!
mgmt_pids+=("$first_mgmt")

answers() {  # mgmt and platform (through mgmt) report version $1
  [ "$(curl -fsS --max-time 2 "$api/host/versions" 2>/dev/null | jq -r .data.version)" = "$1" ] &&
    [ "$(curl -fsS --max-time 2 "$api/mgmt/versions" 2>/dev/null | jq -r .data.version)" = "$1" ]
}
check "v$version comes up" within 30 answers "$version"
check "the upgrade check waits for its window" within 20 grep -q "upgrade: not in window" "$home/logs/platform.log"
token=$(curl -fsS "$api/mgmt/init" -H 'Content-Type: application/json' -d '{"password":"upgrade-test"}' | jq -r .data.token)
check "the admin password is set" test -n "$token" -a "$token" != null
check "still v$version outside the window" test "$(readlink "$prefix/current")" = "versions/v$version"

# Automatic: the window now covers this hour; the next check installs the stable release.
window=$(curl -fsS "$api/mgmt/window/update" -H 'Content-Type: application/json' \
  -d "{\"token\":\"$token\",\"start\":$hour,\"duration\":4}" | jq -r .code)
check "the window is updated" test "$window" = 0
check "the automatic upgrade brings up $next" within 90 answers "${next#v}"
check "current/ points at $next" test "$(readlink "$prefix/current")" = "versions/$next"
check "the upgrade log says $next is up" within 30 grep -q "upgrade: $next is up" "$home/logs/upgrade.log"
check "the daemons of $next run" within 30 bash -c \
  "curl -fsS '$api/hooks/versions' | grep -q '\"${next#v}\"' && curl -fsS '$api/ffmpeg/versions' | grep -q '\"${next#v}\"'"
check "the first mgmt is gone" within 20 bash -c "! kill -0 $first_mgmt 2>/dev/null || grep -q '^[^ ]* [^ ]* Z' /proc/$first_mgmt/stat"
check "the login survives the upgrade" test "$(curl -fsS "$api/mgmt/token" -H 'Content-Type: application/json' \
  -d "{\"token\":\"$token\"}" | jq -r .code)" = 0

# Manual: the latest release does not start; it is rolled back and not tried again.
upgrade=$(curl -sS --max-time 60 "$api/mgmt/upgrade" -H 'Content-Type: application/json' -d "{\"token\":\"$token\"}")
check "the manual upgrade to $broken is accepted" test "$(jq -r .code <<<"$upgrade")" = 0
check "the broken release is rolled back" within 90 grep -q "upgrade: rolled back to $next" "$home/logs/upgrade.log"
check "$next answers again" within 30 answers "${next#v}"
check "current/ points back at $next" test "$(readlink "$prefix/current")" = "versions/$next"
check "$broken is marked failed" test -f "$prefix/versions/$broken.failed"
again=$(curl -sS --max-time 60 "$api/mgmt/upgrade" -H 'Content-Type: application/json' -d "{\"token\":\"$token\"}")
check "a failed release is refused when asked again" grep -q "failed its health check before" <<<"$again"
check "the previous version is kept for a roll-back" test -d "$prefix/versions/v$version"

if [ "$failed" != 0 ]; then
  for log in mgmt upgrade platform; do echo "--- $log.log"; tail -n 40 "$home/logs/$log.log"; done
fi
report
