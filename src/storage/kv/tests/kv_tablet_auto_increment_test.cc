// SPDX-License-Identifier: Apache-2.0
// Auto-increment columns through the KvTablet: ids on insert, target-column rules,
// segments from the shared counter, snapshot ranges and their restore.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <limits>

#include "record/kv_record_batch.h"
#include "storage/fs/mem_file_system.h"
#include "storage/fs/posix_file_system.h"
#include "storage/kv/auto_increment.h"
#include "storage/kv/kv_manager.h"
#include "storage/kv/kv_tablet.h"
#include "storage/kv/tests/kv_test_util.h"
#include "test_utils/status_matchers.h"

namespace fluss::storage {
namespace {

using fluss::test::StatusIsWith;
using fluss::test::value_or_throw;
using ::testing::ElementsAre;

const TableBucket kBucket(TableId(1), BucketId(0));

// a INT (primary key), b STRING, n BIGINT or INT auto-increment.
TableInfo auto_increment_table(DataType id_type, Properties properties) {
  Schema schema = value_or_throw(Schema::builder()
                                     .column("a", DataType::int_())
                                     .column("b", DataType::string())
                                     .column("n", id_type)
                                     .primary_key({"a"})
                                     .enable_auto_increment("n")
                                     .build());
  TableInfo::Params p;
  p.table_path = TablePath{"db", "t"};
  p.table_id = TableId(1);
  p.schema_id = SchemaId(1);
  p.schema = std::move(schema);
  p.bucket_keys = {"a"};
  p.num_buckets = 1;
  p.properties = std::move(properties);
  return TableInfo(std::move(p));
}

class KvTabletAutoIncrementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    resources_ = value_or_throw(KvSharedResources::create(Configuration()));
    log_ = value_or_throw(LogTablet::open(log_fs_, "/data/db/t-1/log-0", LogConfig{}));
    remote_dir_ = dir_.path() + "/remote/kv/db/t-1/0";
  }

  KvTabletParams params() {
    return KvTabletParams{.bucket = kBucket,
                          .kv_dir = dir_.path() + "/kv-0",
                          .table = table_,
                          .schema_getter = {},
                          .resources = resources_,
                          .high_watermark = log_->log_end_offset(),
                          .snapshot = KvTabletSnapshotParams{.local_fs = &posix_,
                                                             .remote_fs = &posix_,
                                                             .remote_tablet_dir = remote_dir_,
                                                             .num_retained = 2,
                                                             .interval_ms = 0},
                          .auto_increment_counter = counter_};
  }
  void open() {
    kv_.reset();
    kv_ = value_or_throw(KvTablet::open(params(), *log_));
  }

  // Rows (a, b) with n left null, written with target columns {a, b} unless given.
  Result<LogAppendInfo> put(const std::vector<std::pair<int32_t, std::string>>& rows,
                            std::optional<std::vector<int32_t>> targets = std::vector<int32_t>{0,
                                                                                               1}) {
    KvRecordBatchBuilder builder(
        {.schema_id = SchemaId(1), .writer_id = kNoWriterId, .batch_sequence = kNoBatchSequence});
    const RowType type = table_.row_type();
    for (const auto& [a, b] : rows) {
      ByteBuffer key = test::compacted_int_key(a);
      ByteBuffer row;
      EXPECT_OK(encode_row(RowFormat::kCompacted, type,
                           GenericRow(std::vector<Datum>{a, b, Null{}}), row));
      builder.append(key.view(), row.view());
    }
    ByteBuffer batch;
    builder.finish(batch);
    std::optional<std::span<const int32_t>> span;
    if (targets) span = std::span<const int32_t>(*targets);
    auto result = kv_->put_as_leader(batch.view(), span);
    if (result.ok()) EXPECT_OK(kv_->flush(log_->log_end_offset()));
    return result;
  }

  std::vector<std::string> changes(LogOffset from = LogOffset(0)) {
    std::vector<std::string> out;
    for (const auto& b : test::read_changelog(*log_, LogFormat::kArrow, table_.row_type(), from)) {
      out.insert(out.end(), b.changes.begin(), b.changes.end());
    }
    return out;
  }

  test::TempDir dir_;
  MemFileSystem log_fs_;
  PosixFileSystem posix_;
  std::string remote_dir_;
  std::shared_ptr<KvSharedResources> resources_;
  std::shared_ptr<InMemorySequenceIdCounter> counter_ =
      std::make_shared<InMemorySequenceIdCounter>();
  TableInfo table_ =
      auto_increment_table(DataType::bigint(), {{"table.auto-increment.cache-size", "3"}});
  std::unique_ptr<LogTablet> log_;
  std::unique_ptr<KvTablet> kv_;
};

TEST_F(KvTabletAutoIncrementTest, NewKeysGetTheNextIdsAndUpdatesKeepTheirs) {
  open();
  value_or_throw(put({{1, "a"}, {2, "b"}}));
  value_or_throw(put({{1, "z"}, {3, "c"}, {4, "d"}}));
  // Segments of 3 from the counter: 1..3, then 4..6.
  EXPECT_THAT(changes(), ElementsAre("+I(1, 'a', 1)", "+I(2, 'b', 2)", "-U(1, 'a', 1)",
                                     "+U(1, 'z', 1)", "+I(3, 'c', 3)", "+I(4, 'd', 4)"));
  EXPECT_EQ(value_or_throw(counter_->get_and_add(0)), 6);
}

TEST_F(KvTabletAutoIncrementTest, TargetColumnsMustBeGivenAndExcludeTheColumn) {
  open();
  EXPECT_THAT(put({{1, "a"}}, std::nullopt),
              StatusIsWith(ErrorCode::kInvalidTargetColumn,
                           "update target columns are not explicitly specified"));
  EXPECT_THAT(put({{1, "a"}}, std::vector<int32_t>{0, 1, 2}),
              StatusIsWith(ErrorCode::kInvalidTargetColumn,
                           "Auto-increment column [n] at index 2 must not be included"));
  EXPECT_EQ(log_->log_end_offset(), LogOffset(0));
}

TEST_F(KvTabletAutoIncrementTest, AnIntColumnOverflowsAtItsMaximum) {
  table_ = auto_increment_table(DataType::int_(), {});
  counter_ = std::make_shared<InMemorySequenceIdCounter>(std::numeric_limits<int32_t>::max() - 1);
  open();
  value_or_throw(put({{1, "a"}}));
  EXPECT_THAT(changes(), ElementsAre("+I(1, 'a', 2147483647)"));
  EXPECT_THAT(put({{2, "b"}}), StatusIsWith(ErrorCode::kUnknownServerError,
                                            "Reached maximum value of sequence \"<n>\""));
}

TEST_F(KvTabletAutoIncrementTest, WithoutACounterTheTabletDoesNotOpen) {
  counter_.reset();
  EXPECT_THAT(KvTablet::open(params(), *log_),
              StatusIsWith(ErrorCode::kKvStorageException, "no id counter"));
}

TEST_F(KvTabletAutoIncrementTest, ARestoredSnapshotContinuesAfterTheReplayedIds) {
  open();
  value_or_throw(put({{1, "a"}, {2, "b"}}));  // ids 1, 2 of segment 1..3
  const CompletedSnapshot snap = *value_or_throw(kv_->snapshot());
  ASSERT_EQ(snap.auto_inc_id_ranges.size(), 1u);
  EXPECT_EQ(snap.auto_inc_id_ranges[0].start, 3);
  EXPECT_EQ(snap.auto_inc_id_ranges[0].end, 3);
  value_or_throw(put({{3, "c"}, {4, "d"}}));  // ids 3, then 4 of segment 4..6
  kv_.reset();
  std::filesystem::remove_all(dir_.path() + "/kv-0");
  open();
  ASSERT_EQ(kv_->recovery_info().restored_snapshot_id, std::optional<int64_t>(0));
  // The replay saw id 4: the range continues at 5 and ends at 3 + one cache size.
  value_or_throw(put({{5, "e"}}));
  EXPECT_THAT(changes(LogOffset(4)), ElementsAre("+I(5, 'e', 5)"));
  EXPECT_EQ(value_or_throw(counter_->get_and_add(0)), 6);  // no new segment fetched
}

TEST(AutoIncrementSequenceTest, AdvanceAfterReplayFollowsFluss) {
  const AutoIncIdRange range{.column_id = 2, .start = 5, .end = 10};
  EXPECT_EQ(AutoIncrementSequence::advance_after_replay(range, std::nullopt, 10),
            (AutoIncIdRange{.column_id = 2, .start = 5, .end = 10}));
  EXPECT_EQ(AutoIncrementSequence::advance_after_replay(range, 7, 10),
            (AutoIncIdRange{.column_id = 2, .start = 8, .end = 10}));
  EXPECT_EQ(AutoIncrementSequence::advance_after_replay(range, 25, 10),
            (AutoIncIdRange{.column_id = 2, .start = 26, .end = 30}));
}

TEST(KvManagerAutoIncrementTest, BucketsOfATableShareTheFactorysCounter) {
  test::TempDir dir;
  MemFileSystem fs;
  auto log0 = value_or_throw(LogTablet::open(fs, "/d/db/t-1/log-0", LogConfig{}));
  auto log1 = value_or_throw(LogTablet::open(fs, "/d/db/t-1/log-1", LogConfig{}));
  Configuration config;
  config.set_string("remote.data.dir", dir.path() + "/remote");
  auto manager = value_or_throw(KvManager::create(config, dir.path() + "/data"));
  const PhysicalTablePath path{TablePath{"db", "t"}, std::nullopt};
  const TableInfo table =
      auto_increment_table(DataType::bigint(), {{"table.auto-increment.cache-size", "10"}});
  // Without a factory the table cannot open.
  EXPECT_THAT(manager->get_or_create_kv(path, TableBucket(TableId(1), BucketId(0)), table, {},
                                        *log0, LogOffset(0)),
              StatusIsWith(ErrorCode::kKvStorageException, "no id counter"));
  auto counter = std::make_shared<InMemorySequenceIdCounter>();
  int calls = 0;
  manager->set_auto_increment_counter_factory([&](const TableInfo& t) {
    EXPECT_EQ(t.table_id(), TableId(1));
    ++calls;
    return counter;
  });
  KvTablet* t0 = value_or_throw(manager->get_or_create_kv(
      path, TableBucket(TableId(1), BucketId(0)), table, {}, *log0, LogOffset(0)));
  KvTablet* t1 = value_or_throw(manager->get_or_create_kv(
      path, TableBucket(TableId(1), BucketId(1)), table, {}, *log1, LogOffset(0)));
  EXPECT_EQ(calls, 2);
  const RowType type = table.row_type();
  auto put = [&](KvTablet* kv, int32_t a) {
    KvRecordBatchBuilder builder(
        {.schema_id = SchemaId(1), .writer_id = kNoWriterId, .batch_sequence = kNoBatchSequence});
    ByteBuffer key = test::compacted_int_key(a);
    ByteBuffer row;
    ASSERT_OK(encode_row(RowFormat::kCompacted, type,
                         GenericRow(std::vector<Datum>{a, std::string("x"), Null{}}), row));
    builder.append(key.view(), row.view());
    ByteBuffer batch;
    builder.finish(batch);
    const std::vector<int32_t> targets = {0, 1};
    value_or_throw(kv->put_as_leader(batch.view(), std::span<const int32_t>(targets)));
  };
  put(t0, 1);
  put(t1, 2);
  put(t0, 3);
  // Bucket 0 reserved ids 1..10, bucket 1 ids 11..20.
  auto ids = [&](const LogTablet& log) {
    std::vector<std::string> out;
    for (const auto& b : test::read_changelog(log, LogFormat::kArrow, type)) {
      out.insert(out.end(), b.changes.begin(), b.changes.end());
    }
    return out;
  };
  EXPECT_THAT(ids(*log0), ElementsAre("+I(1, 'x', 1)", "+I(3, 'x', 2)"));
  EXPECT_THAT(ids(*log1), ElementsAre("+I(2, 'x', 11)"));
  ASSERT_OK(manager->close());
}

}  // namespace
}  // namespace fluss::storage
