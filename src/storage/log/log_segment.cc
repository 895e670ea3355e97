// SPDX-License-Identifier: Apache-2.0
#include "storage/log/log_segment.h"

#include <limits>

#include "common/logging.h"
#include "record/log_record_batch.h"
#include "storage/log/fluss_paths.h"
#include "storage/log/index_file.h"

namespace fluss::storage {
namespace {

// The batch header up to and including CommitTimestamp: the fields every magic has
// at the same place (record/log_record_batch.h).
constexpr size_t kPeekSize = kLogCommitTimestampOffset + sizeof(int64_t);
// A segment's offsets are int32 relative to its base: the next offset is at most this.
constexpr int64_t kMaxRelativeEnd = int64_t{std::numeric_limits<int32_t>::max()} + 1;

std::string file_name(LogOffset base_offset, std::string_view suffix) {
  return filename_prefix_from_offset(base_offset) + std::string(suffix);
}

}  // namespace

struct LogSegment::BatchHeader {
  LogOffset base_offset;
  uint64_t size = 0;  // kLogOverhead + Length
  int64_t commit_timestamp = 0;
};

struct LogSegment::Located {
  uint64_t position = 0;
  BatchHeader header;
  LogOffset next_base;  // of the following batch, or next_offset_
};

std::string log_file_name(LogOffset base_offset) { return file_name(base_offset, kLogFileSuffix); }
std::string offset_index_file_name(LogOffset base_offset) {
  return file_name(base_offset, kIndexFileSuffix);
}
std::string time_index_file_name(LogOffset base_offset) {
  return file_name(base_offset, kTimeIndexFileSuffix);
}

Status read_slice(const FileSlice& slice, ByteBuffer& out) {
  FLUSS_RETURN_IF_ERROR(log_storage_error(slice.file->read_at(slice.position, slice.size, out)));
  if (out.size() != slice.size) {
    return make_error(ErrorCode::kLogStorageException,
                      "file slice at {} of {} bytes: only {} bytes left", slice.position,
                      slice.size, out.size());
  }
  return Status::OK();
}

LogSegment::LogSegment(FileSystem& fs, std::string dir, LogOffset base_offset,
                       const LogConfig& config)
    : fs_(fs),
      dir_(std::move(dir)),
      log_path_(join_path(dir_, log_file_name(base_offset))),
      base_offset_(base_offset),
      config_(config),
      next_offset_(base_offset),
      max_timestamp_{-1, base_offset} {}

LogSegment::~LogSegment() = default;

Result<std::unique_ptr<LogSegment>> LogSegment::open(FileSystem& fs, std::string dir,
                                                     LogOffset base_offset,
                                                     const LogConfig& config) {
  std::unique_ptr<LogSegment> segment(new LogSegment(fs, std::move(dir), base_offset, config));
  LogSegment& s = *segment;
  auto log = fs.open_for_append(s.log_path_);
  if (!log.ok()) return log_storage_error(log.status());
  s.log_ = std::move(log).value();
  s.size_ = s.log_->size();
  auto reader = fs.open_for_read(s.log_path_);
  if (!reader.ok()) return log_storage_error(reader.status());
  s.reader_ = std::move(reader).value();

  const std::string offset_path = join_path(s.dir_, offset_index_file_name(base_offset));
  const std::string time_path = join_path(s.dir_, time_index_file_name(base_offset));
  auto offset_index =
      OffsetIndex::open(fs, offset_path, base_offset, config.max_index_bytes, s.size_);
  Status cause = offset_index.status();
  if (offset_index.ok()) {
    s.offset_index_ = std::move(offset_index).value();
    // The end from the last index entry on: only the bytes after it are read.
    FLUSS_RETURN_IF_ERROR(s.scan_headers(
        s.offset_index_->entries().empty() ? 0 : s.offset_index_->entries().back().position));
    auto time_index =
        TimeIndex::open(fs, time_path, base_offset, config.max_index_bytes, s.next_offset_);
    if (time_index.ok()) {
      s.time_index_ = std::move(time_index).value();
      s.merge_time_index_max();
      return segment;
    }
    cause = time_index.status();
  }
  if (!cause.is(ErrorCode::kCorruptRecordException)) return cause;
  FLUSS_LOG_WARN("{}; rebuilding the indexes of {}", cause.to_string(), s.log_path_);
  FLUSS_ASSIGN_OR_RETURN(s.offset_index_,
                         OffsetIndex::create(fs, offset_path, base_offset, config.max_index_bytes));
  FLUSS_ASSIGN_OR_RETURN(s.time_index_,
                         TimeIndex::create(fs, time_path, base_offset, config.max_index_bytes));
  FLUSS_RETURN_IF_ERROR(s.recover().status());
  return segment;
}

Result<std::optional<LogSegment::BatchHeader>> LogSegment::read_header(uint64_t position,
                                                                       uint64_t limit) const {
  if (position + kPeekSize > limit) return std::optional<BatchHeader>();
  ByteBuffer bytes;
  FLUSS_RETURN_IF_ERROR(log_storage_error(reader_->read_at(position, kPeekSize, bytes)));
  if (bytes.size() < kPeekSize) return std::optional<BatchHeader>();
  const int32_t length = load_le<int32_t>(bytes.data() + kLogLengthOffset);
  if (length < 0 || position + kLogOverhead + static_cast<uint64_t>(length) > limit) {
    return std::optional<BatchHeader>();
  }
  return std::optional<BatchHeader>(
      BatchHeader{.base_offset = LogOffset(load_le<int64_t>(bytes.data() + kLogBaseOffsetOffset)),
                  .size = kLogOverhead + static_cast<uint64_t>(length),
                  .commit_timestamp = load_le<int64_t>(bytes.data() + kLogCommitTimestampOffset)});
}

void LogSegment::merge_time_index_max() {
  if (time_index_->entry_count() == 0) return;
  const TimestampOffset last = time_index_->last_entry();
  if (last.timestamp > max_timestamp_.timestamp) max_timestamp_ = last;
}

Status LogSegment::scan_headers(uint64_t from) {
  next_offset_ = base_offset_;
  max_timestamp_ = {-1, base_offset_};
  uint64_t position = from;
  std::optional<BatchHeader> previous;
  while (true) {
    FLUSS_ASSIGN_OR_RETURN(auto header, read_header(position, size_));
    if (!header) break;
    // Offsets going back or leaving the segment's int32 range: recover() cuts them.
    if (header->base_offset < base_offset_ ||
        header->base_offset - base_offset_ > std::numeric_limits<int32_t>::max() ||
        (previous && header->base_offset <= previous->base_offset)) {
      break;
    }
    if (header->commit_timestamp > max_timestamp_.timestamp) {
      max_timestamp_ = {header->commit_timestamp, header->base_offset};
    }
    previous = header;
    position += header->size;
  }
  // An index entry pointing at no batch: read the whole segment instead.
  if (!previous && from > 0) return scan_headers(0);
  bytes_since_last_index_entry_ = position - from;
  if (!previous) return Status::OK();
  // The last batch's end comes from its full header: read and parse it once.
  ByteBuffer bytes;
  const uint64_t last_at = position - previous->size;
  FLUSS_RETURN_IF_ERROR(log_storage_error(reader_->read_at(last_at, previous->size, bytes)));
  auto batch = LogRecordBatch::parse(bytes.view());
  const bool plausible = batch.ok() && batch->next_offset() > previous->base_offset &&
                         batch->next_offset() - base_offset_ <= kMaxRelativeEnd;
  next_offset_ = plausible ? batch->next_offset() : next(previous->base_offset);
  return Status::OK();
}

Status LogSegment::append(LogOffset largest_offset, int64_t max_timestamp,
                          LogOffset offset_of_max_timestamp, ByteView batches) {
  FLUSS_RETURN_IF_ERROR(write(batches));
  return publish(largest_offset, max_timestamp, offset_of_max_timestamp, batches.size());
}

Status LogSegment::write(ByteView batches) {
  if (batches.empty()) return Status::OK();
  if (log_ == nullptr) return offline();
  const uint64_t position = log_->size();
  if (Status appended = log_storage_error(log_->append(batches)); !appended.ok()) {
    // A write may have landed in part (ENOSPC mid-way): cut it off, so that the
    // file ends with whole batches again.
    if (log_->size() != position) {
      auto reopened = reopen_truncated(fs_, log_path_, std::move(log_), position);
      if (reopened.ok()) {
        log_ = std::move(reopened).value();
      } else {
        FLUSS_LOG_ERROR("{}: cannot cut a partial write: {}", log_path_,
                        reopened.status().to_string());
      }
    }
    return appended;
  }
  return Status::OK();
}

Status LogSegment::publish(LogOffset largest_offset, int64_t max_timestamp,
                           LogOffset offset_of_max_timestamp, uint64_t bytes) {
  if (bytes == 0) return Status::OK();
  FLUSS_CHECK(largest_offset - base_offset_ <= std::numeric_limits<int32_t>::max(),
              "offset {} does not fit segment {}", largest_offset, log_path_);
  const uint64_t position = size_;
  size_ += bytes;
  next_offset_ = next(largest_offset);
  if (max_timestamp > max_timestamp_.timestamp) {
    max_timestamp_ = {max_timestamp, offset_of_max_timestamp};
  }
  if (bytes_since_last_index_entry_ > config_.index_interval_bytes) {
    if (!offset_index_->is_full()) {
      FLUSS_RETURN_IF_ERROR(offset_index_->append(largest_offset, position));
    }
    if (!time_index_->is_full()) {
      FLUSS_RETURN_IF_ERROR(
          time_index_->maybe_append(max_timestamp_.timestamp, max_timestamp_.offset));
    }
    bytes_since_last_index_entry_ = 0;
  }
  bytes_since_last_index_entry_ += bytes;
  return Status::OK();
}

Result<LogSegment::Located> LogSegment::locate(LogOffset offset) const {
  uint64_t position = offset_index_->lookup(offset).position;
  FLUSS_ASSIGN_OR_RETURN(auto header, read_header(position, size_));
  while (header) {
    const uint64_t following = position + header->size;
    FLUSS_ASSIGN_OR_RETURN(auto next_header, read_header(following, size_));
    const LogOffset next_base = next_header ? next_header->base_offset : next_offset_;
    if (next_base > offset) return Located{position, *header, next_base};
    position = following;
    header = next_header;
  }
  return make_error(ErrorCode::kLogStorageException, "{}: no batch holds offset {} below {}",
                    log_path_, offset, next_offset_);
}

Result<std::optional<FileSlice>> LogSegment::read(LogOffset start_offset, uint64_t max_bytes,
                                                  uint64_t max_position,
                                                  MinOneBatch min_one) const {
  if (start_offset >= next_offset_) return std::optional<FileSlice>();
  if (start_offset < base_offset_) start_offset = base_offset_;
  FLUSS_ASSIGN_OR_RETURN(Located first, locate(start_offset));
  const uint64_t limit = std::min(max_position, size_);
  FileSlice slice{.file = reader_, .position = first.position, .size = 0};
  std::optional<BatchHeader> header = first.header;
  while (header) {
    const uint64_t end = slice.position + slice.size + header->size;
    if (end > limit) break;
    const bool first_batch = slice.size == 0;
    if (slice.size + header->size > max_bytes && !(first_batch && min_one == MinOneBatch::kYes)) {
      break;
    }
    slice.size += header->size;
    FLUSS_ASSIGN_OR_RETURN(header, read_header(end, limit));
  }
  return std::optional<FileSlice>(std::move(slice));
}

Result<uint64_t> LogSegment::position_of(LogOffset offset) const {
  if (offset >= next_offset_) return size_;
  if (offset <= base_offset_) return uint64_t{0};
  FLUSS_ASSIGN_OR_RETURN(Located at, locate(offset));
  return at.position;
}

Result<std::optional<TimestampOffset>> LogSegment::find_offset_by_timestamp(
    int64_t timestamp, LogOffset starting_offset) const {
  const TimestampOffset floor = time_index_->lookup(timestamp);
  const LogOffset from = std::max(floor.offset, starting_offset);
  if (from >= next_offset_) return std::optional<TimestampOffset>();
  FLUSS_ASSIGN_OR_RETURN(Located at, locate(std::max(from, base_offset_)));
  uint64_t position = at.position;
  std::optional<BatchHeader> header = at.header;
  while (header) {
    FLUSS_ASSIGN_OR_RETURN(auto next_header, read_header(position + header->size, size_));
    const LogOffset next_base = next_header ? next_header->base_offset : next_offset_;
    if (header->commit_timestamp >= timestamp && next_base > starting_offset) {
      return std::optional<TimestampOffset>(TimestampOffset{
          header->commit_timestamp, std::max(header->base_offset, starting_offset)});
    }
    position += header->size;
    header = next_header;
  }
  return std::optional<TimestampOffset>();
}

Result<uint64_t> LogSegment::recover() {
  if (log_ == nullptr) return offline();
  FLUSS_RETURN_IF_ERROR(offset_index_->reset());
  FLUSS_RETURN_IF_ERROR(time_index_->reset());
  next_offset_ = base_offset_;
  max_timestamp_ = {-1, base_offset_};
  uint64_t valid_bytes = 0;
  uint64_t last_index_entry = 0;
  // The header goes to its own buffer: reading it into `bytes` would shrink that
  // buffer and make the next whole-batch read zero-fill it again (10% of recovery).
  ByteBuffer header;
  ByteBuffer bytes;
  Status invalid;
  while (true) {
    // Whole batches one at a time: a 1 GiB segment is never read into memory.
    FLUSS_RETURN_IF_ERROR(log_storage_error(reader_->read_at(valid_bytes, kLogOverhead, header)));
    if (header.size() < kLogOverhead) {
      if (!header.empty()) invalid = Status(ErrorCode::kCorruptRecordException, "partial header");
      break;
    }
    const int32_t length = load_le<int32_t>(header.data() + kLogLengthOffset);
    if (length < 0 || valid_bytes + kLogOverhead + static_cast<uint64_t>(length) > size_) {
      invalid = make_error(ErrorCode::kCorruptRecordException, "batch Length {} runs past the end",
                           length);
      break;
    }
    FLUSS_RETURN_IF_ERROR(log_storage_error(
        reader_->read_at(valid_bytes, kLogOverhead + static_cast<size_t>(length), bytes)));
    auto batch = LogRecordBatch::parse(bytes.view());
    if (batch.ok()) invalid = batch->ensure_valid();
    if (!batch.ok()) invalid = batch.status();
    if (!invalid.ok()) break;
    if (batch->base_offset() < next_offset_ ||
        batch->last_offset() - base_offset_ > std::numeric_limits<int32_t>::max()) {
      invalid = make_error(ErrorCode::kCorruptRecordException,
                           "batch offsets {}..{} do not follow next offset {}",
                           batch->base_offset(), batch->last_offset(), next_offset_);
      break;
    }
    if (batch->commit_timestamp() > max_timestamp_.timestamp) {
      max_timestamp_ = {batch->commit_timestamp(), batch->base_offset()};
    }
    if (valid_bytes - last_index_entry > config_.index_interval_bytes) {
      if (!offset_index_->is_full()) {
        FLUSS_RETURN_IF_ERROR(offset_index_->append(batch->last_offset(), valid_bytes));
      }
      if (!time_index_->is_full()) {
        FLUSS_RETURN_IF_ERROR(
            time_index_->maybe_append(max_timestamp_.timestamp, max_timestamp_.offset));
      }
      last_index_entry = valid_bytes;
    }
    valid_bytes += batch->size_in_bytes();
    next_offset_ = batch->next_offset();
  }
  const uint64_t truncated = size_ - valid_bytes;
  if (truncated > 0) {
    FLUSS_LOG_WARN("{}: truncating {} invalid bytes at byte {}: {}", log_path_, truncated,
                   valid_bytes, invalid.to_string());
    FLUSS_ASSIGN_OR_RETURN(log_, reopen_truncated(fs_, log_path_, std::move(log_), valid_bytes));
    size_ = valid_bytes;
  }
  bytes_since_last_index_entry_ = valid_bytes - last_index_entry;
  return truncated;
}

Result<uint64_t> LogSegment::truncate_to(LogOffset offset) {
  if (log_ == nullptr) return offline();
  if (offset >= next_offset_) return uint64_t{0};
  uint64_t position = 0;
  LogOffset new_next = base_offset_;
  if (offset > base_offset_) {
    FLUSS_ASSIGN_OR_RETURN(Located at, locate(offset));
    position = at.position;
    new_next = at.header.base_offset;
  }
  FLUSS_RETURN_IF_ERROR(offset_index_->truncate_to(new_next));
  FLUSS_RETURN_IF_ERROR(time_index_->truncate_to(new_next));
  const uint64_t removed = size_ - position;
  FLUSS_ASSIGN_OR_RETURN(log_, reopen_truncated(fs_, log_path_, std::move(log_), position));
  size_ = position;
  FLUSS_RETURN_IF_ERROR(scan_headers(
      offset_index_->entries().empty() ? 0 : offset_index_->entries().back().position));
  merge_time_index_max();
  return removed;
}

Status LogSegment::offline() const {
  return make_error(ErrorCode::kLogStorageException,
                    "{}: offline after a partial write could not be cut off", log_path_);
}

Status LogSegment::sync() {
  if (log_ == nullptr) return offline();
  FLUSS_RETURN_IF_ERROR(log_storage_error(log_->sync()));
  FLUSS_RETURN_IF_ERROR(offset_index_->sync());
  return time_index_->sync();
}

bool LogSegment::should_roll(uint64_t segment_bytes, uint64_t incoming_bytes,
                             LogOffset largest_offset) const {
  return (size_ > 0 && size_ + incoming_bytes > segment_bytes) || offset_index_->is_full() ||
         time_index_->is_full() ||
         largest_offset - base_offset_ > std::numeric_limits<int32_t>::max();
}

}  // namespace fluss::storage
