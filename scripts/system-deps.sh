#!/usr/bin/env bash
# Debian packages the test suite needs: a real PostgreSQL server (the store runs its
# tests on SQLite and PostgreSQL alike) and Chromium (the web app's browser tests drive
# it with Playwright). With `train`, what `make train` needs instead: the OpenMP
# runtime LightGBM's wheel links against. Installs only what is missing.
set -euo pipefail

missing=()
if [ "${1:-}" = "train" ]; then
  ldconfig -p 2>/dev/null | grep -q "libgomp.so.1 " || missing+=(libgomp1)
else
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "missing system packages: ${missing[*]} (install them with your package manager)" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing system packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
