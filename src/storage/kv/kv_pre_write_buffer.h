// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/status.h"
#include "model/ids.h"

namespace fluss::storage {

// Fluss's KvPreWriteBuffer: the KV changes of a tablet whose changelog is appended
// but not yet committed (below the high watermark), keyed by the log offset of
// the change record that made them. Later writes of the same key read the newest
// buffered value before RocksDB; lookups never see the buffer. flush() moves the
// committed prefix into RocksDB; truncate_to() undoes the changes of a failed or
// duplicate append. Entries are added in increasing offset order. Not
// thread-safe: owned by one KvTablet, called under its lock.
class KvPreWriteBuffer {
 public:
  // What the buffer knows about a key: a value, or a delete (nullopt).
  using Value = std::optional<std::string>;

  // Records `value` (nullopt: a delete) for `key` at `offset`, which must not be
  // below the last offset put (FLUSS_CHECK). `row_delta` is the change's effect on the
  // tablet's row count: +1 for an insert, -1 for a delete, 0 for an update.
  void put(std::string key, Value value, LogOffset offset, int32_t row_delta = 0);

  // The newest buffered change of `key`; null if the buffer has none.
  const Value* get(std::string_view key) const;

  // Removes every change at or above `offset`; keys fall back to their older
  // buffered change, if any.
  void truncate_to(LogOffset offset);

  // Hands every change below `up_to`, oldest first, to `add`, then calls
  // `commit` and, if it succeeds, drops those changes. If `commit` fails nothing
  // is dropped and its error is returned.
  Status flush(LogOffset up_to,
               const std::function<void(std::string_view key, const Value& value)>& add,
               const std::function<Status()>& commit);

  // How many changes are below `up_to`.
  size_t count_below(LogOffset up_to) const;
  // The sum of the row deltas of the changes below `up_to`.
  int64_t row_delta_below(LogOffset up_to) const;

  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  // Key and value bytes buffered.
  size_t pending_bytes() const { return pending_bytes_; }
  // The offset of the newest change; nullopt when empty.
  std::optional<LogOffset> max_offset() const;

 private:
  struct Entry {
    std::string key;
    Value value;
    LogOffset offset;
    int64_t previous;  // sequence number of the key's older entry, or -1
    int32_t row_delta;
  };
  Entry& at(int64_t seq) { return entries_[static_cast<size_t>(seq - first_seq_)]; }

  std::deque<Entry> entries_;  // by offset; entries_[i] has sequence number first_seq_ + i
  int64_t first_seq_ = 0;
  std::unordered_map<std::string, int64_t> latest_;  // key -> sequence number of its newest entry
  size_t pending_bytes_ = 0;
};

}  // namespace fluss::storage
