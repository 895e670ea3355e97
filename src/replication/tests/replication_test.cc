// SPDX-License-Identifier: Apache-2.0
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "common/asio.h"
#include "common/config_options.h"
#include "common/configuration.h"
#include "record/log_record_batch.h"
#include "record/memory_log_records_builder.h"
#include "record/value_record_batch.h"
#include "replication/replica_manager.h"
#include "storage/fs/mem_file_system.h"
#include "storage/kv/tests/kv_test_util.h"
#include "test_utils/seed.h"
#include "test_utils/status_matchers.h"

namespace fluss::replication {
namespace {

using fluss::test::StatusIs;
using fluss::test::value_or_throw;
using storage::test::kv_batch;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr ServerId kLocal{1};
constexpr TableId kLogTable{2};
constexpr TableId kPkTable{1};  // storage::test::make_table()

// Log table "db.logs": (a INT, b STRING), ARROW, three buckets.
TableInfo log_table() {
  TableInfo::Params p;
  p.table_path = TablePath{"db", "logs"};
  p.table_id = kLogTable;
  p.schema_id = SchemaId(1);
  p.schema = value_or_throw(
      Schema::builder().column("a", DataType::int_()).column("b", DataType::string()).build());
  p.num_buckets = 3;
  return TableInfo(std::move(p));
}

// An ARROW batch of rows (a, "v<a>") for a from `first` to `first + count - 1`.
std::string arrow_batch(int32_t first, int32_t count, WriterId writer = kNoWriterId,
                        BatchSequence sequence = kNoBatchSequence) {
  MemoryLogRecordsBuilder builder({.format = LogFormat::kArrow,
                                   .schema_id = SchemaId(1),
                                   .writer_id = writer,
                                   .batch_sequence = sequence},
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

std::span<uint8_t> span_of(std::string& bytes) {
  return {reinterpret_cast<uint8_t*>(bytes.data()), bytes.size()};
}

// Every record of `records` (whole batches) as "offset:row", decoded with `type`.
std::vector<std::string> rows(ByteView records, const RowType& type) {
  std::vector<std::string> out;
  LogRecords batches(records);
  while (auto batch = value_or_throw(batches.next_batch())) {
    for (const LogRecord& r : value_or_throw(decode_log_records(*batch, LogFormat::kArrow, type))) {
      out.push_back(std::to_string(r.offset.value()) + ":" + r.row.to_string());
    }
  }
  return out;
}

class ReplicationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::LogManagerConfig config;
    config.data_dir = "/data";
    config.clock = [this] { return now_; };
    logs_ = value_or_throw(storage::LogManager::open(fs_, std::move(config)));
    Configuration kv_config;  // KV snapshots need a remote dir (Fluss refuses to start without one)
    kv_config.set(ConfigOptions::kRemoteDataDir, dir_.path() + "/remote");
    kvs_ = value_or_throw(storage::KvManager::create(kv_config, dir_.path()));
    manager_ =
        std::make_unique<ReplicaManager>(kLocal, *logs_, kvs_.get(), [this] { return now_; });
  }

  void TearDown() override {
    manager_.reset();
    ASSERT_OK(kvs_->close());
    ASSERT_OK(logs_->close());
  }

  static LeaderAndIsr state(TableBucket bucket, const TableInfo& table, ServerId leader = kLocal,
                            LeaderEpoch epoch = kInitialLeaderEpoch) {
    return LeaderAndIsr{.path = PhysicalTablePath{table.table_path(), std::nullopt},
                        .bucket = bucket,
                        .leader = leader,
                        .leader_epoch = epoch,
                        .replicas = {leader},
                        .isr = {leader},
                        .bucket_epoch = 0};
  }

  void lead(TableBucket bucket, const TableInfo& table) {
    ASSERT_OK(manager_->become_leader_or_follower(state(bucket, table), table, {}));
  }

  ProduceResult produce(TableBucket bucket, std::string batch) {
    ProduceBucket b{bucket, span_of(batch)};
    return manager_->append_records(Acks::kAll, std::span(&b, 1))[0];
  }

  FetchResult fetch_one(TableBucket bucket, LogOffset offset, uint64_t max_bytes = 1 << 20,
                        ServerId replica = kNoServerId) {
    FetchBucket b{.bucket = bucket, .offset = offset, .max_bytes = max_bytes};
    return manager_->fetch(FetchParams{.replica_id = replica}, std::span(&b, 1))[0];
  }

  int64_t now_ = 1'000'000;
  storage::test::TempDir dir_;
  storage::MemFileSystem fs_;
  std::unique_ptr<storage::LogManager> logs_;
  std::unique_ptr<storage::KvManager> kvs_;
  std::unique_ptr<ReplicaManager> manager_;
};

const TableBucket kB0(kLogTable, BucketId(0));
const TableBucket kB1(kLogTable, BucketId(1));
const TableBucket kPk(kPkTable, BucketId(0));

TEST_F(ReplicationTest, ProduceThenFetchEachBucket) {
  lead(kB0, log_table());
  lead(kB1, log_table());
  ProduceResult r0 = produce(kB0, arrow_batch(1, 2));
  ASSERT_OK(r0.status);
  EXPECT_EQ(r0.base_offset, LogOffset(0));
  EXPECT_EQ(r0.log_end_offset, LogOffset(2));
  ASSERT_OK(produce(kB0, arrow_batch(3, 1)).status);
  ProduceResult r1 = produce(kB1, arrow_batch(10, 1));
  ASSERT_OK(r1.status);
  EXPECT_EQ(r1.base_offset, LogOffset(0));

  FetchBucket reqs[] = {{.bucket = kB0, .offset = LogOffset(0)},
                        {.bucket = kB1, .offset = kEarliestFetchOffset}};
  std::vector<FetchResult> got = manager_->fetch(FetchParams{}, reqs);
  ASSERT_EQ(got.size(), 2u);
  ASSERT_OK(got[0].status);
  ASSERT_OK(got[1].status);
  EXPECT_EQ(got[0].read.high_watermark, LogOffset(3));
  EXPECT_THAT(rows(got[0].read.records.view(), log_table().row_type()),
              ElementsAre("0:(1, 'v1')", "1:(2, 'v2')", "2:(3, 'v3')"));
  EXPECT_THAT(rows(got[1].read.records.view(), log_table().row_type()),
              ElementsAre("0:(10, 'v10')"));
}

TEST_F(ReplicationTest, FetchAtTheHighWatermarkReturnsNoRecords) {
  lead(kB0, log_table());
  ASSERT_OK(produce(kB0, arrow_batch(1, 2)).status);
  FetchResult r = fetch_one(kB0, LogOffset(2));
  ASSERT_OK(r.status);
  EXPECT_TRUE(r.read.records.empty());
  EXPECT_EQ(r.read.high_watermark, LogOffset(2));
}

TEST_F(ReplicationTest, FetchOutsideTheLogIsOutOfRange) {
  lead(kB0, log_table());
  ASSERT_OK(produce(kB0, arrow_batch(1, 2)).status);
  FetchResult r = fetch_one(kB0, LogOffset(3));
  EXPECT_THAT(r.status, StatusIs(ErrorCode::kLogOffsetOutOfRangeException));
  EXPECT_THAT(std::string(r.status.message()), HasSubstr("bucket=0"));
  EXPECT_THAT(fetch_one(kB0, LogOffset(-5)).status,
              StatusIs(ErrorCode::kLogOffsetOutOfRangeException));
}

TEST_F(ReplicationTest, FetchStopsAtMaxBytesButReturnsOneBatch) {
  lead(kB0, log_table());
  lead(kB1, log_table());
  for (int i = 0; i < 3; ++i) ASSERT_OK(produce(kB0, arrow_batch(i, 1)).status);
  ASSERT_OK(produce(kB1, arrow_batch(100, 1)).status);
  // One byte: the first batch anyway, then the budget is spent.
  FetchBucket reqs[] = {{.bucket = kB0, .offset = LogOffset(0), .max_bytes = 1},
                        {.bucket = kB1, .offset = LogOffset(0)}};
  std::vector<FetchResult> got = manager_->fetch(FetchParams{.max_bytes = 1}, reqs);
  ASSERT_OK(got[0].status);
  EXPECT_THAT(rows(got[0].read.records.view(), log_table().row_type()), ElementsAre("0:(0, 'v0')"));
  ASSERT_OK(got[1].status);
  EXPECT_TRUE(got[1].read.records.empty());
  EXPECT_EQ(got[1].read.high_watermark, LogOffset(1));
}

TEST_F(ReplicationTest, IdempotentDuplicateReturnsTheOriginalOffset) {
  lead(kB0, log_table());
  ASSERT_OK(produce(kB0, arrow_batch(1, 1)).status);
  const std::string batch = arrow_batch(2, 2, WriterId(7), BatchSequence(0));
  ProduceResult first = produce(kB0, batch);
  ASSERT_OK(first.status);
  EXPECT_EQ(first.base_offset, LogOffset(1));
  ProduceResult again = produce(kB0, batch);
  ASSERT_OK(again.status);
  EXPECT_EQ(again.base_offset, LogOffset(1));
  EXPECT_EQ(again.log_end_offset, LogOffset(3));
}

TEST_F(ReplicationTest, ProjectionKeepsTheChosenColumns) {
  lead(kB0, log_table());
  ASSERT_OK(produce(kB0, arrow_batch(1, 2)).status);
  ASSERT_OK(produce(kB0, arrow_batch(3, 1)).status);
  FetchBucket req{.bucket = kB0, .offset = LogOffset(0), .projection = std::vector<int>{1}};
  FetchResult r = manager_->fetch(FetchParams{}, std::span(&req, 1))[0];
  ASSERT_OK(r.status);
  const RowType projected{log_table().row_type()[1]};
  EXPECT_THAT(rows(r.read.records.view(), projected),
              ElementsAre("0:('v1')", "1:('v2')", "2:('v3')"));
}

TEST_F(ReplicationTest, ProjectionKeepsTheChangeTypesOfAChangelog) {
  const TableInfo table = storage::test::make_table();  // ARROW changelog by default
  lead(kPk, table);
  ByteBuffer batch = kv_batch({{1, "a"}, {1, "b"}});
  PutKvBucket put{kPk, batch.view()};
  ASSERT_OK(manager_->put_kv(Acks::kAll, std::nullopt, std::span(&put, 1))[0].status);
  FetchBucket req{.bucket = kPk, .offset = LogOffset(0), .projection = std::vector<int>{1}};
  FetchResult r = manager_->fetch(FetchParams{}, std::span(&req, 1))[0];
  ASSERT_OK(r.status);
  const RowType projected{table.row_type()[1]};
  std::vector<std::string> changes;
  LogRecords batches(r.read.records.view());
  while (auto b = value_or_throw(batches.next_batch())) {
    for (const LogRecord& rec :
         value_or_throw(decode_log_records(*b, LogFormat::kArrow, projected))) {
      changes.push_back(storage::test::change_string(rec.change_type, rec.row));
    }
  }
  EXPECT_THAT(changes, ElementsAre("+I('a')", "-U('a')", "+U('b')"));
}

// Projection reads bytes from our own log (validated on append), but must still never
// read out of bounds on damaged ones: truncations and bit flips give an error or a
// result, never a crash (ASan checks).
TEST(ProjectLogRecordsTest, DamagedBatchesNeverReadOutOfBounds) {
  const uint64_t seed = fluss::test::seed_from_env();
  SCOPED_TRACE(fluss::test::seed_trace(seed));
  std::mt19937_64 rng(seed);
  const std::string valid = arrow_batch(1, 3) + arrow_batch(4, 2);
  const std::vector<int> columns = {1};
  auto schema_of = [](SchemaId) -> Result<std::shared_ptr<const Schema>> {
    return std::make_shared<const Schema>(log_table().schema());
  };
  ByteBuffer out;
  ASSERT_OK(project_log_records(as_bytes(std::string_view(valid)), columns, schema_of, out));
  for (size_t cut = 0; cut < valid.size(); ++cut) {
    ByteBuffer ignored;
    project_log_records(as_bytes(std::string_view(valid).substr(0, cut)), columns, schema_of,
                        ignored)
        .ignore_error();
  }
  for (int i = 0; i < 2000; ++i) {
    std::string damaged = valid;
    damaged[rng() % damaged.size()] ^= static_cast<char>(1u << (rng() % 8));
    ByteBuffer ignored;
    project_log_records(as_bytes(std::string_view(damaged)), columns, schema_of, ignored)
        .ignore_error();
  }
}

TEST_F(ReplicationTest, BadProjectionIsInvalidColumnProjection) {
  lead(kB0, log_table());
  ASSERT_OK(produce(kB0, arrow_batch(1, 1)).status);
  for (std::vector<int> columns : {std::vector<int>{}, {1, 0}, {2}, {-1}}) {
    FetchBucket req{.bucket = kB0, .offset = LogOffset(0), .projection = columns};
    EXPECT_THAT(manager_->fetch(FetchParams{}, std::span(&req, 1))[0].status,
                StatusIs(ErrorCode::kInvalidColumnProjection));
  }
}

TEST_F(ReplicationTest, PutKvThenLookupPrefixLookupAndLimitScan) {
  const TableInfo table = storage::test::make_table();
  lead(kPk, table);
  ByteBuffer batch = kv_batch({{1, "a"}, {2, "b"}, {1, "c"}});
  PutKvBucket put{kPk, batch.view()};
  ProduceResult r = manager_->put_kv(Acks::kAll, std::nullopt, std::span(&put, 1))[0];
  ASSERT_OK(r.status);
  EXPECT_EQ(r.log_end_offset, LogOffset(4));  // +I, +I, -U, +U

  auto decode = [&](const std::string& value) {
    return value_or_throw(decode_row(RowFormat::kCompacted, table.row_type(),
                                     as_bytes(std::string_view(value).substr(2))))
        .to_string();
  };
  ByteBuffer k1 = storage::test::compacted_int_key(1);
  ByteBuffer k3 = storage::test::compacted_int_key(3);
  ByteView keys[] = {k1.view(), k3.view()};
  auto values = value_or_throw(manager_->lookup(kPk, keys));
  ASSERT_EQ(values.size(), 2u);
  ASSERT_TRUE(values[0]);
  EXPECT_EQ(decode(*values[0]), "(1, 'c')");
  EXPECT_FALSE(values[1]);

  auto prefixed = value_or_throw(manager_->prefix_lookup(kPk, k1.view()));
  ASSERT_EQ(prefixed.size(), 1u);
  EXPECT_EQ(decode(prefixed[0]), "(1, 'c')");

  Replica::LimitScanResult scan = value_or_throw(manager_->limit_scan(kPk, 10));
  EXPECT_FALSE(scan.is_log_table);
  auto view = value_or_throw(ValueRecordBatch::parse(scan.records.view()));
  EXPECT_EQ(view.record_count(), 2);
}

TEST_F(ReplicationTest, KvCallsOnALogTableAreRejected) {
  lead(kB0, log_table());
  ByteBuffer batch = kv_batch({{1, "a"}});
  PutKvBucket put{kB0, batch.view()};
  EXPECT_THAT(manager_->put_kv(Acks::kAll, std::nullopt, std::span(&put, 1))[0].status,
              StatusIs(ErrorCode::kNonPrimaryKeyTableException));
  EXPECT_THAT(manager_->lookup(kB0, {}).status(),
              StatusIs(ErrorCode::kNonPrimaryKeyTableException));
}

TEST_F(ReplicationTest, LimitScanOfALogTableReturnsTheLastBatches) {
  lead(kB0, log_table());
  ASSERT_OK(produce(kB0, arrow_batch(1, 2)).status);
  ASSERT_OK(produce(kB0, arrow_batch(3, 2)).status);
  Replica::LimitScanResult scan = value_or_throw(manager_->limit_scan(kB0, 1));
  EXPECT_TRUE(scan.is_log_table);
  EXPECT_THAT(rows(scan.records.view(), log_table().row_type()),
              ElementsAre("2:(3, 'v3')", "3:(4, 'v4')"));
}

TEST_F(ReplicationTest, ListOffsets) {
  lead(kB0, log_table());
  now_ = 5000;
  ASSERT_OK(produce(kB0, arrow_batch(1, 2)).status);
  now_ = 6000;
  ASSERT_OK(produce(kB0, arrow_batch(3, 1)).status);
  now_ = 7000;
  auto offset = [&](OffsetType type, std::optional<int64_t> ts = std::nullopt) {
    return manager_->list_offset(kB0, kNoServerId, type, ts);
  };
  EXPECT_EQ(value_or_throw(offset(OffsetType::kEarliest)), LogOffset(0));
  EXPECT_EQ(value_or_throw(offset(OffsetType::kLatest)), LogOffset(3));
  EXPECT_EQ(value_or_throw(offset(OffsetType::kTimestamp, 5500)), LogOffset(2));
  EXPECT_EQ(value_or_throw(offset(OffsetType::kTimestamp, 0)), LogOffset(0));
  EXPECT_EQ(value_or_throw(offset(OffsetType::kTimestamp, 6500)), LogOffset(3));
  EXPECT_THAT(offset(OffsetType::kTimestamp, 8000).status(),
              StatusIs(ErrorCode::kInvalidTimestampException));
  EXPECT_EQ(value_or_throw(offset(OffsetType::kLeaderEndOffsetSnapshot)), LogOffset(0));
}

TEST_F(ReplicationTest, UnknownBucketAndNotLeaderAreNamedErrors) {
  ProduceResult r = produce(kB0, arrow_batch(1, 1));
  EXPECT_THAT(r.status, StatusIs(ErrorCode::kUnknownTableOrBucketException));
  EXPECT_THAT(std::string(r.status.message()), HasSubstr("tableId=2"));

  ASSERT_OK(
      manager_->become_leader_or_follower(state(kB0, log_table(), ServerId(9)), log_table(), {}));
  r = produce(kB0, arrow_batch(1, 1));
  EXPECT_THAT(r.status, StatusIs(ErrorCode::kNotLeaderOrFollower));
  EXPECT_THAT(std::string(r.status.message()), HasSubstr("server 9"));
  EXPECT_THAT(fetch_one(kB0, LogOffset(0)).status, StatusIs(ErrorCode::kNotLeaderOrFollower));

  // A newer epoch makes this server the leader.
  ASSERT_OK(manager_->become_leader_or_follower(state(kB0, log_table(), kLocal, LeaderEpoch(1)),
                                                log_table(), {}));
  ASSERT_OK(produce(kB0, arrow_batch(1, 1)).status);
}

TEST_F(ReplicationTest, StaleEpochsAreFenced) {
  ASSERT_OK(manager_->become_leader_or_follower(state(kB0, log_table(), kLocal, LeaderEpoch(3)),
                                                log_table(), {}));
  EXPECT_THAT(manager_->become_leader_or_follower(state(kB0, log_table(), kLocal, LeaderEpoch(2)),
                                                  log_table(), {}),
              StatusIs(ErrorCode::kFencedLeaderEpochException));
  EXPECT_THAT(manager_->stop_replica(kB0, LeaderEpoch(2), DeleteData::kYes),
              StatusIs(ErrorCode::kFencedLeaderEpochException));
  ASSERT_OK(manager_->check_coordinator_epoch(5));
  EXPECT_THAT(manager_->check_coordinator_epoch(4),
              StatusIs(ErrorCode::kInvalidCoordinatorException));
}

TEST_F(ReplicationTest, StopReplicaWithDeleteRemovesTheData) {
  lead(kB0, log_table());
  lead(kPk, storage::test::make_table());
  ASSERT_OK(produce(kB0, arrow_batch(1, 1)).status);
  ASSERT_OK(manager_->stop_replica(kB0, kNoLeaderEpoch, DeleteData::kYes));
  ASSERT_OK(manager_->stop_replica(kPk, kNoLeaderEpoch, DeleteData::kYes));
  EXPECT_EQ(manager_->replica_count(), 0u);
  EXPECT_EQ(logs_->get_log(kB0), nullptr);
  EXPECT_EQ(kvs_->get_kv(kPk), nullptr);
  EXPECT_THAT(fetch_one(kB0, LogOffset(0)).status,
              StatusIs(ErrorCode::kUnknownTableOrBucketException));
  // Stopping a bucket that is not hosted is not an error.
  ASSERT_OK(manager_->stop_replica(kB1, kNoLeaderEpoch, DeleteData::kNo));
  // Leading it again starts from an empty log.
  lead(kB0, log_table());
  EXPECT_EQ(produce(kB0, arrow_batch(1, 1)).base_offset, LogOffset(0));
}

TEST_F(ReplicationTest, StopReplicaWithoutDeleteKeepsTheLog) {
  lead(kB0, log_table());
  ASSERT_OK(produce(kB0, arrow_batch(1, 2)).status);
  ASSERT_OK(manager_->stop_replica(kB0, kNoLeaderEpoch, DeleteData::kNo));
  lead(kB0, log_table());
  EXPECT_EQ(
      value_or_throw(manager_->list_offset(kB0, kNoServerId, OffsetType::kLatest, std::nullopt)),
      LogOffset(2));
}

TEST_F(ReplicationTest, LogEndListenerHearsEveryAppend) {
  std::vector<TableBucket> heard;
  manager_->set_log_end_listener([&](const TableBucket& b) { heard.push_back(b); });
  lead(kB0, log_table());
  ASSERT_OK(produce(kB0, arrow_batch(1, 1)).status);
  EXPECT_THAT(heard, ElementsAre(kB0));
}

TEST_F(ReplicationTest, FetchesRunConcurrentlyWithAppends) {
  lead(kB0, log_table());
  constexpr int kBatches = 200;
  std::atomic<bool> writer_done{false};
  std::thread writer([&] {
    for (int i = 0; i < kBatches; ++i) {
      ProduceResult r = produce(kB0, arrow_batch(i, 1));
      if (!r.status.ok()) ADD_FAILURE() << r.status;
    }
    writer_done = true;
  });
  // A client reads everything committed, in order, while the writer appends.
  int64_t next = 0;
  while (next < kBatches) {
    const bool done = writer_done.load();
    FetchResult r = fetch_one(kB0, LogOffset(next));
    ASSERT_OK(r.status);
    if (done && r.read.records.empty()) break;  // a failed append: reported above
    EXPECT_LE(next, r.read.high_watermark.value());
    LogRecords batches(r.read.records.view());
    while (auto batch = value_or_throw(batches.next_batch())) {
      ASSERT_OK(batch->ensure_valid());
      ASSERT_EQ(batch->base_offset(), LogOffset(next));
      next = batch->next_offset().value();
    }
  }
  writer.join();
  EXPECT_EQ(next, kBatches);
}

// Long-poll fetches (fetch_waiting). Most tests drive one io_context from the
// test thread with poll(), so "still parked" is a checked state, not a timing.
class DelayedFetchTest : public ReplicationTest {
 protected:
  using Results = std::vector<FetchResult>;

  std::future<Results> start(std::vector<FetchBucket> buckets, int32_t min_bytes,
                             std::chrono::milliseconds max_wait = std::chrono::hours(1),
                             ServerId replica = kNoServerId) {
    // Not asio::use_future: its completion runs on another thread, later. This
    // handler runs on the io_context's thread, so poll() returning means done.
    auto promise = std::make_shared<std::promise<Results>>();
    std::future<Results> future = promise->get_future();
    asio::co_spawn(io_,
                   manager_->fetch_waiting(FetchParams{.replica_id = replica}, std::move(buckets),
                                           min_bytes, max_wait),
                   [promise](std::exception_ptr error, Results results) {
                     if (error) {
                       promise->set_exception(error);
                     } else {
                       promise->set_value(std::move(results));
                     }
                   });
    return future;
  }

  static bool ready(const std::future<Results>& f) {
    return f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
  }

  // Size of one single-row batch (all arrow_batch(x, 1) of small x have it).
  static int32_t batch_size() { return static_cast<int32_t>(arrow_batch(1, 1).size()); }

  // A failed test may leave fetches parked: complete them while the manager lives.
  void TearDown() override {
    manager_->close_delayed_fetches();
    poll();
    ReplicationTest::TearDown();
  }

  // poll() / run() the io_context, which stops whenever it runs out of work.
  void poll() {
    io_.restart();
    while (io_.poll() > 0) {
    }
  }
  void run() {
    io_.restart();
    io_.run();
  }

  asio::io_context io_;
};

TEST_F(DelayedFetchTest, ReturnsAtOnceWhenEnoughDataExists) {
  lead(kB0, log_table());
  ASSERT_OK(produce(kB0, arrow_batch(1, 1)).status);
  std::future<Results> f = start({{.bucket = kB0, .offset = LogOffset(0)}}, 1);
  poll();
  ASSERT_TRUE(ready(f));
  Results got = f.get();
  ASSERT_OK(got[0].status);
  EXPECT_THAT(rows(got[0].read.records.view(), log_table().row_type()), ElementsAre("0:(1, 'v1')"));
  EXPECT_EQ(manager_->delayed_fetch_count(), 0u);
}

TEST_F(DelayedFetchTest, WithoutMaxWaitItNeverParks) {
  lead(kB0, log_table());
  std::future<Results> f =
      start({{.bucket = kB0, .offset = LogOffset(0)}}, 1, std::chrono::milliseconds(0));
  poll();
  ASSERT_TRUE(ready(f));
  EXPECT_TRUE(f.get()[0].read.records.empty());
}

TEST_F(DelayedFetchTest, WaitsThenCompletesOnAnAppendFromAnotherThread) {
  lead(kB0, log_table());
  std::future<Results> f = start({{.bucket = kB0, .offset = LogOffset(0)}}, 1);
  poll();
  ASSERT_FALSE(ready(f));
  EXPECT_EQ(manager_->delayed_fetch_count(), 1u);
  // The writer appends while this thread runs the io_context: the wake-up comes
  // from the writer's thread.
  std::thread writer([this] { EXPECT_OK(produce(kB0, arrow_batch(7, 1)).status); });
  run();  // returns once the fetch completed (its deadline timer is cancelled)
  writer.join();
  ASSERT_TRUE(ready(f));
  Results got = f.get();
  ASSERT_OK(got[0].status);
  EXPECT_THAT(rows(got[0].read.records.view(), log_table().row_type()), ElementsAre("0:(7, 'v7')"));
  EXPECT_EQ(got[0].read.high_watermark, LogOffset(1));
  EXPECT_EQ(manager_->delayed_fetch_count(), 0u);
}

TEST_F(DelayedFetchTest, CompletesAtTheDeadlineWithWhatIsThere) {
  lead(kB0, log_table());
  ASSERT_OK(produce(kB0, arrow_batch(1, 1)).status);
  // Far more than exists: only the deadline completes it.
  std::future<Results> f =
      start({{.bucket = kB0, .offset = LogOffset(0)}}, 1 << 20, std::chrono::milliseconds(5));
  run();
  Results got = f.get();
  ASSERT_OK(got[0].status);
  EXPECT_THAT(rows(got[0].read.records.view(), log_table().row_type()), ElementsAre("0:(1, 'v1')"));
}

TEST_F(DelayedFetchTest, MinBytesCountsEveryBucket) {
  lead(kB0, log_table());
  lead(kB1, log_table());
  std::future<Results> f =
      start({{.bucket = kB0, .offset = LogOffset(0)}, {.bucket = kB1, .offset = LogOffset(0)}},
            2 * batch_size());
  poll();
  ASSERT_FALSE(ready(f));
  ASSERT_OK(produce(kB0, arrow_batch(1, 1)).status);
  poll();
  ASSERT_FALSE(ready(f)) << "one batch is half of min_bytes";
  ASSERT_OK(produce(kB1, arrow_batch(2, 1)).status);
  poll();
  ASSERT_TRUE(ready(f));
  Results got = f.get();
  EXPECT_THAT(rows(got[0].read.records.view(), log_table().row_type()), ElementsAre("0:(1, 'v1')"));
  EXPECT_THAT(rows(got[1].read.records.view(), log_table().row_type()), ElementsAre("0:(2, 'v2')"));
}

TEST_F(DelayedFetchTest, BytesBeyondABucketsMaxBytesDoNotCount) {
  lead(kB0, log_table());
  std::future<Results> f = start({{.bucket = kB0, .offset = LogOffset(0), .max_bytes = 1}}, 2);
  poll();
  ASSERT_OK(produce(kB0, arrow_batch(1, 1)).status);
  poll();
  EXPECT_FALSE(ready(f)) << "a bucket counts at most its max_bytes (1 < 2)";
  manager_->close_delayed_fetches();
  run();
  EXPECT_EQ(f.get()[0].read.records.size(), static_cast<size_t>(batch_size()));
}

TEST_F(DelayedFetchTest, ALeaderChangeCompletesTheFetch) {
  lead(kB0, log_table());
  lead(kB1, log_table());
  std::future<Results> f =
      start({{.bucket = kB0, .offset = LogOffset(0)}, {.bucket = kB1, .offset = LogOffset(0)}}, 1);
  poll();
  ASSERT_FALSE(ready(f));
  ASSERT_OK(manager_->become_leader_or_follower(
      state(kB0, log_table(), ServerId(9), LeaderEpoch(1)), log_table(), {}));
  poll();
  ASSERT_TRUE(ready(f));
  Results got = f.get();
  EXPECT_THAT(got[0].status, StatusIs(ErrorCode::kNotLeaderOrFollower));
  ASSERT_OK(got[1].status);
  EXPECT_TRUE(got[1].read.records.empty());
}

TEST_F(DelayedFetchTest, StoppingTheReplicaCompletesTheFetch) {
  lead(kB0, log_table());
  std::future<Results> f = start({{.bucket = kB0, .offset = LogOffset(0)}}, 1);
  poll();
  ASSERT_FALSE(ready(f));
  ASSERT_OK(manager_->stop_replica(kB0, kNoLeaderEpoch, DeleteData::kNo));
  poll();
  ASSERT_TRUE(ready(f));
  EXPECT_THAT(f.get()[0].status, StatusIs(ErrorCode::kUnknownTableOrBucketException));
}

TEST_F(DelayedFetchTest, AnUnknownBucketDoesNotStopTheOthersFromWaiting) {
  lead(kB0, log_table());
  const TableBucket unknown(kLogTable, BucketId(2));
  std::future<Results> f = start(
      {{.bucket = unknown, .offset = LogOffset(0)}, {.bucket = kB0, .offset = LogOffset(0)}}, 1);
  poll();
  ASSERT_FALSE(ready(f));
  ASSERT_OK(produce(kB0, arrow_batch(1, 1)).status);
  poll();
  ASSERT_TRUE(ready(f));
  Results got = f.get();
  EXPECT_THAT(got[0].status, StatusIs(ErrorCode::kUnknownTableOrBucketException));
  ASSERT_OK(got[1].status);
  EXPECT_FALSE(got[1].read.records.empty());
}

TEST_F(DelayedFetchTest, OtherBucketErrorsAnswerAtOnce) {
  lead(kB0, log_table());
  lead(kB1, log_table());
  // Offset 5 of an empty log is out of range: Java answers without waiting.
  std::future<Results> f =
      start({{.bucket = kB0, .offset = LogOffset(0)}, {.bucket = kB1, .offset = LogOffset(5)}}, 1);
  poll();
  ASSERT_TRUE(ready(f));
  EXPECT_THAT(f.get()[1].status, StatusIs(ErrorCode::kLogOffsetOutOfRangeException));
  // Only unknown or not-led buckets: nothing to wait for either.
  std::future<Results> g = start({{.bucket = TableBucket(kLogTable, BucketId(2))}}, 1);
  poll();
  ASSERT_TRUE(ready(g));
}

TEST_F(DelayedFetchTest, CloseCompletesEveryWaiterAndLaterOnesAtOnce) {
  lead(kB0, log_table());
  std::vector<std::future<Results>> parked;
  for (int i = 0; i < 3; ++i) parked.push_back(start({{.bucket = kB0, .offset = LogOffset(0)}}, 1));
  poll();
  EXPECT_EQ(manager_->delayed_fetch_count(), 3u);
  manager_->close_delayed_fetches();
  poll();
  for (auto& f : parked) {
    ASSERT_TRUE(ready(f));
    Results got = f.get();
    ASSERT_OK(got[0].status);
    EXPECT_TRUE(got[0].read.records.empty());
  }
  EXPECT_EQ(manager_->delayed_fetch_count(), 0u);
  std::future<Results> later = start({{.bucket = kB0, .offset = LogOffset(0)}}, 1);
  poll();
  EXPECT_TRUE(ready(later));
}

TEST_F(DelayedFetchTest, ManyConcurrentWaitersOnSeveralThreads) {
  lead(kB0, log_table());
  lead(kB1, log_table());
  constexpr int kWaiters = 64;
  auto guard = asio::make_work_guard(io_);
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) threads.emplace_back([this] { io_.run(); });
  std::vector<std::future<Results>> waiters;
  for (int i = 0; i < kWaiters; ++i) {
    // Half wait for bucket 0, half for both buckets' first batches.
    std::vector<FetchBucket> buckets{{.bucket = kB0, .offset = LogOffset(0)}};
    if (i % 2 == 1) buckets.push_back({.bucket = kB1, .offset = LogOffset(0)});
    const int32_t min_bytes = static_cast<int32_t>(buckets.size()) * batch_size();
    waiters.push_back(start(std::move(buckets), min_bytes));
  }
  // Appends from two writer threads while the waiters park and re-check.
  std::thread w0([this] { EXPECT_OK(produce(kB0, arrow_batch(1, 1)).status); });
  std::thread w1([this] { EXPECT_OK(produce(kB1, arrow_batch(2, 1)).status); });
  w0.join();
  w1.join();
  for (int i = 0; i < kWaiters; ++i) {
    Results got = waiters[i].get();
    ASSERT_OK(got[0].status);
    EXPECT_EQ(got[0].read.records.size(), static_cast<size_t>(batch_size())) << "waiter " << i;
    if (i % 2 == 1) {
      EXPECT_EQ(got[1].read.records.size(), static_cast<size_t>(batch_size()));
    }
  }
  guard.reset();
  for (auto& t : threads) t.join();
  EXPECT_EQ(manager_->delayed_fetch_count(), 0u);
}

}  // namespace
}  // namespace fluss::replication
