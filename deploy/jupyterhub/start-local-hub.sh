#!/usr/bin/env bash
# Try the course's JupyterHub on this machine: a hub on 127.0.0.1 only, system users (PAM).
#
#   sudo deploy/jupyterhub/start-local-hub.sh [PORT] [COURSE_DIR]
#
# PORT defaults to 8000; COURSE_DIR (the course folder every user can read) to /srv/crm-lessons,
# or to this checkout when /srv/crm-lessons does not exist. Log in at http://127.0.0.1:PORT with
# a system user's name and password (create one with: sudo adduser alice). The hub's database
# and cookie secret go to a state folder (CRM_HUB_STATE_DIR, default /tmp/crm-lessons-hub-PORT).
# It needs root (PAM and starting each user's server as that user), the course's environment
# with the hub extra (pip install -e '.[hub]'), and configurable-http-proxy on the PATH
# (npm install -g configurable-http-proxy). Stop it with Ctrl+C.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PORT="${1:-8000}"
case "$PORT" in
    ''|*[!0-9]*) echo "start-local-hub.sh: the port '$PORT' is not a number. Fix: give a port such as 8000." >&2; exit 2;;
esac
if [ "$PORT" -lt 1 ] || [ "$PORT" -gt 65533 ]; then
    echo "start-local-hub.sh: the port $PORT is out of range. Fix: give a port from 1024 to 65533." >&2; exit 2
fi
COURSE="${2:-${CRM_HUB_COURSE_DIR:-}}"
if [ -z "$COURSE" ]; then
    if [ -d /srv/crm-lessons/notebooks ]; then COURSE=/srv/crm-lessons; else COURSE="$REPO"; fi
fi
if [ ! -d "$COURSE/notebooks" ]; then
    echo "start-local-hub.sh: $COURSE has no notebooks/ folder. Fix: name the course folder (a copy of this repository)." >&2; exit 2
fi
if [ "$(id -u)" != 0 ]; then
    echo "start-local-hub.sh: the hub must run as root (it logs system users in and starts their servers as them). Fix: sudo $0 $*" >&2; exit 2
fi
PY="${CRM_HUB_PYTHON:-$REPO/.venv/bin/python}"
[ -x "$PY" ] || PY="$(command -v python3)"
if ! "$PY" -c 'import jupyterhub' 2>/dev/null; then
    echo "start-local-hub.sh: JupyterHub is not installed in $PY's environment. Fix: $PY -m pip install -e '$REPO[hub]'" >&2; exit 2
fi
if ! command -v configurable-http-proxy >/dev/null; then
    echo "start-local-hub.sh: configurable-http-proxy is missing. Fix: npm install -g configurable-http-proxy (Node.js 20 or newer; with an older Node.js, configurable-http-proxy@4)." >&2; exit 2
fi
export CRM_HUB_COURSE_DIR="$COURSE"
export CRM_HUB_IP=127.0.0.1 CRM_HUB_PORT="$PORT"
export CRM_HUB_PROXY_API_PORT="${CRM_HUB_PROXY_API_PORT:-$((PORT + 1))}"
export CRM_HUB_API_PORT="${CRM_HUB_API_PORT:-$((PORT + 2))}"
export CRM_HUB_STATE_DIR="${CRM_HUB_STATE_DIR:-/tmp/crm-lessons-hub-$PORT}"
export CRM_HUB_BIN="${CRM_HUB_BIN:-$(dirname "$PY")}"
# Every user must be able to read the course and run the environment.
echo "Course folder: $COURSE; hub on http://127.0.0.1:$PORT (state in $CRM_HUB_STATE_DIR)"
cd "$CRM_HUB_STATE_DIR" 2>/dev/null || { mkdir -p -m 700 "$CRM_HUB_STATE_DIR"; cd "$CRM_HUB_STATE_DIR"; }
exec "$PY" -m jupyterhub -f "$HERE/jupyterhub_config.py"
