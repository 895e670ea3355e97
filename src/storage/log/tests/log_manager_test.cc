// SPDX-License-Identifier: Apache-2.0
#include "storage/log/log_manager.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "common/config_options.h"
#include "storage/fs/mem_file_system.h"
#include "storage/log/fluss_paths.h"
#include "storage/log/offset_checkpoint.h"
#include "storage/log/tests/test_batches.h"
#include "test_utils/status_matchers.h"

namespace fluss::storage {
namespace {

using fluss::test::StatusIs;
using fluss::test::StatusIsWith;
using fluss::test::value_or_throw;
using ::testing::HasSubstr;

const std::string kDataDir = "/data";
constexpr int64_t kDayMs = 24LL * 60 * 60 * 1000;

PhysicalTablePath table(std::string name, std::optional<std::string> partition = std::nullopt) {
  return PhysicalTablePath{.table_path = {.database = "db", .table = std::move(name)},
                           .partition_name = std::move(partition)};
}

class LogManagerTest : public ::testing::Test {
 protected:
  LogManagerConfig config() {
    return LogManagerConfig{
        .data_dir = kDataDir, .log_config = log_config_, .recovery_threads = 4, .clock = [this] {
          return now_;
        }};
  }
  std::unique_ptr<LogManager> open() { return value_or_throw(LogManager::open(fs_, config())); }

  // Appends `batches` batches of `records` records each to `log`.
  void append(LogTablet& log, int batches = 1, int records = 1) {
    for (int i = 0; i < batches; ++i) {
      std::string batch = test::make_batch(LogOffset(9999), 0, records);
      ASSERT_OK(log.append({reinterpret_cast<uint8_t*>(batch.data()), batch.size()}).status());
    }
  }
  LogTablet& create(LogManager& manager, const PhysicalTablePath& path, TableBucket bucket,
                    std::optional<int64_t> ttl_ms = kDefaultLogTtlMs) {
    return *value_or_throw(manager.get_or_create_log(path, bucket, log_config_, ttl_ms));
  }
  std::string dir_of(const PhysicalTablePath& path, TableBucket bucket) {
    return tablet_dir(kDataDir, path, bucket, TabletType::kLog);
  }
  bool exists(const std::string& path) { return value_or_throw(fs_.exists(path)); }
  OffsetCheckpoint read_checkpoint() {
    auto text = value_or_throw(fs_.contents(join_path(kDataDir, kRecoveryPointCheckpointFile)));
    return value_or_throw(parse_offset_checkpoint(text, "checkpoint"));
  }

  MemFileSystem fs_;
  LogConfig log_config_{.segment_bytes = 200, .index_interval_bytes = 64};
  int64_t now_ = 1000;
};

const TableBucket kB0(TableId(1), BucketId(0));
const TableBucket kB1(TableId(1), BucketId(1));
const TableBucket kP0(TableId(2), PartitionId(7), BucketId(0));
const TableBucket kP1(TableId(2), PartitionId(8), BucketId(3));

TEST_F(LogManagerTest, StartsEmptyAndCreatesTheDataDirectory) {
  auto manager = open();
  EXPECT_TRUE(exists(kDataDir));
  EXPECT_TRUE(manager->all_logs().empty());
  EXPECT_TRUE(manager->report().empty());
  ASSERT_OK(manager->close());
}

TEST_F(LogManagerTest, ReopenFindsTabletsOfPlainAndPartitionedTables) {
  {
    auto manager = open();
    append(create(*manager, table("t"), kB0), 3);
    append(create(*manager, table("t"), kB1), 1);
    append(create(*manager, table("p-t", "2024-eu"), kP0), 2, 4);
    create(*manager, table("p-t", "2025"), kP1);
    ASSERT_OK(manager->close());
  }
  auto manager = open();
  auto report = manager->report();
  ASSERT_EQ(report.size(), 4u);
  EXPECT_EQ(report[0].bucket, kB0);
  EXPECT_EQ(report[0].dir, dir_of(table("t"), kB0));
  EXPECT_EQ(report[0].end, LogOffset(3));
  EXPECT_EQ(report[1].bucket, kB1);
  EXPECT_EQ(report[1].end, LogOffset(1));
  EXPECT_EQ(report[2].bucket, kP0);
  EXPECT_EQ(report[2].dir, "/data/db/p-t-2/2024-eu-p7/log-0");
  EXPECT_EQ(report[2].end, LogOffset(8));
  EXPECT_EQ(report[3].bucket, kP1);
  EXPECT_EQ(report[3].end, LogOffset(0));
  for (const auto& r : report) {
    EXPECT_EQ(r.start, LogOffset(0));
    EXPECT_EQ(r.size_bytes, manager->get_log(r.bucket)->size_in_bytes());
    EXPECT_GE(r.segments, 1u);
  }
  EXPECT_GT(report[0].size_bytes, report[1].size_bytes);
  // After a clean shutdown no tablet is scanned.
  for (LogTablet* log : manager->all_logs()) EXPECT_EQ(log->segments_recovered(), 0u);
  ASSERT_OK(manager->close());
}

TEST_F(LogManagerTest, SkipsFilesCachesAndKvTablets) {
  ASSERT_OK(fs_.create_dirs("/data/db/t-1/kv-0"));
  ASSERT_OK(fs_.create_dirs("/data/db/t-1/tmp"));
  ASSERT_OK(fs_.create_dirs("/data/.historical-lookup-cache/x-1/log-0"));
  ASSERT_OK(fs_.create_dirs("/data/remote-log-index-cache/x-1/log-0"));
  fs_.set_contents("/data/disk.properties", "version=1");
  fs_.set_contents("/data/db/notes", "x");
  fs_.set_contents("/data/db/t-1/log-9", "a file, not a tablet");
  ASSERT_OK(fs_.create_dirs("/data/db/t-1/log-0"));
  auto manager = open();
  ASSERT_EQ(manager->all_logs().size(), 1u);
  EXPECT_NE(manager->get_log(kB0), nullptr);
  ASSERT_OK(manager->close());
}

TEST_F(LogManagerTest, OpensManyUncleanTabletsInParallel) {
  constexpr int kTablets = 40;
  for (int i = 0; i < kTablets; ++i) {
    const TableBucket bucket(TableId(10 + i % 4), BucketId(i));
    auto log = value_or_throw(
        LogTablet::open(fs_, dir_of(table("t" + std::to_string(i % 4)), bucket), log_config_));
    append(*log, 1 + i % 5);
    ASSERT_OK(log->flush());
    // Dropped without close(): no clean-shutdown marker, so open() scans it.
  }
  auto manager = open();
  auto report = manager->report();
  ASSERT_EQ(report.size(), static_cast<size_t>(kTablets));
  for (const auto& r : report) {
    EXPECT_EQ(r.end, LogOffset(1 + r.bucket.bucket.value() % 5)) << r.dir;
    EXPECT_GE(manager->get_log(r.bucket)->segments_recovered(), 1u) << r.dir;
  }
  ASSERT_OK(manager->close());
}

TEST_F(LogManagerTest, GarbageTabletDirectoryNameFailsStartupNamingIt) {
  ASSERT_OK(fs_.create_dirs("/data/db/t-1/log-0"));
  ASSERT_OK(fs_.create_dirs("/data/db/t-1/log-x"));
  EXPECT_THAT(LogManager::open(fs_, config()),
              StatusIsWith(ErrorCode::kLogStorageException, "/data/db/t-1/log-x"));
}

TEST_F(LogManagerTest, UnreadableSegmentFailsStartupNamingTheTablet) {
  const std::string dir = dir_of(table("t"), kB1);
  ASSERT_OK(fs_.create_dirs(join_path(dir, "00000000000000000000.log")));  // not a file
  ASSERT_OK(fs_.create_dirs(dir_of(table("t"), kB0)));
  auto result = LogManager::open(fs_, config());
  EXPECT_THAT(result, StatusIsWith(ErrorCode::kLogStorageException, "open log tablet " + dir));
}

TEST_F(LogManagerTest, TwoDirectoriesOfOneBucketFailStartupNamingBoth) {
  ASSERT_OK(fs_.create_dirs("/data/db/a-1/log-0"));
  ASSERT_OK(fs_.create_dirs("/data/db/b-1/log-0"));
  auto result = LogManager::open(fs_, config());
  EXPECT_THAT(result, StatusIsWith(ErrorCode::kLogStorageException, "/data/db/a-1/log-0"));
  EXPECT_THAT(result, StatusIsWith(ErrorCode::kLogStorageException, "/data/db/b-1/log-0"));
}

TEST_F(LogManagerTest, RecoveryPointsAreCheckpointedAfterFlush) {
  auto manager = open();
  LogTablet& a = create(*manager, table("t"), kB0);
  LogTablet& b = create(*manager, table("p-t", "x"), kP0);
  append(a, 4);
  append(b, 2);
  ASSERT_OK(manager->checkpoint_recovery_points());
  // Before a flush only what the tablets synced themselves (on their rolls) counts.
  EXPECT_LT(a.recovery_point(), a.log_end_offset());
  EXPECT_EQ(read_checkpoint(),
            (OffsetCheckpoint{{kB0, a.recovery_point()}, {kP0, b.recovery_point()}}));
  ASSERT_OK(manager->flush_all());
  append(a, 1);  // not flushed: the recovery point stays
  ASSERT_OK(manager->checkpoint_recovery_points());
  EXPECT_EQ(read_checkpoint(), (OffsetCheckpoint{{kB0, LogOffset(4)}, {kP0, LogOffset(2)}}));
  ASSERT_OK(manager->close());
  EXPECT_EQ(read_checkpoint(), (OffsetCheckpoint{{kB0, LogOffset(5)}, {kP0, LogOffset(2)}}));
}

TEST_F(LogManagerTest, UnreadableCheckpointIsIgnoredAtStartup) {
  {
    auto manager = open();
    append(create(*manager, table("t"), kB0), 2);
    ASSERT_OK(manager->close());
  }
  fs_.set_contents(join_path(kDataDir, kRecoveryPointCheckpointFile), "7\ngarbage\n");
  auto manager = open();
  EXPECT_EQ(manager->get_log(kB0)->log_end_offset(), LogOffset(2));
  ASSERT_OK(manager->close());
  EXPECT_EQ(read_checkpoint(), (OffsetCheckpoint{{kB0, LogOffset(2)}}));
}

TEST_F(LogManagerTest, CleanShutdownMarkerIsWrittenByCloseAndRemovedByOpen) {
  const std::string marker = join_path(kDataDir, kCleanShutdownFileName);
  auto manager = open();
  append(create(*manager, table("t"), kB0), 2);
  EXPECT_FALSE(exists(marker));
  ASSERT_OK(manager->close());
  EXPECT_TRUE(exists(marker));
  manager = open();
  EXPECT_FALSE(exists(marker));  // a crash from here on is unclean
  // Dropped without close(): the next start recovers the tablet.
  manager.reset();
  manager = open();
  EXPECT_FALSE(exists(marker));
  EXPECT_EQ(manager->get_log(kB0)->segments_recovered(), 1u);
  EXPECT_EQ(manager->get_log(kB0)->log_end_offset(), LogOffset(2));
  ASSERT_OK(manager->close());
}

TEST_F(LogManagerTest, FailedTabletCloseLeavesNoCleanShutdownMarker) {
  auto manager = open();
  append(create(*manager, table("t"), kB0), 2);
  fs_.inject_sync_error(Status(ErrorCode::kStorageException, "sync failed"));
  EXPECT_THAT(manager->close(), StatusIs(ErrorCode::kLogStorageException));
  fs_.inject_sync_error(Status::OK());
  EXPECT_FALSE(exists(join_path(kDataDir, kCleanShutdownFileName)));
}

TEST_F(LogManagerTest, CreateGetAndDrop) {
  auto manager = open();
  LogTablet* a = value_or_throw(manager->get_or_create_log(table("t"), kB0, log_config_));
  EXPECT_EQ(value_or_throw(manager->get_or_create_log(table("t"), kB0, log_config_)), a);
  EXPECT_EQ(manager->get_log(kB0), a);
  EXPECT_EQ(manager->get_log(kB1), nullptr);
  EXPECT_TRUE(exists(dir_of(table("t"), kB0)));
  append(*a, 3);

  ASSERT_OK(manager->drop_log(kB0));
  EXPECT_EQ(manager->get_log(kB0), nullptr);
  EXPECT_FALSE(exists(dir_of(table("t"), kB0)));
  EXPECT_TRUE(exists("/data/db/t-1"));  // as Java: only the tablet directory goes
  EXPECT_THAT(manager->drop_log(kB0), StatusIsWith(ErrorCode::kLogStorageException, "tableId=1"));

  // Created again, it starts empty.
  EXPECT_EQ(create(*manager, table("t"), kB0).log_end_offset(), LogOffset(0));
  ASSERT_OK(manager->close());
  manager = open();
  EXPECT_EQ(manager->all_logs().size(), 1u);
  ASSERT_OK(manager->close());
}

TEST_F(LogManagerTest, CreatesAndLooksUpTabletsFromSeveralThreads) {
  auto manager = open();
  constexpr int kThreads = 4;
  constexpr int kPerThread = 8;
  std::vector<std::thread> threads;
  std::vector<std::vector<LogTablet*>> created(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Every thread asks for every bucket: each is created once.
        const TableBucket bucket(TableId(1), BucketId(i));
        auto log = manager->get_or_create_log(table("t"), bucket, log_config_);
        created[t].push_back(log.ok() ? *log : nullptr);
        (void)manager->report();
        (void)manager->get_log(bucket);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(manager->all_logs().size(), static_cast<size_t>(kPerThread));
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(created[t], created[0]);
  ASSERT_OK(manager->close());
}

TEST_F(LogManagerTest, PartitionNameAndIdMustGoTogether) {
  auto manager = open();
  EXPECT_THAT(manager->get_or_create_log(table("t", "x"), kB0, log_config_),
              StatusIs(ErrorCode::kInvalidTableException));
  EXPECT_THAT(manager->get_or_create_log(table("t"), kP0, log_config_),
              StatusIs(ErrorCode::kInvalidTableException));
  ASSERT_OK(manager->close());
}

TEST_F(LogManagerTest, RetentionUsesEachTabletsTtl) {
  auto manager = open();
  LogTablet& short_ttl = create(*manager, table("t"), kB0, /*ttl_ms=*/kDayMs);
  LogTablet& forever = create(*manager, table("t"), kB1, std::nullopt);
  append(short_ttl, 10);
  append(forever, 10);
  ASSERT_GT(short_ttl.segment_count(), 2u);
  const size_t forever_segments = forever.segment_count();

  EXPECT_EQ(manager->run_retention(now_ + kDayMs / 2), 0u);
  const size_t sealed = short_ttl.segment_count() - 1;
  EXPECT_EQ(manager->run_retention(now_ + 2 * kDayMs), sealed);
  EXPECT_EQ(short_ttl.segment_count(), 1u);
  EXPECT_GT(short_ttl.log_start_offset(), LogOffset(0));
  EXPECT_EQ(forever.segment_count(), forever_segments);
  EXPECT_EQ(forever.log_start_offset(), LogOffset(0));
  ASSERT_OK(manager->close());
}

TEST_F(LogManagerTest, TabletsFoundAtStartupTakeTheDefaultTtlUntilTheirTableSetsOne) {
  {
    auto manager = open();
    append(create(*manager, table("t"), kB0), 10);
    append(create(*manager, table("t"), kB1), 10);
    ASSERT_OK(manager->close());
  }
  auto manager = open();
  // kB1's table keeps its log forever; kB0 runs on the 7-day default.
  create(*manager, table("t"), kB1, std::nullopt);
  EXPECT_EQ(manager->run_retention(now_ + kDefaultLogTtlMs / 2), 0u);
  EXPECT_GT(manager->run_retention(now_ + 2 * kDefaultLogTtlMs), 0u);
  EXPECT_GT(manager->get_log(kB0)->log_start_offset(), LogOffset(0));
  EXPECT_EQ(manager->get_log(kB1)->log_start_offset(), LogOffset(0));
  ASSERT_OK(manager->close());
}

TEST_F(LogManagerTest, RemovesExpiredWritersOfEveryTablet) {
  auto manager = open();
  for (const TableBucket& bucket : {kB0, kB1}) {
    LogTablet& log = create(*manager, table("t"), bucket);
    std::string batch = test::make_batch(LogOffset(0), 0, 1, "v", WriterId(5), BatchSequence(0));
    ASSERT_OK(log.append({reinterpret_cast<uint8_t*>(batch.data()), batch.size()}).status());
  }
  EXPECT_EQ(manager->remove_expired_writers(now_ + 1), 0u);
  EXPECT_EQ(manager->remove_expired_writers(now_ + 8 * kDayMs), 2u);
  ASSERT_OK(manager->close());
}

TEST_F(LogManagerTest, ClosedManagerRejectsChanges) {
  auto manager = open();
  create(*manager, table("t"), kB0);
  ASSERT_OK(manager->close());
  EXPECT_TRUE(manager->all_logs().empty());
  EXPECT_THAT(manager->close(), StatusIs(ErrorCode::kLogStorageException));
  EXPECT_THAT(manager->get_or_create_log(table("t"), kB0, log_config_),
              StatusIs(ErrorCode::kLogStorageException));
  EXPECT_THAT(manager->drop_log(kB0), StatusIs(ErrorCode::kLogStorageException));
  EXPECT_THAT(manager->checkpoint_recovery_points(), StatusIs(ErrorCode::kLogStorageException));
}

TEST(LogManagerConfigTest, ReadsFlussKeys) {
  Configuration conf;
  conf.set(ConfigOptions::kDataDir, "/srv/fluss");
  conf.set(ConfigOptions::kLogSegmentFileSize, MemorySize{64 << 20});
  conf.set(ConfigOptions::kTableLogTtl, std::chrono::milliseconds(3600'000));
  conf.set(ConfigOptions::kNettyServerNumWorkerThreads, 3);
  auto config = value_or_throw(LogManagerConfig::from_configuration(conf));
  EXPECT_EQ(config.data_dir, "/srv/fluss");
  EXPECT_EQ(config.log_config.segment_bytes, 64u << 20);
  EXPECT_EQ(config.log_ttl_ms, 3600'000);
  EXPECT_EQ(config.recovery_threads, 3u);

  auto defaults = value_or_throw(LogManagerConfig::from_configuration(Configuration()));
  EXPECT_EQ(defaults.data_dir, "/tmp/fluss-data");
  EXPECT_EQ(defaults.log_ttl_ms, kDefaultLogTtlMs);
  EXPECT_EQ(defaults.recovery_threads, 8u);

  conf.set_string("data.dirs", "/a,/b");
  EXPECT_THAT(LogManagerConfig::from_configuration(conf),
              StatusIs(ErrorCode::kInvalidConfigException));
}

}  // namespace
}  // namespace fluss::storage
