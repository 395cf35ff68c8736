#!/usr/bin/env bash
# Runs Cadence's libFuzzer targets (issue 8): FuzzICalendar, FuzzVCard, FuzzRecurrence, FuzzXML.
#
#   Fuzz/run.sh [--seconds N] [--jobs J] [TARGET ...]     # default: every target, 60 s each
#
# Builds the Fuzz package (release, -sanitize=fuzzer,address) into Fuzz/.build, seeds a corpus per
# target in Fuzz/.corpus/TARGET from the project's test files (the iCalendar corpus, the RFC 5545
# recurrence examples, the WebDAV request bodies in Fuzz/Seeds), then runs each target for N
# seconds with a 1 s per-input timeout (a slower input is a hang) and a 2 GiB RSS / 512 MiB
# single-allocation limit (unbounded allocation). Findings land in Fuzz/.findings/TARGET; the
# script exits non-zero when any target crashed, hung or ran out of memory, and prints the input.
# Every finding must become a regression test (Tests/*/FuzzRegressionTests.swift) before the fix.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
FUZZ=$PWD
ROOT=$(cd .. && pwd)
seconds=60
jobs=1
targets=()
while (($#)); do
    case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    -h | --help) sed -n '2,12p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) targets+=("$1"); shift ;;
    esac
done
((${#targets[@]})) || targets=(FuzzICalendar FuzzVCard FuzzRecurrence FuzzXML)
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"

echo "==> building fuzz targets (release, -sanitize=fuzzer,address)"
# lld: gold fails on the sanitizer's objects here ("internal error in format_file_lineno").
flags=(-c release --package-path "$FUZZ" -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld)
for target in "${targets[@]}"; do swift build "${flags[@]}" --product "$target"; done
bin=$(swift build "${flags[@]}" --show-bin-path)

seed() {
    local target=$1 dir="$FUZZ/.corpus/$1"
    mkdir -p "$dir"
    case "$target" in
    FuzzICalendar)
        cp "$ROOT"/Tests/ICalendarTests/Corpus/*.ics "$dir/"
        ;;
    FuzzVCard)
        local i=0
        for card in "$FUZZ"/Seeds/VCard/*.vcf; do cp "$card" "$dir/"; done
        # Content lines of the iCalendar corpus exercise the shared reader too.
        for file in "$ROOT"/Tests/ICalendarTests/Corpus/*.ics; do
            i=$((i + 1))
            { printf 'BEGIN:VCARD\r\nVERSION:4.0\r\n'; sed -n '1,40p' "$file"; printf 'END:VCARD\r\n'; } >"$dir/ics-$i.vcf"
        done
        ;;
    FuzzRecurrence)
        # Every quoted RFC 5545 rule of the examples test, with the RFC's DTSTART and a window.
        local i=0
        grep -ohE '"FREQ=[^"]+"' "$ROOT"/Tests/ICalendarTests/RecurrenceRule*Tests.swift |
            tr -d '"' | sort -u | while read -r rule; do
            i=$((i + 1))
            { printf '\x33\xfe\x00\x00\x01\x00\x00\x00'
              printf 'UID:seed-%d\r\nDTSTART;TZID=America/New_York:19970902T090000\r\nDTEND;TZID=America/New_York:19970902T100000\r\nRRULE:%s\r\nEXDATE;TZID=America/New_York:19970904T090000' "$i" "$rule"
            } >"$dir/rule-$i"
        done
        ;;
    FuzzXML)
        cp "$FUZZ"/Seeds/XML/*.xml "$dir/"
        ;;
    esac
}

status=0
for target in "${targets[@]}"; do
    seed "$target"
    findings="$FUZZ/.findings/$target"
    mkdir -p "$findings"
    echo "==> $target for ${seconds}s (corpus $(ls "$FUZZ/.corpus/$target" | wc -l) files)"
    log="$findings/run.log"
    parallel=()
    ((jobs > 1)) && parallel=(-jobs="$jobs" -workers="$jobs")
    # Foundation's XMLParser leaks its CFError on malformed input (not Cadence's code): suppressed.
    if ! LSAN_OPTIONS="suppressions=$FUZZ/lsan.supp" SWIFT_BACKTRACE=enable=no "$bin/$target" "$FUZZ/.corpus/$target" -max_total_time="$seconds" -timeout=1 \
        -rss_limit_mb=2048 -malloc_limit_mb=512 -max_len=65536 -artifact_prefix="$findings/" -print_final_stats=1 "${parallel[@]}" >"$log" 2>&1; then
        status=1
        echo "!! $target found a problem:"
        tail -n 40 "$log"
        for artifact in "$findings"/crash-* "$findings"/timeout-* "$findings"/oom-* "$findings"/leak-*; do
            [[ -e "$artifact" ]] || continue
            echo "-- $artifact (base64):"
            base64 -w 100 "$artifact" | head -n 40
        done
    fi
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^Done [0-9]+ runs' "$log" || true
done
exit "$status"
