#!/usr/bin/env bash
# The edge tests (tests/deploy) run Debian's nginx on deploy/nginx's configuration, rendered with
# envsubst as the nginx image does; install both when missing.
set -euo pipefail
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  if command -v envsubst >/dev/null 2>&1; then exit 0; fi
fi
if [ "$(id -u)" != 0 ]; then
  echo "nginx or envsubst is missing: run 'sudo apt-get install -y nginx gettext-base' (edge tests need them)." >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx gettext-base >/dev/null
