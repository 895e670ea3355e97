// SPDX-License-Identifier: Apache-2.0
#include "storage/log/log_segment.h"

#include <gtest/gtest.h>

#include "record/log_record_batch.h"
#include "storage/fs/mem_file_system.h"
#include "storage/log/tests/test_batches.h"
#include "test_utils/status_matchers.h"

namespace fluss::storage {
namespace {

using fluss::test::StatusIs;
using fluss::test::value_or_throw;
using test::make_batch;

constexpr LogOffset kBase{100};
const std::string kDir = "/data/db/t-1/log-0";
const std::string kLog = kDir + "/00000000000000000100.log";
const std::string kIndex = kDir + "/00000000000000000100.index";
const std::string kTimeIndex = kDir + "/00000000000000000100.timeindex";

class LogSegmentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK(fs_.create_dirs(kDir));
    reopen();
  }

  void reopen() {
    segment_.reset();
    segment_ = value_or_throw(LogSegment::open(fs_, kDir, kBase, config_));
  }

  // Appends a batch of `records` records at the segment's next offset.
  std::string append(int records = 1, int64_t timestamp = 1000, std::string_view value = "v") {
    const LogOffset base = segment_->next_offset();
    std::string batch = make_batch(base, timestamp, records, value);
    Status s = segment_->append(base + (records - 1), timestamp, base, as_bytes(batch));
    if (!s.ok()) throw std::runtime_error(s.to_string());
    return batch;
  }

  // Base offsets of the batches in a slice.
  std::vector<int64_t> bases(const std::optional<FileSlice>& slice) {
    std::vector<int64_t> out;
    if (!slice) return out;
    ByteBuffer bytes;
    Status s = read_slice(*slice, bytes);
    if (!s.ok()) throw std::runtime_error(s.to_string());
    LogRecords records(bytes.view());
    while (auto batch = value_or_throw(records.next_batch())) {
      out.push_back(batch->base_offset().value());
    }
    EXPECT_EQ(records.position(), bytes.size()) << "slice must hold whole batches";
    return out;
  }

  std::optional<FileSlice> read(int64_t offset, uint64_t max_bytes = 1 << 20,
                                MinOneBatch min_one = MinOneBatch::kYes) {
    return value_or_throw(segment_->read(LogOffset(offset), max_bytes, segment_->size(), min_one));
  }

  MemFileSystem fs_;
  LogConfig config_{.index_interval_bytes = 100};
  std::unique_ptr<LogSegment> segment_;
};

TEST_F(LogSegmentTest, NamesFilesWithTheTwentyDigitBaseOffset) {
  EXPECT_EQ(log_file_name(LogOffset(42)), "00000000000000000042.log");
  EXPECT_EQ(offset_index_file_name(LogOffset(42)), "00000000000000000042.index");
  EXPECT_EQ(time_index_file_name(LogOffset(42)), "00000000000000000042.timeindex");
  EXPECT_EQ(value_or_throw(fs_.list(kDir)),
            (std::vector<std::string>{"00000000000000000100.index", "00000000000000000100.log",
                                      "00000000000000000100.timeindex"}));
}

TEST_F(LogSegmentTest, AppendStoresBatchBytesUnchanged) {
  std::string a = append(3);
  std::string b = append(2);
  EXPECT_EQ(value_or_throw(fs_.contents(kLog)), a + b);
  EXPECT_EQ(segment_->next_offset(), LogOffset(105));
  EXPECT_EQ(segment_->size(), a.size() + b.size());
}

TEST_F(LogSegmentTest, ReadStartsWithTheBatchContainingTheOffset) {
  for (int i = 0; i < 10; ++i) append(3);  // batches at 100, 103, ..., 127
  EXPECT_EQ(bases(read(100)).front(), 100);
  EXPECT_EQ(bases(read(104)).front(), 103);
  EXPECT_EQ(bases(read(129)), (std::vector<int64_t>{127}));
  EXPECT_EQ(bases(read(50)).front(), 100);  // below the base: from the start
  EXPECT_FALSE(read(130).has_value());
}

TEST_F(LogSegmentTest, ReadReturnsWholeBatchesWithinMaxBytes) {
  const size_t batch_size = append().size();
  for (int i = 0; i < 9; ++i) append();
  EXPECT_EQ(bases(read(100, 3 * batch_size + 1)), (std::vector<int64_t>{100, 101, 102}));
  EXPECT_EQ(bases(read(100, 1)), (std::vector<int64_t>{100}));  // at least one
  EXPECT_TRUE(bases(read(100, 1, MinOneBatch::kNo)).empty());
}

TEST_F(LogSegmentTest, ReadStopsAtMaxPosition) {
  const size_t batch_size = append().size();
  append();
  append();
  auto slice = value_or_throw(segment_->read(LogOffset(100), 1 << 20, 2 * batch_size + 5));
  EXPECT_EQ(bases(slice), (std::vector<int64_t>{100, 101}));
}

TEST_F(LogSegmentTest, IndexesGetAnEntryEveryIntervalBytes) {
  for (int i = 0; i < 40; ++i) append(1, 1000 + i);
  const auto& entries = segment_->offset_index().entries();
  ASSERT_GT(entries.size(), 3u);
  EXPECT_LT(entries.size(), 40u);
  EXPECT_EQ(segment_->time_index().entry_count(), entries.size());
  // Every read through the index finds the right batch.
  for (int64_t offset = 100; offset < 140; ++offset) {
    EXPECT_EQ(bases(read(offset)).front(), offset);
  }
}

TEST_F(LogSegmentTest, FindsTheFirstBatchAtOrAfterATimestamp) {
  for (int i = 0; i < 20; ++i) append(2, 1000 + 10 * i);  // batch 100+2i at ts 1000+10i
  auto found = value_or_throw(segment_->find_offset_by_timestamp(1055, kBase));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(*found, (TimestampOffset{1060, LogOffset(112)}));
  found = value_or_throw(segment_->find_offset_by_timestamp(0, LogOffset(113)));
  EXPECT_EQ(*found, (TimestampOffset{1060, LogOffset(113)}));
  EXPECT_FALSE(value_or_throw(segment_->find_offset_by_timestamp(5000, kBase)).has_value());
}

TEST_F(LogSegmentTest, ReopenRestoresNextOffsetIndexesAndMaxTimestamp) {
  for (int i = 0; i < 30; ++i) append(2, 1000 + i);
  ASSERT_OK(segment_->sync());
  const auto entries = segment_->offset_index().entries();
  reopen();
  EXPECT_EQ(segment_->next_offset(), LogOffset(160));
  EXPECT_EQ(segment_->max_timestamp(), 1029);
  EXPECT_EQ(segment_->offset_index().entries(), entries);
}

TEST_F(LogSegmentTest, RecoverTruncatesATornTail) {
  append();
  const std::string durable = value_or_throw(fs_.contents(kLog));
  ASSERT_OK(segment_->sync());
  append(5);
  fs_.drop_unsynced_data(/*torn_bytes=*/7);
  reopen();
  EXPECT_EQ(value_or_throw(segment_->recover()), 7u);
  EXPECT_EQ(segment_->next_offset(), LogOffset(101));
  EXPECT_EQ(value_or_throw(fs_.contents(kLog)), durable);
  append();  // appends continue after the valid prefix
  EXPECT_EQ(segment_->next_offset(), LogOffset(102));
}

TEST_F(LogSegmentTest, RecoverTruncatesAtABatchThatFailsItsCrc) {
  append();
  const size_t good = segment_->size();
  append();
  append();
  std::string bytes = value_or_throw(fs_.contents(kLog));
  bytes[2 * good - 1] ^= 0x01;  // the last record byte of the second batch
  fs_.set_contents(kLog, bytes);
  reopen();
  EXPECT_EQ(value_or_throw(segment_->recover()), bytes.size() - good);
  EXPECT_EQ(segment_->next_offset(), LogOffset(101));
}

TEST_F(LogSegmentTest, RecoverTruncatesABatchWithOffsetsGoingBackwards) {
  append();
  append();
  const size_t good = segment_->size();
  std::string bytes = value_or_throw(fs_.contents(kLog));
  bytes += make_batch(LogOffset(100), 1000);
  fs_.set_contents(kLog, bytes);
  reopen();
  EXPECT_EQ(value_or_throw(segment_->recover()), bytes.size() - good);
  EXPECT_EQ(segment_->next_offset(), LogOffset(102));
}

TEST_F(LogSegmentTest, RecoverOfGarbageLeavesAnEmptySegment) {
  fs_.set_contents(kLog, std::string(100, '\x7f'));
  reopen();
  EXPECT_EQ(value_or_throw(segment_->recover()), 100u);
  EXPECT_EQ(segment_->size(), 0u);
  EXPECT_EQ(segment_->next_offset(), kBase);
  EXPECT_FALSE(read(100).has_value());
}

TEST_F(LogSegmentTest, RecoverRebuildsTheSameIndexesAsAppend) {
  for (int i = 0; i < 40; ++i) append(1, 1000 + i);
  const auto offsets = segment_->offset_index().entries();
  const auto times = segment_->time_index().entries();
  EXPECT_EQ(value_or_throw(segment_->recover()), 0u);
  EXPECT_EQ(segment_->offset_index().entries(), offsets);
  EXPECT_EQ(segment_->time_index().entries(), times);
}

TEST_F(LogSegmentTest, CorruptIndexFilesAreRebuiltOnOpen) {
  for (int i = 0; i < 40; ++i) append(1, 1000 + i);
  ASSERT_OK(segment_->sync());
  const auto offsets = segment_->offset_index().entries();
  const auto times = segment_->time_index().entries();
  segment_.reset();
  fs_.set_contents(kIndex, "garbage");                    // not a multiple of 8
  fs_.set_contents(kTimeIndex, std::string(24, '\xff'));  // decreasing, negative
  reopen();
  EXPECT_EQ(segment_->offset_index().entries(), offsets);
  EXPECT_EQ(segment_->time_index().entries(), times);
}

TEST_F(LogSegmentTest, IndexPointingPastTheLogIsRebuilt) {
  for (int i = 0; i < 40; ++i) append(1, 1000 + i);
  const auto offsets = segment_->offset_index().entries();
  segment_.reset();
  std::string log = value_or_throw(fs_.contents(kLog));
  fs_.set_contents(kLog, log.substr(0, offsets.back().position));
  reopen();
  EXPECT_LT(segment_->offset_index().entry_count(), offsets.size());
  EXPECT_EQ(bases(read(100)).front(), 100);
}

TEST_F(LogSegmentTest, TruncateToRemovesTheBatchContainingTheOffsetAndAfter) {
  for (int i = 0; i < 20; ++i) append(2, 1000 + i);  // bases 100, 102, ..., 138
  const uint64_t size = segment_->size();
  const uint64_t removed = value_or_throw(segment_->truncate_to(LogOffset(121)));
  EXPECT_EQ(segment_->next_offset(), LogOffset(120));
  EXPECT_EQ(segment_->size(), size - removed);
  EXPECT_EQ(segment_->max_timestamp(), 1009);
  for (const auto& e : segment_->offset_index().entries()) EXPECT_LT(e.offset, LogOffset(120));
  for (const auto& e : segment_->time_index().entries()) EXPECT_LT(e.offset, LogOffset(120));
  EXPECT_EQ(value_or_throw(segment_->truncate_to(LogOffset(500))), 0u);
  append();
  EXPECT_EQ(bases(read(119)), (std::vector<int64_t>{118, 120}));
  EXPECT_EQ(value_or_throw(segment_->truncate_to(kBase)), segment_->size() + 0 * removed);
}

TEST_F(LogSegmentTest, SyncMakesAppendsSurvivePowerLoss) {
  append(3);
  ASSERT_OK(segment_->sync());
  fs_.drop_unsynced_data();
  reopen();
  EXPECT_EQ(value_or_throw(segment_->recover()), 0u);
  EXPECT_EQ(segment_->next_offset(), LogOffset(103));
}

TEST_F(LogSegmentTest, DiskErrorsAreLogStorageExceptions) {
  append();
  fs_.inject_sync_error(Status(ErrorCode::kStorageException, "EIO"));
  EXPECT_THAT(segment_->sync(), StatusIs(ErrorCode::kLogStorageException));
  fs_.inject_sync_error(Status::OK());
  const uint64_t size = segment_->size();
  const uint64_t used =
      size + value_or_throw(fs_.file_size(kIndex)) + value_or_throw(fs_.file_size(kTimeIndex));
  fs_.set_space_limit(used + 10);  // part of the next batch fits
  std::string batch = make_batch(LogOffset(101), 1);
  Status full = segment_->append(LogOffset(101), 1, LogOffset(101), as_bytes(batch));
  EXPECT_THAT(full, StatusIs(ErrorCode::kLogStorageException));
  EXPECT_TRUE(is_no_space(full));
  EXPECT_EQ(value_or_throw(fs_.file_size(kLog)), size);  // the partial write was cut off
  fs_.set_space_limit(std::nullopt);
  append();
  EXPECT_EQ(value_or_throw(segment_->recover()), 0u);
  EXPECT_EQ(segment_->next_offset(), LogOffset(102));
}

TEST_F(LogSegmentTest, RollsWhenFullOrOffsetsLeaveInt32) {
  append();
  EXPECT_FALSE(segment_->should_roll(1 << 20, 100, LogOffset(101)));
  EXPECT_TRUE(segment_->should_roll(segment_->size() + 99, 100, LogOffset(101)));
  EXPECT_TRUE(segment_->should_roll(1 << 20, 100, kBase + (int64_t{1} << 31)));
}

}  // namespace
}  // namespace fluss::storage
