// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/kv_pre_write_buffer.h"

#include <utility>

#include "common/check.h"

namespace fluss::storage {
namespace {

size_t entry_bytes(const std::string& key, const KvPreWriteBuffer::Value& value) {
  return key.size() + (value ? value->size() : 0);
}

}  // namespace

void KvPreWriteBuffer::put(std::string key, Value value, LogOffset offset, int32_t row_delta) {
  FLUSS_CHECK(entries_.empty() || entries_.back().offset <= offset,
              "KvPreWriteBuffer: offset {} below the last one {}", offset.value(),
              entries_.back().offset.value());
  const int64_t seq = first_seq_ + static_cast<int64_t>(entries_.size());
  pending_bytes_ += entry_bytes(key, value);
  auto [it, inserted] = latest_.try_emplace(key, seq);
  const int64_t previous = inserted ? -1 : std::exchange(it->second, seq);
  entries_.push_back(Entry{std::move(key), std::move(value), offset, previous, row_delta});
}

const KvPreWriteBuffer::Value* KvPreWriteBuffer::get(std::string_view key) const {
  // C++20 heterogeneous lookup needs a transparent hash; the key is copied instead.
  const auto it = latest_.find(std::string(key));
  if (it == latest_.end()) return nullptr;
  return &entries_[static_cast<size_t>(it->second - first_seq_)].value;
}

void KvPreWriteBuffer::truncate_to(LogOffset offset) {
  while (!entries_.empty() && entries_.back().offset >= offset) {
    Entry& e = entries_.back();
    const int64_t seq = first_seq_ + static_cast<int64_t>(entries_.size()) - 1;
    auto it = latest_.find(e.key);
    if (it != latest_.end() && it->second == seq) {
      if (e.previous >= first_seq_) {
        it->second = e.previous;
      } else {
        latest_.erase(it);
      }
    }
    pending_bytes_ -= entry_bytes(e.key, e.value);
    entries_.pop_back();
  }
}

size_t KvPreWriteBuffer::count_below(LogOffset up_to) const {
  size_t n = 0;
  for (const Entry& e : entries_) {
    if (e.offset >= up_to) break;
    ++n;
  }
  return n;
}

int64_t KvPreWriteBuffer::row_delta_below(LogOffset up_to) const {
  int64_t delta = 0;
  for (const Entry& e : entries_) {
    if (e.offset >= up_to) break;
    delta += e.row_delta;
  }
  return delta;
}

Status KvPreWriteBuffer::flush(
    LogOffset up_to, const std::function<void(std::string_view key, const Value& value)>& add,
    const std::function<Status()>& commit) {
  const size_t n = count_below(up_to);
  for (size_t i = 0; i < n; ++i) add(entries_[i].key, entries_[i].value);
  FLUSS_RETURN_IF_ERROR(commit());
  for (size_t i = 0; i < n; ++i) {
    Entry& e = entries_.front();
    auto it = latest_.find(e.key);
    if (it != latest_.end() && it->second == first_seq_) latest_.erase(it);
    pending_bytes_ -= entry_bytes(e.key, e.value);
    entries_.pop_front();
    ++first_seq_;
  }
  return Status::OK();
}

std::optional<LogOffset> KvPreWriteBuffer::max_offset() const {
  if (entries_.empty()) return std::nullopt;
  return entries_.back().offset;
}

}  // namespace fluss::storage
