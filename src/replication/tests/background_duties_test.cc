// SPDX-License-Identifier: Apache-2.0
// BackgroundDuties: the tablet server's timers over the log and KV managers.
#include "replication/background_duties.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "common/config_options.h"
#include "common/configuration.h"
#include "record/memory_log_records_builder.h"
#include "storage/fs/mem_file_system.h"
#include "storage/kv/tests/kv_test_util.h"
#include "test_utils/run_sync.h"
#include "test_utils/status_matchers.h"

namespace fluss::replication {
namespace {

using fluss::test::StatusIs;
using fluss::test::value_or_throw;

constexpr ServerId kLocal{1};
constexpr int64_t kHourMs = 60 * 60 * 1000;

// Log table "db.logs" (a INT), ARROW, two buckets, table.log.ttl = 1 h.
TableInfo log_table() {
  TableInfo::Params p;
  p.table_path = TablePath{"db", "logs"};
  p.table_id = TableId(2);
  p.schema_id = SchemaId(1);
  p.schema = value_or_throw(Schema::builder().column("a", DataType::int_()).build());
  p.num_buckets = 2;
  p.properties.set("table.log.ttl", "1 h");
  return TableInfo(std::move(p));
}

std::string arrow_batch(int32_t a) {
  MemoryLogRecordsBuilder builder({.format = LogFormat::kArrow, .schema_id = SchemaId(1)},
                                  log_table().row_type(),
                                  ArrowCompression{.type = ArrowCompressionType::kNone});
  if (Status s = builder.append(ChangeType::kAppendOnly, GenericRow(std::vector<Datum>{a}));
      !s.ok()) {
    throw std::runtime_error(s.to_string());
  }
  ByteBuffer out;
  if (Status s = builder.finish(out); !s.ok()) throw std::runtime_error(s.to_string());
  return out.to_string();
}

const TableBucket kLed(TableId(2), BucketId(0));
const TableBucket kUnled(TableId(2), BucketId(1));
const TableBucket kPk(TableId(1), BucketId(0));  // storage::test::make_table()

class BackgroundDutiesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::LogManagerConfig config;
    config.data_dir = "/data";
    config.clock = [this] { return now_.load(); };
    logs_ = value_or_throw(storage::LogManager::open(fs_, std::move(config)));
    Configuration kv_config;
    kv_config.set(ConfigOptions::kRemoteDataDir, dir_.path() + "/remote");
    kv_config.set(ConfigOptions::kKvSnapshotInterval, std::chrono::milliseconds(1000));
    kvs_ = value_or_throw(storage::KvManager::create(kv_config, dir_.path()));
    replicas_ = std::make_unique<ReplicaManager>(kLocal, *logs_, kvs_.get(),
                                                 [this] { return now_.load(); });
  }

  void TearDown() override {
    if (duties_) test::run_sync(io_, duties_->stop());
    duties_.reset();
    replicas_.reset();
    ASSERT_OK(kvs_->close());
    ASSERT_OK(logs_->close());
  }

  void start(DutyIntervals intervals) {
    duties_ = BackgroundDuties::start(
        io_.get_executor(), pool_, *replicas_, *logs_, kvs_.get(), intervals,
        {.clock = [this] { return now_.load(); },
         .on_snapshot = [this](const storage::CompletedSnapshot& s) { snapshots_.push_back(s); }});
  }

  void lead(const TableBucket& bucket, const TableInfo& table) {
    LeaderAndIsr state{.path = PhysicalTablePath{table.table_path(), std::nullopt},
                       .bucket = bucket,
                       .leader = kLocal,
                       .leader_epoch = kInitialLeaderEpoch,
                       .replicas = {kLocal},
                       .isr = {kLocal},
                       .bucket_epoch = 0};
    ASSERT_OK(replicas_->become_leader_or_follower(state, table, {}));
  }

  // A log tablet of `bucket` whose segments hold two batches each.
  storage::LogTablet* small_segment_log(const TableBucket& bucket) {
    const uint64_t two_batches = 2 * arrow_batch(0).size();
    return value_or_throw(
        logs_->get_or_create_log(PhysicalTablePath{log_table().table_path(), std::nullopt}, bucket,
                                 storage::LogConfig{.segment_bytes = two_batches}, kHourMs));
  }

  std::atomic<int64_t> now_{1'000'000};
  storage::test::TempDir dir_;
  storage::MemFileSystem fs_;
  std::unique_ptr<storage::LogManager> logs_;
  std::unique_ptr<storage::KvManager> kvs_;
  std::unique_ptr<ReplicaManager> replicas_;
  asio::thread_pool pool_{1};
  asio::io_context io_;
  std::unique_ptr<BackgroundDuties> duties_;
  std::vector<storage::CompletedSnapshot> snapshots_;
};

TEST_F(BackgroundDutiesTest, IntervalsAreFlussKeysWithFlussDefaults) {
  Configuration config;
  DutyIntervals defaults = value_or_throw(DutyIntervals::from_configuration(config));
  EXPECT_EQ(defaults.retention, std::chrono::minutes(5));
  EXPECT_EQ(defaults.writer_expiration, std::chrono::minutes(10));
  EXPECT_EQ(defaults.recovery_point_checkpoint, std::chrono::seconds(60));
  EXPECT_EQ(defaults.kv_snapshot, std::chrono::minutes(10));
  config.set_string("log.retention.check-interval", "7 s");
  config.set_string("kv.snapshot.interval", "3 min");
  DutyIntervals set = value_or_throw(DutyIntervals::from_configuration(config));
  EXPECT_EQ(set.retention, std::chrono::seconds(7));
  EXPECT_EQ(set.kv_snapshot, std::chrono::minutes(3));
  config.set_string("log.flush.offset.checkpoint-interval", "soon");
  EXPECT_THAT(DutyIntervals::from_configuration(config).status(),
              StatusIs(ErrorCode::kInvalidConfigException));
}

TEST_F(BackgroundDutiesTest, RetentionDeletesExpiredSegmentsOnlyBelowTheHighWatermark) {
  storage::LogTablet* led = small_segment_log(kLed);
  storage::LogTablet* unled = small_segment_log(kUnled);
  lead(kLed, log_table());
  for (int i = 0; i < 5; ++i) {
    std::string batch = arrow_batch(i);
    ProduceBucket b{kLed, {reinterpret_cast<uint8_t*>(batch.data()), batch.size()}};
    ASSERT_OK(replicas_->append_records(Acks::kLeader, std::span(&b, 1))[0].status);
    // The bucket nobody leads here yet: its high watermark is unknown.
    std::string other = arrow_batch(i);
    ASSERT_OK(unled->append({reinterpret_cast<uint8_t*>(other.data()), other.size()}).status());
  }
  const size_t unled_segments = unled->segment_count();
  ASSERT_GE(led->segment_count(), 3u);
  start(DutyIntervals{});

  ASSERT_OK(duties_->run_once());
  EXPECT_EQ(duties_->segments_deleted(), 0u) << "nothing is older than table.log.ttl yet";

  now_ += 2 * kHourMs;
  ASSERT_OK(duties_->run_once());
  EXPECT_GT(duties_->segments_deleted(), 0u);
  // Every sealed segment of the led bucket went (its high watermark is its log end) ...
  EXPECT_EQ(led->segment_count(), 1u);
  EXPECT_EQ(led->log_start_offset(), led->segment_base_offsets().back());
  FetchBucket from_zero{.bucket = kLed, .offset = LogOffset(0)};
  EXPECT_THAT(replicas_->fetch(FetchParams{}, std::span(&from_zero, 1))[0].status,
              StatusIs(ErrorCode::kLogOffsetOutOfRangeException));
  // ... and none of the bucket without a replica.
  EXPECT_EQ(unled->segment_count(), unled_segments);
  EXPECT_EQ(unled->log_start_offset(), LogOffset(0));
}

TEST_F(BackgroundDutiesTest, SnapshotsAreTakenForLeaderKvReplicas) {
  lead(kPk, storage::test::make_table());
  const ByteBuffer batch = storage::test::kv_batch({{1, "a"}, {2, "b"}});
  PutKvBucket put{kPk, batch.view()};
  ASSERT_OK(replicas_->put_kv(Acks::kAll, std::nullopt, std::span(&put, 1))[0].status);
  start(DutyIntervals{});
  ASSERT_OK(duties_->run_once());  // starts each tablet's snapshot clock
  EXPECT_EQ(duties_->snapshots_taken(), 0u);
  now_ += 1000;  // kv.snapshot.interval
  ASSERT_OK(duties_->run_once());
  // The upload runs on the KvManager's upload thread; closing the tablets waits for it.
  ASSERT_OK(kvs_->close());
  EXPECT_EQ(duties_->snapshots_taken(), 1u);
  ASSERT_EQ(snapshots_.size(), 1u);
  EXPECT_EQ(snapshots_[0].table_bucket, kPk);
  EXPECT_EQ(snapshots_[0].log_offset, LogOffset(2));
}

TEST_F(BackgroundDutiesTest, TimersRunTheDutiesOnTheirIntervals) {
  storage::LogTablet* led = small_segment_log(kLed);
  lead(kLed, log_table());
  for (int i = 0; i < 5; ++i) {
    std::string batch = arrow_batch(i);
    ProduceBucket b{kLed, {reinterpret_cast<uint8_t*>(batch.data()), batch.size()}};
    ASSERT_OK(replicas_->append_records(Acks::kLeader, std::span(&b, 1))[0].status);
  }
  now_ += 2 * kHourMs;
  start(DutyIntervals{.retention = std::chrono::milliseconds(1)});
  std::thread runner([this] { io_.run(); });
  while (duties_->segments_deleted() == 0) std::this_thread::yield();
  EXPECT_EQ(led->segment_count(), 1u);
  asio::co_spawn(io_, duties_->stop(), asio::use_future).get();
  runner.join();
  duties_.reset();
}

TEST_F(BackgroundDutiesTest, StopIsPromptWithLongIntervals) {
  // Fluss's defaults (minutes): stop must not wait for any of them.
  start(DutyIntervals{});
  test::run_sync(io_, duties_->stop());
  test::run_sync(io_, duties_->stop());  // idempotent
  duties_.reset();
}

}  // namespace
}  // namespace fluss::replication
