// SPDX-License-Identifier: Apache-2.0
// LogTablet against a model (the list of appended batches) under random appends,
// reads, flushes, clean reopens and crashes that lose unsynced bytes.
#include <gtest/gtest.h>

#include <random>

#include "record/log_record_batch.h"
#include "storage/fs/mem_file_system.h"
#include "storage/log/log_tablet.h"
#include "storage/log/tests/test_batches.h"
#include "test_utils/seed.h"
#include "test_utils/status_matchers.h"

namespace fluss::storage {
namespace {

using fluss::test::value_or_throw;

const std::string kDir = "/data/db/t-1/log-0";

class LogTabletRandomTest : public ::testing::Test {
 protected:
  void reopen() {
    log_.reset();
    log_ = value_or_throw(LogTablet::open(fs_, kDir, config_, [this] { return now_; }));
  }

  // The batches the model holds from `offset` (the one containing it first).
  std::string model_bytes_from(LogOffset offset, LogOffset upper) const {
    std::string out;
    for (const auto& [base, bytes] : model_) {
      auto batch = value_or_throw(LogRecordBatch::parse(as_bytes(bytes)));
      if (batch.next_offset() <= offset) continue;
      if (batch.next_offset() > upper) break;
      out += bytes;
    }
    return out;
  }

  // Reads everything from `offset` below `upper` in steps of `max_bytes`.
  std::string read_from(LogOffset offset, LogOffset upper, uint64_t max_bytes) const {
    std::string out;
    while (true) {
      auto info = value_or_throw(log_->read(offset, max_bytes, upper));
      if (!info.slice || info.slice->size == 0) return out;
      ByteBuffer bytes;
      EXPECT_OK(read_slice(*info.slice, bytes));
      LogRecords records(bytes.view());
      while (auto batch = value_or_throw(records.next_batch())) offset = batch->next_offset();
      EXPECT_EQ(records.position(), bytes.size());
      out += bytes.to_string();
    }
  }

  MemFileSystem fs_;
  LogConfig config_{.segment_bytes = 800, .index_interval_bytes = 100};  // > any request
  int64_t now_ = 1000;
  std::unique_ptr<LogTablet> log_;
  std::vector<std::pair<LogOffset, std::string>> model_;  // appended batches, as stored
};

TEST_F(LogTabletRandomTest, MatchesAModelThroughAppendsReadsAndCrashes) {
  const uint64_t seed = fluss::test::seed_from_env();
  SCOPED_TRACE(fluss::test::seed_trace(seed));
  std::mt19937_64 rng(seed);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  reopen();
  LogOffset flushed(0);
  for (int step = 0; step < 400; ++step) {
    const int op = uniform(0, 99);
    if (op < 55) {  // append a request of 1..3 batches
      std::string request;
      std::vector<size_t> sizes;
      for (int b = uniform(1, 3); b > 0; --b) {
        std::string batch = test::make_batch(LogOffset(0), 0, uniform(1, 4),
                                             std::string(uniform(0, 40), 'a' + uniform(0, 25)));
        sizes.push_back(batch.size());
        request += batch;
      }
      now_ += uniform(-5, 10);
      auto info = value_or_throw(
          log_->append({reinterpret_cast<uint8_t*>(request.data()), request.size()}));
      size_t at = 0;
      for (size_t size : sizes) {
        std::string bytes = request.substr(at, size);
        auto batch = value_or_throw(LogRecordBatch::parse(as_bytes(bytes)));
        ASSERT_OK(batch.ensure_valid());
        model_.emplace_back(batch.base_offset(), std::move(bytes));
        at += size;
      }
      ASSERT_EQ(info.last_offset + 1, log_->log_end_offset());
    } else if (op < 80) {  // read from a random offset, below a random upper bound
      const int64_t end = log_->log_end_offset().value();
      const LogOffset from(uniform(0, static_cast<int>(end)));
      const LogOffset upper(uniform(static_cast<int>(from.value()), static_cast<int>(end)));
      ASSERT_EQ(read_from(from, upper, uniform(1, 400)), model_bytes_from(from, upper));
    } else if (op < 88) {
      ASSERT_OK(log_->flush());
      flushed = log_->log_end_offset();
    } else if (op < 93) {
      ASSERT_OK(log_->flush());
      flushed = log_->log_end_offset();
      reopen();
      ASSERT_EQ(log_->log_end_offset(), flushed);
    } else {  // crash: unsynced bytes are lost, part of them torn
      const LogOffset before = log_->log_end_offset();
      log_.reset();
      fs_.drop_unsynced_data(uniform(0, 60));
      reopen();
      const LogOffset after = log_->log_end_offset();
      ASSERT_GE(after, flushed);  // everything flushed survives
      ASSERT_LE(after, before);
      while (!model_.empty() &&
             value_or_throw(LogRecordBatch::parse(as_bytes(model_.back().second))).next_offset() >
                 after) {
        model_.pop_back();
      }
      ASSERT_EQ(
          model_.empty()
              ? LogOffset(0)
              : value_or_throw(LogRecordBatch::parse(as_bytes(model_.back().second))).next_offset(),
          after);  // recovery ends at a batch boundary of the model
      flushed = after;
    }
  }
  ASSERT_EQ(read_from(LogOffset(0), log_->log_end_offset(), 1 << 20),
            model_bytes_from(LogOffset(0), log_->log_end_offset()));
}

// Idempotent writers against a model of the batches in the log (writer, sequence,
// offsets): new batches, retries of each writer's last batch (duplicates with the
// original offsets), gaps, clean closes, crashes and follower truncations.
TEST_F(LogTabletRandomTest, IdempotentWritersMatchAModelThroughClosesCrashesAndTruncations) {
  const uint64_t seed = fluss::test::seed_from_env();
  SCOPED_TRACE(fluss::test::seed_trace(seed));
  std::mt19937_64 rng(seed);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  struct Appended {
    int writer;
    int32_t sequence;
    LogOffset first;
    LogOffset last;
  };
  std::vector<Appended> model;
  auto last_of = [&](int writer) -> const Appended* {
    for (auto it = model.rbegin(); it != model.rend(); ++it) {
      if (it->writer == writer) return &*it;
    }
    return nullptr;
  };
  auto end_of_model = [&] { return model.empty() ? LogOffset(0) : model.back().last + 1; };
  auto drop_from = [&](LogOffset end) {
    while (!model.empty() && model.back().last >= end) model.pop_back();
  };
  auto send = [&](int writer, int32_t sequence) {
    std::string batch = test::make_batch(LogOffset(0), 0, uniform(1, 3), "v", WriterId(writer),
                                         BatchSequence(sequence));
    return log_->append({reinterpret_cast<uint8_t*>(batch.data()), batch.size()});
  };
  reopen();
  LogOffset flushed(0);
  for (int step = 0; step < 400; ++step) {
    const int op = uniform(0, 99);
    const int writer = uniform(1, 3);
    const Appended* last = last_of(writer);
    const int32_t next = last ? last->sequence + 1 : 0;
    if (op < 50) {
      now_ += uniform(0, 10);
      auto info = value_or_throw(send(writer, next));
      ASSERT_FALSE(info.duplicate);
      ASSERT_EQ(info.first_offset, end_of_model());
      model.push_back({writer, next, info.first_offset, info.last_offset});
    } else if (op < 65) {
      if (!last) continue;
      const Appended original = *last;
      auto info = value_or_throw(send(writer, original.sequence));
      ASSERT_TRUE(info.duplicate);
      ASSERT_EQ(info.first_offset, original.first);
      ASSERT_EQ(info.last_offset, original.last);
    } else if (op < 72) {
      ASSERT_THAT(send(writer, next + uniform(1, 3)),
                  fluss::test::StatusIs(ErrorCode::kOutOfOrderSequenceException));
    } else if (op < 80) {
      ASSERT_OK(log_->flush());
      flushed = log_->log_end_offset();
    } else if (op < 86) {
      ASSERT_OK(log_->close());
      flushed = log_->log_end_offset();
      reopen();
      ASSERT_EQ(log_->segments_recovered(), 0u);
    } else if (op < 93) {  // crash: unsynced bytes are lost, part of them torn
      log_.reset();
      fs_.drop_unsynced_data(uniform(0, 60));
      reopen();
      ASSERT_GE(log_->log_end_offset(), flushed);
      drop_from(log_->log_end_offset());
      ASSERT_EQ(end_of_model(), log_->log_end_offset());
      flushed = log_->log_end_offset();
    } else {  // follower truncation
      const LogOffset to(uniform(0, static_cast<int>(log_->log_end_offset().value())));
      ASSERT_OK(log_->truncate_to(to));
      drop_from(to);
      ASSERT_EQ(end_of_model(), log_->log_end_offset());
      flushed = std::min(flushed, log_->log_end_offset());
    }
    ASSERT_EQ(end_of_model(), log_->log_end_offset());
  }
}

}  // namespace
}  // namespace fluss::storage
