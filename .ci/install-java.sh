#!/usr/bin/env bash
# Installs Debian's Java 17 runtime for the Spark job's test (tests/test_sparkjob.py) when no java is found; safe to rerun.
set -euo pipefail
if command -v java >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" -ne 0 ]; then
  echo "install-java: cannot install Java here (no apt-get or not root); the Spark test will not run" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq openjdk-17-jre-headless >/dev/null
echo "install-java: $(java -version 2>&1 | head -1)"
