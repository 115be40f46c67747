# Shared by the script tests: source it after auto/lib.sh.

passed=0
failed=0
# check DESCRIPTION COMMAND...: counts the command's success, names a failure.
check() { if "${@:2}"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $1"; fi; }

# within SECONDS COMMAND...: true once the command succeeds, false when the time is up.
within() {
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@"; do [ "$(date +%s)" -lt "$deadline" ] || return 1; sleep 0.3; done
}

# Ends the Redis of runtime folder $1 (auto/redis_start's pid file). Redis refuses a SIGTERM
# when it cannot write its data (the folder goes away right after), so it gets SIGKILL if it is
# still there a moment later.
stop_redis_of() {
  [ -n "$1" ] && [ -f "$1/run/redis.pid" ] || return 0
  local pid
  pid=$(cat "$1/run/redis.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

# Every port of the stack (PUBLIC_* too with "public"), written as a free one to $SC_HOME/.env.
use_free_ports() {
  local name names=(REDIS_PORT HOOKS_PORT TENCENT_PORT FFMPEG_PORT MGMT_PORT PLATFORM_PORT RELEASES_PORT
    SRS_RTMP_PORT SRS_API_PORT SRS_HTTP_PORT PROMETHEUS_PORT NODE_EXPORTER_PORT)
  [ "${1:-}" = public ] && names+=(PUBLIC_HTTP_PORT PUBLIC_HTTPS_PORT)
  for name in "${names[@]}"; do env_set "$name" "$(free_port)"; done
}

# Prints the tally and fails when a check did.
report() {
  echo "$passed passed, $failed failed"
  [ "$failed" = 0 ]
}
