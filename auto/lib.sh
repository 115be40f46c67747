# Shared helpers of the auto/ scripts. Source it; it defines functions and paths only.
SC_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SC_BUILD_DIR=${SC_BUILD_DIR:-$SC_ROOT/build}
# An installed release (auto/install, auto/upgrade) is <prefix>/versions/v<X.Y.Z>, with its
# VERSION file; its state is the installation's <prefix>/var, shared by every version.
if [ -f "$SC_ROOT/VERSION" ]; then
  SC_PREFIX=$(cd "$SC_ROOT" && cd "$(pwd -P)/../.." && pwd)
  SC_HOME=${SRS_CLOUD_HOME:-$SC_PREFIX/var}
else
  SC_HOME=${SRS_CLOUD_HOME:-$SC_ROOT/var}
fi

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
# Never one the .env already gives to a service: that service may not be listening yet. The
# search starts at a random port and, if need be, walks the whole range.
free_port() {
  local low=32768 high=60999 first=10000 last span start port i
  local -A assigned=()
  [ -r /proc/sys/net/ipv4/ip_local_port_range ] && read -r low high </proc/sys/net/ipv4/ip_local_port_range
  last=$((low - 1))
  if [ "$last" -lt $((first + 1000)) ]; then first=$((high + 1)); last=65535; fi
  for port in $( { sed -n 's/^[A-Z0-9_]*_PORT=\([0-9]*\)$/\1/p' "$SC_HOME/.env" 2>/dev/null || true; } ); do
    assigned[$port]=1
  done
  span=$((last - first + 1))
  start=$(( (RANDOM * 32768 + RANDOM) % span ))
  for ((i = 0; i < span; i++)); do
    port=$((first + (start + i) % span))
    [ -z "${assigned[$port]:-}" ] || continue
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

# Unpacks release tarball $1 into <prefix $2>/versions/v<X.Y.Z> and prints v<X.Y.Z>. The
# tarball must hold one folder srs-cloud-v<X.Y.Z>/ with a matching VERSION and no path that
# leaves it; the folder appears whole or not at all (unpacked beside it, then renamed). The
# running version's folder is replaced only when $3 is "replace-running" (auto/install).
unpack_release() {
  local tarball=$1 prefix=$2 mode=${3:-} listing top version incoming
  local names outside
  listing=$(tar -tvzf "$tarball") || die "not a release tarball: $tarball"
  names=$(tar -tzf "$tarball") || die "not a release tarball: $tarball"
  top=${names%%$'\n'*}
  top=${top%%/*}
  [[ $top =~ ^srs-cloud-v[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "not a release tarball (top folder '$top'): $tarball"
  version=${top#srs-cloud-}
  outside=$(grep -v -e "^$top/" -e "^$top\$" <<<"$names" || true)
  if [ -n "$outside" ] || grep -q -e '^/' -e '\(^\|/\)\.\.\(/\|$\)' <<<"$names"; then
    die "release tarball with paths outside $top/: $tarball"
  fi
  # Links could point anywhere; a release has none (files and folders only).
  ! grep -q '^[^-d]' <<<"$listing" || die "release tarball with links or devices: $tarball"
  mkdir -p "$prefix/versions"
  incoming=$(mktemp -d "$prefix/versions/.incoming.XXXXXX")
  tar -xzf "$tarball" -C "$incoming" --no-same-owner --no-same-permissions ||
    { rm -rf "$incoming"; die "cannot unpack $tarball"; }
  if [ "$(cat "$incoming/$top/VERSION" 2>/dev/null)" != "$version" ] || [ ! -x "$incoming/$top/bin/srs-cloud-mgmt" ]; then
    rm -rf "$incoming"; die "release $version is incomplete (VERSION, bin/srs-cloud-mgmt)"
  fi
  chmod 755 "$incoming/$top"
  if [ -e "$prefix/versions/$version" ]; then
    if [ "$(current_version "$prefix")" = "$version" ] && [ "$mode" != replace-running ]; then
      rm -rf "$incoming"; die "$version is the running version"
    fi
    # Running binaries keep their files open; the folder moves aside before the new one lands.
    mv -T "$prefix/versions/$version" "$incoming/replaced"
  fi
  mv -T "$incoming/$top" "$prefix/versions/$version"
  rm -rf "$incoming"
  echo "$version"
}

# The version <prefix $1>/current points at (v<X.Y.Z>), empty when none.
current_version() { local link; link=$(readlink "$1/current" 2>/dev/null) && basename "$link" || true; }

# Points <prefix $1>/current at versions/$2 in one rename, so it never dangles or is missing.
switch_current() {
  ln -sfn "versions/$2" "$1/current.new" && mv -T "$1/current.new" "$1/current"
}
