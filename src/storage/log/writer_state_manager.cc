// SPDX-License-Identifier: Apache-2.0
#include "storage/log/writer_state_manager.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "common/check.h"

namespace fluss::storage {

namespace {

std::vector<WriterBatch> writer_batches_of(std::span<const LogRecordBatch> batches) {
  std::vector<WriterBatch> out;
  out.reserve(batches.size());
  for (const LogRecordBatch& batch : batches) out.push_back(WriterBatch::of(batch));
  return out;
}

// now_ms - timestamp > limit_ms, without overflow: timestamps come from batches and
// snapshot files, which may hold anything.
bool is_older_than(int64_t now_ms, int64_t timestamp, int64_t limit_ms) {
  int64_t age = 0;
  if (__builtin_sub_overflow(now_ms, timestamp, &age)) return timestamp < 0;
  return age > limit_ms;
}

// The append info of `writer_id` in `infos`, added from `manager` if missing.
WriterAppendInfo& info_for(std::vector<WriterAppendInfo>& infos, WriterId writer_id,
                           const WriterStateManager& manager) {
  // Requests hold a handful of writers: a linear search beats a map.
  for (WriterAppendInfo& info : infos) {
    if (info.writer_id() == writer_id) return info;
  }
  return infos.emplace_back(manager.prepare_update(writer_id));
}

}  // namespace

WriterStateManager::WriterStateManager(TableBucket bucket,
                                       std::chrono::milliseconds writer_expiration)
    : bucket_(std::move(bucket)), writer_expiration_(writer_expiration) {}

Result<PreparedAppend> WriterStateManager::prepare_append(std::span<const WriterBatch> batches,
                                                          AppendOrigin origin,
                                                          int64_t now_ms) const {
  PreparedAppend prepared;
  for (const WriterBatch& batch : batches) {
    if (!batch.has_writer_id()) continue;
    if (const WriterStateEntry* entry = last_entry(batch.writer_id)) {
      if (std::optional<BatchMetadata> duplicate =
              entry->find_duplicate_batch(batch.batch_sequence)) {
        if (origin == AppendOrigin::kLeader) {
          prepared.duplicate = duplicate;
          prepared.update.writers_.clear();
          return prepared;
        }
        return make_error(ErrorCode::kDuplicateSequenceException,
                          "Found duplicated batch for table bucket {}, duplicated offset is {}, "
                          "writer id is {} and batch sequence is: {}",
                          bucket_.to_string(), duplicate->last_offset, duplicate->writer_id,
                          duplicate->batch_sequence);
      }
    }
    WriterAppendInfo& info = info_for(prepared.update.writers_, batch.writer_id, *this);
    FLUSS_RETURN_IF_ERROR(
        info.append(batch, origin, is_batch_expired(now_ms, batch.commit_timestamp)));
  }
  return prepared;
}

Result<PreparedAppend> WriterStateManager::prepare_append(std::span<const LogRecordBatch> batches,
                                                          AppendOrigin origin,
                                                          int64_t now_ms) const {
  const std::vector<WriterBatch> writer_batches = writer_batches_of(batches);
  return prepare_append(std::span<const WriterBatch>(writer_batches), origin, now_ms);
}

void WriterStateManager::commit(const WriterStateUpdate& update) {
  for (const WriterAppendInfo& info : update.writers_) this->update(info);
}

Status WriterStateManager::replay(std::span<const WriterBatch> batches, int64_t now_ms) {
  WriterStateUpdate loaded;
  for (const WriterBatch& batch : batches) {
    if (!batch.has_writer_id()) continue;
    WriterAppendInfo& info = info_for(loaded.writers_, batch.writer_id, *this);
    FLUSS_RETURN_IF_ERROR(info.append(batch, AppendOrigin::kRecovery,
                                      is_batch_expired(now_ms, batch.commit_timestamp)));
  }
  commit(loaded);
  return Status::OK();
}

Status WriterStateManager::replay(std::span<const LogRecordBatch> batches, int64_t now_ms) {
  const std::vector<WriterBatch> writer_batches = writer_batches_of(batches);
  return replay(std::span<const WriterBatch>(writer_batches), now_ms);
}

WriterAppendInfo WriterStateManager::prepare_update(WriterId writer_id) const {
  const WriterStateEntry* entry = last_entry(writer_id);
  return WriterAppendInfo(bucket_, entry ? *entry : WriterStateEntry(writer_id));
}

void WriterStateManager::update(const WriterAppendInfo& append_info) {
  const WriterId writer_id = append_info.writer_id();
  FLUSS_CHECK(writer_id != kNoWriterId, "Invalid writer id {} passed to update for bucket {}",
              writer_id, bucket_.to_string());
  const WriterStateEntry& updated = append_info.to_entry();
  auto it = writers_.find(writer_id);
  if (it == writers_.end()) {
    writers_.emplace(writer_id, updated);
  } else {
    it->second.update(updated);
  }
}

bool WriterStateManager::is_batch_expired(int64_t now_ms, int64_t commit_timestamp) const {
  return is_older_than(now_ms, commit_timestamp, writer_expiration_.count());
}

bool WriterStateManager::is_writer_expired(int64_t now_ms, const WriterStateEntry& entry) const {
  return is_older_than(now_ms, entry.last_batch_timestamp(), writer_expiration_.count());
}

size_t WriterStateManager::remove_expired_writers(int64_t now_ms) {
  return std::erase_if(writers_,
                       [&](const auto& item) { return is_writer_expired(now_ms, item.second); });
}

size_t WriterStateManager::truncate_to(LogOffset offset) {
  size_t dropped = 0;
  for (auto it = writers_.begin(); it != writers_.end();) {
    it->second.truncate_to(offset);
    if (it->second.empty()) {
      it = writers_.erase(it);
      ++dropped;
    } else {
      ++it;
    }
  }
  map_end_offset_ = std::min(map_end_offset_, offset);
  return dropped;
}

void WriterStateManager::truncate_fully_and_start_at(LogOffset offset) {
  writers_.clear();
  map_end_offset_ = offset;
}

const WriterStateEntry* WriterStateManager::last_entry(WriterId writer_id) const {
  auto it = writers_.find(writer_id);
  return it == writers_.end() ? nullptr : &it->second;
}

std::vector<WriterSnapshotEntry> WriterStateManager::snapshot_entries() const {
  std::vector<WriterSnapshotEntry> entries;
  entries.reserve(writers_.size());
  for (const auto& [writer_id, entry] : writers_) {
    entries.push_back(WriterSnapshotEntry{
        .writer_id = writer_id,
        .last_batch_sequence = entry.last_batch_sequence(),
        .last_batch_last_offset = entry.last_data_offset(),
        .last_batch_offset_delta = entry.last_offset_delta(),
        .last_batch_timestamp = entry.last_batch_timestamp(),
    });
  }
  return entries;
}

std::string WriterStateManager::serialize_snapshot() const {
  return serialize_writer_snapshot(snapshot_entries());
}

Status WriterStateManager::load_snapshot(std::string_view json, std::string_view file_name,
                                         LogOffset snapshot_offset, int64_t now_ms) {
  FLUSS_ASSIGN_OR_RETURN(std::vector<WriterSnapshotEntry> entries,
                         parse_writer_snapshot(json, file_name));
  load_snapshot_entries(entries, snapshot_offset, now_ms);
  return Status::OK();
}

void WriterStateManager::load_snapshot_entries(std::span<const WriterSnapshotEntry> entries,
                                               LogOffset snapshot_offset, int64_t now_ms) {
  writers_.clear();
  for (const WriterSnapshotEntry& e : entries) {
    WriterStateEntry entry(e.writer_id, e.last_batch_timestamp);
    entry.add_batch(BatchMetadata{
        .writer_id = e.writer_id,
        .batch_sequence = e.last_batch_sequence,
        .last_offset = e.last_batch_last_offset,
        .offset_delta = e.last_batch_offset_delta,
        .timestamp = e.last_batch_timestamp,
    });
    if (!is_writer_expired(now_ms, entry)) writers_.insert_or_assign(e.writer_id, std::move(entry));
  }
  map_end_offset_ = snapshot_offset;
}

}  // namespace fluss::storage
