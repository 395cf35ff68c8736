#!/usr/bin/env bash
# Cadence against Radicale and Xandikos, in one run, on 127.0.0.1 only.
#
#   Benchmarks/peers/run.sh [--quick] [--servers cadence,radicale,xandikos] [--duration 2]
#                           [--sizes 1000,10000] [--big 100000] [--seed-budget 240] [--no-ceiling]
#
# Installs what is missing (Debian's wrk; Radicale and Xandikos from PyPI into .venv-bench/),
# builds `cadence` and `cadence-ceiling` in release, then runs Benchmarks/peers/bench.py, which
# prints a Markdown report and writes it with the JSON to Benchmarks/peers/results/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if ! command -v wrk >/dev/null; then
    echo "run.sh: installing wrk (Debian package)" >&2
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi

venv="${BENCH_VENV:-.venv-bench}"
if [[ ! -x "$venv/bin/radicale" || ! -x "$venv/bin/xandikos" ]]; then
    echo "run.sh: installing Radicale and Xandikos into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q radicale xandikos
fi
export BENCH_VENV="$(cd "$venv" && pwd)"

if [[ -z "${BENCH_SKIP_BUILD:-}" ]]; then
    echo "run.sh: release build of cadence and cadence-ceiling" >&2
    swift build -c release --product cadence 2>&1 | grep -E "error|warning: " || true
    swift build -c release --product cadence-ceiling 2>&1 | grep -E "error|warning: " || true
fi
test -x .build/release/cadence && test -x .build/release/cadence-ceiling

exec python3 Benchmarks/peers/bench.py "$@"
