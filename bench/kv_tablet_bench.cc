// SPDX-License-Identifier: Apache-2.0
// KvTablet on a real disk (RocksDB and the changelog LogTablet on PosixFileSystem, a
// directory under $TMPDIR or /tmp), to compare with RocksDB's own db_bench in the
// same session (docs/benchmarks.md):
//  - upserts of 16-byte keys and 100-byte values in 100-record KV batches
//    (put_as_leader + flush at the new log end, i.e. the high watermark following
//    every request) vs `db_bench --benchmarks=fillrandom --batch_size=100`;
//  - point lookups (multi_get of one key) of random present keys, with p50/p99, vs
//    `db_bench --benchmarks=readrandom`;
//  - recovery: KvTablet::open replaying a changelog of 200 k upserts into an empty
//    RocksDB (rows/s), the log part of a restore from snapshot plus log;
//  - restore: KvTablet::open of a tablet whose local database is lost, from a
//    snapshot of 1 M rows plus 200 k rows of changelog after it (rows/s over all
//    1.2 M rows), the snapshot store a local directory.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "common/configuration.h"
#include "model/schema.h"
#include "model/table_info.h"
#include "record/kv_record_batch.h"
#include "record/row/row_codec.h"
#include "storage/fs/posix_file_system.h"
#include "storage/kv/kv_tablet.h"
#include "storage/log/log_tablet.h"

namespace {

using namespace fluss;
using namespace fluss::storage;

constexpr int kBatchRecords = 100;
constexpr int kKeyChars = 15;    // + 1 length byte = a 16-byte compacted key
constexpr int kValueChars = 81;  // row (k, v): 1 null byte + 16 + 1 + 81 = 99, + 2 schema id
constexpr int64_t kLookupKeys = 1'000'000;

void check(const Status& status) {
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", status.to_string().c_str());
    std::abort();
  }
}
template <typename T>
T check(Result<T> r) {
  check(r.status());
  return std::move(r).value();
}

TableInfo make_table(const char* log_format, const char* image) {
  Schema schema = check(Schema::builder()
                            .column("k", DataType::string())
                            .column("v", DataType::string())
                            .primary_key({"k"})
                            .build());
  TableInfo::Params p;
  p.table_path = TablePath{"bench", "kv"};
  p.table_id = TableId(1);
  p.schema_id = SchemaId(1);
  p.schema = std::move(schema);
  p.bucket_keys = {"k"};
  p.num_buckets = 1;
  p.properties = {{"table.log.format", log_format}, {"table.changelog.image", image}};
  return TableInfo(std::move(p));
}

std::string key_string(uint64_t n) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%015llu", static_cast<unsigned long long>(n));
  return std::string(buf, kKeyChars);
}

// A tablet with its log in a fresh directory, removed at the end.
struct Fixture {
  std::string dir;
  PosixFileSystem fs;
  std::unique_ptr<LogTablet> log;
  std::unique_ptr<KvTablet> kv;
  RowType type;

  TableInfo table;

  Fixture(const char* log_format, const char* image) : table(make_table(log_format, image)) {
    const char* tmp = std::getenv("TMPDIR");
    dir = std::string(tmp ? tmp : "/tmp") + "/fluss-kv-bench-" + std::to_string(::getpid());
    std::filesystem::remove_all(dir);
    log = check(LogTablet::open(fs, dir + "/log-0", LogConfig{}));
    type = table.row_type();
    open(LogOffset(0));
  }

  // Snapshots into `<dir>/remote` when set.
  std::optional<KvTabletSnapshotParams> snapshot;

  void open(LogOffset high_watermark) {
    kv.reset();
    kv = check(KvTablet::open(
        KvTabletParams{.bucket = TableBucket(TableId(1), BucketId(0)),
                       .kv_dir = dir + "/kv-0",
                       .table = table,
                       .schema_getter = {},
                       .resources = check(KvSharedResources::create(Configuration())),
                       .high_watermark = high_watermark,
                       .snapshot = snapshot},
        *log));
  }
  ~Fixture() {
    kv.reset();
    log.reset();
    std::filesystem::remove_all(dir);
  }

  // One KV batch of kBatchRecords upserts of the keys produced by `next_key`.
  template <typename NextKey>
  ByteBuffer batch(NextKey&& next_key, std::mt19937_64& rng) {
    KvRecordBatchBuilder builder({.schema_id = SchemaId(1)});
    ByteBuffer key;
    ByteBuffer row;
    std::string value(kValueChars, 'v');
    for (int i = 0; i < kBatchRecords; ++i) {
      const std::string k = key_string(next_key());
      for (char& c : value) c = static_cast<char>('a' + rng() % 26);
      key.clear();
      key.append_uvarint32(kKeyChars);
      key.append(k);
      row.clear();
      check(encode_row(RowFormat::kCompacted, type, GenericRow(std::vector<Datum>{k, value}), row));
      builder.append(key.view(), row.view());
    }
    ByteBuffer out;
    builder.finish(out);
    return out;
  }

  void put(const ByteBuffer& batch) {
    check(kv->put_as_leader(batch.view(), std::nullopt).status());
    check(kv->flush(log->log_end_offset()));
  }
};

// Upserts of random keys (fillrandom), 100 records per request. With `fresh` every
// request has new random keys among 10^8 (almost all inserts; the batch is built with
// the timer paused); without, 256 pre-built requests (25,600 keys) are sent again and
// again, so after the first round almost every record updates a key in the memtable.
void BM_Upsert(benchmark::State& state, const char* log_format, const char* image, bool fresh) {
  Fixture f(log_format, image);
  std::mt19937_64 rng(42);
  auto random_key = [&rng] { return rng() % 100'000'000; };
  std::vector<ByteBuffer> batches;
  for (int i = 0; i < (fresh ? 1 : 256); ++i) batches.push_back(f.batch(random_key, rng));
  size_t i = 0;
  for (auto _ : state) {
    if (fresh) {
      state.PauseTiming();
      batches[0] = f.batch(random_key, rng);
      state.ResumeTiming();
    }
    f.put(batches[i++ % batches.size()]);
  }
  state.SetItemsProcessed(state.iterations() * kBatchRecords);
  state.SetBytesProcessed(state.iterations() * kBatchRecords * (16 + 100));
}
BENCHMARK_CAPTURE(BM_Upsert, arrow_full, "ARROW", "FULL", false)
    ->Unit(benchmark::kMicrosecond)
    ->MeasureProcessCPUTime();
BENCHMARK_CAPTURE(BM_Upsert, arrow_wal, "ARROW", "WAL", false)
    ->Unit(benchmark::kMicrosecond)
    ->MeasureProcessCPUTime();
BENCHMARK_CAPTURE(BM_Upsert, compacted_full, "COMPACTED", "FULL", false)
    ->Unit(benchmark::kMicrosecond)
    ->MeasureProcessCPUTime();
BENCHMARK_CAPTURE(BM_Upsert, compacted_wal, "COMPACTED", "WAL", false)
    ->Unit(benchmark::kMicrosecond)
    ->MeasureProcessCPUTime();
BENCHMARK_CAPTURE(BM_Upsert, arrow_full_fresh_keys, "ARROW", "FULL", true)
    ->Unit(benchmark::kMicrosecond)
    ->MeasureProcessCPUTime();
BENCHMARK_CAPTURE(BM_Upsert, compacted_wal_fresh_keys, "COMPACTED", "WAL", true)
    ->Unit(benchmark::kMicrosecond)
    ->MeasureProcessCPUTime();

// Point lookups of random present keys among kLookupKeys, with p50 / p99.
void BM_Lookup(benchmark::State& state) {
  Fixture f("COMPACTED", "WAL");
  std::mt19937_64 rng(7);
  int64_t next = 0;
  for (int64_t n = 0; n < kLookupKeys / kBatchRecords; ++n) {
    f.put(f.batch([&next] { return next++; }, rng));
  }
  check(f.kv->rocksdb().flush_memtables());
  std::vector<double> latencies_ns;
  latencies_ns.reserve(1 << 20);
  ByteBuffer key;
  for (auto _ : state) {
    key.clear();
    key.append_uvarint32(kKeyChars);
    key.append(key_string(rng() % kLookupKeys));
    ByteView keys[] = {key.view()};
    const auto start = std::chrono::steady_clock::now();
    auto values = check(f.kv->multi_get(keys));
    const auto end = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(values);
    if (!values[0]) std::abort();
    latencies_ns.push_back(std::chrono::duration<double, std::nano>(end - start).count());
  }
  std::sort(latencies_ns.begin(), latencies_ns.end());
  state.counters["p50_us"] = latencies_ns[latencies_ns.size() / 2] / 1000;
  state.counters["p99_us"] = latencies_ns[latencies_ns.size() * 99 / 100] / 1000;
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Lookup)->Unit(benchmark::kMicrosecond);

// Changelog replay on open: 200 k upserts appended (never flushed), then each
// iteration drops RocksDB and reopens with the high watermark at the log end.
void BM_Recover(benchmark::State& state, const char* log_format) {
  Fixture f(log_format, "WAL");
  std::mt19937_64 rng(3);
  int64_t next = 0;
  constexpr int64_t kRows = 200'000;
  for (int64_t n = 0; n < kRows / kBatchRecords; ++n) {
    check(f.kv->put_as_leader(f.batch([&next] { return next++; }, rng).view(), std::nullopt)
              .status());
  }
  for (auto _ : state) {
    state.PauseTiming();
    f.kv.reset();
    std::filesystem::remove_all(f.dir + "/kv-0");
    state.ResumeTiming();
    f.open(f.log->log_end_offset());
    if (f.kv->recovery_info().records_applied != kRows) std::abort();
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK_CAPTURE(BM_Recover, arrow, "ARROW")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Recover, compacted, "COMPACTED")->Unit(benchmark::kMillisecond)->UseRealTime();

// Restore after the local database is lost: the newest snapshot (kSnapshotRows rows)
// copied in, then the changelog after it (kLogRows upserts) replayed.
void BM_RestoreFromSnapshot(benchmark::State& state) {
  constexpr int64_t kSnapshotRows = 1'000'000;
  constexpr int64_t kLogRows = 200'000;
  Fixture f("ARROW", "WAL");
  f.snapshot = KvTabletSnapshotParams{.local_fs = &f.fs,
                                      .remote_fs = &f.fs,
                                      .remote_tablet_dir = f.dir + "/remote/kv/bench/kv-1/0",
                                      .num_retained = 1,
                                      .interval_ms = 0};
  f.open(LogOffset(0));
  std::mt19937_64 rng(5);
  int64_t next = 0;
  for (int64_t n = 0; n < kSnapshotRows / kBatchRecords; ++n) {
    f.put(f.batch([&next] { return next++; }, rng));
  }
  if (!check(f.kv->snapshot())) std::abort();
  for (int64_t n = 0; n < kLogRows / kBatchRecords; ++n) {
    f.put(f.batch([&next] { return next++; }, rng));
  }
  for (auto _ : state) {
    state.PauseTiming();
    f.kv.reset();
    std::filesystem::remove_all(f.dir + "/kv-0");
    state.ResumeTiming();
    f.open(f.log->log_end_offset());
    if (!f.kv->recovery_info().restored_snapshot_id ||
        f.kv->recovery_info().records_applied != kLogRows) {
      std::abort();
    }
  }
  state.SetItemsProcessed(state.iterations() * (kSnapshotRows + kLogRows));
}
BENCHMARK(BM_RestoreFromSnapshot)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace
