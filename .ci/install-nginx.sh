#!/usr/bin/env bash
# Installs Debian's nginx-light for the load-balancer tests (tests/test_deploy.py) when nginx is missing; safe to rerun.
set -euo pipefail
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" -ne 0 ]; then
  echo "install-nginx: cannot install nginx here (no apt-get or not root); the nginx tests will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq nginx-light >/dev/null
echo "install-nginx: $(/usr/sbin/nginx -v 2>&1)"
