// SPDX-License-Identifier: Apache-2.0
#include "server/tablet/tablet_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <map>
#include <string>
#include <vector>

#include "common/asio.h"
#include "common/config_options.h"
#include "common/configuration.h"
#include "record/log_record_batch.h"
#include "record/memory_log_records_builder.h"
#include "record/value_record_batch.h"
#include "storage/fs/mem_file_system.h"
#include "storage/kv/tests/kv_test_util.h"
#include "test_utils/status_matchers.h"

namespace fluss::server {
namespace {

using fluss::test::value_or_throw;
using ::testing::HasSubstr;

constexpr ServerId kLocal{1};
constexpr int64_t kPkTable = 1;   // storage::test::make_table()
constexpr int64_t kLogTable = 2;  // log_table()
constexpr int64_t kLakeTable = 3;

TableInfo log_table() {
  TableInfo::Params p;
  p.table_path = TablePath{"db", "logs"};
  p.table_id = TableId(kLogTable);
  p.schema_id = SchemaId(1);
  p.schema = value_or_throw(
      Schema::builder().column("a", DataType::int_()).column("b", DataType::string()).build());
  p.num_buckets = 2;
  return TableInfo(std::move(p));
}

// A primary-key table of a lake with kv format version 2 whose bucket key (a) is
// not its primary key (a, b): v0 key encodings cannot serve it.
TableInfo lake_table() {
  TableInfo::Params p;
  p.table_path = TablePath{"db", "lake"};
  p.table_id = TableId(kLakeTable);
  p.schema_id = SchemaId(1);
  p.schema = value_or_throw(Schema::builder()
                                .column("a", DataType::int_())
                                .column("b", DataType::string())
                                .primary_key({"a", "b"})
                                .build());
  p.bucket_keys = {"a"};
  p.num_buckets = 1;
  p.properties = Properties{{"table.datalake.format", "paimon"}, {"table.kv.format-version", "2"}};
  return TableInfo(std::move(p));
}

class FakeMetadata : public TableMetadataSource {
 public:
  FakeMetadata() {
    tables_.emplace(kPkTable, storage::test::make_table());
    tables_.emplace(kLogTable, log_table());
    tables_.emplace(kLakeTable, lake_table());
  }
  Result<TableInfo> get_table_info(TableId id) const override {
    auto it = tables_.find(id.value());
    if (it == tables_.end()) return make_error(ErrorCode::kTableNotExist, "table id {}", id);
    return it->second;
  }
  Result<std::shared_ptr<const Schema>> get_schema(TableId id, SchemaId schema) const override {
    FLUSS_ASSIGN_OR_RETURN(TableInfo table, get_table_info(id));
    if (schema != table.schema_id()) {
      return make_error(ErrorCode::kSchemaNotExist, "schema {} of table {}", schema, id);
    }
    return std::make_shared<const Schema>(table.schema());
  }

 private:
  std::map<int64_t, TableInfo> tables_;
};

std::string arrow_batch(int32_t first, int32_t count) {
  MemoryLogRecordsBuilder builder({.format = LogFormat::kArrow, .schema_id = SchemaId(1)},
                                  log_table().row_type(),
                                  ArrowCompression{.type = ArrowCompressionType::kNone});
  for (int32_t a = first; a < first + count; ++a) {
    Status s = builder.append(ChangeType::kAppendOnly,
                              GenericRow(std::vector<Datum>{a, "v" + std::to_string(a)}));
    if (!s.ok()) throw std::runtime_error(s.to_string());
  }
  ByteBuffer out;
  if (Status s = builder.finish(out); !s.ok()) throw std::runtime_error(s.to_string());
  return out.to_string();
}

int record_count(const std::string& records) {
  int n = 0;
  LogRecords batches(as_bytes(std::string_view(records)));
  while (auto batch = value_or_throw(batches.next_batch())) n += batch->record_count();
  return n;
}

class TabletServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::LogManagerConfig config;
    config.data_dir = "/data";
    logs_ = value_or_throw(storage::LogManager::open(fs_, std::move(config)));
    Configuration kv_config;  // KV snapshots need a remote dir (Fluss refuses to start without one)
    kv_config.set(ConfigOptions::kRemoteDataDir, dir_.path() + "/remote");
    kvs_ = value_or_throw(storage::KvManager::create(kv_config, dir_.path()));
    replicas_ = std::make_unique<replication::ReplicaManager>(kLocal, *logs_, kvs_.get());
    service_ = std::make_unique<TabletService>(*replicas_, metadata_,
                                               [this] { return WriterId(next_writer_++); });
  }

  void TearDown() override {
    service_.reset();
    replicas_.reset();
    ASSERT_OK(kvs_->close());
    ASSERT_OK(logs_->close());
  }

  static void add_bucket(proto::NotifyLeaderAndIsrRequest& req, int64_t table_id, int32_t bucket,
                         const std::string& table_name, int32_t leader = kLocal.value(),
                         int32_t epoch = 0) {
    proto::PbNotifyLeaderAndIsrReqForBucket& b = *req.add_notify_buckets_leader_req();
    b.mutable_physical_table_path()->set_database_name("db");
    b.mutable_physical_table_path()->set_table_name(table_name);
    b.mutable_table_bucket()->set_table_id(table_id);
    b.mutable_table_bucket()->set_bucket_id(bucket);
    b.set_leader(leader);
    b.set_leader_epoch(epoch);
    b.add_replicas(leader);
    b.add_isr(leader);
    b.set_bucket_epoch(0);
  }

  void lead_all() {
    proto::NotifyLeaderAndIsrRequest req;
    req.set_coordinator_epoch(1);
    add_bucket(req, kLogTable, 0, "logs");
    add_bucket(req, kLogTable, 1, "logs");
    add_bucket(req, kPkTable, 0, "t");
    add_bucket(req, kLakeTable, 0, "lake");
    proto::NotifyLeaderAndIsrResponse resp = service_->notify_leader_and_isr(req);
    ASSERT_EQ(resp.notify_buckets_leader_resp_size(), 4);
    for (const auto& b : resp.notify_buckets_leader_resp()) {
      ASSERT_FALSE(b.has_error_code()) << b.error_message();
    }
  }

  proto::ProduceLogResponse produce(int32_t acks, int32_t bucket, std::string records) {
    proto::ProduceLogRequest req;
    req.set_acks(acks);
    req.set_table_id(kLogTable);
    req.set_timeout_ms(1000);
    proto::PbProduceLogReqForBucket& b = *req.add_buckets_req();
    b.set_bucket_id(bucket);
    b.set_records(std::move(records));
    return service_->produce_log(req);
  }

  proto::PutKvResponse put(int16_t version, int64_t table_id, const ByteBuffer& batch) {
    proto::PutKvRequest req;
    req.set_acks(-1);
    req.set_table_id(table_id);
    req.set_timeout_ms(1000);
    proto::PbPutKvReqForBucket& b = *req.add_buckets_req();
    b.set_bucket_id(0);
    b.set_records(batch.to_string());
    return service_->put_kv(version, req);
  }

  int64_t next_writer_ = 100;
  FakeMetadata metadata_;
  storage::test::TempDir dir_;
  storage::MemFileSystem fs_;
  std::unique_ptr<storage::LogManager> logs_;
  std::unique_ptr<storage::KvManager> kvs_;
  std::unique_ptr<replication::ReplicaManager> replicas_;
  std::unique_ptr<TabletService> service_;
};

TEST_F(TabletServiceTest, ProduceWithEachAcksThenFetch) {
  lead_all();
  int64_t expected_base = 0;
  for (int32_t acks : {0, 1, -1}) {
    proto::ProduceLogResponse resp = produce(acks, 0, arrow_batch(1, 2));
    ASSERT_EQ(resp.buckets_resp_size(), 1);
    EXPECT_FALSE(resp.buckets_resp(0).has_error_code()) << resp.buckets_resp(0).error_message();
    EXPECT_EQ(resp.buckets_resp(0).base_offset(), expected_base);
    expected_base += 2;
  }
  proto::FetchLogRequest req;
  req.set_follower_server_id(-1);
  req.set_max_bytes(1 << 20);
  proto::PbFetchLogReqForTable& t = *req.add_tables_req();
  t.set_table_id(kLogTable);
  t.set_projection_pushdown_enabled(false);
  for (int32_t bucket : {0, 1}) {
    proto::PbFetchLogReqForBucket& b = *t.add_buckets_req();
    b.set_bucket_id(bucket);
    b.set_fetch_offset(0);
    b.set_max_fetch_bytes(1 << 20);
  }
  proto::FetchLogResponse resp = service_->fetch_log(req);
  ASSERT_EQ(resp.tables_resp_size(), 1);
  ASSERT_EQ(resp.tables_resp(0).buckets_resp_size(), 2);
  const auto& b0 = resp.tables_resp(0).buckets_resp(0);
  EXPECT_FALSE(b0.has_error_code()) << b0.error_message();
  EXPECT_EQ(b0.high_watermark(), 6);
  EXPECT_EQ(record_count(b0.records()), 6);
  const auto& b1 = resp.tables_resp(0).buckets_resp(1);
  EXPECT_EQ(b1.bucket_id(), 1);
  EXPECT_EQ(b1.high_watermark(), 0);
  EXPECT_TRUE(b1.records().empty());
}

// A FetchLogRequest for log-table buckets 0 and 1 from offset 0.
proto::FetchLogRequest fetch_both_buckets() {
  proto::FetchLogRequest req;
  req.set_follower_server_id(-1);
  req.set_max_bytes(1 << 20);
  proto::PbFetchLogReqForTable& t = *req.add_tables_req();
  t.set_table_id(kLogTable);
  t.set_projection_pushdown_enabled(false);
  for (int32_t bucket : {0, 1}) {
    proto::PbFetchLogReqForBucket& b = *t.add_buckets_req();
    b.set_bucket_id(bucket);
    b.set_fetch_offset(0);
    b.set_max_fetch_bytes(1 << 20);
  }
  return req;
}

// fetch_log_waiting spawned on `io`. Not asio::use_future, whose completion runs
// later on another thread: this one runs on `io`'s thread, inside poll().
std::future<proto::FetchLogResponse> spawn(asio::io_context& io,
                                           Task<proto::FetchLogResponse> task) {
  auto promise = std::make_shared<std::promise<proto::FetchLogResponse>>();
  std::future<proto::FetchLogResponse> future = promise->get_future();
  asio::co_spawn(io, std::move(task),
                 [promise](std::exception_ptr error, proto::FetchLogResponse response) {
                   if (error) {
                     promise->set_exception(error);
                   } else {
                     promise->set_value(std::move(response));
                   }
                 });
  return future;
}

bool ready(const std::future<proto::FetchLogResponse>& f) {
  return f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

TEST_F(TabletServiceTest, FetchLogWaitingWithoutMinBytesAnswersLikeFetchLog) {
  lead_all();
  ASSERT_FALSE(produce(1, 0, arrow_batch(1, 2)).buckets_resp(0).has_error_code());
  proto::FetchLogRequest req = fetch_both_buckets();
  req.set_max_wait_ms(60'000);  // ignored without min_bytes, as in Java
  asio::io_context io;
  std::future<proto::FetchLogResponse> f = spawn(io, service_->fetch_log_waiting(req));
  io.poll();
  ASSERT_TRUE(ready(f));
  EXPECT_EQ(f.get().SerializeAsString(), service_->fetch_log(req).SerializeAsString());
}

TEST_F(TabletServiceTest, FetchLogWaitingParksUntilMinBytesArrive) {
  lead_all();
  proto::FetchLogRequest req = fetch_both_buckets();
  req.set_min_bytes(1);
  req.set_max_wait_ms(3'600'000);
  asio::io_context io;
  std::future<proto::FetchLogResponse> f = spawn(io, service_->fetch_log_waiting(req));
  io.poll();
  ASSERT_FALSE(ready(f));
  ASSERT_FALSE(produce(1, 1, arrow_batch(5, 3)).buckets_resp(0).has_error_code());
  io.restart();
  io.poll();
  ASSERT_TRUE(ready(f));
  proto::FetchLogResponse resp = f.get();
  ASSERT_EQ(resp.tables_resp(0).buckets_resp_size(), 2);
  EXPECT_TRUE(resp.tables_resp(0).buckets_resp(0).records().empty());
  EXPECT_EQ(resp.tables_resp(0).buckets_resp(1).high_watermark(), 3);
  EXPECT_EQ(record_count(resp.tables_resp(0).buckets_resp(1).records()), 3);
}

TEST_F(TabletServiceTest, FetchLogWaitingMinBytesAloneWaitsTheDefaultHundredMs) {
  lead_all();
  proto::FetchLogRequest req = fetch_both_buckets();
  req.set_min_bytes(1);  // no max_wait_ms: Java waits up to 100 ms
  asio::io_context io;
  std::future<proto::FetchLogResponse> f = spawn(io, service_->fetch_log_waiting(req));
  io.poll();
  ASSERT_FALSE(ready(f));
  io.restart();
  io.run();  // the deadline completes it
  proto::FetchLogResponse resp = f.get();
  ASSERT_EQ(resp.tables_resp(0).buckets_resp_size(), 2);
  EXPECT_FALSE(resp.tables_resp(0).buckets_resp(0).has_error_code());
}

TEST_F(TabletServiceTest, CloseDelayedFetchesAnswersParkedFetches) {
  lead_all();
  proto::FetchLogRequest req = fetch_both_buckets();
  req.set_min_bytes(1);
  req.set_max_wait_ms(3'600'000);
  asio::io_context io;
  std::future<proto::FetchLogResponse> f = spawn(io, service_->fetch_log_waiting(req));
  io.poll();
  ASSERT_FALSE(ready(f));
  service_->close_delayed_fetches();
  io.restart();
  io.poll();
  ASSERT_TRUE(ready(f));
  EXPECT_EQ(f.get().tables_resp(0).buckets_resp_size(), 2);
}

TEST_F(TabletServiceTest, InvalidAcksFailEveryBucket) {
  lead_all();
  proto::ProduceLogResponse resp = produce(2, 0, arrow_batch(1, 1));
  EXPECT_EQ(resp.buckets_resp(0).error_code(), 18);  // INVALID_REQUIRED_ACKS
}

TEST_F(TabletServiceTest, ACorruptBatchFailsOnlyItsBucket) {
  lead_all();
  proto::ProduceLogRequest req;
  req.set_acks(-1);
  req.set_table_id(kLogTable);
  req.set_timeout_ms(1000);
  std::string corrupt = arrow_batch(1, 2);
  corrupt[corrupt.size() - 1] ^= 0x40;  // a flipped bit in the records: bad CRC
  proto::PbProduceLogReqForBucket& b0 = *req.add_buckets_req();
  b0.set_bucket_id(0);
  b0.set_records(corrupt);
  proto::PbProduceLogReqForBucket& b1 = *req.add_buckets_req();
  b1.set_bucket_id(1);
  b1.set_records(arrow_batch(1, 2));
  proto::ProduceLogResponse resp = service_->produce_log(req);
  ASSERT_EQ(resp.buckets_resp_size(), 2);
  EXPECT_EQ(resp.buckets_resp(0).error_code(), 14);  // CORRUPT_RECORD_EXCEPTION
  EXPECT_THAT(resp.buckets_resp(0).error_message(), HasSubstr("bucket=0"));
  EXPECT_FALSE(resp.buckets_resp(1).has_error_code()) << resp.buckets_resp(1).error_message();
  EXPECT_EQ(resp.buckets_resp(1).base_offset(), 0);
}

TEST_F(TabletServiceTest, FetchErrorsArePerBucket) {
  lead_all();
  produce(1, 0, arrow_batch(1, 1));
  proto::FetchLogRequest req;
  req.set_follower_server_id(-1);
  req.set_max_bytes(1 << 20);
  proto::PbFetchLogReqForTable& t = *req.add_tables_req();
  t.set_table_id(kLogTable);
  t.set_projection_pushdown_enabled(false);
  for (auto [bucket, offset] : {std::pair{0, 5}, std::pair{9, 0}, std::pair{0, -2}}) {
    proto::PbFetchLogReqForBucket& b = *t.add_buckets_req();
    b.set_bucket_id(bucket);
    b.set_fetch_offset(offset);
    b.set_max_fetch_bytes(1 << 20);
  }
  proto::FetchLogResponse resp = service_->fetch_log(req);
  ASSERT_EQ(resp.tables_resp(0).buckets_resp_size(), 3);
  EXPECT_EQ(resp.tables_resp(0).buckets_resp(0).error_code(), 19);  // LOG_OFFSET_OUT_OF_RANGE
  EXPECT_EQ(resp.tables_resp(0).buckets_resp(1).error_code(), 21);  // UNKNOWN_TABLE_OR_BUCKET
  EXPECT_FALSE(resp.tables_resp(0).buckets_resp(2).has_error_code());
  EXPECT_EQ(record_count(resp.tables_resp(0).buckets_resp(2).records()), 1);
}

TEST_F(TabletServiceTest, UnknownBucketErrorsNameTheBucket) {
  lead_all();
  proto::ProduceLogResponse resp = produce(1, 7, arrow_batch(1, 1));
  EXPECT_EQ(resp.buckets_resp(0).error_code(), 21);  // UNKNOWN_TABLE_OR_BUCKET_EXCEPTION
  EXPECT_THAT(resp.buckets_resp(0).error_message(), HasSubstr("bucket=7"));
  EXPECT_EQ(resp.buckets_resp(0).bucket_id(), 7);
}

TEST_F(TabletServiceTest, ProjectedFetch) {
  lead_all();
  produce(1, 0, arrow_batch(1, 3));
  proto::FetchLogRequest req;
  req.set_follower_server_id(-1);
  req.set_max_bytes(1 << 20);
  proto::PbFetchLogReqForTable& t = *req.add_tables_req();
  t.set_table_id(kLogTable);
  t.set_projection_pushdown_enabled(true);
  t.add_projected_fields(0);
  proto::PbFetchLogReqForBucket& b = *t.add_buckets_req();
  b.set_bucket_id(0);
  b.set_fetch_offset(0);
  b.set_max_fetch_bytes(1 << 20);
  proto::FetchLogResponse resp = service_->fetch_log(req);
  const auto& out = resp.tables_resp(0).buckets_resp(0);
  ASSERT_FALSE(out.has_error_code()) << out.error_message();
  LogRecords batches(as_bytes(std::string_view(out.records())));
  auto batch = value_or_throw(batches.next_batch());
  ASSERT_TRUE(batch);
  const RowType projected{log_table().row_type()[0]};
  auto rows = value_or_throw(decode_log_records(*batch, LogFormat::kArrow, projected));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2].row.to_string(), "(3)");
}

TEST_F(TabletServiceTest, PutKvLookupPrefixLookupAndLimitScanAtEveryVersion) {
  lead_all();
  for (int16_t version : {0, 1, 2}) {
    proto::PutKvResponse resp = put(version, kPkTable, storage::test::kv_batch({{version, "x"}}));
    ASSERT_FALSE(resp.buckets_resp(0).has_error_code()) << resp.buckets_resp(0).error_message();
    EXPECT_GT(resp.buckets_resp(0).log_end_offset(), 0);
  }
  for (int16_t version : {0, 1}) {
    proto::LookupRequest req;
    req.set_table_id(kPkTable);
    proto::PbLookupReqForBucket& b = *req.add_buckets_req();
    b.set_bucket_id(0);
    b.add_keys(storage::test::compacted_int_key(1).to_string());
    b.add_keys(storage::test::compacted_int_key(9).to_string());
    proto::LookupResponse resp = service_->lookup(version, req);
    ASSERT_FALSE(resp.buckets_resp(0).has_error_code()) << resp.buckets_resp(0).error_message();
    ASSERT_EQ(resp.buckets_resp(0).values_size(), 2);
    EXPECT_TRUE(resp.buckets_resp(0).values(0).has_values());
    EXPECT_FALSE(resp.buckets_resp(0).values(1).has_values());

    proto::PrefixLookupRequest preq;
    preq.set_table_id(kPkTable);
    proto::PbPrefixLookupReqForBucket& pb = *preq.add_buckets_req();
    pb.set_bucket_id(0);
    pb.add_keys(storage::test::compacted_int_key(2).to_string());
    proto::PrefixLookupResponse presp = service_->prefix_lookup(version, preq);
    ASSERT_FALSE(presp.buckets_resp(0).has_error_code()) << presp.buckets_resp(0).error_message();
    ASSERT_EQ(presp.buckets_resp(0).value_lists_size(), 1);
    EXPECT_EQ(presp.buckets_resp(0).value_lists(0).values_size(), 1);
  }
  proto::LimitScanRequest scan;
  scan.set_table_id(kPkTable);
  scan.set_bucket_id(0);
  scan.set_limit(2);
  proto::LimitScanResponse sresp = service_->limit_scan(scan);
  ASSERT_FALSE(sresp.has_error_code()) << sresp.error_message();
  EXPECT_FALSE(sresp.is_log_table());
  EXPECT_EQ(value_or_throw(ValueRecordBatch::parse(as_bytes(std::string_view(sresp.records()))))
                .record_count(),
            2);
}

TEST_F(TabletServiceTest, VersionZeroIsRejectedForLakeTablesWithV2Keys) {
  lead_all();
  proto::PutKvResponse resp = put(0, kLakeTable, storage::test::kv_batch({{1, "x"}}));
  EXPECT_EQ(resp.buckets_resp(0).error_code(), 2);  // UNSUPPORTED_VERSION
  EXPECT_THAT(resp.buckets_resp(0).error_message(), HasSubstr("PUT_KV v0"));
  proto::LookupRequest req;
  req.set_table_id(kLakeTable);
  req.add_buckets_req()->set_bucket_id(0);
  EXPECT_EQ(service_->lookup(0, req).buckets_resp(0).error_code(), 2);
}

TEST_F(TabletServiceTest, PutKvOnALogTableIsNonPrimaryKeyTable) {
  lead_all();
  proto::PutKvRequest req;
  req.set_acks(1);
  req.set_table_id(kLogTable);
  req.set_timeout_ms(1);
  proto::PbPutKvReqForBucket& b = *req.add_buckets_req();
  b.set_bucket_id(0);
  b.set_records(storage::test::kv_batch({{1, "x"}}).to_string());
  EXPECT_EQ(service_->put_kv(2, req).buckets_resp(0).error_code(), 20);
}

TEST_F(TabletServiceTest, ListOffsets) {
  lead_all();
  produce(1, 0, arrow_batch(1, 4));
  proto::ListOffsetsRequest req;
  req.set_follower_server_id(-1);
  req.set_table_id(kLogTable);
  req.add_bucket_id(0);
  req.add_bucket_id(5);
  req.set_offset_type(1);
  proto::ListOffsetsResponse resp = service_->list_offsets(req);
  ASSERT_EQ(resp.buckets_resp_size(), 2);
  EXPECT_EQ(resp.buckets_resp(0).offset(), 4);
  EXPECT_EQ(resp.buckets_resp(1).error_code(), 21);
  req.set_offset_type(0);
  EXPECT_EQ(service_->list_offsets(req).buckets_resp(0).offset(), 0);
  req.set_offset_type(9);
  EXPECT_EQ(service_->list_offsets(req).buckets_resp(0).error_code(), 3);
}

TEST_F(TabletServiceTest, NotifyOfAnUnknownTableOrStaleCoordinatorFails) {
  lead_all();
  proto::NotifyLeaderAndIsrRequest req;
  req.set_coordinator_epoch(1);
  add_bucket(req, 99, 0, "nope");
  proto::NotifyLeaderAndIsrResponse resp = service_->notify_leader_and_isr(req);
  EXPECT_EQ(resp.notify_buckets_leader_resp(0).error_code(), 7);  // TABLE_NOT_EXIST
  EXPECT_EQ(resp.notify_buckets_leader_resp(0).table_bucket().table_id(), 99);

  req.set_coordinator_epoch(0);
  EXPECT_EQ(service_->notify_leader_and_isr(req).notify_buckets_leader_resp(0).error_code(),
            23);  // INVALID_COORDINATOR_EXCEPTION
}

TEST_F(TabletServiceTest, NotifyOfAnotherLeaderMakesBucketsNotLeader) {
  lead_all();
  proto::NotifyLeaderAndIsrRequest req;
  req.set_coordinator_epoch(1);
  add_bucket(req, kLogTable, 0, "logs", /*leader=*/2, /*epoch=*/1);
  ASSERT_FALSE(service_->notify_leader_and_isr(req).notify_buckets_leader_resp(0).has_error_code());
  EXPECT_EQ(produce(1, 0, arrow_batch(1, 1)).buckets_resp(0).error_code(), 12);
}

TEST_F(TabletServiceTest, StopReplicaDeletes) {
  lead_all();
  produce(1, 0, arrow_batch(1, 1));
  proto::StopReplicaRequest req;
  req.set_coordinator_epoch(1);
  proto::PbStopReplicaReqForBucket& b = *req.add_stop_replicas_req();
  b.mutable_table_bucket()->set_table_id(kLogTable);
  b.mutable_table_bucket()->set_bucket_id(0);
  b.set_leader_epoch(0);
  b.set_delete_(true);
  proto::StopReplicaResponse resp = service_->stop_replica(req);
  ASSERT_FALSE(resp.stop_replicas_resp(0).has_error_code())
      << resp.stop_replicas_resp(0).error_message();
  EXPECT_EQ(produce(1, 0, arrow_batch(1, 1)).buckets_resp(0).error_code(), 21);
}

TEST_F(TabletServiceTest, InitWriterAllocatesIds) {
  proto::InitWriterRequest req;
  EXPECT_EQ(value_or_throw(service_->init_writer(req)).writer_id(), 100);
  EXPECT_EQ(value_or_throw(service_->init_writer(req)).writer_id(), 101);
}

}  // namespace
}  // namespace fluss::server
