// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/auto_increment.h"

#include <fmt/format.h>

#include <utility>

namespace fluss::storage {

AutoIncrementSequence::AutoIncrementSequence(int32_t column_id, std::string column_name,
                                             int64_t cache_size, int64_t max_value,
                                             SequenceIdCounter& counter)
    : column_id_(column_id),
      column_name_(std::move(column_name)),
      cache_size_(cache_size),
      max_value_(max_value),
      counter_(counter) {}

Result<int64_t> AutoIncrementSequence::next_value() {
  if (current_ > end_) {
    Result<int64_t> start = counter_.get_and_add(cache_size_);
    if (!start.ok()) {
      return start.status().with_context(
          fmt::format("fetching auto-increment values for column '{}'", column_name_));
    }
    // The counter starts at 0; ids start at 1.
    current_ = *start + 1;
    end_ = *start + cache_size_;
  }
  const int64_t id = current_++;
  if (id > max_value_) {
    return make_error(ErrorCode::kUnknownServerError,
                      "Reached maximum value of sequence \"<{}>\" ({}).", column_name_, max_value_);
  }
  return id;
}

AutoIncIdRange AutoIncrementSequence::current_range() const {
  return AutoIncIdRange{.column_id = column_id_, .start = current_, .end = end_};
}

Status AutoIncrementSequence::update_range(const AutoIncIdRange& range) {
  if (range.column_id != column_id_) {
    return make_error(ErrorCode::kKvStorageException,
                      "Column ID mismatch when updating sequence range. Expected column ID: {}, "
                      "but got: {}.",
                      column_id_, range.column_id);
  }
  current_ = range.start;
  end_ = range.end;
  return Status::OK();
}

AutoIncIdRange AutoIncrementSequence::advance_after_replay(const AutoIncIdRange& snapshot_range,
                                                           std::optional<int64_t> last_used,
                                                           int64_t cache_size) {
  const int64_t start = last_used ? *last_used + 1 : snapshot_range.start;
  int64_t end = snapshot_range.end;
  while (cache_size > 0 && start > end) end += cache_size;
  return AutoIncIdRange{.column_id = snapshot_range.column_id, .start = start, .end = end};
}

}  // namespace fluss::storage
