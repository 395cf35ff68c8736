#!/usr/bin/env bash
# Two-way sync between a local vdir and a calendar on the server, with vdirsyncer as a user runs
# it: discover (which creates the calendar on the server), metasync, and sync after each change
# made on either side; after each sync both sides must hold exactly the expected UIDs and
# SUMMARYs. The server side is read and changed by dav.py, a separate plain CalDAV client.
#
# Environment: CADENCE_TEST_URL (the server's base URL), CADENCE_TEST_USER,
# CADENCE_TEST_PASSWORD; optional CADENCE_TEST_HOME_PATH (default /caldav/calendars/{user}/),
# VDIRSYNCER and PYTHON (default: from PATH). Exits non-zero at the first disagreement.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${CADENCE_TEST_URL:?set CADENCE_TEST_URL}" "${CADENCE_TEST_PASSWORD:?set CADENCE_TEST_PASSWORD}"
export CADENCE_TEST_USER=${CADENCE_TEST_USER:-alice} CADENCE_TEST_PASSWORD
VDIRSYNCER=${VDIRSYNCER:-vdirsyncer}
PYTHON=${PYTHON:-python3}
HOME_PATH=${CADENCE_TEST_HOME_PATH:-/caldav/calendars/\{user\}/}
HOME_PATH=${HOME_PATH//\{user\}/$CADENCE_TEST_USER}
BASE=${CADENCE_TEST_URL%/}
COLLECTION="vdirsyncer-$(date +%s)-$$"
CAL_URL="$BASE$HOME_PATH$COLLECTION/"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cadence-vdirsyncer.XXXXXX")
STEP="setup"

cleanup() {
    "$PYTHON" "$HERE/dav.py" rmcol "$CAL_URL" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

die() {
    printf 'vdirsyncer: FAILED at step "%s": %s\n' "$STEP" "$*" >&2
    exit 1
}

configure() { # configure DIR: write DIR/config for a pair rooted in DIR
    mkdir -p "$1/local" "$1/status"
    sed -e "s|@WORK@|$1|g" -e "s|@URL@|$BASE/|g" -e "s|@USER@|$CADENCE_TEST_USER|g" \
        -e "s|@PASSWORD@|$CADENCE_TEST_PASSWORD|g" -e "s|@COLLECTION@|$COLLECTION|g" \
        "$HERE/config.template" >"$1/config"
}

vds() { # vds DIR ARGS...: run vdirsyncer with DIR's config, log kept, shown on failure; every
    # question (discover: "create the collection?") is answered yes
    local dir=$1
    shift
    if ! { yes 2>/dev/null || true; } | "$VDIRSYNCER" -c "$dir/config" "$@" >"$dir/last.log" 2>&1; then
        cat "$dir/last.log" >&2
        die "vdirsyncer $*"
    fi
}

local_event() { # local_event UID SUMMARY: a new file in the local vdir
    printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Cadence//vdirsyncer test//EN\r\nBEGIN:VEVENT\r\nUID:%s\r\nDTSTAMP:20300101T000000Z\r\nDTSTART:20300116T090000Z\r\nDTEND:20300116T100000Z\r\nSUMMARY:%s\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' \
        "$1" "$2" >"$WORK/local/$COLLECTION/$1.ics"
}

local_file_of() { # the local file holding UID $1
    grep -l "^UID:$1" "$WORK/local/$COLLECTION"/*.ics | head -n 1
}

expect_both() { # expect_both < expected listing: server and local must both equal it
    local expected server local_side
    expected=$(cat)
    server=$("$PYTHON" "$HERE/dav.py" list "$CAL_URL") || die "listing the server side"
    local_side=$("$PYTHON" "$HERE/dav.py" local-list "$WORK/local/$COLLECTION")
    [[ "$server" == "$expected" ]] ||
        die "server side differs"$'\n'"expected:"$'\n'"$expected"$'\n'"server:"$'\n'"$server"
    [[ "$local_side" == "$expected" ]] ||
        die "local side differs"$'\n'"expected:"$'\n'"$expected"$'\n'"local:"$'\n'"$local_side"
    printf 'vdirsyncer: ok: %s\n' "$STEP"
}

TAB=$'\t'
configure "$WORK"
mkdir -p "$WORK/local/$COLLECTION"
local_event anchor "Anchor (stays)"

STEP="discover creates the calendar on the server"
vds "$WORK" discover
"$PYTHON" "$HERE/dav.py" list "$CAL_URL" >/dev/null || die "no calendar at $CAL_URL after discover"

STEP="metasync local to server"
# First metasync records whatever the new calendar has (a server may default its displayname);
# then the names set locally, changed on one side only, go to the server.
vds "$WORK" metasync
printf 'Vdirsyncer Test' >"$WORK/local/$COLLECTION/displayname"
printf '#FF8800' >"$WORK/local/$COLLECTION/color"
vds "$WORK" metasync
props=$("$PYTHON" "$HERE/dav.py" props "$CAL_URL")
[[ "$props" == "Vdirsyncer Test$TAB#FF8800" || "$props" == "Vdirsyncer Test$TAB#FF8800FF" ]] ||
    die "server displayname/color: '$props'"
echo "vdirsyncer: ok: $STEP"

STEP="first sync uploads the local event"
vds "$WORK" sync
expect_both <<<"anchor${TAB}Anchor (stays)"

STEP="local create"
local_event local-1 "Created locally"
vds "$WORK" sync
expect_both <<EOF2
anchor${TAB}Anchor (stays)
local-1${TAB}Created locally
EOF2

STEP="server create"
"$PYTHON" "$HERE/dav.py" put "$CAL_URL" server-1 "Created on the server"
vds "$WORK" sync
expect_both <<EOF2
anchor${TAB}Anchor (stays)
local-1${TAB}Created locally
server-1${TAB}Created on the server
EOF2

STEP="local edit"
file=$(local_file_of local-1)
sed -i 's/^SUMMARY:.*/SUMMARY:Edited locally\r/' "$file"
vds "$WORK" sync
expect_both <<EOF2
anchor${TAB}Anchor (stays)
local-1${TAB}Edited locally
server-1${TAB}Created on the server
EOF2

STEP="server edit"
"$PYTHON" "$HERE/dav.py" edit "$CAL_URL" server-1 "Edited on the server"
vds "$WORK" sync
expect_both <<EOF2
anchor${TAB}Anchor (stays)
local-1${TAB}Edited locally
server-1${TAB}Edited on the server
EOF2

STEP="a fresh vdirsyncer (new folder, no status) downloads the same"
configure "$WORK/fresh"
vds "$WORK/fresh" discover
vds "$WORK/fresh" sync
vds "$WORK/fresh" metasync
fresh=$("$PYTHON" "$HERE/dav.py" local-list "$WORK/fresh/local/$COLLECTION")
[[ "$fresh" == "$("$PYTHON" "$HERE/dav.py" local-list "$WORK/local/$COLLECTION")" ]] ||
    die "fresh copy differs:"$'\n'"$fresh"
[[ "$(cat "$WORK/fresh/local/$COLLECTION/displayname")" == "Vdirsyncer Test" ]] ||
    die "fresh displayname: $(cat "$WORK/fresh/local/$COLLECTION/displayname")"
echo "vdirsyncer: ok: $STEP"

STEP="local delete"
rm "$(local_file_of local-1)"
vds "$WORK" sync
expect_both <<EOF2
anchor${TAB}Anchor (stays)
server-1${TAB}Edited on the server
EOF2

STEP="server delete"
"$PYTHON" "$HERE/dav.py" delete "$CAL_URL" server-1
vds "$WORK" sync
expect_both <<<"anchor${TAB}Anchor (stays)"

STEP="metasync server to local"
"$PYTHON" "$HERE/dav.py" set-displayname "$CAL_URL" "Renamed on the server"
vds "$WORK" metasync
[[ "$(cat "$WORK/local/$COLLECTION/displayname")" == "Renamed on the server" ]] ||
    die "local displayname: $(cat "$WORK/local/$COLLECTION/displayname")"
echo "vdirsyncer: ok: $STEP"

echo "vdirsyncer: all steps passed"
