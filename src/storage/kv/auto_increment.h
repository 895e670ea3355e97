// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "common/result.h"
#include "storage/kv/kv_snapshot.h"

namespace fluss::storage {

// The table-wide counter auto-increment ids are drawn from (Fluss keeps it in
// ZooKeeper, one per table and column): get_and_add(n) reserves the n ids after the
// returned value. Shared by every bucket of the table; implementations are thread-safe.
// The tablet server provides the real one; InMemorySequenceIdCounter is for tests and
// single-process setups.
class SequenceIdCounter {
 public:
  virtual ~SequenceIdCounter() = default;
  virtual Result<int64_t> get_and_add(int64_t delta) = 0;
};

class InMemorySequenceIdCounter final : public SequenceIdCounter {
 public:
  explicit InMemorySequenceIdCounter(int64_t start = 0) : value_(start) {}
  Result<int64_t> get_and_add(int64_t delta) override { return value_.fetch_add(delta); }

 private:
  std::atomic<int64_t> value_;
};

// One bucket's ids for the auto-increment column (Fluss's BoundedSegmentSequenceGenerator):
// a cached segment [current, end] of `cache_size` ids (table.auto-increment.cache-size)
// reserved from the counter, the first segment starting at counter value + 1. Ids past
// `max_value` (INT columns: 2^31 - 1) fail as Fluss's SequenceOverflowException, which
// has no error code of its own (UNKNOWN_SERVER_ERROR naming the column). Not
// thread-safe: the tablet's writer only.
class AutoIncrementSequence {
 public:
  AutoIncrementSequence(int32_t column_id, std::string column_name, int64_t cache_size,
                        int64_t max_value, SequenceIdCounter& counter);

  // The next id, reserving a new segment when the cached one is used up.
  Result<int64_t> next_value();
  // The unused rest of the cached segment (start > end: none), for snapshots.
  AutoIncIdRange current_range() const;
  // Continues from `range` (a restored snapshot's, moved past the ids the replayed
  // changelog used; see advance_after_replay).
  Status update_range(const AutoIncIdRange& range);

  int32_t column_id() const { return column_id_; }
  int64_t cache_size() const { return cache_size_; }

  // Fluss's recovery rule: after a replay whose last inserted id was `last_used`
  // (nullopt: no insert), the range continues at last_used + 1 and ends at the
  // snapshot's end plus as many cache sizes as needed to contain it.
  static AutoIncIdRange advance_after_replay(const AutoIncIdRange& snapshot_range,
                                             std::optional<int64_t> last_used, int64_t cache_size);

 private:
  int32_t column_id_;
  std::string column_name_;
  int64_t cache_size_;
  int64_t max_value_;
  SequenceIdCounter& counter_;
  int64_t current_ = 0;
  int64_t end_ = -1;
};

}  // namespace fluss::storage
