// SPDX-License-Identifier: Apache-2.0
// KV snapshots of ~200 MB of RocksDB data on a real disk (PosixFileSystem for both the
// local RocksDB and the "remote" snapshot store, directories under $TMPDIR or /tmp):
//  - a full snapshot (checkpoint + upload of every file into a fresh store);
//  - an incremental snapshot after 1% more writes (only the new SST is uploaded);
//  - a restore of the newest snapshot into a fresh directory;
//  - the anchor: std::filesystem::copy_file + fsync of the same files (the copy ceiling).
// MB/s are of snapshot bytes (all files of the snapshot).
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <random>
#include <string>
#include <unistd.h>

#include "storage/fs/posix_file_system.h"
#include "storage/kv/kv_snapshot_store.h"

namespace {

using fluss::BucketId;
using fluss::LogOffset;
using fluss::TableBucket;
using fluss::TableId;
using fluss::storage::CompletedSnapshot;
using fluss::storage::KvSnapshotStore;
using fluss::storage::PosixFileSystem;

constexpr int64_t kRows = 1'600'000;  // 16-byte keys, 112-byte random values: ~200 MB
constexpr size_t kValueSize = 112;

void check(const fluss::Status& status) {
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", status.to_string().c_str());
    std::abort();
  }
}

void check(const rocksdb::Status& status) {
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", status.ToString().c_str());
    std::abort();
  }
}

// The shared RocksDB instance, filled once.
struct Fixture {
  std::string root;
  PosixFileSystem fs;
  std::unique_ptr<rocksdb::DB> db;
  int64_t next_key = 0;
  int runs = 0;

  Fixture() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "fluss-kv-snap-bench-XXXXXX");
    if (::mkdtemp(tmpl.data()) == nullptr) std::abort();
    root = tmpl;
    std::filesystem::create_directories(root + "/kv-0/db");
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    check(rocksdb::DB::Open(options, root + "/kv-0/db", &raw));
    db.reset(raw);
    write(kRows);
    // A steady state: no background compaction competes with the benchmarks.
    check(db->CompactRange(rocksdb::CompactRangeOptions(), nullptr, nullptr));
  }
  ~Fixture() {
    db.reset();
    std::filesystem::remove_all(root);
  }

  void write(int64_t rows) {
    std::mt19937_64 rng(next_key);
    std::string value(kValueSize, '\0');
    rocksdb::WriteBatch batch;
    for (int64_t i = 0; i < rows; ++i) {
      char key[17];
      std::snprintf(key, sizeof key, "%016llx",
                    static_cast<unsigned long long>(next_key++ * 0x9E3779B97F4A7C15ull));
      for (size_t k = 0; k < kValueSize; k += 8) {
        const uint64_t r = rng();
        std::memcpy(value.data() + k, &r, std::min<size_t>(8, kValueSize - k));
      }
      batch.Put(rocksdb::Slice(key, 16), value);
      if (batch.Count() == 1000) {
        check(db->Write(rocksdb::WriteOptions(), &batch));
        batch.Clear();
      }
    }
    check(db->Write(rocksdb::WriteOptions(), &batch));
  }

  std::unique_ptr<KvSnapshotStore> store(const std::string& remote) {
    auto s = KvSnapshotStore::open(fs, fs,
                                   {.table_bucket = TableBucket(TableId(1), BucketId(0)),
                                    .remote_tablet_dir = remote,
                                    .local_tablet_dir = root + "/kv-0",
                                    .num_retained = 2});
    check(s.status());
    return std::move(*s);
  }
  std::string fresh(std::string_view what) { return fmt::format("{}/{}-{}", root, what, runs++); }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

void BM_FullSnapshot(benchmark::State& state) {
  Fixture& f = fixture();
  int64_t bytes = 0;
  for (auto _ : state) {
    const std::string remote = f.fresh("remote");
    auto snapshot = f.store(remote)->take_snapshot(*f.db, LogOffset(1));
    check(snapshot.status());
    bytes += snapshot->total_size();
    state.PauseTiming();
    std::filesystem::remove_all(remote);
    state.ResumeTiming();
  }
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_FullSnapshot)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_IncrementalSnapshot(benchmark::State& state) {
  Fixture& f = fixture();
  const std::string remote = f.fresh("remote");
  auto store = f.store(remote);
  check(store->take_snapshot(*f.db, LogOffset(1)).status());
  int64_t uploaded = 0;
  for (auto _ : state) {
    state.PauseTiming();
    f.write(kRows / 100);
    state.ResumeTiming();
    auto snapshot = store->take_snapshot(*f.db, LogOffset(2));
    check(snapshot.status());
    uploaded += snapshot->kv_snapshot_handle.snapshot_incremental_size;
  }
  state.counters["uploaded_MB"] = benchmark::Counter(static_cast<double>(uploaded) / 1e6 /
                                                     static_cast<double>(state.iterations()));
  std::filesystem::remove_all(remote);
}
BENCHMARK(BM_IncrementalSnapshot)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();

// Restores one snapshot again and again into fresh directories with `restore`.
template <typename Restore>
void run_restore(benchmark::State& state, std::string_view what, Restore restore) {
  Fixture& f = fixture();
  const std::string remote = f.fresh("remote");
  auto taken = f.store(remote)->take_snapshot(*f.db, LogOffset(1));
  check(taken.status());
  int64_t bytes = 0;
  for (auto _ : state) {
    const std::string target = f.fresh(what);
    restore(f, remote, *taken, target);
    bytes += taken->total_size();
    state.PauseTiming();
    std::filesystem::remove_all(target);
    state.ResumeTiming();
  }
  state.SetBytesProcessed(bytes);
  std::filesystem::remove_all(remote);
}

void BM_Restore(benchmark::State& state) {
  run_restore(state, "restore",
              [](Fixture& f, const std::string& remote, const CompletedSnapshot&,
                 const std::string& target) {
                auto restored = f.store(remote)->restore_latest(target);
                check(restored.status());
                if (!restored->has_value()) std::abort();
              });
}
BENCHMARK(BM_Restore)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();

// The ceiling: copy_file + fsync of the same snapshot files (our copies are durable too).
void BM_CopyFilesAnchor(benchmark::State& state) {
  run_restore(
      state, "copy",
      [](Fixture&, const std::string&, const CompletedSnapshot& taken, const std::string& target) {
        std::filesystem::create_directories(target);
        for (const auto* files : {&taken.kv_snapshot_handle.shared_file_handles,
                                  &taken.kv_snapshot_handle.private_file_handles}) {
          for (const auto& file : *files) {
            std::filesystem::copy_file(file.kv_file_handle.path, target + "/" + file.local_path);
          }
        }
      });
}
BENCHMARK(BM_CopyFilesAnchor)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
