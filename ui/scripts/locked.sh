#!/bin/sh
# Runs "$@" while holding the machine-wide build lock (the machine is shared; builds and
# browser runs take turns). A caller that already holds it sets SC_LOCK_HELD=1.
set -e
if [ "${SC_LOCK_HELD:-}" = 1 ] || ! command -v flock >/dev/null 2>&1; then exec "$@"; fi
SC_LOCK_HELD=1 exec flock "${SC_BUILD_LOCK:-/tmp/srs-cloud-build.lock}" "$@"
