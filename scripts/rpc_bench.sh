#!/usr/bin/env bash
# Empty-request round trips over loopback: bench_rpc (our RpcServer + client, and
# ApiVersions through a real `fluss local` started here) beside redis-benchmark
# -t ping_inline against a redis-server started here, at the same concurrencies,
# in the same run. Results go in docs/benchmarks.md.
# Usage: scripts/rpc_bench.sh [build/release]   (needs the targets bench_rpc and fluss)
set -euo pipefail
build=${1:-build/release}
requests=${REQUESTS:-200000}

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize no \
  --loglevel warning &
redis_pid=$!
data=$(mktemp -d)
out="$data/fluss-local.out"
"$build/bin/fluss" local --data-dir "$data/fluss-data" --port 0 >"$out" &
fluss_pid=$!
trap 'kill "$redis_pid" "$fluss_pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$data"' EXIT
until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.05; done
until grep -q ready "$out"; do sleep 0.05; done
fluss_address=$(sed -n 's/.*coordinator at \([0-9.:]*\).*/\1/p' "$out")

for c in 1 50; do
  echo "redis-benchmark -t ping_inline -c $c -n $requests"
  redis-benchmark -h 127.0.0.1 -p "$port" -t ping_inline -c "$c" -n "$requests" -q | tr '\r' '\n' | grep 'requests per second'
done
FLUSS_BENCH_SERVER="$fluss_address" "$build/bench/bench_rpc" --benchmark_min_time=1
