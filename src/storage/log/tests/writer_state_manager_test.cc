// SPDX-License-Identifier: Apache-2.0
#include "storage/log/writer_state_manager.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <limits>
#include <vector>

#include "record/memory_log_records_builder.h"
#include "storage/log/fluss_paths.h"
#include "test_utils/status_matchers.h"

namespace fluss::storage {
namespace {

using test::StatusIs;
using test::StatusIsWith;
using test::value_or_throw;

constexpr int64_t kExpirationMs = 10'000;
constexpr int32_t kMaxSequence = std::numeric_limits<int32_t>::max();

class WriterStateManagerTest : public ::testing::Test {
 protected:
  // A batch of `records` records of `writer` with `sequence` at the log end.
  WriterBatch next_batch(int64_t writer, int32_t sequence, int records = 1) {
    WriterBatch batch{
        .writer_id = WriterId(writer),
        .batch_sequence = BatchSequence(sequence),
        .base_offset = log_end_,
        .last_offset = log_end_ + (records - 1),
        .commit_timestamp = now_ms_,
    };
    log_end_ = log_end_ + records;
    return batch;
  }

  Result<PreparedAppend> prepare(std::vector<WriterBatch> batches,
                                 AppendOrigin origin = AppendOrigin::kLeader) {
    return manager_.prepare_append(std::span<const WriterBatch>(batches), origin, now_ms_);
  }

  // prepare + commit of one request; the error or the duplicate found.
  Result<PreparedAppend> append(std::vector<WriterBatch> batches,
                                AppendOrigin origin = AppendOrigin::kLeader) {
    Result<PreparedAppend> prepared = prepare(std::move(batches), origin);
    if (prepared.ok() && !prepared->duplicate) {
      manager_.commit(prepared->update);
      manager_.update_map_end_offset(log_end_);
    }
    return prepared;
  }

  void append_ok(int64_t writer, int32_t sequence, int records = 1) {
    Result<PreparedAppend> r = append({next_batch(writer, sequence, records)});
    ASSERT_OK(r);
    ASSERT_FALSE(r->duplicate) << "writer " << writer << " seq " << sequence;
  }

  BatchSequence last_sequence(int64_t writer) const {
    const WriterStateEntry* entry = manager_.last_entry(WriterId(writer));
    return entry ? entry->last_batch_sequence() : kNoBatchSequence;
  }

  TableBucket bucket_{TableId(7), BucketId(2)};
  WriterStateManager manager_{bucket_, std::chrono::milliseconds(kExpirationMs)};
  LogOffset log_end_{0};
  int64_t now_ms_ = 1'000'000;
};

TEST_F(WriterStateManagerTest, DefaultExpirationIsSevenDays) {
  WriterStateManager manager(bucket_);
  EXPECT_EQ(manager.writer_expiration(), std::chrono::hours(24 * 7));
}

TEST_F(WriterStateManagerTest, BatchesWithoutWriterIdAreNotChecked) {
  Result<PreparedAppend> r = append({next_batch(-1, 17), next_batch(-1, -1), next_batch(-1, 3)});
  ASSERT_OK(r);
  EXPECT_FALSE(r->duplicate);
  EXPECT_TRUE(r->update.empty());
  EXPECT_TRUE(manager_.empty());
  EXPECT_EQ(manager_.map_end_offset(), LogOffset(3));
}

TEST_F(WriterStateManagerTest, LeaderRequiresSequenceZeroForAnUnknownWriter) {
  EXPECT_THAT(append({next_batch(5, 1)}),
              StatusIsWith(ErrorCode::kOutOfOrderSequenceException, "1 (incoming batch seq.)"));
  EXPECT_TRUE(manager_.empty());
  append_ok(5, 0);
  EXPECT_EQ(last_sequence(5), BatchSequence(0));
}

TEST_F(WriterStateManagerTest, FollowerAndRecoveryAcceptAnyFirstSequence) {
  ASSERT_OK(append({next_batch(5, 42)}, AppendOrigin::kFollower));
  EXPECT_EQ(last_sequence(5), BatchSequence(42));
  ASSERT_OK(append({next_batch(6, 7)}, AppendOrigin::kRecovery));
  EXPECT_EQ(last_sequence(6), BatchSequence(7));
  // ... but what follows must still be in sequence.
  EXPECT_THAT(append({next_batch(5, 44)}, AppendOrigin::kFollower),
              StatusIs(ErrorCode::kOutOfOrderSequenceException));
}

TEST_F(WriterStateManagerTest, LeaderAcceptsAnyFirstSequenceOfAnExpiredBatch) {
  WriterBatch old = next_batch(5, 9);
  old.commit_timestamp = now_ms_ - kExpirationMs - 1;
  ASSERT_OK(append({old}));
  EXPECT_EQ(last_sequence(5), BatchSequence(9));

  WriterBatch at_limit = next_batch(6, 9);
  at_limit.commit_timestamp = now_ms_ - kExpirationMs;  // not older than the limit
  EXPECT_THAT(append({at_limit}), StatusIs(ErrorCode::kOutOfOrderSequenceException));
}

TEST_F(WriterStateManagerTest, NextSequenceIsLastPlusOne) {
  append_ok(5, 0);
  append_ok(5, 1, 3);
  append_ok(5, 2);
  const WriterStateEntry* entry = manager_.last_entry(WriterId(5));
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->batches().size(), 3u);
  EXPECT_EQ(entry->batches()[1].last_offset, LogOffset(3));
  EXPECT_EQ(entry->batches()[1].offset_delta, 2);
  EXPECT_EQ(entry->batches()[1].first_offset(), LogOffset(1));
  EXPECT_EQ(entry->last_batch_timestamp(), now_ms_);
}

TEST_F(WriterStateManagerTest, GapIsOutOfOrderNamingWriterSequencesAndBucket) {
  append_ok(5, 0);
  append_ok(5, 1);
  Result<PreparedAppend> r = append({next_batch(5, 3)});
  ASSERT_THAT(r, StatusIs(ErrorCode::kOutOfOrderSequenceException));
  const std::string_view message = r.status().message();
  // Java's message, plus the expected sequence.
  EXPECT_EQ(message,
            "Out of order batch sequence for writer 5 at offset 2 in table-bucket "
            "TableBucket{tableId=7, bucket=2} : 3 (incoming batch seq.), 1 (current batch seq.); "
            "expected 2");
  EXPECT_EQ(last_sequence(5), BatchSequence(1));
}

TEST_F(WriterStateManagerTest, SequenceWrapsToZeroAfterInt32Max) {
  ASSERT_OK(append({next_batch(5, kMaxSequence - 1)}, AppendOrigin::kFollower));
  append_ok(5, kMaxSequence);
  EXPECT_THAT(append({next_batch(5, 1)}),
              StatusIsWith(ErrorCode::kOutOfOrderSequenceException, "expected 0"));
  append_ok(5, 0);
  append_ok(5, 1);
  EXPECT_EQ(last_sequence(5), BatchSequence(1));
}

TEST_F(WriterStateManagerTest, DuplicateOfOneOfTheLastFiveAnswersWithTheOriginalOffsets) {
  for (int32_t seq = 0; seq < 7; ++seq) append_ok(5, seq, 2);  // offsets 2*seq .. 2*seq+1
  const LogOffset end = log_end_;
  for (int32_t seq = 2; seq < 7; ++seq) {
    Result<PreparedAppend> r = prepare({next_batch(5, seq)});
    ASSERT_OK(r);
    ASSERT_TRUE(r->duplicate) << "seq " << seq;
    EXPECT_EQ(r->duplicate->batch_sequence, BatchSequence(seq));
    EXPECT_EQ(r->duplicate->first_offset(), LogOffset(2 * seq));
    EXPECT_EQ(r->duplicate->last_offset, LogOffset(2 * seq + 1));
    EXPECT_EQ(r->duplicate->writer_id, WriterId(5));
    EXPECT_TRUE(r->update.empty());
  }
  // Older than the last five: not recognised, so out of order.
  EXPECT_THAT(prepare({next_batch(5, 1)}), StatusIs(ErrorCode::kOutOfOrderSequenceException));
  EXPECT_EQ(manager_.map_end_offset(), end);
}

TEST_F(WriterStateManagerTest, DuplicateInALaterBatchMakesTheWholeRequestADuplicate) {
  append_ok(5, 0);
  append_ok(6, 0);
  Result<PreparedAppend> r = append({next_batch(5, 1), next_batch(6, 0)});
  ASSERT_OK(r);
  ASSERT_TRUE(r->duplicate);
  EXPECT_EQ(r->duplicate->writer_id, WriterId(6));
  EXPECT_EQ(r->duplicate->last_offset, LogOffset(1));
  EXPECT_EQ(last_sequence(5), BatchSequence(0));  // batch 1 of writer 5 not applied
}

TEST_F(WriterStateManagerTest, DuplicateOnAFollowerIsDuplicateSequenceError) {
  append_ok(5, 0);
  EXPECT_THAT(prepare({next_batch(5, 0)}, AppendOrigin::kFollower),
              StatusIsWith(ErrorCode::kDuplicateSequenceException, "writer id is 5"));
}

TEST_F(WriterStateManagerTest, FailedAppendChangesNothing) {
  append_ok(5, 0);
  const auto before = manager_.active_writers();
  const LogOffset end_before = manager_.map_end_offset();

  // Prepared but never committed (the log append failed).
  ASSERT_OK(prepare({next_batch(5, 1), next_batch(8, 0)}));
  EXPECT_EQ(manager_.active_writers(), before);

  // A request whose second batch is out of order fails as a whole.
  EXPECT_THAT(append({next_batch(9, 0), next_batch(5, 1), next_batch(5, 5)}),
              StatusIs(ErrorCode::kOutOfOrderSequenceException));
  EXPECT_EQ(manager_.active_writers(), before);
  EXPECT_EQ(manager_.map_end_offset(), end_before);
}

TEST_F(WriterStateManagerTest, OneRequestMayCarrySeveralBatchesOfSeveralWriters) {
  Result<PreparedAppend> r = append(
      {next_batch(5, 0), next_batch(6, 0), next_batch(5, 1), next_batch(5, 2), next_batch(6, 1)});
  ASSERT_OK(r);
  EXPECT_EQ(r->update.writers().size(), 2u);
  EXPECT_EQ(last_sequence(5), BatchSequence(2));
  EXPECT_EQ(last_sequence(6), BatchSequence(1));
  EXPECT_EQ(manager_.last_entry(WriterId(5))->batches().size(), 3u);
}

TEST_F(WriterStateManagerTest, KeepsOnlyTheLastFiveBatches) {
  std::vector<WriterBatch> request;
  for (int32_t seq = 0; seq < 8; ++seq) request.push_back(next_batch(5, seq));
  ASSERT_OK(append(request));
  const WriterStateEntry* entry = manager_.last_entry(WriterId(5));
  ASSERT_EQ(entry->batches().size(), WriterStateEntry::kNumBatchesToRetain);
  EXPECT_EQ(entry->first_batch_sequence(), BatchSequence(3));
  EXPECT_EQ(entry->last_batch_sequence(), BatchSequence(7));
  EXPECT_EQ(entry->first_data_offset(), LogOffset(3));
  EXPECT_EQ(entry->last_data_offset(), LogOffset(7));
}

TEST_F(WriterStateManagerTest, ExpiryRemovesWritersIdleLongerThanTheExpirationTime) {
  append_ok(5, 0);
  now_ms_ += 5'000;
  append_ok(6, 0);
  EXPECT_EQ(manager_.remove_expired_writers(now_ms_ + kExpirationMs - 5'000), 0u);  // exactly
  EXPECT_EQ(manager_.remove_expired_writers(now_ms_ + kExpirationMs - 4'999), 1u);
  EXPECT_EQ(manager_.last_entry(WriterId(5)), nullptr);
  EXPECT_NE(manager_.last_entry(WriterId(6)), nullptr);
  // An expired writer starts again from sequence 0 on the leader.
  now_ms_ += kExpirationMs;
  append_ok(5, 0);
}

TEST_F(WriterStateManagerTest, TruncateToDropsBatchesAtOrPastTheOffset) {
  append_ok(5, 0);                                    // offset 0
  append_ok(6, 0);                                    // 1
  append_ok(5, 1);                                    // 2
  append_ok(6, 1);                                    // 3
  append_ok(7, 0);                                    // 4
  EXPECT_EQ(manager_.truncate_to(LogOffset(3)), 1u);  // writer 7 is gone entirely
  EXPECT_EQ(last_sequence(5), BatchSequence(1));
  EXPECT_EQ(last_sequence(6), BatchSequence(0));
  EXPECT_EQ(manager_.last_entry(WriterId(7)), nullptr);
  EXPECT_EQ(manager_.map_end_offset(), LogOffset(3));

  log_end_ = LogOffset(3);
  append_ok(6, 1);  // the truncated batch may be written again
}

TEST_F(WriterStateManagerTest, TruncateFullyForgetsEveryWriter) {
  append_ok(5, 0);
  manager_.truncate_fully_and_start_at(LogOffset(100));
  EXPECT_TRUE(manager_.empty());
  EXPECT_EQ(manager_.map_end_offset(), LogOffset(100));
}

TEST_F(WriterStateManagerTest, ReplayRebuildsTheStateOfTheLog) {
  std::vector<WriterBatch> log = {next_batch(5, 0), next_batch(6, 3), next_batch(-1, -1),
                                  next_batch(5, 1, 4), next_batch(6, 4)};
  for (const WriterBatch& b : log) ASSERT_OK(append({b}, AppendOrigin::kFollower));
  const auto expected = manager_.active_writers();

  WriterStateManager rebuilt(bucket_, std::chrono::milliseconds(kExpirationMs));
  ASSERT_OK(rebuilt.replay(std::span<const WriterBatch>(log), now_ms_));
  EXPECT_EQ(rebuilt.active_writers(), expected);
}

TEST_F(WriterStateManagerTest, ReplayWithAGapFailsAndChangesNothing) {
  std::vector<WriterBatch> log = {next_batch(5, 0), next_batch(6, 0), next_batch(5, 2)};
  EXPECT_THAT(manager_.replay(std::span<const WriterBatch>(log), now_ms_),
              StatusIs(ErrorCode::kOutOfOrderSequenceException));
  EXPECT_TRUE(manager_.empty());
}

TEST_F(WriterStateManagerTest, SnapshotKeepsTheLastBatchOfEachWriter) {
  append_ok(6, 0);
  append_ok(5, 0, 3);
  now_ms_ += 10;
  append_ok(5, 1, 2);  // offsets 4..5
  manager_.update_map_end_offset(log_end_);
  const std::string json = manager_.serialize_snapshot();
  EXPECT_EQ(
      json,
      R"({"version":1,"writer_id_entries":[)"
      R"({"writer_id":5,"last_batch_sequence":1,"last_batch_base_offset":5,"offset_delta":1,"last_batch_timestamp":1000010},)"
      R"({"writer_id":6,"last_batch_sequence":0,"last_batch_base_offset":0,"offset_delta":0,"last_batch_timestamp":1000000}]})");

  WriterStateManager restored(bucket_, std::chrono::milliseconds(kExpirationMs));
  ASSERT_OK(restored.load_snapshot(json, writer_snapshot_file_name(log_end_), log_end_, now_ms_));
  EXPECT_EQ(restored.map_end_offset(), LogOffset(6));
  EXPECT_EQ(restored.snapshot_entries(), manager_.snapshot_entries());
  const WriterStateEntry* five = restored.last_entry(WriterId(5));
  ASSERT_NE(five, nullptr);
  ASSERT_EQ(five->batches().size(), 1u);
  EXPECT_EQ(five->batches()[0].first_offset(), LogOffset(4));

  // The restored state keeps checking: duplicate of the last batch, then sequence 2.
  Result<PreparedAppend> dup =
      restored.prepare_append(std::vector<WriterBatch>{{WriterId(5), BatchSequence(1), LogOffset(6),
                                                        LogOffset(6), now_ms_}},
                              AppendOrigin::kLeader, now_ms_);
  ASSERT_OK(dup);
  ASSERT_TRUE(dup->duplicate);
  EXPECT_EQ(dup->duplicate->first_offset(), LogOffset(4));
  EXPECT_THAT(
      restored.prepare_append(std::vector<WriterBatch>{{WriterId(5), BatchSequence(3), LogOffset(6),
                                                        LogOffset(6), now_ms_}},
                              AppendOrigin::kLeader, now_ms_),
      StatusIs(ErrorCode::kOutOfOrderSequenceException));
}

TEST_F(WriterStateManagerTest, LoadingASnapshotDropsExpiredWriters) {
  append_ok(5, 0);
  now_ms_ += kExpirationMs;
  append_ok(6, 0);
  WriterStateManager restored(bucket_, std::chrono::milliseconds(kExpirationMs));
  ASSERT_OK(restored.load_snapshot(manager_.serialize_snapshot(), "x", log_end_, now_ms_ + 1));
  EXPECT_EQ(restored.last_entry(WriterId(5)), nullptr);
  EXPECT_NE(restored.last_entry(WriterId(6)), nullptr);
}

TEST_F(WriterStateManagerTest, CorruptSnapshotIsAnErrorAndChangesNothing) {
  append_ok(5, 0);
  const auto before = manager_.active_writers();
  EXPECT_THAT(
      manager_.load_snapshot(R"({"version":1,"writer_id_entries":[{"writer_id":5}]})",
                             "00000000000000000009.writer_snapshot", LogOffset(9), now_ms_),
      StatusIsWith(ErrorCode::kLogStorageException, "00000000000000000009.writer_snapshot"));
  EXPECT_EQ(manager_.active_writers(), before);
  EXPECT_EQ(manager_.map_end_offset(), LogOffset(1));
}

TEST_F(WriterStateManagerTest, PreparesFromOffsetAssignedLogRecordBatches) {
  ByteBuffer bytes;
  for (int32_t seq = 0; seq < 2; ++seq) {
    MemoryLogRecordsBuilder builder(LogRecordBatchOptions{
        .format = LogFormat::kIndexed,
        .base_offset = LogOffset(10 + 3 * seq),
        .writer_id = WriterId(77),
        .batch_sequence = BatchSequence(seq),
    });
    for (int i = 0; i < 3; ++i) builder.append(ChangeType::kAppendOnly, as_bytes("row"));
    ASSERT_OK(builder.finish(bytes));
  }
  std::vector<LogRecordBatch> batches;
  LogRecords records(bytes.view());
  while (auto batch = value_or_throw(records.next_batch())) batches.push_back(*batch);
  ASSERT_EQ(batches.size(), 2u);

  Result<PreparedAppend> r = manager_.prepare_append(std::span<const LogRecordBatch>(batches),
                                                     AppendOrigin::kLeader, now_ms_);
  ASSERT_OK(r);
  manager_.commit(r->update);
  const WriterStateEntry* entry = manager_.last_entry(WriterId(77));
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->last_batch_sequence(), BatchSequence(1));
  EXPECT_EQ(entry->last_data_offset(), LogOffset(15));
  EXPECT_EQ(entry->last_offset_delta(), 2);
  EXPECT_EQ(entry->first_data_offset(), LogOffset(10));

  WriterStateManager replayed(bucket_);
  ASSERT_OK(replayed.replay(std::span<const LogRecordBatch>(batches), now_ms_));
  EXPECT_EQ(replayed.active_writers(), manager_.active_writers());
}

}  // namespace
}  // namespace fluss::storage
