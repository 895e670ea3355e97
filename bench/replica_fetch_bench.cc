// SPDX-License-Identifier: Apache-2.0
// FetchLog's server path on a real disk (PosixFileSystem under $TMPDIR or /tmp,
// so reads come from the page cache): a 256 MiB log of ~16 KiB ARROW batches
// read front to back in 1 MiB fetches
//  - through ReplicaManager::fetch (one bucket, and four buckets sharing one
//    request budget), and
//  - through TabletService::fetch_log (the protobuf response included),
// against pread(2) of the same bytes in 1 MiB chunks. MB/s are of log bytes.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

#include "bench_rows.h"
#include "record/memory_log_records_builder.h"
#include "replication/replica_manager.h"
#include "server/tablet/tablet_service.h"
#include "storage/fs/posix_file_system.h"

namespace {

using namespace fluss;  // NOLINT: a benchmark program
namespace proto = fluss::rpc::proto;

constexpr size_t kMiB = 1 << 20;
constexpr int kLogMiB = 256;
constexpr ServerId kLocal{1};
constexpr TableId kTableId{7};

void check(const Status& status) {
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", status.to_string().c_str());
    std::abort();
  }
}

TableInfo table() {
  TableInfo::Params p;
  p.table_path = TablePath{"bench", "events"};
  p.table_id = kTableId;
  p.schema_id = SchemaId(1);
  Schema::Builder schema = Schema::builder();
  int i = 0;
  for (const DataType& type : bench::mixed_row_type())
    schema.column("f" + std::to_string(i++), type);
  p.schema = schema.build().value();
  p.num_buckets = 4;
  return TableInfo(std::move(p));
}

// One ARROW batch of ~1 KiB rows, ~16 KiB in all.
std::string make_batch() {
  std::mt19937_64 rng(1);
  MemoryLogRecordsBuilder builder({.format = LogFormat::kArrow, .schema_id = SchemaId(1)},
                                  bench::mixed_row_type(),
                                  ArrowCompression{.type = ArrowCompressionType::kNone});
  for (int r = 0; r < 16; ++r)
    check(builder.append(ChangeType::kAppendOnly, bench::mixed_row(rng, r)));
  ByteBuffer out;
  check(builder.finish(out));
  return out.to_string();
}

// A server with `buckets` buckets of kLogMiB / buckets each, built once.
struct Server {
  explicit Server(int buckets) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "fluss-fetch-XXXXXX").string();
    dir = ::mkdtemp(tmpl.data());
    storage::LogManagerConfig config;
    config.data_dir = dir;
    logs = storage::LogManager::open(fs, std::move(config)).value();
    replicas = std::make_unique<replication::ReplicaManager>(kLocal, *logs, nullptr);
    const TableInfo info = table();
    const std::string batch = make_batch();
    for (int b = 0; b < buckets; ++b) {
      const TableBucket bucket(kTableId, BucketId(b));
      check(replicas->become_leader_or_follower(
          {.path = PhysicalTablePath{info.table_path(), std::nullopt},
           .bucket = bucket,
           .leader = kLocal,
           .replicas = {kLocal},
           .isr = {kLocal}},
          info, {}));
      for (size_t bytes = 0; bytes < kLogMiB * kMiB / buckets; bytes += batch.size()) {
        std::string copy = batch;
        replication::ProduceBucket p{bucket,
                                     {reinterpret_cast<uint8_t*>(copy.data()), copy.size()}};
        check(replicas->append_records(replication::Acks::kLeader, std::span(&p, 1))[0].status);
      }
      ends.push_back(replicas->get_replica(bucket).value()->log_end_offset());
    }
    service = std::make_unique<server::TabletService>(*replicas, metadata);
  }
  ~Server() {
    service.reset();
    replicas.reset();
    check(logs->close());
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }

  struct NoMetadata : server::TableMetadataSource {
    Result<TableInfo> get_table_info(TableId) const override { return table(); }
    Result<std::shared_ptr<const Schema>> get_schema(TableId, SchemaId) const override {
      return std::make_shared<const Schema>(table().schema());
    }
  };

  std::string dir;
  storage::PosixFileSystem fs;
  std::unique_ptr<storage::LogManager> logs;
  std::unique_ptr<replication::ReplicaManager> replicas;
  NoMetadata metadata;
  std::unique_ptr<server::TabletService> service;
  std::vector<LogOffset> ends;
};

// Reads every bucket to its end, each fetch asking all buckets for 1 MiB in all.
void BM_ReplicaManagerFetch(benchmark::State& state) {
  const int buckets = static_cast<int>(state.range(0));
  static Server* servers[5] = {};
  if (servers[buckets] == nullptr) servers[buckets] = new Server(buckets);
  Server& s = *servers[buckets];
  uint64_t bytes = 0;
  for (auto _ : state) {
    std::vector<replication::FetchBucket> req(buckets);
    for (int b = 0; b < buckets; ++b) {
      req[b] = {
          .bucket = TableBucket(kTableId, BucketId(b)), .offset = LogOffset(0), .max_bytes = kMiB};
    }
    for (bool more = true; more;) {
      more = false;
      std::vector<replication::FetchResult> got =
          s.replicas->fetch({.replica_id = kNoServerId, .max_bytes = kMiB}, req);
      for (int b = 0; b < buckets; ++b) {
        check(got[b].status);
        bytes += got[b].read.records.size();
        LogRecords batches(got[b].read.records.view());
        LogOffset next = req[b].offset;
        while (auto batch = batches.next_batch().value()) next = batch->next_offset();
        req[b].offset = next;
        if (next < s.ends[b]) more = true;
      }
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_ReplicaManagerFetch)->Arg(1)->Arg(4)->Unit(benchmark::kMillisecond);

// The same through the RPC handler: request message in, response message out.
void BM_TabletServiceFetchLog(benchmark::State& state) {
  static Server* server = new Server(1);
  Server& s = *server;
  uint64_t bytes = 0;
  for (auto _ : state) {
    for (int64_t offset = 0; offset < s.ends[0].value();) {
      proto::FetchLogRequest req;
      req.set_follower_server_id(-1);
      req.set_max_bytes(kMiB);
      proto::PbFetchLogReqForTable& t = *req.add_tables_req();
      t.set_table_id(kTableId.value());
      t.set_projection_pushdown_enabled(false);
      proto::PbFetchLogReqForBucket& b = *t.add_buckets_req();
      b.set_bucket_id(0);
      b.set_fetch_offset(offset);
      b.set_max_fetch_bytes(kMiB);
      proto::FetchLogResponse resp = s.service->fetch_log(req);
      const std::string& records = resp.tables_resp(0).buckets_resp(0).records();
      bytes += records.size();
      LogRecords batches(as_bytes(std::string_view(records)));
      while (auto batch = batches.next_batch().value()) offset = batch->next_offset().value();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_TabletServiceFetchLog)->Unit(benchmark::kMillisecond);

// pread(2) of the single-bucket log's segment files in 1 MiB chunks.
void BM_AnchorPread(benchmark::State& state) {
  static Server* server = new Server(1);
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(server->dir)) {
    if (e.path().extension() == ".log") files.push_back(e.path().string());
  }
  std::vector<char> buffer(kMiB);
  uint64_t bytes = 0;
  for (auto _ : state) {
    for (const std::string& file : files) {
      const int fd = ::open(file.c_str(), O_RDONLY);
      for (off_t at = 0;;) {
        const ssize_t n = ::pread(fd, buffer.data(), buffer.size(), at);
        if (n <= 0) break;
        at += n;
        bytes += static_cast<uint64_t>(n);
      }
      ::close(fd);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_AnchorPread)->Unit(benchmark::kMillisecond);

}  // namespace
