#!/usr/bin/env bash
# End-to-end test of auto/run and auto/stop on loopback with a throwaway SRS_CLOUD_HOME:
# a taken port is reported and replaced in the .env, a second run reuses the same ports and
# leaves one copy of each process, a stream published over RTMP plays as HLS through mgmt, and
# auto/stop ends exactly what auto/run started.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/auto/lib.sh"
source "$root/tests/scripts/checks.sh"

home=$(mktemp -d)
squatter_home=$(mktemp -d)
squatter=
cleanup() {
  SRS_CLOUD_HOME="$home" "$root/auto/stop" --quiet || true
  [ -n "$squatter" ] && kill "$squatter" 2>/dev/null || true
  rm -rf "$home" "$squatter_home"
}
trap cleanup EXIT

# Something else (here: another releases daemon) holds the port the .env names.
taken=$(free_port)
SRS_CLOUD_HOME="$squatter_home" RELEASES_PORT=$taken "$SC_BUILD_DIR/bin/srs-cloud-releases" \
  >/dev/null 2>&1 &
squatter=$!
for _ in $(seq 1 100); do port_taken "$taken" && break; sleep 0.05; done

export SRS_CLOUD_HOME=$home SC_RUN_NO_BUILD=1
SC_HOME=$home  # lib.sh read SRS_CLOUD_HOME before it was set
use_free_ports public
env_set RELEASES_PORT "$taken"  # the squatter's port, which auto/run must replace
env_set MGMT_RUNTIME native  # never the host's Docker engine

output=$("$root/auto/run" 2>&1) || { echo "$output"; tail -n 20 "$home"/logs/*.log; echo "FAILED: auto/run"; exit 1; }
echo "$output"
releases_port=$(env_get RELEASES_PORT)
redis_port=$(env_get REDIS_PORT)
check "the taken port is reported" grep -q "port $taken (RELEASES_PORT) is taken" <<<"$output"
check "a new port is written to the .env" test "$releases_port" != "$taken"
mgmt_port=$(env_get MGMT_PORT)
public_port=$(env_get PUBLIC_HTTP_PORT)
check "auto/run puts nginx in front" test "$(env_get FRONT_NGINX)" = true
check "auto/run names the dashboard on the public port" \
  grep -qF "dashboard: http://<this machine>:$public_port/mgmt/" <<<"$output"
check "the dashboard answers through nginx in front" \
  bash -c "curl -fsS http://127.0.0.1:$public_port/mgmt/ | grep -qi '<html'"
check "the API answers through nginx in front" \
  curl -fsS -o /dev/null "http://127.0.0.1:$public_port/terraform/v1/mgmt/versions"
check "HTTPS answers through nginx in front (self-signed)" \
  curl -fsSk -o /dev/null "https://127.0.0.1:$(env_get PUBLIC_HTTPS_PORT)/terraform/v1/mgmt/versions"
mgmt_pid=$(cat "$home/run/mgmt.pid")
child_pid() {  # the pid of mgmt's child srs-cloud-NAME
  for pid in $(pgrep -P "$mgmt_pid"); do
    [ "$(tr '\0' ' ' <"/proc/$pid/cmdline")" = "$SC_BUILD_DIR/bin/srs-cloud-$1 " ] && echo "$pid"
  done
  return 0
}
for _ in $(seq 1 100); do [ -n "$(child_pid releases)" ] && break; sleep 0.1; done
check "releases answers on the new port" \
  curl -fsS -o /dev/null "http://127.0.0.1:$releases_port/terraform/v1/releases/versions"
check "releases answers through mgmt" \
  curl -fsS -o /dev/null "http://127.0.0.1:$mgmt_port/terraform/v1/releases/versions"
platform_port=$mgmt_port  # the dashboard API through the entry point
check "platform answers" \
  curl -fsS -o /dev/null "http://127.0.0.1:$platform_port/terraform/v1/mgmt/versions"
check "platform sets the admin password once" bash -c "curl -fsS -H 'Content-Type: application/json' \
  -d '{\"password\":\"first-pw\"}' http://127.0.0.1:$platform_port/terraform/v1/mgmt/init >/dev/null &&
  grep -q '^MGMT_PASSWORD=first-pw$' $home/.env"
check "platform logs in with it" bash -c "curl -fsS -H 'Content-Type: application/json' \
  -d '{\"password\":\"first-pw\"}' http://127.0.0.1:$platform_port/terraform/v1/mgmt/login | grep -q token"
hooks_port=$(env_get HOOKS_PORT)
check "hooks answers" curl -fsS -o /dev/null "http://127.0.0.1:$hooks_port/terraform/v1/hooks/versions"
publish_secret=$(redis-cli -p "$redis_port" --no-auth-warning -a "$(env_get REDIS_PASSWORD)" get SRS_SECRET_PUBLISH)
check "hooks created a 32-hex publish secret" bash -c "[[ '$publish_secret' =~ ^[0-9a-f]{32}\$ ]]"
check "hooks allows a publish with it" bash -c "curl -fsS -H 'Content-Type: application/json' \
  -d '{\"action\":\"on_publish\",\"vhost\":\"__defaultVhost__\",\"app\":\"live\",\"stream\":\"s\",\"param\":\"?secret=$publish_secret\"}' \
  http://127.0.0.1:$hooks_port/terraform/v1/hooks/srs/verify | grep -qx '{\"code\":0}'"
check "redis needs the generated password" \
  test "$(redis-cli -p "$redis_port" --no-auth-warning -a "$(env_get REDIS_PASSWORD)" ping)" = PONG
check "redis refuses without it" \
  bash -c "redis-cli -p $redis_port get x 2>&1 | grep -q NOAUTH"
check "the .env is private" test "$(stat -c %a "$home/.env")" = 600

output=$("$root/auto/run" 2>&1) || { echo "$output"; tail -n 20 "$home"/logs/*.log; echo "FAILED: auto/run again"; exit 1; }
check "a second run keeps the ports" test "$(env_get RELEASES_PORT)" = "$releases_port"
check "a second run reports nothing taken" bash -c "! grep -q 'is taken' <<<'$output'"
mgmt_pid=$(cat "$home/run/mgmt.pid")
for _ in $(seq 1 100); do [ -n "$(child_pid releases)" ] && break; sleep 0.1; done
check "one releases process after two runs" test "$(child_pid releases | wc -l)" = 1
check "releases answers after the second run" \
  curl -fsS -o /dev/null "http://127.0.0.1:$releases_port/terraform/v1/releases"

if command -v ffmpeg >/dev/null && [ -f /usr/lib/nginx/modules/ngx_rtmp_module.so ]; then
  rtmp_port=$(env_get SRS_RTMP_PORT)
  for _ in $(seq 1 100); do port_taken "$rtmp_port" && break; sleep 0.1; done
  ffmpeg -hide_banner -loglevel error -re -f lavfi -i testsrc=size=320x240:rate=25 -c:v libx264 \
    -preset ultrafast -g 25 -t 14 -f flv "rtmp://127.0.0.1:$rtmp_port/live/check?secret=$publish_secret" &
  publisher=$!
  playlist=
  for _ in $(seq 1 200); do
    playlist=$(curl -fsS "http://127.0.0.1:$mgmt_port/live/check.m3u8" 2>/dev/null) && break
    sleep 0.1
  done
  check "a published stream plays as HLS through mgmt" grep -q '#EXTINF' <<<"$playlist"
  check "and through nginx in front" \
    bash -c "curl -fsS http://127.0.0.1:$public_port/live/check.m3u8 | grep -q '#EXTINF'"
  # The dashboard's live-stream list and kicking a client, on nginx-rtmp's stat and control.
  ffmpeg -hide_banner -loglevel quiet -i "rtmp://127.0.0.1:$rtmp_port/live/check" -f null - &
  player=$!
  token=$(curl -fsS -H 'Content-Type: application/json' -d '{"password":"first-pw"}' \
    "http://127.0.0.1:$mgmt_port/terraform/v1/mgmt/login" | sed -E 's/.*"token":"([^"]+)".*/\1/')
  streams=
  for _ in $(seq 1 100); do
    streams=$(curl -fsS -H 'Content-Type: application/json' -d "{\"token\":\"$token\"}" \
      "http://127.0.0.1:$mgmt_port/terraform/v1/hooks/streams/query" 2>/dev/null) || true
    grep -q '"viewers":1' <<<"$streams" && break
    sleep 0.1
  done
  echo "streams/query: $streams"
  check "hooks lists the live stream with its viewer" \
    grep -q '"app":"live","stream":"check","protocol":"rtmp","viewers":1' <<<"$streams"
  player_id=$(sed -nE 's/.*"id":"([0-9]+)","ip":"[^"]*","type":"play".*/\1/p' <<<"$streams")
  check "hooks kicks the player" bash -c "curl -fsS -H 'Content-Type: application/json' \
    -d '{\"token\":\"$token\",\"app\":\"live\",\"stream\":\"check\",\"client\":\"$player_id\"}' \
    http://127.0.0.1:$mgmt_port/terraform/v1/hooks/streams/kick | grep -qx '{\"code\":0}'"
  check "the kicked player is gone" bash -c "for i in \$(seq 50); do kill -0 $player 2>/dev/null || exit 0; sleep 0.1; done; exit 1"
  kill "$player" 2>/dev/null || true
  wait "$player" 2>/dev/null || true
  check "an unknown client is 404" test "$(curl -sS -o /dev/null -w '%{http_code}' \
    -H 'Content-Type: application/json' \
    -d "{\"token\":\"$token\",\"app\":\"live\",\"stream\":\"check\",\"client\":\"999\"}" \
    "http://127.0.0.1:$mgmt_port/terraform/v1/hooks/streams/kick")" = 404
  http_port=$(env_get SRS_HTTP_PORT)
  check "the engine's stat answers hooks on loopback" \
    bash -c "curl -fsS http://127.0.0.1:$http_port/stat | grep -q '<rtmp>'"
  check "the engine's control is closed to proxied requests" test "$(curl -sS -o /dev/null \
    -w '%{http_code}' --path-as-is "http://127.0.0.1:$mgmt_port/live/x.ts/../../control/drop/client?app=live&name=check&clientid=1")" = 403
  check "the engine's stat is closed to proxied requests" test "$(curl -sS -o /dev/null \
    -w '%{http_code}' -H 'X-Forwarded-For: 192.0.2.1' "http://127.0.0.1:$http_port/stat")" = 403
  check "a wrong secret is refused" bash -c "! ffmpeg -hide_banner -loglevel quiet -re -f lavfi \
    -i testsrc=size=160x120:rate=10 -c:v libx264 -t 3 -f flv \
    'rtmp://127.0.0.1:$rtmp_port/live/bad?secret=wrong' 2>/dev/null"
  kill "$publisher" 2>/dev/null || true
  wait "$publisher" 2>/dev/null || true
else
  echo "SKIPPED: publishing (ffmpeg or libnginx-mod-rtmp missing; auto/setup installs them)"
fi

if command -v prometheus >/dev/null && command -v prometheus-node-exporter >/dev/null; then
  token=$(curl -fsS -H 'Content-Type: application/json' -d '{"password":"first-pw"}' \
    "http://127.0.0.1:$mgmt_port/terraform/v1/mgmt/login" | sed -E 's/.*"token":"([^"]+)".*/\1/')
  up=
  for _ in $(seq 1 300); do
    up=$(curl -fsS -H "Authorization: Bearer $token" \
      "http://127.0.0.1:$mgmt_port/prometheus/api/v1/query?query=up" 2>/dev/null) || true
    grep -q '"job":"node-exporter"' <<<"$up" && grep -q '"job":"srs-cloud"' <<<"$up" && break
    sleep 0.1
  done
  check "prometheus scrapes node-exporter and the daemons, through mgmt with a token" \
    bash -c "grep -q '\"job\":\"node-exporter\"' <<<'$up' && grep -q '\"job\":\"srs-cloud\"' <<<'$up'"
  check "prometheus refuses a request without a token" test "$(curl -sS -o /dev/null -w '%{http_code}' \
    "http://127.0.0.1:$mgmt_port/prometheus/api/v1/query?query=up")" = 401
else
  echo "SKIPPED: prometheus (not installed; auto/setup installs it)"
fi

releases_pid=$(child_pid releases)
platform_pid=$(child_pid platform)
hooks_pid=$(child_pid hooks)
"$root/auto/stop"
check "auto/stop ends releases" bash -c "! kill -0 $releases_pid 2>/dev/null"
check "auto/stop ends platform" bash -c "! kill -0 $platform_pid 2>/dev/null"
check "auto/stop ends hooks" bash -c "! kill -0 $hooks_pid 2>/dev/null"
check "auto/stop ends mgmt" bash -c "! kill -0 $mgmt_pid 2>/dev/null"
check "auto/stop frees the redis port" bash -c "for i in \$(seq 50); do ss -Htln 'sport = :$redis_port' | grep -q . || exit 0; sleep 0.1; done; exit 1"
check "auto/stop ends nginx in front" bash -c "for i in \$(seq 50); do ss -Htln 'sport = :$public_port' | grep -q . || exit 0; sleep 0.1; done; exit 1"
check "auto/stop leaves other processes alone" kill -0 "$squatter"

report
