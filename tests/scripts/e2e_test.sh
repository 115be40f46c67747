#!/usr/bin/env bash
# The main job end to end (issue 9), the way a user meets it: auto/run on a throwaway
# SRS_CLOUD_HOME with nginx in front, then everything through the public nginx port with real
# ffmpeg clients: set the admin password, read the publish secret through the API, publish over
# RTMP, play HLS and RTMP, a wrong secret is refused, DVR recording produces a playable
# playlist, a forward target receives the stream, Prometheus scrapes node-exporter and the
# daemons. auto/stop ends it.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/auto/lib.sh"
source "$root/tests/scripts/checks.sh"

for tool in ffmpeg ffprobe nginx; do
  command -v "$tool" >/dev/null || { echo "SKIPPED: $tool is missing (auto/setup installs it)"; exit 0; }
done
[ -f /usr/lib/nginx/modules/ngx_rtmp_module.so ] || { echo "SKIPPED: libnginx-mod-rtmp is missing"; exit 0; }

home=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  SRS_CLOUD_HOME="$home" "$root/auto/stop" --quiet || true
  rm -rf "$home"
}
trap cleanup EXIT

export SRS_CLOUD_HOME=$home SC_RUN_NO_BUILD=1
SC_HOME=$home
use_free_ports public
env_set FRONT_NGINX true
env_set MGMT_RUNTIME native          # never the host's Docker engine
env_set NGINX_HLS_FRAGMENT 2s        # short segments, so a 16 s stream records several
env_set HOOKS_SESSION_IDLE_SECONDS 3 # a DVR session ends 3 s after the last segment
env_set HOOKS_WORKER_POLL_MS 200
env_set HOOKS_RECONCILE_SECONDS 1    # hooks checks its live-stream registry against the engine

output=$("$root/auto/run" 2>&1) || { echo "$output"; tail -n 30 "$home"/logs/*.log; echo "FAILED: auto/run"; exit 1; }
echo "$output"
front="http://127.0.0.1:$(env_get PUBLIC_HTTP_PORT)"
rtmp="rtmp://127.0.0.1:$(env_get SRS_RTMP_PORT)"
for _ in $(seq 1 200); do curl -fsS -o /dev/null "$front/terraform/v1/mgmt/versions" 2>/dev/null && break; sleep 0.1; done
check "the dashboard answers through nginx" bash -c "curl -fsS '$front/mgmt/' | grep -qi '<html'"

post() {  # post PATH JSON -> the answer's body
  curl -fsS -H 'Content-Type: application/json' -d "$2" "$front$1"
}
post /terraform/v1/mgmt/init '{"password":"e2e-admin-pw"}' >/dev/null
token=$(post /terraform/v1/mgmt/login '{"password":"e2e-admin-pw"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
check "a login token" test -n "$token"
secret=$(post /terraform/v1/hooks/srs/secret/query "{\"token\":\"$token\"}" | sed -E 's/.*"publish":"([^"]+)".*/\1/')
check "the publish secret through the API" bash -c "[[ '$secret' =~ ^[0-9a-f]{32}\$ ]]"
check "DVR turned on for every stream" bash -c "post() { curl -fsS -H 'Content-Type: application/json' -d \"\$2\" '$front'\"\$1\"; };
  post /terraform/v1/hooks/dvr/apply '{\"token\":\"$token\",\"all\":true}' | grep -qx '{\"code\":0}'"
check "a forward of live/e2e to another stream on this engine" bash -c "curl -fsS -H 'Content-Type: application/json' \
  -d '{\"token\":\"$token\",\"action\":\"update\",\"platform\":\"custom-e2e\",\"server\":\"$rtmp/live\",\"secret\":\"forwarded?secret=$secret\",\"enabled\":true,\"stream\":\"live/e2e\"}' \
  '$front/terraform/v1/ffmpeg/forward/secret' | grep -qx '{\"code\":0}'"

# mgmt starts the engine after the daemons: publish once its RTMP port accepts.
for _ in $(seq 1 300); do port_taken "$(env_get SRS_RTMP_PORT)" && break; sleep 0.1; done
check "the media engine listens" port_taken "$(env_get SRS_RTMP_PORT)"

ffmpeg -hide_banner -loglevel error -re -f lavfi -i testsrc=size=320x240:rate=25 -f lavfi -i sine=frequency=440 \
  -t 16 -c:v libx264 -preset ultrafast -g 25 -c:a aac -f flv "$rtmp/live/e2e?secret=$secret" &
publisher=$!
pids+=("$publisher")

packets() {  # packets URL -> video packets ffprobe reads (it stops at 25)
  timeout 10 ffprobe -v quiet -rw_timeout 5000000 -read_intervals '%+#25' -count_packets -select_streams v:0 \
    -show_entries stream=nb_read_packets -of csv=p=0 "$1" 2>/dev/null | tr -dc '0-9' || true
}
plays() {  # plays URL: at least 10 video packets within 30 s
  local n=0 deadline=$((SECONDS + 30))
  while [ "$SECONDS" -lt "$deadline" ]; do
    n=$(packets "$1"); [ "${n:-0}" -ge 10 ] && return 0
    sleep 0.5
  done
  echo "only ${n:-0} packets from $1"
  return 1
}
check "the stream plays over RTMP" plays "$rtmp/live/e2e"
check "the stream plays as HLS through nginx" plays "$front/live/e2e.m3u8"
check "the forward target receives the stream" plays "$rtmp/live/forwarded"
check "a wrong secret is refused" bash -c "! timeout 20 ffmpeg -hide_banner -loglevel quiet -re -f lavfi \
  -i testsrc=size=160x120:rate=10 -c:v libx264 -t 3 -f flv '$rtmp/live/intruder?secret=wrong' 2>/dev/null"

wait "$publisher" || true
# The session ends HOOKS_SESSION_IDLE_SECONDS after its last segment; its playlist then plays.
session() {  # the uuid of live/e2e's finished DVR session in a dvr/files answer, or nothing
  node -e 'const a = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const s = (a.data || []).find((f) => f.stream === "e2e" && f.progress === false);
    if (s) console.log(s.uuid);' 2>/dev/null || true
}
uuid=
for _ in $(seq 1 150); do
  uuid=$(post /terraform/v1/hooks/dvr/files "{\"token\":\"$token\"}" 2>/dev/null | session)
  [ -n "$uuid" ] && break
  sleep 0.2
done
check "the recording of live/e2e is listed as finished" test -n "$uuid"
check "the recorded playlist plays through nginx" plays "$front/terraform/v1/hooks/dvr/hls/$uuid.m3u8"

# The engine killed mid-publish: it sends no unpublish, mgmt restarts it, and the registry in
# Redis drops the stream that is gone (hooks compares it with what the engine lists).
redis() { redis-cli -p "$(env_get REDIS_PORT)" --no-auth-warning -a "$(env_get REDIS_PASSWORD)" "$@"; }
ffmpeg -hide_banner -loglevel quiet -re -f lavfi -i testsrc=size=160x120:rate=15 -t 60 -c:v libx264 \
  -preset ultrafast -f flv "$rtmp/live/crash?secret=$secret" &
crash_publisher=$!
pids+=("$crash_publisher")
for _ in $(seq 1 100); do [ -n "$(redis hget SRS_STREAM_ACTIVE live/crash)" ] && break; sleep 0.1; done
check "a publish is registered" test -n "$(redis hget SRS_STREAM_ACTIVE live/crash)"
engine_pid=$(cat "$home/containers/run/nginx-rtmp.pid")
kill -9 "$engine_pid"
for _ in $(seq 1 150); do [ -z "$(redis hget SRS_STREAM_ACTIVE live/crash)" ] && break; sleep 0.1; done
check "the killed engine's stream leaves the registry" test -z "$(redis hget SRS_STREAM_ACTIVE live/crash)"
restarted=
for _ in $(seq 1 100); do
  restarted=$(cat "$home/containers/run/nginx-rtmp.pid" 2>/dev/null || true)
  [ -n "$restarted" ] && [ "$restarted" != "$engine_pid" ] && kill -0 "$restarted" 2>/dev/null && break
  sleep 0.1
done
check "mgmt restarted the engine" bash -c "[ -n '$restarted' ] && [ '$restarted' != '$engine_pid' ]"
kill "$crash_publisher" 2>/dev/null || true

if command -v prometheus >/dev/null && command -v prometheus-node-exporter >/dev/null; then
  up=
  for _ in $(seq 1 300); do
    up=$(curl -fsS -H "Authorization: Bearer $token" "$front/prometheus/api/v1/query?query=up" 2>/dev/null) || true
    [ "$(grep -o '"value":\[[0-9.]*,"1"\]' <<<"$up" | wc -l)" -ge 7 ] && break
    sleep 0.1
  done
  check "prometheus scrapes node-exporter and all six daemons (through nginx, with the token)" \
    test "$(grep -o '"value":\[[0-9.]*,"1"\]' <<<"$up" | wc -l)" -ge 7
else
  echo "SKIPPED: prometheus (not installed; auto/setup installs it)"
fi

mgmt_pid=$(cat "$home/run/mgmt.pid")
"$root/auto/stop"
check "auto/stop ends mgmt" bash -c "! kill -0 $mgmt_pid 2>/dev/null"
report
