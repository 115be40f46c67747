# Shared helpers of the auto/ scripts. Source it; it defines functions and paths only.
SC_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SC_BUILD_DIR=${SC_BUILD_DIR:-$SC_ROOT/build}
SC_HOME=${SRS_CLOUD_HOME:-$SC_ROOT/var}

say() { printf '\033[1m[srs-cloud]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[srs-cloud]\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root for: $* (run as root or install sudo)"
  fi
}

# True when something listens on TCP port $1 (any address).
port_taken() { [ -n "$(ss -Htln "sport = :$1" 2>/dev/null)" ]; }

# A free TCP port outside the kernel's ephemeral range: the port is written to the .env and
# kept, and a port from that range can be taken by any outgoing connection before a restart.
free_port() {
  local low=32768 high=60999 first=10000 last port
  [ -r /proc/sys/net/ipv4/ip_local_port_range ] && read -r low high </proc/sys/net/ipv4/ip_local_port_range
  last=$((low - 1))
  if [ "$last" -lt $((first + 1000)) ]; then first=$((high + 1)); last=65535; fi
  for _ in $(seq 1 200); do
    port=$((first + RANDOM % (last - first + 1)))
    port_taken "$port" || { echo "$port"; return 0; }
  done
  die "no free port found"
}

# Value of KEY in the .env, empty when absent.
env_get() { [ -f "$SC_HOME/.env" ] && sed -n "s/^$1=//p" "$SC_HOME/.env" | tail -n 1 || true; }

# Sets KEY=VALUE in the .env, rewriting the file in place (same inode, as the daemons do).
env_set() {
  local file="$SC_HOME/.env" key=$1 value=$2 rest
  mkdir -p "$SC_HOME"; touch "$file"; chmod 600 "$file"
  rest=$(grep -v "^$key=" "$file" || true)
  { [ -n "$rest" ] && printf '%s\n' "$rest"; printf '%s=%s\n' "$key" "$value"; } > "$file.new"
  cat "$file.new" > "$file"; rm -f "$file.new"
}

# npm ci in folder $1, only when its package-lock.json changed since the last install.
npm_ci_if_needed() {
  if [ ! -f "$1/node_modules/.package-lock.json" ] ||
     [ "$1/package-lock.json" -nt "$1/node_modules/.package-lock.json" ]; then
    (cd "$1" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
