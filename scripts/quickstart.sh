#!/usr/bin/env bash
# The first command of the README: installs what is missing, builds the release
# binary, starts `fluss local` (a coordinator and a tablet server in one process, on
# 127.0.0.1:9123) in the background and opens the SQL shell. Leaving the shell (QUIT;
# or Ctrl-D) stops the server. Data stays in ./fluss-data.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target fluss

fluss=build/release/bin/fluss
"$fluss" --version
port=${FLUSS_PORT:-9123}
log=fluss-data/local.log
mkdir -p fluss-data
"$fluss" local --data-dir ./fluss-data --port "$port" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT

# Wait (up to 30 s) until the coordinator accepts connections.
for _ in $(seq 1 300); do
  if ! kill -0 "$server" 2>/dev/null; then
    echo "fluss local exited; its log ($log):" >&2
    cat "$log" >&2
    exit 1
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  sleep 0.1
done

cat <<MSG
fluss local is running on 127.0.0.1:$port (log: $log). Try Fluss's quickstart:

  CREATE CATALOG fluss_catalog WITH ('type' = 'fluss', 'bootstrap.servers' = 'localhost:$port');
  USE CATALOG fluss_catalog;
  CREATE TABLE pk_table (shop_id BIGINT, user_id BIGINT, num_orders INT, PRIMARY KEY (shop_id, user_id) NOT ENFORCED) WITH ('bucket.num' = '4');
  INSERT INTO pk_table VALUES (1234, 1234, 1);
  SELECT * FROM pk_table WHERE shop_id = 1234;

MSG
"$fluss" sql
