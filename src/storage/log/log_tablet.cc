// SPDX-License-Identifier: Apache-2.0
#include "storage/log/log_tablet.h"

#include <chrono>
#include <limits>

#include "common/logging.h"
#include "record/log_record_batch.h"
#include "storage/log/fluss_paths.h"
#include "storage/log/index_file.h"

namespace fluss::storage {
namespace {

// The base offset of a segment file name "<20 digits>.log", if it is one.
std::optional<LogOffset> segment_base(std::string_view name) {
  if (name.size() != 20 + kLogFileSuffix.size()) return std::nullopt;
  std::optional<LogOffset> base = offset_from_file_name(name, kLogFileSuffix);
  // Room above the base for a segment's int32 relative offsets, so that offset
  // arithmetic in the segment cannot overflow.
  if (!base || base->value() > std::numeric_limits<int64_t>::max() - (int64_t{1} << 32)) {
    return std::nullopt;
  }
  return base;
}

}  // namespace

int64_t system_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

LogTablet::LogTablet(FileSystem& fs, std::string dir, LogConfig config, Clock clock)
    : fs_(fs), dir_(std::move(dir)), config_(config), clock_(std::move(clock)) {}

LogTablet::~LogTablet() = default;

Result<std::unique_ptr<LogTablet>> LogTablet::open(FileSystem& fs, std::string dir,
                                                   LogConfig config, Clock clock) {
  std::unique_ptr<LogTablet> log(new LogTablet(fs, std::move(dir), config, std::move(clock)));
  FLUSS_RETURN_IF_ERROR(log->load_segments());
  return log;
}

Status LogTablet::load_segments() {
  FLUSS_RETURN_IF_ERROR(log_storage_error(fs_.create_dirs(dir_)));
  auto names = fs_.list(dir_);
  if (!names.ok()) return log_storage_error(names.status());
  std::vector<LogOffset> bases;
  for (const std::string& name : *names) {
    if (auto base = segment_base(name)) bases.push_back(*base);
  }
  std::sort(bases.begin(), bases.end());
  bool lost_bytes = false;
  for (LogOffset base : bases) {
    if (lost_bytes || (!segments_.empty() && active().next_offset() != base)) {
      // A segment after a truncated one, or after a gap: its offsets no longer follow.
      FLUSS_LOG_WARN("log tablet {}: deleting segment {} that no longer follows offset {}", dir_,
                     base, active().next_offset());
      for (const std::string& name :
           {log_file_name(base), offset_index_file_name(base), time_index_file_name(base)}) {
        const std::string path = join_path(dir_, name);
        if (auto exists = fs_.exists(path); exists.ok() && *exists) {
          FLUSS_RETURN_IF_ERROR(log_storage_error(fs_.remove(path)));
        }
      }
      continue;
    }
    FLUSS_ASSIGN_OR_RETURN(auto segment, LogSegment::open(fs_, dir_, base, config_));
    FLUSS_ASSIGN_OR_RETURN(uint64_t truncated, segment->recover());
    lost_bytes = truncated > 0;
    segments_.emplace(base, std::move(segment));
  }
  if (segments_.empty()) {
    FLUSS_ASSIGN_OR_RETURN(auto segment, LogSegment::open(fs_, dir_, LogOffset(0), config_));
    segments_.emplace(LogOffset(0), std::move(segment));
  }
  for (const auto& [base, segment] : segments_) {
    max_timestamp_ = std::max(max_timestamp_, segment->max_timestamp());
  }
  return Status::OK();
}

Status LogTablet::corrupt(size_t batch_index, uint64_t position, const Status& cause) const {
  return make_error(ErrorCode::kCorruptRecordException,
                    "log tablet {}: batch {} at byte {} of the request (log end offset {}): {}",
                    dir_, batch_index, position, log_end_offset(), cause.message());
}

Result<LogAppendInfo> LogTablet::append(std::span<uint8_t> batches) {
  // Validate everything before changing anything.
  LogRecords records(ByteView(batches.data(), batches.size()));
  std::vector<std::pair<uint64_t, uint64_t>> spans;  // position, size of each batch
  while (true) {
    const uint64_t position = records.position();
    auto batch = records.next_batch();
    if (!batch.ok()) return corrupt(spans.size(), position, batch.status());
    if (!batch->has_value()) break;
    if (Status valid = (*batch)->ensure_valid(); !valid.ok()) {
      return corrupt(spans.size(), position, valid);
    }
    spans.emplace_back(position, (*batch)->size_in_bytes());
  }
  if (records.position() != batches.size()) {
    return corrupt(
        spans.size(), records.position(),
        make_error(ErrorCode::kCorruptRecordException, "{} trailing bytes are no whole batch",
                   batches.size() - records.position()));
  }
  LogAppendInfo info{.first_offset = log_end_offset(),
                     .last_offset = log_end_offset() + -1,
                     .commit_timestamp = std::max(max_timestamp_, clock_()),
                     .batch_count = static_cast<int32_t>(spans.size()),
                     .bytes = batches.size()};
  if (spans.empty()) return info;
  if (batches.size() > config_.segment_bytes) {
    return make_error(ErrorCode::kRecordTooLargeException,
                      "log tablet {}: {} bytes of batches exceed the segment size {} "
                      "(log.segment.file-size)",
                      dir_, batches.size(), config_.segment_bytes);
  }

  LogOffset next_offset = log_end_offset();
  for (const auto& [position, size] : spans) {
    auto batch = MutableLogRecordBatch::parse(batches.subspan(position, size));
    FLUSS_CHECK(batch.ok(), "batch validated above no longer parses");
    batch->set_base_offset(next_offset);
    batch->set_commit_timestamp(info.commit_timestamp);
    next_offset = batch->view().next_offset();
  }
  info.last_offset = next_offset + -1;

  if (active().should_roll(config_.segment_bytes, batches.size(), info.last_offset)) {
    FLUSS_RETURN_IF_ERROR(roll());
  }
  FLUSS_RETURN_IF_ERROR(active().append(info.last_offset, info.commit_timestamp, info.first_offset,
                                        ByteView(batches.data(), batches.size())));
  max_timestamp_ = info.commit_timestamp;
  return info;
}

Status LogTablet::roll() {
  FLUSS_RETURN_IF_ERROR(active().sync());
  const LogOffset base = log_end_offset();
  FLUSS_ASSIGN_OR_RETURN(auto segment, LogSegment::open(fs_, dir_, base, config_));
  segments_.emplace(base, std::move(segment));
  return log_storage_error(fs_.sync_dir(dir_));
}

Result<FetchDataInfo> LogTablet::read(LogOffset offset, uint64_t max_bytes,
                                      std::optional<LogOffset> max_offset) const {
  if (offset < log_start_offset() || offset > log_end_offset()) {
    return make_error(ErrorCode::kLogOffsetOutOfRangeException,
                      "log tablet {}: offset {} is outside the log's [{}, {}]", dir_, offset,
                      log_start_offset(), log_end_offset());
  }
  FetchDataInfo info{.fetch_offset = offset, .slice = std::nullopt};
  const LogOffset upper = max_offset ? std::min(*max_offset, log_end_offset()) : log_end_offset();
  if (offset >= upper) return info;
  // The last segment whose base is <= offset, then on if it holds nothing there.
  for (auto it = std::prev(segments_.upper_bound(offset)); it != segments_.end(); ++it) {
    const LogSegment& segment = *it->second;
    if (segment.base_offset() >= upper) break;
    FLUSS_ASSIGN_OR_RETURN(uint64_t max_position, segment.position_of(upper));
    FLUSS_ASSIGN_OR_RETURN(info.slice, segment.read(offset, max_bytes, max_position));
    if (info.slice) return info;
  }
  return info;
}

Status LogTablet::flush() { return active().sync(); }

}  // namespace fluss::storage
