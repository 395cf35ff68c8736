#!/usr/bin/env bash
# The sync connector against two real CalDAV servers on loopback (issue 6): Radicale and Xandikos
# from the test venv, each with a throw-away folder, and the built `cadence` with its own.
#
#   CADENCE=.build/debug/cadence PYTHON=.venv/bin/python Tests/Clients/connector/run.sh
#
# For each remote: 500 objects on each side, a connector added with the CLI, Cadence killed in
# the middle of the first sync and restarted, edits/creates/deletes on each side, a conflict from
# both sides, the remote stopped in the middle of a sync and restarted; after each step both sides
# are compared object by object (sync_e2e.py).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PYTHON="${PYTHON:-python3}"
exec timeout "${CONNECTOR_TIMEOUT:-900}" "$PYTHON" "$here/sync_e2e.py" "${CADENCE:?set CADENCE to the cadence binary}"
