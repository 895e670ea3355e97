// SPDX-License-Identifier: Apache-2.0
#include "storage/log/log_tablet.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "record/log_record_batch.h"
#include "storage/fs/mem_file_system.h"
#include "storage/fs/posix_file_system.h"
#include "storage/log/fluss_paths.h"
#include "storage/log/tests/test_batches.h"
#include "test_utils/status_matchers.h"

namespace fluss::storage {
namespace {

using fluss::test::StatusIs;
using fluss::test::StatusIsWith;
using fluss::test::value_or_throw;

const std::string kDir = "/data/db/t-1/log-0";

class LogTabletTest : public ::testing::Test {
 protected:
  void SetUp() override { reopen(); }

  // Closes the tablet and opens it again from what is on "disk".
  void reopen(std::optional<LogOffset> recovery_point = std::nullopt) {
    log_.reset();
    log_ = value_or_throw(LogTablet::open(
        fs_, kDir, config_, [this] { return now_; }, recovery_point));
  }

  // Appends one batch of `records` records (offsets in it are garbage, as from a client).
  LogAppendInfo append(int records = 1, std::string_view value = "value") {
    std::string batch = test::make_batch(LogOffset(9999), 0, records, value);
    return value_or_throw(log_->append({reinterpret_cast<uint8_t*>(batch.data()), batch.size()}));
  }

  // Appends one batch of `records` records from writer `writer` with `sequence`.
  Result<LogAppendInfo> append_from(int64_t writer, int32_t sequence, int records = 1) {
    std::string batch = test::make_batch(LogOffset(9999), 0, records, "value", WriterId(writer),
                                         BatchSequence(sequence));
    return log_->append({reinterpret_cast<uint8_t*>(batch.data()), batch.size()});
  }

  std::string path(std::string_view name) const { return join_path(kDir, name); }
  bool exists(std::string_view name) const { return value_or_throw(fs_.exists(path(name))); }

  // Every batch readable from `offset`, as (base offset, commit timestamp).
  std::vector<std::pair<int64_t, int64_t>> read_all(int64_t offset = 0,
                                                    std::optional<LogOffset> max = std::nullopt) {
    std::vector<std::pair<int64_t, int64_t>> out;
    LogOffset at(offset);
    while (true) {
      auto info = value_or_throw(log_->read(at, 1 << 20, max));
      if (!info.slice || info.slice->size == 0) return out;
      ByteBuffer bytes;
      Status s = read_slice(*info.slice, bytes);
      if (!s.ok()) throw std::runtime_error(s.to_string());
      LogRecords records(bytes.view());
      while (auto batch = value_or_throw(records.next_batch())) {
        EXPECT_OK(batch->ensure_valid());
        out.emplace_back(batch->base_offset().value(), batch->commit_timestamp());
        at = batch->next_offset();
      }
    }
  }

  MemFileSystem fs_;
  LogConfig config_{.segment_bytes = 200, .index_interval_bytes = 64};  // a few batches each
  int64_t now_ = 1000;
  std::unique_ptr<LogTablet> log_;
};

TEST_F(LogTabletTest, AssignsConsecutiveOffsetsAcrossSegmentRolls) {
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(append(2).first_offset, LogOffset(2 * i));
  }
  EXPECT_GT(log_->segment_count(), 1u);
  EXPECT_EQ(log_->log_end_offset(), LogOffset(40));
  const auto batches = read_all();
  ASSERT_EQ(batches.size(), 20u);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(batches[i].first, 2 * i);
}

TEST_F(LogTabletTest, SetsOneCommitTimestampPerRequestThatNeverGoesBack) {
  std::string request = test::make_batch(LogOffset(0), 0) + test::make_batch(LogOffset(0), 0);
  auto info =
      value_or_throw(log_->append({reinterpret_cast<uint8_t*>(request.data()), request.size()}));
  EXPECT_EQ(info.batch_count, 2);
  EXPECT_EQ(info.last_offset, LogOffset(1));
  now_ = 500;  // the clock goes back
  append();
  EXPECT_EQ(read_all(),
            (std::vector<std::pair<int64_t, int64_t>>{{0, 1000}, {1, 1000}, {2, 1000}}));
}

TEST_F(LogTabletTest, ReadOutsideTheLogIsOutOfRange) {
  append();
  EXPECT_THAT(log_->read(LogOffset(2), 10), StatusIs(ErrorCode::kLogOffsetOutOfRangeException));
  EXPECT_THAT(log_->read(LogOffset(-1), 10), StatusIs(ErrorCode::kLogOffsetOutOfRangeException));
  EXPECT_FALSE(value_or_throw(log_->read(LogOffset(1), 10)).slice.has_value());  // the end
}

TEST_F(LogTabletTest, ReadStopsBeforeTheUpperBound) {
  for (int i = 0; i < 10; ++i) append();
  EXPECT_EQ(read_all(0, LogOffset(4)).size(), 4u);
  EXPECT_EQ(read_all(2, LogOffset(4)).size(), 2u);
  EXPECT_TRUE(read_all(4, LogOffset(4)).empty());
}

TEST_F(LogTabletTest, RejectsACorruptBatchNamingTheTabletAndAppendsNothing) {
  append();
  std::string request = test::make_batch(LogOffset(0), 0) + test::make_batch(LogOffset(0), 0);
  request[request.size() - 1] ^= 0x01;  // the second batch fails its CRC
  EXPECT_THAT(log_->append({reinterpret_cast<uint8_t*>(request.data()), request.size()}),
              StatusIsWith(ErrorCode::kCorruptRecordException, kDir));
  EXPECT_EQ(log_->log_end_offset(), LogOffset(1));
}

TEST_F(LogTabletTest, RejectsTrailingBytesThatAreNoBatch) {
  std::string request = test::make_batch(LogOffset(0), 0) + "xyz";
  EXPECT_THAT(log_->append({reinterpret_cast<uint8_t*>(request.data()), request.size()}),
              StatusIs(ErrorCode::kCorruptRecordException));
  EXPECT_EQ(log_->log_end_offset(), LogOffset(0));
}

TEST_F(LogTabletTest, RejectsABatchLargerThanASegment) {
  std::string big = test::make_batch(LogOffset(0), 0, 1, std::string(300, 'x'));
  EXPECT_THAT(log_->append({reinterpret_cast<uint8_t*>(big.data()), big.size()}),
              StatusIs(ErrorCode::kRecordTooLargeException));
}

TEST_F(LogTabletTest, ReopenRecoversEverySegment) {
  for (int i = 0; i < 20; ++i) append();
  ASSERT_OK(log_->flush());
  const size_t segments = log_->segment_count();
  reopen();
  EXPECT_EQ(log_->segment_count(), segments);
  EXPECT_EQ(log_->log_end_offset(), LogOffset(20));
  EXPECT_EQ(read_all().size(), 20u);
  EXPECT_EQ(append().first_offset, LogOffset(20));
}

TEST_F(LogTabletTest, KeepsSyncedRecordsAndDropsTornTailAfterCrash) {
  config_.segment_bytes = 1 << 20;  // a roll syncs the old segment; avoid it here
  reopen();
  for (int i = 0; i < 10; ++i) append();
  ASSERT_OK(log_->flush());
  for (int i = 0; i < 5; ++i) append(1, "volatile");

  fs_.drop_unsynced_data(/*torn_bytes=*/3);  // power loss in the middle of a write
  reopen();

  EXPECT_EQ(log_->log_end_offset(), LogOffset(10));
  EXPECT_EQ(append().first_offset, LogOffset(10));  // the torn bytes were truncated
  EXPECT_EQ(read_all().size(), 11u);
}

TEST_F(LogTabletTest, SegmentsAfterACorruptOneAreDeleted) {
  for (int i = 0; i < 20; ++i) append();
  ASSERT_OK(log_->flush());
  ASSERT_GT(log_->segment_count(), 2u);
  const std::string first = kDir + "/00000000000000000000.log";
  std::string bytes = value_or_throw(fs_.contents(first));
  bytes[bytes.size() - 1] ^= 0x01;  // the first segment's last batch
  fs_.set_contents(first, bytes);
  reopen();
  EXPECT_EQ(log_->segment_count(), 1u);
  const LogOffset end = log_->log_end_offset();
  EXPECT_LT(end, LogOffset(20));
  EXPECT_EQ(read_all().size(), static_cast<size_t>(end.value()));
}

TEST_F(LogTabletTest, ReportsSyncFailure) {
  append();
  fs_.inject_sync_error(Status(ErrorCode::kStorageException, "EIO"));
  EXPECT_THAT(log_->flush(), StatusIs(ErrorCode::kLogStorageException));
}

TEST_F(LogTabletTest, FullDiskFailsTheAppendAndTheLogContinuesWhenSpaceReturns) {
  append();
  fs_.set_space_limit(0);
  std::string batch = test::make_batch(LogOffset(0), 0);
  Result<LogAppendInfo> full =
      log_->append({reinterpret_cast<uint8_t*>(batch.data()), batch.size()});
  EXPECT_THAT(full, StatusIs(ErrorCode::kLogStorageException));
  EXPECT_TRUE(is_no_space(full.status()));
  EXPECT_EQ(log_->log_end_offset(), LogOffset(1));
  fs_.set_space_limit(std::nullopt);
  EXPECT_EQ(append().first_offset, LogOffset(1));
  EXPECT_EQ(read_all().size(), 2u);
}

TEST_F(LogTabletTest, DuplicateRequestGetsTheOriginalOffsetsAndAppendsNothing) {
  EXPECT_EQ(value_or_throw(append_from(7, 0, 2)).first_offset, LogOffset(0));
  EXPECT_EQ(value_or_throw(append_from(7, 1, 2)).first_offset, LogOffset(2));
  const LogAppendInfo original = value_or_throw(append_from(7, 1, 2));
  LogAppendInfo again = value_or_throw(append_from(7, 0, 2));
  EXPECT_TRUE(again.duplicate);
  EXPECT_EQ(again.first_offset, LogOffset(0));
  EXPECT_EQ(again.last_offset, LogOffset(1));
  EXPECT_TRUE(original.duplicate);
  EXPECT_EQ(original.first_offset, LogOffset(2));
  EXPECT_EQ(original.last_offset, LogOffset(3));
  EXPECT_EQ(log_->log_end_offset(), LogOffset(4));
  EXPECT_EQ(read_all().size(), 2u);
  // Batches without a writer id are never checked.
  EXPECT_FALSE(append().duplicate);
  EXPECT_FALSE(append().duplicate);
}

TEST_F(LogTabletTest, RequestWithOneRepeatedBatchIsADuplicateAsAWhole) {
  auto request = [](int32_t seq7, int32_t seq8) {
    return test::make_batch(LogOffset(0), 0, 1, "a", WriterId(7), BatchSequence(seq7)) +
           test::make_batch(LogOffset(0), 0, 2, "b", WriterId(8), BatchSequence(seq8));
  };
  std::string first = request(0, 0);
  auto info =
      value_or_throw(log_->append({reinterpret_cast<uint8_t*>(first.data()), first.size()}));
  EXPECT_EQ(info.last_offset, LogOffset(2));
  std::string mixed = request(1, 0);
  info = value_or_throw(log_->append({reinterpret_cast<uint8_t*>(mixed.data()), mixed.size()}));
  EXPECT_TRUE(info.duplicate);
  EXPECT_EQ(info.first_offset, LogOffset(1));  // writer 8's original batch
  EXPECT_EQ(info.last_offset, LogOffset(2));
  EXPECT_EQ(log_->log_end_offset(), LogOffset(3));
  // Writer 7's sequence 1 was not taken.
  EXPECT_EQ(log_->writer_state().last_entry(WriterId(7))->last_batch_sequence(), BatchSequence(0));
  EXPECT_EQ(value_or_throw(append_from(7, 1)).first_offset, LogOffset(3));
}

TEST_F(LogTabletTest, DuplicateGetsTheOriginalOffsetsAfterAReopen) {
  for (int i = 0; i < 12; ++i) ASSERT_OK(append_from(7, i).status());  // several segments
  ASSERT_GT(log_->segment_count(), 2u);
  reopen();  // no close(): writer state comes from the roll snapshots plus replay
  LogAppendInfo dup = value_or_throw(append_from(7, 10));
  EXPECT_TRUE(dup.duplicate);
  EXPECT_EQ(dup.first_offset, LogOffset(10));
  EXPECT_EQ(value_or_throw(append_from(7, 12)).first_offset, LogOffset(12));
}

TEST_F(LogTabletTest, DuplicateGetsTheOriginalOffsetsAfterACrash) {
  for (int i = 0; i < 12; ++i) ASSERT_OK(append_from(7, i).status());
  ASSERT_OK(log_->flush());
  ASSERT_OK(append_from(7, 12).status());  // not synced: lost in the crash
  log_.reset();
  fs_.drop_unsynced_data();
  reopen();
  EXPECT_EQ(log_->log_end_offset(), LogOffset(12));
  LogAppendInfo dup = value_or_throw(append_from(7, 11));
  EXPECT_TRUE(dup.duplicate);
  EXPECT_EQ(dup.first_offset, LogOffset(11));
  // The lost batch is no duplicate: the producer's retry appends it.
  LogAppendInfo retry = value_or_throw(append_from(7, 12));
  EXPECT_FALSE(retry.duplicate);
  EXPECT_EQ(retry.first_offset, LogOffset(12));
}

TEST_F(LogTabletTest, SequenceGapIsOutOfOrderNamingWriterSequencesAndTablet) {
  ASSERT_OK(append_from(7, 0).status());
  EXPECT_THAT(append_from(7, 2),
              StatusIsWith(ErrorCode::kOutOfOrderSequenceException, "writer 7 at offset 1"));
  auto gap = append_from(7, 2);
  EXPECT_THAT(gap.status().message(), ::testing::HasSubstr(kDir));
  EXPECT_THAT(gap.status().message(), ::testing::HasSubstr("2 (incoming batch seq.), 0 (current"));
  // A new writer's first batch on the leader must be sequence 0.
  EXPECT_THAT(append_from(8, 3), StatusIs(ErrorCode::kOutOfOrderSequenceException));
  EXPECT_EQ(log_->log_end_offset(), LogOffset(1));
  EXPECT_EQ(value_or_throw(append_from(7, 1)).first_offset, LogOffset(1));
}

TEST_F(LogTabletTest, FailedAppendLeavesWriterStateUnchanged) {
  ASSERT_OK(append_from(7, 0).status());
  fs_.set_space_limit(0);
  EXPECT_THAT(append_from(7, 1), StatusIs(ErrorCode::kLogStorageException));
  EXPECT_THAT(append_from(8, 0), StatusIs(ErrorCode::kLogStorageException));
  EXPECT_EQ(log_->writer_state().last_entry(WriterId(7))->last_batch_sequence(), BatchSequence(0));
  EXPECT_EQ(log_->writer_state().last_entry(WriterId(8)), nullptr);
  fs_.set_space_limit(std::nullopt);
  LogAppendInfo retry = value_or_throw(append_from(7, 1));
  EXPECT_FALSE(retry.duplicate);
  EXPECT_EQ(retry.first_offset, LogOffset(1));
  EXPECT_FALSE(value_or_throw(append_from(8, 0)).duplicate);
}

TEST_F(LogTabletTest, CloseWritesASnapshotAndAMarkerThatSkipsRecovery) {
  for (int i = 0; i < 12; ++i) ASSERT_OK(append_from(7, i).status());
  ASSERT_OK(log_->close());
  EXPECT_THAT(append_from(7, 12), StatusIs(ErrorCode::kLogStorageException));
  EXPECT_TRUE(exists(writer_snapshot_file_name(LogOffset(12))));
  EXPECT_TRUE(exists(kCleanShutdownFileName));
  reopen();
  EXPECT_EQ(log_->segments_recovered(), 0u);
  EXPECT_FALSE(exists(kCleanShutdownFileName));
  EXPECT_EQ(log_->log_end_offset(), LogOffset(12));
  EXPECT_TRUE(value_or_throw(append_from(7, 11)).duplicate);
  EXPECT_EQ(read_all().size(), 12u);
  reopen();  // no marker this time: every segment is scanned
  EXPECT_EQ(log_->segments_recovered(), log_->segment_count());
}

TEST_F(LogTabletTest, CorruptSnapshotIsDeletedAndStateRebuiltByReplay) {
  for (int i = 0; i < 12; ++i) ASSERT_OK(append_from(7, i).status());
  ASSERT_OK(log_->close());
  const std::string newest = writer_snapshot_file_name(LogOffset(12));
  fs_.set_contents(path(newest), "{\"version\":1,\"writer_id_entries\":[{");
  reopen();
  EXPECT_FALSE(exists(newest));
  LogAppendInfo dup = value_or_throw(append_from(7, 11));
  EXPECT_TRUE(dup.duplicate);
  EXPECT_EQ(dup.first_offset, LogOffset(11));
  EXPECT_EQ(value_or_throw(append_from(7, 12)).first_offset, LogOffset(12));
}

TEST_F(LogTabletTest, SnapshotsAboveTheLogEndAndStraysAreDeleted) {
  for (int i = 0; i < 12; ++i) ASSERT_OK(append_from(7, i).status());
  ASSERT_OK(log_->close());
  const std::string above = writer_snapshot_file_name(LogOffset(999));
  const std::string stray = writer_snapshot_file_name(LogOffset(1));  // no segment base
  fs_.set_contents(path(above), "{}");
  fs_.set_contents(path(stray), "{}");
  reopen();
  EXPECT_FALSE(exists(above));
  EXPECT_FALSE(exists(stray));
  EXPECT_TRUE(exists(writer_snapshot_file_name(LogOffset(12))));
  EXPECT_TRUE(value_or_throw(append_from(7, 11)).duplicate);
}

TEST_F(LogTabletTest, EveryRollWritesASnapshotAtTheNewBase) {
  for (int i = 0; i < 12; ++i) ASSERT_OK(append_from(7, i).status());
  auto names = value_or_throw(fs_.list(kDir));
  size_t snapshots = 0;
  for (const auto& name : names) {
    if (auto offset = offset_from_file_name(name, kWriterSnapshotFileSuffix)) {
      ++snapshots;
      EXPECT_TRUE(exists(log_file_name(*offset))) << name;
    }
  }
  EXPECT_EQ(snapshots, log_->segment_count() - 1);
}

TEST_F(LogTabletTest, TruncateToThenAppendContinuesAtTheNewEnd) {
  for (int i = 0; i < 12; ++i) ASSERT_OK(append_from(7, i, 2).status());  // offsets 2i, 2i+1
  const size_t segments = log_->segment_count();
  ASSERT_GT(segments, 3u);
  ASSERT_OK(log_->truncate_to(LogOffset(7)));  // inside the batch 6..7: it goes too
  EXPECT_EQ(log_->log_end_offset(), LogOffset(6));
  EXPECT_LT(log_->segment_count(), segments);
  EXPECT_EQ(read_all().size(), 3u);
  for (const auto& name : value_or_throw(fs_.list(kDir))) {
    if (auto offset = offset_from_file_name(name, kLogFileSuffix)) {
      EXPECT_LE(*offset, LogOffset(6)) << name;
    }
    if (auto offset = offset_from_file_name(name, kWriterSnapshotFileSuffix)) {
      EXPECT_LE(*offset, LogOffset(6)) << name;
    }
  }
  EXPECT_EQ(log_->writer_state().last_entry(WriterId(7))->last_batch_sequence(), BatchSequence(2));
  EXPECT_TRUE(value_or_throw(append_from(7, 2, 2)).duplicate);
  EXPECT_EQ(value_or_throw(append_from(7, 3, 2)).first_offset, LogOffset(6));
  reopen();
  EXPECT_EQ(log_->log_end_offset(), LogOffset(8));
  EXPECT_EQ(value_or_throw(append_from(7, 4, 2)).first_offset, LogOffset(8));
  ASSERT_OK(log_->truncate_to(LogOffset(100)));  // past the end: nothing
  EXPECT_EQ(log_->log_end_offset(), LogOffset(10));
}

TEST_F(LogTabletTest, TruncateFullyRestartsEmptyAtTheOffset) {
  for (int i = 0; i < 12; ++i) ASSERT_OK(append_from(7, i).status());
  ASSERT_OK(log_->truncate_fully_and_start_at(LogOffset(100)));
  EXPECT_EQ(log_->log_start_offset(), LogOffset(100));
  EXPECT_EQ(log_->log_end_offset(), LogOffset(100));
  EXPECT_EQ(log_->segment_count(), 1u);
  EXPECT_TRUE(log_->writer_state().empty());
  EXPECT_THAT(append_from(7, 12), StatusIs(ErrorCode::kOutOfOrderSequenceException));
  EXPECT_EQ(value_or_throw(append_from(7, 0)).first_offset, LogOffset(100));
  reopen();
  EXPECT_EQ(log_->log_start_offset(), LogOffset(100));
  EXPECT_EQ(log_->log_end_offset(), LogOffset(101));
  EXPECT_TRUE(value_or_throw(append_from(7, 0)).duplicate);
}

TEST_F(LogTabletTest, ExpiredWritersAreRemoved) {
  ASSERT_OK(append_from(7, 0).status());
  now_ += 1000;
  ASSERT_OK(append_from(8, 0).status());
  const int64_t expiry = WriterStateManager::kDefaultWriterExpiration.count();
  EXPECT_EQ(log_->remove_expired_writers(1000 + expiry), 0u);
  EXPECT_EQ(log_->remove_expired_writers(1000 + expiry + 1), 1u);
  EXPECT_EQ(log_->writer_state().last_entry(WriterId(7)), nullptr);
  EXPECT_NE(log_->writer_state().last_entry(WriterId(8)), nullptr);
}

TEST_F(LogTabletTest, OffsetForTimestampIsTheFirstBatchAtOrAfterIt) {
  for (int i = 0; i < 12; ++i) {
    now_ = 1000 + 10 * i;
    append(2);  // batch i holds offsets 2i, 2i + 1
  }
  ASSERT_GT(log_->segment_count(), 2u);
  EXPECT_EQ(value_or_throw(log_->offset_for_timestamp(0)), LogOffset(0));
  EXPECT_EQ(value_or_throw(log_->offset_for_timestamp(1000)), LogOffset(0));
  for (int i = 1; i < 12; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(value_or_throw(log_->offset_for_timestamp(1000 + 10 * i)), LogOffset(2 * i));
    EXPECT_EQ(value_or_throw(log_->offset_for_timestamp(1000 + 10 * i - 5)), LogOffset(2 * i));
  }
  EXPECT_EQ(value_or_throw(log_->offset_for_timestamp(1111)), std::nullopt);
  reopen();  // indexes rebuilt by recovery give the same answers
  EXPECT_EQ(value_or_throw(log_->offset_for_timestamp(1055)), LogOffset(12));
  EXPECT_EQ(value_or_throw(log_->offset_for_timestamp(1111)), std::nullopt);
}

TEST_F(LogTabletTest, OffsetForTimestampInAnEmptyLogIsNone) {
  EXPECT_EQ(value_or_throw(log_->offset_for_timestamp(0)), std::nullopt);
  EXPECT_EQ(value_or_throw(log_->offset_for_timestamp(-1)), std::nullopt);
}

TEST_F(LogTabletTest, CommitTimestampNeverGoingBackKeepsLookupMonotonic) {
  now_ = 2000;
  append();
  now_ = 1500;  // the clock went back: the commit timestamp stays 2000
  append();
  EXPECT_EQ(value_or_throw(log_->offset_for_timestamp(1800)), LogOffset(0));
  EXPECT_EQ(value_or_throw(log_->offset_for_timestamp(2001)), std::nullopt);
}

TEST_F(LogTabletTest, TtlDeletesExpiredSealedSegmentsOldestFirst) {
  for (int i = 0; i < 12; ++i) {
    now_ = 1000 + 10 * i;
    ASSERT_OK(append_from(7, i).status());  // rolls write writer snapshots
  }
  const size_t before = log_->segment_count();
  ASSERT_GT(before, 3u);
  // Nothing older than the TTL, no TTL, or a non-positive one: nothing deleted.
  EXPECT_EQ(value_or_throw(
                log_->delete_expired_segments(1200, log_->log_end_offset(), 1000, std::nullopt)),
            0u);
  EXPECT_EQ(value_or_throw(log_->delete_expired_segments(9999, log_->log_end_offset(), std::nullopt,
                                                         std::nullopt)),
            0u);
  EXPECT_EQ(
      value_or_throw(log_->delete_expired_segments(9999, log_->log_end_offset(), 0, std::nullopt)),
      0u);
  EXPECT_EQ(log_->segment_count(), before);

  // At 1100 batches 0..4 (committed at 1000..1040) are more than 50 ms old.
  const size_t deleted =
      value_or_throw(log_->delete_expired_segments(1100, log_->log_end_offset(), 50, std::nullopt));
  ASSERT_GT(deleted, 0u);
  EXPECT_EQ(log_->segment_count(), before - deleted);
  const LogOffset start = log_->log_start_offset();
  EXPECT_GT(start, LogOffset(0));
  EXPECT_LE(start, LogOffset(5));  // no batch committed at or after 1050 is gone
  EXPECT_FALSE(exists(log_file_name(LogOffset(0))));
  EXPECT_FALSE(exists(offset_index_file_name(LogOffset(0))));
  EXPECT_FALSE(exists(time_index_file_name(LogOffset(0))));
  EXPECT_THAT(log_->read(start + -1, 1 << 20), StatusIs(ErrorCode::kLogOffsetOutOfRangeException));
  const auto batches = read_all(start.value());
  ASSERT_EQ(batches.size(), static_cast<size_t>(12 - start.value()));
  EXPECT_EQ(batches.front().first, start.value());
  for (const auto& name : value_or_throw(fs_.list(kDir))) {
    if (auto offset = offset_from_file_name(name, kWriterSnapshotFileSuffix)) {
      EXPECT_GE(*offset, start) << name;
    }
  }
  EXPECT_EQ(value_or_throw(log_->offset_for_timestamp(0)), start);

  reopen();  // no close(): recovery of what is left keeps the start
  EXPECT_EQ(log_->log_start_offset(), start);
  EXPECT_EQ(log_->log_end_offset(), LogOffset(12));
  EXPECT_THAT(log_->read(LogOffset(0), 1 << 20),
              StatusIs(ErrorCode::kLogOffsetOutOfRangeException));
  // Writer state survives: the next sequence is accepted, a repeat is a duplicate.
  EXPECT_TRUE(value_or_throw(append_from(7, 11)).duplicate);
  EXPECT_EQ(value_or_throw(append_from(7, 12)).first_offset, LogOffset(12));
}

TEST_F(LogTabletTest, TtlNeverDeletesTheActiveSegment) {
  for (int i = 0; i < 12; ++i) append();
  ASSERT_GT(log_->segment_count(), 1u);
  const size_t deleted = value_or_throw(
      log_->delete_expired_segments(1'000'000, log_->log_end_offset(), 1, std::nullopt));
  EXPECT_GT(deleted, 0u);
  EXPECT_EQ(log_->segment_count(), 1u);
  EXPECT_LT(log_->log_start_offset(), LogOffset(12));
  EXPECT_EQ(log_->log_end_offset(), LogOffset(12));
  EXPECT_EQ(value_or_throw(
                log_->delete_expired_segments(1'000'000, log_->log_end_offset(), 1, std::nullopt)),
            0u);
  EXPECT_EQ(append().first_offset, LogOffset(12));
}

TEST_F(LogTabletTest, RetentionBytesDeletesOldestSegmentsUntilTheLogFits) {
  for (int i = 0; i < 20; ++i) append();
  const uint64_t total = log_->size_in_bytes();
  const size_t before = log_->segment_count();
  ASSERT_GT(before, 3u);
  EXPECT_EQ(value_or_throw(log_->delete_expired_segments(now_, log_->log_end_offset(), std::nullopt,
                                                         static_cast<int64_t>(total))),
            0u);
  const int64_t limit = static_cast<int64_t>(total / 2);
  const size_t deleted = value_or_throw(
      log_->delete_expired_segments(now_, log_->log_end_offset(), std::nullopt, limit));
  EXPECT_GT(deleted, 0u);
  EXPECT_LE(log_->size_in_bytes(), static_cast<uint64_t>(limit));
  EXPECT_EQ(log_->segment_count(), before - deleted);
  // Oldest first: what is left is a suffix of the log.
  const auto batches = read_all(log_->log_start_offset().value());
  EXPECT_EQ(batches.back().first, 19);
  EXPECT_EQ(batches.size(), static_cast<size_t>(20 - log_->log_start_offset().value()));
  // A limit below the active segment's size leaves only the active segment.
  EXPECT_GT(
      value_or_throw(log_->delete_expired_segments(now_, log_->log_end_offset(), std::nullopt, 0)),
      0u);
  EXPECT_EQ(log_->segment_count(), 1u);
  ASSERT_OK(log_->close());
  const LogOffset start = log_->log_start_offset();
  reopen();
  EXPECT_EQ(log_->log_start_offset(), start);
  EXPECT_EQ(log_->log_end_offset(), LogOffset(20));
}

TEST_F(LogTabletTest, AReadInFlightSurvivesRetentionAndTruncationBelowTheStartRestarts) {
  for (int i = 0; i < 12; ++i) append();
  auto info = value_or_throw(log_->read(LogOffset(0), 1 << 20));
  ASSERT_TRUE(info.slice.has_value());
  ASSERT_GT(
      value_or_throw(log_->delete_expired_segments(now_, log_->log_end_offset(), std::nullopt, 0)),
      0u);
  ByteBuffer bytes;
  ASSERT_OK(read_slice(*info.slice, bytes));
  auto batch = value_or_throw(LogRecords(bytes.view()).next_batch());
  ASSERT_TRUE(batch.has_value());
  EXPECT_EQ(batch->base_offset(), LogOffset(0));
  // A follower told to truncate below the new start wipes the log and restarts there.
  const LogOffset start = log_->log_start_offset();
  ASSERT_OK(log_->truncate_to(start + -1));
  EXPECT_EQ(log_->log_start_offset(), start + -1);
  EXPECT_EQ(log_->log_end_offset(), start + -1);
}

TEST_F(LogTabletTest, RetentionDeletesOnlySegmentsWhollyBelowTheHighWatermark) {
  for (int i = 0; i < 12; ++i) append();
  const std::vector<LogOffset> bases = log_->segment_base_offsets();
  ASSERT_GT(bases.size(), 3u);
  // Below the second segment's base nothing may go, by TTL or by size.
  EXPECT_EQ(value_or_throw(log_->delete_expired_segments(1'000'000, bases[1] + -1, 1, 0)), 0u);
  EXPECT_EQ(log_->segment_count(), bases.size());
  // At the third segment's base exactly the first two go.
  EXPECT_EQ(value_or_throw(log_->delete_expired_segments(1'000'000, bases[2], 1, std::nullopt)),
            2u);
  EXPECT_EQ(log_->log_start_offset(), bases[2]);
  EXPECT_EQ(value_or_throw(log_->delete_expired_segments(1'000'000, bases[2], std::nullopt, 0)),
            0u);
  // The high watermark at the log end lets every sealed segment go.
  EXPECT_EQ(value_or_throw(
                log_->delete_expired_segments(1'000'000, log_->log_end_offset(), std::nullopt, 0)),
            bases.size() - 3);
  EXPECT_EQ(log_->segment_count(), 1u);
}

TEST_F(LogTabletTest, ExpiredActiveSegmentIsRolledOnlyWhenEnabledAndCommitted) {
  config_.segment_bytes = 1 << 20;  // one segment
  reopen();
  for (int i = 0; i < 3; ++i) append();
  const LogOffset end = log_->log_end_offset();
  // Disabled (Fluss's default): the active segment stays.
  EXPECT_EQ(value_or_throw(log_->delete_expired_segments(1'000'000, end, 1, std::nullopt)), 0u);
  EXPECT_EQ(log_->segment_count(), 1u);

  config_.roll_active_segment_on_retention = true;
  reopen();
  // Not yet committed up to the log end, or not expired: no roll.
  EXPECT_EQ(value_or_throw(log_->delete_expired_segments(1'000'000, end + -1, 1, std::nullopt)),
            0u);
  EXPECT_EQ(value_or_throw(log_->delete_expired_segments(now_, end, 1'000, std::nullopt)), 0u);
  EXPECT_EQ(log_->segment_count(), 1u);
  // Expired and committed: rolled now, deleted by the next run.
  EXPECT_EQ(value_or_throw(log_->delete_expired_segments(1'000'000, end, 1, std::nullopt)), 0u);
  EXPECT_EQ(log_->segment_base_offsets(), (std::vector<LogOffset>{LogOffset(0), end}));
  EXPECT_EQ(value_or_throw(log_->delete_expired_segments(1'000'000, end, 1, std::nullopt)), 1u);
  EXPECT_EQ(log_->log_start_offset(), end);
  EXPECT_EQ(log_->log_end_offset(), end);
  // An empty active segment is never rolled.
  EXPECT_EQ(value_or_throw(log_->delete_expired_segments(1'000'000, end, 1, std::nullopt)), 0u);
  EXPECT_EQ(log_->segment_count(), 1u);
  EXPECT_EQ(append().first_offset, end);
}

TEST_F(LogTabletTest, CrashBetweenRenameAndRemoveOfADeletedSegmentReopensWithoutIt) {
  for (int i = 0; i < 12; ++i) append();
  ASSERT_OK(log_->flush());
  const std::vector<LogOffset> bases = log_->segment_base_offsets();
  ASSERT_GT(bases.size(), 2u);
  // The directory sync between the renames and the removal fails: the crash point.
  fs_.inject_sync_error(Status(ErrorCode::kStorageException, "injected"));
  EXPECT_THAT(log_->delete_expired_segments(1'000'000, bases[1], 1, std::nullopt),
              StatusIs(ErrorCode::kLogStorageException));
  EXPECT_TRUE(exists(log_file_name(bases[0]) + ".deleted"));
  EXPECT_TRUE(exists(offset_index_file_name(bases[0]) + ".deleted"));
  EXPECT_TRUE(exists(time_index_file_name(bases[0]) + ".deleted"));
  EXPECT_FALSE(exists(log_file_name(bases[0])));
  fs_.inject_sync_error(Status::OK());
  fs_.drop_unsynced_data();
  reopen();
  for (const std::string& name : value_or_throw(fs_.list(kDir))) {
    EXPECT_FALSE(name.ends_with(".deleted")) << name;
  }
  EXPECT_EQ(log_->log_start_offset(), bases[1]);
  EXPECT_EQ(log_->log_end_offset(), LogOffset(12));
  EXPECT_EQ(read_all(bases[1].value()).size(), static_cast<size_t>(12 - bases[1].value()));
}

TEST_F(LogTabletTest, IndexesWithoutTheirLogAreRemovedOnOpen) {
  for (int i = 0; i < 12; ++i) append();
  ASSERT_OK(log_->close());
  const LogOffset first = log_->segment_base_offsets()[0];
  // A deletion renamed the .log and crashed before renaming the indexes.
  ASSERT_OK(fs_.rename(path(log_file_name(first)), path(log_file_name(first) + ".deleted")));
  reopen();
  EXPECT_FALSE(exists(offset_index_file_name(first)));
  EXPECT_FALSE(exists(time_index_file_name(first)));
  EXPECT_FALSE(exists(log_file_name(first) + ".deleted"));
  EXPECT_GT(log_->log_start_offset(), first);
  EXPECT_EQ(log_->log_end_offset(), LogOffset(12));
}

TEST_F(LogTabletTest, FlushIntervalMessagesFlushesAndMovesTheRecoveryPoint) {
  config_.segment_bytes = 1 << 20;  // no roll
  config_.flush_interval_messages = 3;
  reopen();
  const std::string log_path = path(log_file_name(LogOffset(0)));
  append();
  append();
  EXPECT_EQ(log_->recovery_point(), LogOffset(0));
  EXPECT_EQ(value_or_throw(fs_.synced_size(log_path)), 0u);
  append();  // 3 messages above the recovery point: flushed
  EXPECT_EQ(log_->recovery_point(), LogOffset(3));
  EXPECT_EQ(value_or_throw(fs_.synced_size(log_path)), value_or_throw(fs_.file_size(log_path)));
  append(2);  // 2 above it: not yet
  EXPECT_EQ(log_->recovery_point(), LogOffset(3));
  fs_.drop_unsynced_data();
  reopen();
  EXPECT_EQ(log_->log_end_offset(), LogOffset(3));
}

TEST_F(LogTabletTest, RollFlushAndCloseMoveTheRecoveryPoint) {
  while (log_->segment_count() < 2) append();
  EXPECT_EQ(log_->recovery_point(), log_->segment_base_offsets()[1]);
  append();
  EXPECT_LT(log_->recovery_point(), log_->log_end_offset());
  ASSERT_OK(log_->flush());
  EXPECT_EQ(log_->recovery_point(), log_->log_end_offset());
  append();
  reopen();  // unclean: nothing is known to be durable beyond the log start
  EXPECT_EQ(log_->recovery_point(), log_->log_start_offset());
  ASSERT_OK(log_->close());
  reopen();  // clean
  EXPECT_EQ(log_->recovery_point(), log_->log_end_offset());
  ASSERT_OK(log_->truncate_to(LogOffset(1)));
  EXPECT_EQ(log_->recovery_point(), LogOffset(1));
  ASSERT_OK(log_->truncate_fully_and_start_at(LogOffset(50)));
  EXPECT_EQ(log_->recovery_point(), LogOffset(50));
}

TEST_F(LogTabletTest, WriterSnapshotsAreKeptPerSegmentAndGoWithTheirSegments) {
  auto snapshots = [&] {
    std::vector<LogOffset> out;
    for (const std::string& name : value_or_throw(fs_.list(kDir))) {
      if (auto offset = offset_from_file_name(name, kWriterSnapshotFileSuffix)) {
        out.push_back(*offset);
      }
    }
    return out;
  };
  for (int i = 0; i < 20; ++i) ASSERT_OK(append_from(7, i).status());
  // One per roll, at each new segment's base (Java takes it in roll()).
  std::vector<LogOffset> bases = log_->segment_base_offsets();
  EXPECT_EQ(snapshots(), std::vector<LogOffset>(bases.begin() + 1, bases.end()));
  ASSERT_OK(log_->close());  // and one at the log end
  reopen();
  EXPECT_EQ(snapshots().back(), log_->log_end_offset());
  for (int i = 20; i < 40; ++i) ASSERT_OK(append_from(7, i).status());
  reopen();  // unclean: the close snapshot, now a stray below the active base, goes
  bases = log_->segment_base_offsets();
  for (LogOffset offset : snapshots()) {
    EXPECT_TRUE(std::find(bases.begin(), bases.end(), offset) != bases.end() ||
                offset == log_->log_end_offset())
        << offset;
  }
  // Retention deletes the snapshots of the deleted segments.
  ASSERT_GT(
      value_or_throw(log_->delete_expired_segments(now_, log_->log_end_offset(), std::nullopt, 0)),
      0u);
  for (LogOffset offset : snapshots()) EXPECT_GE(offset, log_->log_start_offset());
  EXPECT_LE(snapshots().size(), 2u);
  EXPECT_TRUE(value_or_throw(append_from(7, 39)).duplicate);
}

TEST_F(LogTabletTest, UncleanOpenRecoversOnlyFromTheSegmentHoldingTheRecoveryPoint) {
  for (int i = 0; i < 20; ++i) append();
  ASSERT_OK(log_->flush());
  const std::vector<LogOffset> bases = log_->segment_base_offsets();
  ASSERT_GT(bases.size(), 3u);
  reopen(bases.back());
  EXPECT_EQ(log_->segments_recovered(), 1u);
  EXPECT_EQ(log_->recovery_point(), bases.back());
  EXPECT_EQ(log_->log_end_offset(), LogOffset(20));
  reopen(bases[1] + 1);  // inside the second segment
  EXPECT_EQ(log_->segments_recovered(), bases.size() - 1);
  reopen(LogOffset(100));  // above the log end: the last segment still
  EXPECT_EQ(log_->segments_recovered(), 1u);
  EXPECT_EQ(log_->recovery_point(), LogOffset(20));
  reopen();
  EXPECT_EQ(log_->segments_recovered(), bases.size());
  EXPECT_EQ(read_all().size(), 20u);

  // A torn tail in the last segment is still cut off.
  for (int i = 0; i < 2; ++i) append();
  const LogOffset durable = log_->recovery_point();  // 20, or 21 if the second append rolled
  ASSERT_LT(durable, LogOffset(22));
  fs_.drop_unsynced_data(/*torn_bytes=*/7);
  reopen(log_->segment_base_offsets().back());
  EXPECT_EQ(log_->log_end_offset(), durable);
  EXPECT_EQ(append().first_offset, durable);
}

TEST_F(LogTabletTest, CleanOpenTakesTheEndAndTimestampsFromTheIndexes) {
  config_.segment_bytes = 4096;
  config_.index_interval_bytes = 100;  // several index entries per segment
  reopen();
  for (int i = 0; i < 60; ++i) {
    now_ = 1000 + 10 * i;
    append(1 + i % 3);
  }
  const LogOffset end = log_->log_end_offset();
  std::vector<std::optional<LogOffset>> by_time;
  for (int64_t t = 990; t <= 1600; t += 5) {
    by_time.push_back(value_or_throw(log_->offset_for_timestamp(t)));
  }
  ASSERT_OK(log_->close());
  reopen();
  EXPECT_EQ(log_->segments_recovered(), 0u);
  EXPECT_EQ(log_->log_end_offset(), end);
  size_t k = 0;
  for (int64_t t = 990; t <= 1600; t += 5) {
    EXPECT_EQ(value_or_throw(log_->offset_for_timestamp(t)), by_time[k++]) << t;
  }
  // Truncation derives the new end from the truncated index the same way.
  now_ = 5000;
  EXPECT_EQ(append().first_offset, end);
  ASSERT_OK(log_->truncate_to(end));
  EXPECT_EQ(log_->log_end_offset(), end);
  EXPECT_EQ(read_all().size(), 60u);
}

TEST_F(LogTabletTest, AReaderThreadSeesWholeContiguousBatchesWhileOneAppends) {
  constexpr int kBatches = 300;  // with 200-byte segments: many rolls
  std::atomic<bool> failed{false};
  std::thread reader([&] {
    LogOffset at(0);
    ByteBuffer bytes;
    while (at < LogOffset(kBatches) && !failed) {
      const LogOffset end = log_->log_end_offset();
      if (at > end) failed = true;  // the published end never goes back
      (void)log_->offset_for_timestamp(0);
      (void)log_->size_in_bytes();
      auto info = log_->read(at, 1 << 20);
      if (!info.ok()) {
        failed = true;
        break;
      }
      if (!info->slice) continue;  // at the end: try again (no sleep; the appender runs)
      if (!read_slice(*info->slice, bytes).ok()) {
        failed = true;
        break;
      }
      LogRecords records(bytes.view());
      while (true) {
        auto batch = records.next_batch();
        if (!batch.ok() || !batch->has_value()) {
          failed = failed || !batch.ok();
          break;
        }
        if (!(*batch)->ensure_valid().ok() || (*batch)->base_offset() != at) {
          failed = true;
          break;
        }
        at = (*batch)->next_offset();
      }
      if (records.position() != bytes.size()) failed = true;  // a partial batch was returned
    }
  });
  for (int i = 0; i < kBatches; ++i) append();
  reader.join();
  EXPECT_FALSE(failed);
  EXPECT_GT(log_->segment_count(), 10u);
}

TEST_F(LogTabletTest, RetentionAfterCloseIsAStorageError) {
  ASSERT_OK(log_->close());
  EXPECT_THAT(log_->delete_expired_segments(now_, log_->log_end_offset(), 1, 0),
              StatusIs(ErrorCode::kLogStorageException));
}

TEST_F(LogTabletTest, WithoutSegmentMsTimeNeverRolls) {
  config_.segment_bytes = 1 << 20;
  reopen();
  for (int i = 0; i < 5; ++i) {
    now_ += 1'000'000;
    append();
  }
  EXPECT_EQ(log_->segment_count(), 1u);
}

TEST_F(LogTabletTest, SegmentMsRollsWhenTheFirstBatchIsOlder) {
  config_.segment_bytes = 1 << 20;
  config_.segment_ms = 100;
  reopen();
  append();  // committed at 1000
  now_ = 1100;
  append();  // 100 ms: not more than segment_ms
  EXPECT_EQ(log_->segment_count(), 1u);
  now_ = 1101;
  EXPECT_EQ(append().first_offset, LogOffset(2));
  EXPECT_EQ(log_->segment_count(), 2u);
  EXPECT_TRUE(exists(log_file_name(LogOffset(2))));
  now_ = 1150;
  append();
  EXPECT_EQ(log_->segment_count(), 2u);
  reopen();  // the first timestamp is read back from the active segment
  now_ = 1202;
  EXPECT_EQ(append().first_offset, LogOffset(4));
  EXPECT_EQ(log_->segment_count(), 3u);
  EXPECT_EQ(read_all().size(), 5u);
}

TEST(LogTabletPosixTest, AppendsReadsAndReopensOnARealDisk) {
  std::string root =
      (std::filesystem::temp_directory_path() / "fluss-log-tablet-test-XXXXXX").string();
  ASSERT_NE(::mkdtemp(root.data()), nullptr);
  PosixFileSystem fs;
  const std::string dir = root + "/db/t-1/log-0";
  const LogConfig config{.segment_bytes = 200, .index_interval_bytes = 64};
  {
    auto log = value_or_throw(LogTablet::open(fs, dir, config));
    for (int i = 0; i < 10; ++i) {
      std::string batch = test::make_batch(LogOffset(0), 0);
      EXPECT_EQ(
          value_or_throw(log->append({reinterpret_cast<uint8_t*>(batch.data()), batch.size()}))
              .first_offset,
          LogOffset(i));
    }
    ASSERT_OK(log->flush());
    ASSERT_OK(log->close());
  }
  auto log = value_or_throw(LogTablet::open(fs, dir, config));
  EXPECT_EQ(log->segments_recovered(), 0u);
  EXPECT_FALSE(std::filesystem::exists(dir + "/.fluss_cleanshutdown"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/00000000000000000010.writer_snapshot"));
  EXPECT_EQ(log->log_end_offset(), LogOffset(10));
  EXPECT_GT(log->segment_count(), 1u);
  auto info = value_or_throw(log->read(LogOffset(3), 1 << 20));
  ASSERT_TRUE(info.slice.has_value());
  EXPECT_TRUE(info.slice->file->native_handle().has_value());
  ByteBuffer bytes;
  ASSERT_OK(read_slice(*info.slice, bytes));
  auto batch = value_or_throw(LogRecords(bytes.view()).next_batch());
  ASSERT_TRUE(batch.has_value());
  EXPECT_EQ(batch->base_offset(), LogOffset(3));
  log.reset();
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace fluss::storage
