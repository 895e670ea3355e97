#!/usr/bin/env bash
# End-to-end benchmarks of issue #6 against their anchors (docs/benchmarks.md):
#   1. `fluss bench lookup` vs `redis-benchmark -t get` (same clients, 100-byte values);
#   2. `fluss bench produce` of 1 KiB rows with acks=-1 vs a dd sequential write + fdatasync
#      of the same bytes on the same disk;
#   3. produce -> consume p99 latency at 50 MB/s (`fluss bench e2e`).
# Starts `fluss local` and redis-server on free ports of 127.0.0.1 and stops them after.
# Usage: scripts/bench_e2e.sh [build dir]   (env: CLIENTS, LOOKUPS, PRODUCE_ROWS, PRODUCE_CLIENTS, PRODUCE_RUNS, E2E_SECONDS)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
fluss=$build/bin/fluss
clients=${CLIENTS:-8}
lookups=${LOOKUPS:-200000}
keys=${KEYS:-100000}
produce_rows=${PRODUCE_ROWS:-1000000}
# One producer, as kafka-producer-perf-test: it batches per bucket itself, and on 2 cores
# more client threads only contend (8 threads: 0.35x of dd where 1 gives 0.5x).
produce_clients=${PRODUCE_CLIENTS:-1}
produce_runs=${PRODUCE_RUNS:-3}
e2e_seconds=${E2E_SECONDS:-10}

[[ -x $fluss ]] || { echo "build $fluss first: cmake --build --preset release --target fluss" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "needs redis-server and redis-benchmark (apt-get install redis-server)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/fluss-bench.XXXXXX")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "nothing listens on port $1" >&2; return 1
}
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

port=$(free_port)
"$fluss" local --data-dir "$work/fluss" --port "$port" >"$work/fluss.log" 2>&1 &
pids+=($!)
wait_port "$port"
b=127.0.0.1:$port
echo "== machine: $(nproc) cores, $(uname -r); fluss local on $b; clients=$clients"

echo "== 1. lookups: fluss vs redis (100-byte values, $clients clients)"
"$fluss" bench -b "$b" --rows "$keys" --row-size 100 --clients "$clients" upsert | tee "$work/upsert.txt"
# --clients lookups outstanding from one thread (LookupAsync), as redis-benchmark -c keeps
# that many requests outstanding from its one thread; then a blocking thread per client.
# A first, unreported pass: right after the upsert the server flushes the memtable and takes a
# KV snapshot (redis here persists nothing), which cost up to a quarter of the first pass.
"$fluss" bench -b "$b" --rows "$lookups" --keys "$keys" --row-size 100 --clients "$clients" lookup >/dev/null
"$fluss" bench -b "$b" --rows "$lookups" --keys "$keys" --row-size 100 --clients "$clients" lookup | tee "$work/lookup.txt"
"$fluss" bench -b "$b" --rows "$lookups" --keys "$keys" --row-size 100 --clients "$clients" --sync lookup | tee "$work/lookup_sync.txt"
rport=$(free_port)
redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >"$work/redis.log" 2>&1 &
pids+=($!)
wait_port "$rport"
redis-benchmark -h 127.0.0.1 -p "$rport" -t set,get -d 100 -c "$clients" -n "$lookups" -r "$keys" --csv \
  | tee "$work/redis.csv"
fluss_lps=$(awk '/^lookup:/ {print $(NF-3)}' "$work/lookup.txt")
fluss_p99=$(grep -o 'p99 [0-9]* us' "$work/lookup.txt" | head -1 | awk '{print $2}')
redis_lps=$(awk -F'","' '/^"GET"/ {print $2}' "$work/redis.csv" | tr -d '"')
redis_p99=$(awk -F'","' '/^"GET"/ {print $7}' "$work/redis.csv" | tr -d '"')
echo "lookup: fluss ${fluss_lps} lookups/s p99 ${fluss_p99} us; redis ${redis_lps} gets/s p99 ${redis_p99} ms"
fluss_sync_lps=$(awk '/^lookup:/ {print $(NF-3)}' "$work/lookup_sync.txt")
python3 -c "print('ratio fluss/redis lookups/s: %.2fx (a thread per client: %.2fx)' % (float('$fluss_lps')/float('$redis_lps'), float('$fluss_sync_lps')/float('$redis_lps')))" || true

echo "== 2. produce 1 KiB rows, acks=-1, vs dd + fdatasync of the same bytes (${produce_runs} runs each, interleaved)"
# Each run starts after `sync`, so neither pays for the other's writeback; the ratio is of
# the medians. Before that sync, each side deletes what its last run wrote (the produce
# table, dropped until its segments are gone, or dd's file): deleting a gigabyte frees and,
# on a filesystem mounted with `discard`, trims its blocks, which neither run should pay for.
drop_produce_table() {
  "$fluss" sql -b "$b" -e "DROP TABLE IF EXISTS fluss.bench_log;" >/dev/null
  for _ in $(seq 1 100); do
    compgen -G "$work/fluss/tablet-server-*/fluss/bench_log-*/log-*/*.log" >/dev/null || return 0
    sleep 0.1
  done
}
bytes=$((produce_rows * 1024))
: >"$work/produce_mbs.txt"
: >"$work/dd_mbs.txt"
# Run 0 is a warm-up of each side, not reported: on this VM the first gigabyte either side
# writes after a pause goes into memory the guest handed back to the host (free page
# reporting), where every new page-cache page costs a host fault (docs/benchmarks.md).
for run in $(seq 0 "$produce_runs"); do
  drop_produce_table
  sync
  "$fluss" bench -b "$b" --rows "$produce_rows" --row-size 1024 --clients "$produce_clients" --acks=-1 produce \
    | tee "$work/produce.txt"
  [[ $run == 0 ]] || awk '/^produce:/ {print $(NF-1)}' "$work/produce.txt" >>"$work/produce_mbs.txt"
  rm -f "$work/dd.bin"
  sync
  dd_out=$(dd if=/dev/zero of="$work/dd.bin" bs=64k count=$((bytes / 65536)) conv=fdatasync 2>&1 | tail -1)
  echo "dd: $dd_out"
  dd_secs=$(echo "$dd_out" | sed -E 's/.*copied, ([0-9.,]+) s.*/\1/' | tr , .)
  [[ $run == 0 ]] || python3 -c "print('%.1f' % ($bytes/float('$dd_secs')/1e6))" >>"$work/dd_mbs.txt"
done
python3 - "$work/produce_mbs.txt" "$work/dd_mbs.txt" <<'PY'
import statistics, sys
f = [float(x) for x in open(sys.argv[1]).read().split()]
d = [float(x) for x in open(sys.argv[2]).read().split()]
print('produce MB/s: %s; dd MB/s: %s' % (f, d))
print('median produce %.1f MB/s, median dd %.1f MB/s; ratio fluss/dd: %.2fx' %
      (statistics.median(f), statistics.median(d), statistics.median(f) / statistics.median(d)))
PY

echo "== 3. produce -> consume latency at 50 MB/s (1 KiB rows, acks=-1, ${e2e_seconds}s)"
"$fluss" bench -b "$b" --rate-mb 50 --seconds "$e2e_seconds" --row-size 1024 --acks=-1 e2e
