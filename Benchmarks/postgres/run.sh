#!/usr/bin/env bash
# The peer benchmark's Cadence workload on SQLite and on PostgreSQL with one and two instances
# (issue 9), in one session so the numbers sit side by side.
#
#   Benchmarks/postgres/run.sh [--sizes 1000] [--duration 2] [--instances 1,2] [bench.py flags]
#
# Installs what is missing (Debian's wrk, haproxy and postgresql), builds `cadence` in release,
# starts a throw-away PostgreSQL cluster (scripts/pg-throwaway, removed at exit), then runs
# Benchmarks/peers/bench.py three times: SQLite, PostgreSQL × 1 instance, PostgreSQL × 2
# instances behind HAProxy's round robin (each instance with a pool of BENCH_CADENCE_POOL = 16
# connections). Reports go to Benchmarks/peers/results/ like the peer benchmark's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

missing=()
for tool in wrk haproxy; do command -v "$tool" >/dev/null || missing+=("$tool"); done
dpkg -s postgresql >/dev/null 2>&1 || missing+=(postgresql)
if ((${#missing[@]})); then
    echo "run.sh: installing ${missing[*]} (Debian packages)" >&2
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi

instances="1,2"
args=()
while (($#)); do
    case "$1" in
    --instances) instances="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
    esac
done
((${#args[@]})) || args=(--sizes 1000)

if [[ -z "${BENCH_SKIP_BUILD:-}" ]]; then
    echo "run.sh: release build of cadence" >&2
    swift build -c release --product cadence 2>&1 | grep -E "error|warning: " || true
fi
test -x "${BENCH_CADENCE_BINARY:-.build/release/cadence}"

eval "$(scripts/pg-throwaway start)"
trap 'scripts/pg-throwaway stop "$PG_THROWAWAY_DIR"' EXIT

run() {  # LABEL DATABASE INSTANCES
    echo "run.sh: $1" >&2
    env BENCH_SKIP_BUILD=1 BENCH_CADENCE_DATABASE="$2" BENCH_CADENCE_INSTANCES="$3" \
        python3 Benchmarks/peers/bench.py --servers cadence --no-ceiling "${args[@]}"
}
run "SQLite" "" 1
IFS=, read -r -a counts <<<"$instances"
for count in "${counts[@]}"; do
    run "PostgreSQL, $count instance(s)" "$CADENCE_TEST_POSTGRES_URL" "$count"
done
