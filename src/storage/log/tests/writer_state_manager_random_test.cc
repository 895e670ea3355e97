// SPDX-License-Identifier: Apache-2.0
// Random requests of random writers (in order, duplicated, with gaps, from leader
// and follower), failed appends, expiry and snapshot/restore round trips, checked
// against a plain model of Fluss's rules (fluss-wire.md §5.6).
#include <gtest/gtest.h>

#include <chrono>
#include <deque>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <vector>

#include "storage/log/fluss_paths.h"
#include "storage/log/writer_state_manager.h"
#include "test_utils/seed.h"
#include "test_utils/status_matchers.h"

namespace fluss::storage {
namespace {

constexpr int64_t kExpirationMs = 1'000;
constexpr int32_t kMaxSequence = std::numeric_limits<int32_t>::max();

struct ModelBatch {
  int32_t seq;
  int64_t first;
  int64_t last;
  int64_t timestamp;
};

struct ModelWriter {
  std::deque<ModelBatch> batches;  // the last 5
  int64_t last_timestamp = -1;

  void add(const ModelBatch& b) {
    if (batches.size() == 5) batches.pop_front();
    batches.push_back(b);
    last_timestamp = b.timestamp;
  }
};

using Model = std::map<int64_t, ModelWriter>;

enum class Outcome { kAppended, kDuplicate, kOutOfOrder, kDuplicateError };

// What Fluss does with `batches` given `model`; fills `next` with the state after a
// successful append and `duplicate` with the batch found.
Outcome simulate(const Model& model, const std::vector<WriterBatch>& batches, AppendOrigin origin,
                 Model& next, std::optional<ModelBatch>& duplicate) {
  next = model;
  std::map<int64_t, int32_t> pending_last;  // writer -> last sequence within the request
  for (const WriterBatch& b : batches) {
    const int64_t writer = b.writer_id.value();
    const int32_t seq = b.batch_sequence.value();
    if (writer == -1) continue;
    auto committed = model.find(writer);
    if (committed != model.end()) {
      for (const ModelBatch& m : committed->second.batches) {
        if (m.seq == seq) {
          duplicate = m;
          return origin == AppendOrigin::kLeader ? Outcome::kDuplicate : Outcome::kDuplicateError;
        }
      }
    }
    int32_t last = -1;
    if (auto p = pending_last.find(writer); p != pending_last.end()) {
      last = p->second;
    } else if (committed != model.end()) {
      last = committed->second.batches.back().seq;
    }
    const bool ok = (last == -1 && origin != AppendOrigin::kLeader) ||
                    (last == kMaxSequence ? seq == 0 : seq == last + 1);
    if (!ok) return Outcome::kOutOfOrder;
    pending_last[writer] = seq;
    next[writer].add(
        ModelBatch{seq, b.base_offset.value(), b.last_offset.value(), b.commit_timestamp});
  }
  return Outcome::kAppended;
}

void expect_matches(const WriterStateManager& manager, const Model& model, int step) {
  ASSERT_EQ(manager.writer_id_count(), model.size()) << "step " << step;
  for (const auto& [writer, m] : model) {
    const WriterStateEntry* entry = manager.last_entry(WriterId(writer));
    ASSERT_NE(entry, nullptr) << "step " << step << " writer " << writer;
    ASSERT_EQ(entry->last_batch_timestamp(), m.last_timestamp) << "step " << step;
    ASSERT_EQ(entry->batches().size(), m.batches.size()) << "step " << step;
    for (size_t i = 0; i < m.batches.size(); ++i) {
      const BatchMetadata& b = entry->batches()[i];
      ASSERT_EQ(b.batch_sequence.value(), m.batches[i].seq) << "step " << step;
      ASSERT_EQ(b.first_offset().value(), m.batches[i].first) << "step " << step;
      ASSERT_EQ(b.last_offset.value(), m.batches[i].last) << "step " << step;
      ASSERT_EQ(b.timestamp, m.batches[i].timestamp) << "step " << step;
    }
  }
}

TEST(WriterStateManagerRandomTest, MatchesModelUnderRandomRequests) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  std::mt19937_64 rng(seed);
  const TableBucket bucket(TableId(3), PartitionId(9), BucketId(1));
  auto manager =
      std::make_unique<WriterStateManager>(bucket, std::chrono::milliseconds(kExpirationMs));
  Model model;
  int64_t log_end = 0;
  int64_t now = 50'000;
  int counts[4] = {0, 0, 0, 0};

  for (int step = 0; step < 4000; ++step) {
    const int op = static_cast<int>(rng() % 100);
    if (op < 80) {
      const AppendOrigin origin = rng() % 5 == 0 ? AppendOrigin::kFollower : AppendOrigin::kLeader;
      std::vector<WriterBatch> batches;
      const int n = 1 + static_cast<int>(rng() % 3);
      int64_t offset = log_end;
      for (int i = 0; i < n; ++i) {
        const int64_t writer = rng() % 10 == 0 ? -1 : static_cast<int64_t>(rng() % 6);
        int32_t seq = 0;
        auto it = model.find(writer);
        const int kind = static_cast<int>(rng() % 20);
        if (it != model.end()) {
          const int32_t last = it->second.batches.back().seq;
          const int32_t expected = last == kMaxSequence ? 0 : last + 1;
          if (kind < 14) {
            seq = expected;
          } else if (kind < 17) {  // one of the retained batches
            seq = it->second.batches[rng() % it->second.batches.size()].seq;
          } else if (kind < 19) {
            // A gap, wrapping past INT32_MAX as sequences do.
            seq = static_cast<int32_t>((int64_t{expected} + 1 + static_cast<int64_t>(rng() % 3)) %
                                       (int64_t{kMaxSequence} + 1));
          } else {
            seq = static_cast<int32_t>(rng() % 10);
          }
        } else if (origin == AppendOrigin::kFollower && kind < 10) {
          seq = kMaxSequence - static_cast<int32_t>(rng() % 3);  // to cross the wrap
        } else {
          seq = kind < 17 ? 0 : static_cast<int32_t>(rng() % 4);
        }
        const int records = 1 + static_cast<int>(rng() % 4);
        batches.push_back(WriterBatch{WriterId(writer), BatchSequence(seq), LogOffset(offset),
                                      LogOffset(offset + records - 1), now});
        offset += records;
      }

      Model next;
      std::optional<ModelBatch> duplicate;
      const Outcome expected = simulate(model, batches, origin, next, duplicate);
      ++counts[static_cast<int>(expected)];
      Result<PreparedAppend> r =
          manager->prepare_append(std::span<const WriterBatch>(batches), origin, now);
      switch (expected) {
        case Outcome::kOutOfOrder:
          ASSERT_THAT(r, test::StatusIs(ErrorCode::kOutOfOrderSequenceException))
              << "step " << step;
          break;
        case Outcome::kDuplicateError:
          ASSERT_THAT(r, test::StatusIs(ErrorCode::kDuplicateSequenceException)) << "step " << step;
          break;
        case Outcome::kDuplicate:
          ASSERT_OK(r);
          ASSERT_TRUE(r->duplicate) << "step " << step;
          ASSERT_EQ(r->duplicate->batch_sequence.value(), duplicate->seq);
          ASSERT_EQ(r->duplicate->first_offset().value(), duplicate->first);
          ASSERT_EQ(r->duplicate->last_offset.value(), duplicate->last);
          break;
        case Outcome::kAppended:
          ASSERT_OK(r);
          ASSERT_FALSE(r->duplicate) << "step " << step;
          if (rng() % 8 != 0) {  // else the log append "failed": nothing may change
            manager->commit(r->update);
            log_end = offset;
            manager->update_map_end_offset(LogOffset(log_end));
            model = std::move(next);
          }
          break;
      }
    } else if (op < 90) {
      now += static_cast<int64_t>(rng() % 400);
      manager->remove_expired_writers(now);
      std::erase_if(model,
                    [&](const auto& w) { return now - w.second.last_timestamp > kExpirationMs; });
    } else {
      // Snapshot and restore: only each writer's last batch survives.
      const std::string json = manager->serialize_snapshot();
      auto restored =
          std::make_unique<WriterStateManager>(bucket, std::chrono::milliseconds(kExpirationMs));
      ASSERT_OK(restored->load_snapshot(json, writer_snapshot_file_name(LogOffset(log_end)),
                                        LogOffset(log_end), now));
      ASSERT_EQ(restored->map_end_offset(), LogOffset(log_end));
      ASSERT_EQ(restored->serialize_snapshot(), json) << "step " << step;
      manager = std::move(restored);
      for (auto& [writer, m] : model) {
        const ModelBatch last = m.batches.back();
        m.batches.assign(1, last);
        m.last_timestamp = last.timestamp;
      }
    }
    expect_matches(*manager, model, step);
    if (HasFatalFailure()) return;
  }
  // The mix must exercise every outcome.
  for (int c : counts) EXPECT_GT(c, 0);
}

}  // namespace
}  // namespace fluss::storage
