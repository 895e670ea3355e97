// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "storage/fs/mem_file_system.h"
#include "storage/log/offset_index.h"
#include "storage/log/time_index.h"
#include "test_utils/status_matchers.h"

namespace fluss::storage {
namespace {

using fluss::test::StatusIs;
using fluss::test::value_or_throw;

constexpr LogOffset kBase{100};

class OffsetIndexTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_OK(fs_.create_dirs("/t")); }
  std::unique_ptr<OffsetIndex> create(uint64_t max_bytes = 1024) {
    return value_or_throw(OffsetIndex::create(fs_, kPath, kBase, max_bytes));
  }
  Result<std::unique_ptr<OffsetIndex>> reopen(uint64_t log_size = 1 << 20) {
    return OffsetIndex::open(fs_, kPath, kBase, 1024, log_size);
  }

  static constexpr const char* kPath = "/t/00000000000000000100.index";
  MemFileSystem fs_;
};

TEST_F(OffsetIndexTest, WritesBigEndianRelativeOffsetAndPosition) {
  auto index = create();
  ASSERT_OK(index->append(LogOffset(105), 0x1234));
  EXPECT_EQ(value_or_throw(fs_.contents(kPath)),
            std::string("\x00\x00\x00\x05\x00\x00\x12\x34", 8));
}

TEST_F(OffsetIndexTest, LookupReturnsTheFloorEntryOrTheBase) {
  auto index = create();
  ASSERT_OK(index->append(LogOffset(110), 4096));
  ASSERT_OK(index->append(LogOffset(120), 8192));
  EXPECT_EQ(index->lookup(LogOffset(105)), (OffsetPosition{kBase, 0}));
  EXPECT_EQ(index->lookup(LogOffset(110)), (OffsetPosition{LogOffset(110), 4096}));
  EXPECT_EQ(index->lookup(LogOffset(119)), (OffsetPosition{LogOffset(110), 4096}));
  EXPECT_EQ(index->lookup(LogOffset(500)), (OffsetPosition{LogOffset(120), 8192}));
}

TEST_F(OffsetIndexTest, ReopenLoadsEntriesAndTruncateDropsThemFromTheFile) {
  {
    auto index = create();
    ASSERT_OK(index->append(LogOffset(110), 4096));
    ASSERT_OK(index->append(LogOffset(120), 8192));
    ASSERT_OK(index->truncate_to(LogOffset(120)));
    ASSERT_OK(index->append(LogOffset(130), 9000));
  }
  auto index = value_or_throw(reopen());
  EXPECT_EQ(index->entries(),
            (std::vector<OffsetPosition>{{LogOffset(110), 4096}, {LogOffset(130), 9000}}));
}

TEST_F(OffsetIndexTest, IsFullAtItsMaximumSize) {
  auto index = create(/*max_bytes=*/16);
  ASSERT_OK(index->append(LogOffset(101), 1));
  EXPECT_FALSE(index->is_full());
  ASSERT_OK(index->append(LogOffset(102), 2));
  EXPECT_TRUE(index->is_full());
}

TEST_F(OffsetIndexTest, SizeNotAMultipleOfEightIsCorrupt) {
  fs_.set_contents(kPath, std::string(12, '\0'));
  EXPECT_THAT(reopen(), fluss::test::StatusIsWith(ErrorCode::kCorruptRecordException, kPath));
}

TEST_F(OffsetIndexTest, EntriesOutOfOrderAreCorrupt) {
  fs_.set_contents(kPath, std::string("\x00\x00\x00\x05\x00\x00\x10\x00"
                                      "\x00\x00\x00\x03\x00\x00\x20\x00",
                                      16));
  EXPECT_THAT(reopen(), StatusIs(ErrorCode::kCorruptRecordException));
}

TEST_F(OffsetIndexTest, EntryPastTheLogIsCorrupt) {
  fs_.set_contents(kPath, std::string("\x00\x00\x00\x05\x00\x00\x10\x00", 8));
  EXPECT_THAT(reopen(/*log_size=*/0x1000), StatusIs(ErrorCode::kCorruptRecordException));
  EXPECT_OK(reopen(/*log_size=*/0x1001));
}

TEST_F(OffsetIndexTest, NegativeRelativeOffsetIsCorrupt) {
  fs_.set_contents(kPath, std::string("\xff\xff\xff\xff\x00\x00\x00\x00", 8));
  EXPECT_THAT(reopen(), StatusIs(ErrorCode::kCorruptRecordException));
}

class TimeIndexTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_OK(fs_.create_dirs("/t")); }
  std::unique_ptr<TimeIndex> create() {
    return value_or_throw(TimeIndex::create(fs_, kPath, kBase, 1024));
  }
  Result<std::unique_ptr<TimeIndex>> reopen(LogOffset next_offset = LogOffset(1000)) {
    return TimeIndex::open(fs_, kPath, kBase, 1024, next_offset);
  }

  static constexpr const char* kPath = "/t/00000000000000000100.timeindex";
  MemFileSystem fs_;
};

TEST_F(TimeIndexTest, WritesBigEndianTimestampAndRelativeOffset) {
  auto index = create();
  ASSERT_OK(index->maybe_append(0x0102030405, LogOffset(107)));
  EXPECT_EQ(value_or_throw(fs_.contents(kPath)),
            std::string("\x00\x00\x00\x01\x02\x03\x04\x05\x00\x00\x00\x07", 12));
}

TEST_F(TimeIndexTest, AppendsOnlyLargerTimestamps) {
  auto index = create();
  ASSERT_OK(index->maybe_append(1000, LogOffset(101)));
  ASSERT_OK(index->maybe_append(1000, LogOffset(102)));
  ASSERT_OK(index->maybe_append(900, LogOffset(103)));
  ASSERT_OK(index->maybe_append(2000, LogOffset(104)));
  EXPECT_EQ(index->entry_count(), 2u);
  EXPECT_EQ(index->last_entry(), (TimestampOffset{2000, LogOffset(104)}));
}

TEST_F(TimeIndexTest, LookupReturnsTheFloorEntryOrMinusOneAtTheBase) {
  auto index = create();
  ASSERT_OK(index->maybe_append(1000, LogOffset(101)));
  ASSERT_OK(index->maybe_append(2000, LogOffset(110)));
  EXPECT_EQ(index->lookup(999), (TimestampOffset{-1, kBase}));
  EXPECT_EQ(index->lookup(1500), (TimestampOffset{1000, LogOffset(101)}));
  EXPECT_EQ(index->lookup(5000), (TimestampOffset{2000, LogOffset(110)}));
}

TEST_F(TimeIndexTest, TruncateAndReopenKeepEntriesBelowTheOffset) {
  {
    auto index = create();
    ASSERT_OK(index->maybe_append(1000, LogOffset(101)));
    ASSERT_OK(index->maybe_append(2000, LogOffset(110)));
    ASSERT_OK(index->truncate_to(LogOffset(110)));
  }
  auto index = value_or_throw(reopen());
  EXPECT_EQ(index->entries(), (std::vector<TimestampOffset>{{1000, LogOffset(101)}}));
}

TEST_F(TimeIndexTest, DecreasingTimestampsOrOffsetsPastTheLogAreCorrupt) {
  fs_.set_contents(kPath, std::string("\x00\x00\x00\x00\x00\x00\x00\x09\x00\x00\x00\x01"
                                      "\x00\x00\x00\x00\x00\x00\x00\x08\x00\x00\x00\x02",
                                      24));
  EXPECT_THAT(reopen(), StatusIs(ErrorCode::kCorruptRecordException));
  fs_.set_contents(kPath, std::string("\x00\x00\x00\x00\x00\x00\x00\x09\x00\x00\x00\x05", 12));
  EXPECT_THAT(reopen(LogOffset(105)), StatusIs(ErrorCode::kCorruptRecordException));
  EXPECT_OK(reopen(LogOffset(106)));
  fs_.set_contents(kPath, std::string(13, '\0'));
  EXPECT_THAT(reopen(), StatusIs(ErrorCode::kCorruptRecordException));
}

}  // namespace
}  // namespace fluss::storage
