// SPDX-License-Identifier: Apache-2.0
#include "storage/log/log_tablet.h"

#include <algorithm>
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

// The bucket named by a Fluss tablet directory, else an all-zero one (tests, tools).
static TableBucket bucket_of(std::string_view dir) {
  auto parsed = parse_tablet_dir(dir);
  return parsed.ok() ? parsed->bucket : TableBucket();
}

LogTablet::LogTablet(FileSystem& fs, std::string dir, LogConfig config, Clock clock)
    : fs_(fs),
      dir_(std::move(dir)),
      config_(config),
      clock_(std::move(clock)),
      writer_state_(bucket_of(dir_)) {}

LogTablet::~LogTablet() = default;

Result<std::unique_ptr<LogTablet>> LogTablet::open(FileSystem& fs, std::string dir,
                                                   LogConfig config, Clock clock,
                                                   std::optional<LogOffset> recovery_point) {
  std::unique_ptr<LogTablet> log(new LogTablet(fs, std::move(dir), config, std::move(clock)));
  FLUSS_RETURN_IF_ERROR(log->load_segments(recovery_point));
  FLUSS_RETURN_IF_ERROR(log->load_writer_state());
  return log;
}

Status LogTablet::load_segments(std::optional<LogOffset> recovery_point) {
  FLUSS_RETURN_IF_ERROR(log_storage_error(fs_.create_dirs(dir_)));
  auto names = fs_.list(dir_);
  if (!names.ok()) return log_storage_error(names.status());
  const std::string marker = join_path(dir_, kCleanShutdownFileName);
  auto marker_exists = fs_.exists(marker);
  if (!marker_exists.ok()) return log_storage_error(marker_exists.status());
  const bool clean = *marker_exists;
  if (clean) {
    // Removed before anything is appended, so that a crash from here on is
    // recovered with a full scan.
    FLUSS_RETURN_IF_ERROR(log_storage_error(fs_.remove(marker)));
    FLUSS_RETURN_IF_ERROR(log_storage_error(fs_.sync_dir(dir_)));
  }
  FLUSS_RETURN_IF_ERROR(remove_leftover_files(*names));
  std::vector<LogOffset> bases;
  for (const std::string& name : *names) {
    if (auto base = segment_base(name)) bases.push_back(*base);
  }
  std::sort(bases.begin(), bases.end());
  bool lost_bytes = false;
  for (size_t i = 0; i < bases.size(); ++i) {
    const LogOffset base = bases[i];
    if (lost_bytes || (!segments_.empty() && active().next_offset() != base)) {
      // A segment after a truncated one, or after a gap: its offsets no longer follow.
      FLUSS_LOG_WARN("log tablet {}: deleting segment {} that no longer follows offset {}", dir_,
                     base, active().next_offset());
      FLUSS_RETURN_IF_ERROR(delete_segment_files(base));
      continue;
    }
    FLUSS_ASSIGN_OR_RETURN(auto segment, LogSegment::open(fs_, dir_, base, config_));
    // Java recovers the segment holding the recovery point and every later one.
    const bool flushed = recovery_point && i + 1 < bases.size() && bases[i + 1] <= *recovery_point;
    if (!clean && !flushed) {
      FLUSS_ASSIGN_OR_RETURN(uint64_t truncated, segment->recover());
      lost_bytes = truncated > 0;
      ++segments_recovered_;
    }
    segments_.emplace(base, std::move(segment));
  }
  if (segments_.empty()) {
    FLUSS_ASSIGN_OR_RETURN(auto segment, LogSegment::open(fs_, dir_, LogOffset(0), config_));
    segments_.emplace(LogOffset(0), std::move(segment));
  }
  for (const auto& [base, segment] : segments_) {
    max_timestamp_ = std::max(max_timestamp_, segment->max_timestamp());
  }
  publish_offsets();
  // Java LogLoader: after a clean shutdown everything on disk is durable;
  // otherwise only what an earlier flush covered.
  recovery_point_ = clean ? log_end_offset()
                          : std::min(recovery_point.value_or(log_start_offset()), log_end_offset());
  if (clean) {
    FLUSS_LOG_INFO("log tablet {}: clean shutdown, {} segments loaded without recovery", dir_,
                   segments_.size());
  }
  return Status::OK();
}

Status LogTablet::delete_segment_files(LogOffset base) {
  // Crash-atomic: the .log is renamed first, so that once it is `.deleted` the
  // segment is gone for open() (which removes every `.deleted` file and every
  // index without its .log); only then are the files removed.
  std::vector<std::string> renamed;
  for (const std::string& name :
       {log_file_name(base), offset_index_file_name(base), time_index_file_name(base)}) {
    const std::string path = join_path(dir_, name);
    auto exists = fs_.exists(path);
    if (!exists.ok()) return log_storage_error(exists.status());
    if (!*exists) continue;
    const std::string deleted = path + std::string(kDeletedFileSuffix);
    FLUSS_RETURN_IF_ERROR(log_storage_error(fs_.rename(path, deleted)));
    renamed.push_back(deleted);
  }
  FLUSS_RETURN_IF_ERROR(log_storage_error(fs_.sync_dir(dir_)));
  for (const std::string& path : renamed) {
    FLUSS_RETURN_IF_ERROR(log_storage_error(fs_.remove(path)));
  }
  return Status::OK();
}

Status LogTablet::remove_leftover_files(const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    bool leftover = name.ends_with(kDeletedFileSuffix);
    if (!leftover) {
      // An index whose .log is gone: a deletion was cut short after renaming the .log.
      std::optional<LogOffset> base = offset_from_file_name(name, kIndexFileSuffix);
      if (!base) base = offset_from_file_name(name, kTimeIndexFileSuffix);
      leftover = base && !std::binary_search(names.begin(), names.end(), log_file_name(*base));
    }
    if (!leftover) continue;
    FLUSS_LOG_INFO("log tablet {}: removing {} left by an interrupted deletion", dir_, name);
    FLUSS_RETURN_IF_ERROR(log_storage_error(fs_.remove(join_path(dir_, name))));
  }
  return Status::OK();
}

Status LogTablet::delete_writer_snapshots_above(LogOffset offset) {
  auto names = fs_.list(dir_);
  if (!names.ok()) return log_storage_error(names.status());
  for (const std::string& name : *names) {
    auto snapshot = offset_from_file_name(name, kWriterSnapshotFileSuffix);
    if (snapshot && *snapshot > offset) {
      FLUSS_RETURN_IF_ERROR(log_storage_error(fs_.remove(join_path(dir_, name))));
    }
  }
  return Status::OK();
}

Status LogTablet::delete_writer_snapshots_below(LogOffset offset) {
  auto names = fs_.list(dir_);
  if (!names.ok()) return log_storage_error(names.status());
  for (const std::string& name : *names) {
    auto snapshot = offset_from_file_name(name, kWriterSnapshotFileSuffix);
    if (snapshot && *snapshot < offset) {
      FLUSS_RETURN_IF_ERROR(log_storage_error(fs_.remove(join_path(dir_, name))));
    }
  }
  return Status::OK();
}

Result<std::vector<WriterBatch>> LogTablet::writer_batches_from(LogOffset offset) const {
  std::vector<WriterBatch> out;
  LogOffset at = std::max(offset, log_start_offset());
  ByteBuffer bytes;
  while (at < log_end_offset()) {
    FLUSS_ASSIGN_OR_RETURN(FetchDataInfo info, read(at, config_.segment_bytes));
    if (!info.slice || info.slice->size == 0) break;
    FLUSS_RETURN_IF_ERROR(log_storage_error(read_slice(*info.slice, bytes)));
    LogRecords records(bytes.view());
    const LogOffset before = at;
    while (true) {
      auto batch = records.next_batch();
      if (!batch.ok()) return log_storage_error(batch.status());
      if (!batch->has_value()) break;
      const LogRecordBatch& view = **batch;
      // The first batch read may start before `offset` (it contains it).
      if (view.last_offset() >= offset) out.push_back(WriterBatch::of(view));
      at = view.next_offset();
    }
    if (at <= before) break;  // no progress: nothing more to read
  }
  return out;
}

Status LogTablet::load_writer_state() {
  auto names = fs_.list(dir_);
  if (!names.ok()) return log_storage_error(names.status());
  std::vector<LogOffset> snapshots;
  for (const std::string& name : *names) {
    if (auto offset = offset_from_file_name(name, kWriterSnapshotFileSuffix)) {
      snapshots.push_back(*offset);
    }
  }
  std::sort(snapshots.begin(), snapshots.end());
  std::vector<LogOffset> bases;
  for (const auto& [base, segment] : segments_) bases.push_back(base);
  // Snapshots above the log end (their batches were lost), then strays among the rest.
  std::vector<LogOffset> strays;
  while (!snapshots.empty() && snapshots.back() > log_end_offset()) {
    strays.push_back(snapshots.back());
    snapshots.pop_back();
  }
  for (LogOffset offset : stray_writer_snapshots(snapshots, bases)) strays.push_back(offset);
  for (LogOffset offset : strays) {
    FLUSS_LOG_INFO("log tablet {}: deleting stray writer snapshot {}", dir_,
                   writer_snapshot_file_name(offset));
    if (auto exists = fs_.exists(join_path(dir_, writer_snapshot_file_name(offset)));
        exists.ok() && *exists) {
      FLUSS_RETURN_IF_ERROR(
          log_storage_error(fs_.remove(join_path(dir_, writer_snapshot_file_name(offset)))));
    }
  }
  std::erase_if(snapshots, [&](LogOffset offset) {
    return std::find(strays.begin(), strays.end(), offset) != strays.end();
  });

  const int64_t now = clock_();
  writer_state_.truncate_fully_and_start_at(log_start_offset());
  for (auto it = snapshots.rbegin(); it != snapshots.rend(); ++it) {
    const std::string name = writer_snapshot_file_name(*it);
    ByteBuffer json;
    // A failed read is a disk error, not a corrupt snapshot: the file stays.
    FLUSS_RETURN_IF_ERROR(log_storage_error(read_file(fs_, join_path(dir_, name), json)));
    Status loaded = writer_state_.load_snapshot(
        std::string_view(reinterpret_cast<const char*>(json.view().data()), json.view().size()),
        name, *it, now);
    if (loaded.ok()) break;
    FLUSS_LOG_WARN("log tablet {}: deleting writer snapshot {}: {}", dir_, name, loaded.message());
    FLUSS_RETURN_IF_ERROR(log_storage_error(fs_.remove(join_path(dir_, name))));
  }
  FLUSS_ASSIGN_OR_RETURN(std::vector<WriterBatch> batches,
                         writer_batches_from(writer_state_.map_end_offset()));
  if (Status replayed = writer_state_.replay(batches, now); !replayed.ok()) {
    return make_error(ErrorCode::kLogStorageException,
                      "log tablet {}: cannot rebuild writer state from offset {}: {}", dir_,
                      writer_state_.map_end_offset(), replayed.message());
  }
  writer_state_.update_map_end_offset(log_end_offset());
  return Status::OK();
}

Status LogTablet::write_writer_snapshot() {
  const std::string json = writer_state_.serialize_snapshot();
  return log_storage_error(
      write_file_atomically(fs_, join_path(dir_, writer_snapshot_file_name(log_end_offset())),
                            ByteView(reinterpret_cast<const uint8_t*>(json.data()), json.size())));
}

Status LogTablet::check_open() const {
  if (!closed_) return Status::OK();
  return make_error(ErrorCode::kLogStorageException, "log tablet {} is closed", dir_);
}

Status LogTablet::corrupt(size_t batch_index, uint64_t position, const Status& cause) const {
  return make_error(ErrorCode::kCorruptRecordException,
                    "log tablet {}: batch {} at byte {} of the request (log end offset {}): {}",
                    dir_, batch_index, position, log_end_offset(), cause.message());
}

Result<LogAppendInfo> LogTablet::append(std::span<uint8_t> batches) {
  FLUSS_RETURN_IF_ERROR(check_open());
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
  std::vector<WriterBatch> writer_batches;
  writer_batches.reserve(spans.size());
  for (const auto& [position, size] : spans) {
    auto batch = MutableLogRecordBatch::parse(batches.subspan(position, size));
    FLUSS_CHECK(batch.ok(), "batch validated above no longer parses");
    batch->set_base_offset(next_offset);
    batch->set_commit_timestamp(info.commit_timestamp);
    writer_batches.push_back(WriterBatch::of(batch->view()));
    next_offset = batch->view().next_offset();
  }
  info.last_offset = next_offset + -1;

  auto prepared =
      writer_state_.prepare_append(writer_batches, AppendOrigin::kLeader, info.commit_timestamp);
  if (!prepared.ok()) {
    return make_error(prepared.status().code(), "log tablet {}: {}", dir_,
                      prepared.status().message());
  }
  if (prepared->duplicate) {
    const BatchMetadata& original = *prepared->duplicate;
    FLUSS_LOG_DEBUG("log tablet {}: duplicate batch {} of writer {}, original offsets {}..{}", dir_,
                    original.batch_sequence, original.writer_id, original.first_offset(),
                    original.last_offset);
    return LogAppendInfo{.first_offset = original.first_offset(),
                         .last_offset = original.last_offset,
                         .commit_timestamp = original.timestamp,
                         .batch_count = info.batch_count,
                         .bytes = 0,
                         .duplicate = true};
  }

  FLUSS_ASSIGN_OR_RETURN(bool time_roll, time_roll_due(info.commit_timestamp));
  if (time_roll || active().should_roll(config_.segment_bytes, batches.size(), info.last_offset)) {
    FLUSS_RETURN_IF_ERROR(roll());
  }
  // The bytes are written without the lock and published under it: readers
  // never wait for the write, and never see bytes that are not all there.
  FLUSS_RETURN_IF_ERROR(active().write(ByteView(batches.data(), batches.size())));
  {
    std::lock_guard lock(mu_);
    FLUSS_RETURN_IF_ERROR(active().publish(info.last_offset, info.commit_timestamp,
                                           info.first_offset, batches.size()));
    publish_offsets();
  }
  max_timestamp_ = info.commit_timestamp;
  writer_state_.commit(prepared->update);
  writer_state_.update_map_end_offset(log_end_offset());
  if (log_end_offset() - recovery_point_.load() >= config_.flush_interval_messages) {
    FLUSS_RETURN_IF_ERROR(flush());
  }
  return info;
}

Result<bool> LogTablet::time_roll_due(int64_t now) {
  if (!config_.segment_ms || active().size() == 0) return false;
  if (!active_first_timestamp_) {
    const LogSegment& segment = active();
    FLUSS_ASSIGN_OR_RETURN(std::optional<FileSlice> slice,
                           segment.read(segment.base_offset(), 1, segment.size()));
    if (!slice) return false;
    ByteBuffer bytes;
    FLUSS_RETURN_IF_ERROR(log_storage_error(read_slice(*slice, bytes)));
    auto batch = LogRecords(bytes.view()).next_batch();
    if (!batch.ok()) return log_storage_error(batch.status());
    if (!batch->has_value()) return false;
    active_first_timestamp_ = (*batch)->commit_timestamp();
  }
  return now - *active_first_timestamp_ > *config_.segment_ms;
}

Status LogTablet::roll() {
  active_first_timestamp_.reset();
  // Everything below the new segment is made durable (Java flushes it
  // asynchronously up to the new base), so the recovery point moves there.
  FLUSS_RETURN_IF_ERROR(sync_from_recovery_point());
  // The snapshot is named after the new segment's base (Java takes it on roll).
  FLUSS_RETURN_IF_ERROR(write_writer_snapshot());
  const LogOffset base = log_end_offset();
  FLUSS_ASSIGN_OR_RETURN(auto segment, LogSegment::open(fs_, dir_, base, config_));
  {
    std::lock_guard lock(mu_);
    segments_.emplace(base, std::move(segment));
  }
  FLUSS_RETURN_IF_ERROR(log_storage_error(fs_.sync_dir(dir_)));
  recovery_point_ = std::max(recovery_point_.load(), base);
  return Status::OK();
}

Status LogTablet::sync_from_recovery_point() {
  if (recovery_point_.load() >= log_end_offset()) return Status::OK();
  // The segment holding the recovery point, and every one after it.
  auto it = segments_.upper_bound(recovery_point_.load());
  if (it != segments_.begin()) --it;
  for (; it != segments_.end(); ++it) FLUSS_RETURN_IF_ERROR(it->second->sync());
  return Status::OK();
}

Result<FetchDataInfo> LogTablet::read(LogOffset offset, uint64_t max_bytes,
                                      std::optional<LogOffset> max_offset) const {
  std::lock_guard lock(mu_);
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

Status LogTablet::flush() {
  FLUSS_RETURN_IF_ERROR(check_open());
  const LogOffset end = log_end_offset();
  FLUSS_RETURN_IF_ERROR(sync_from_recovery_point());
  recovery_point_ = std::max(recovery_point_.load(), end);
  return Status::OK();
}

Status LogTablet::close() {
  FLUSS_RETURN_IF_ERROR(check_open());
  FLUSS_RETURN_IF_ERROR(sync_from_recovery_point());
  recovery_point_ = log_end_offset();
  FLUSS_RETURN_IF_ERROR(write_writer_snapshot());
  FLUSS_RETURN_IF_ERROR(log_storage_error(
      write_file_atomically(fs_, join_path(dir_, kCleanShutdownFileName), ByteView())));
  closed_ = true;
  return Status::OK();
}

size_t LogTablet::remove_expired_writers(int64_t now_ms) {
  return writer_state_.remove_expired_writers(now_ms);
}

void LogTablet::publish_offsets() {
  log_start_.store(segments_.begin()->first.value(), std::memory_order_release);
  log_end_.store(active().next_offset().value(), std::memory_order_release);
}

std::vector<LogOffset> LogTablet::segment_base_offsets() const {
  std::lock_guard lock(mu_);
  std::vector<LogOffset> bases;
  for (const auto& [base, segment] : segments_) bases.push_back(base);
  return bases;
}

size_t LogTablet::segment_count() const {
  std::lock_guard lock(mu_);
  return segments_.size();
}

uint64_t LogTablet::size_in_bytes() const {
  std::lock_guard lock(mu_);
  uint64_t total = 0;
  for (const auto& [base, segment] : segments_) total += segment->size();
  return total;
}

Result<std::optional<LogOffset>> LogTablet::offset_for_timestamp(int64_t timestamp) const {
  std::lock_guard lock(mu_);
  for (const auto& [base, segment] : segments_) {
    if (segment->max_timestamp() < timestamp) continue;
    FLUSS_ASSIGN_OR_RETURN(std::optional<TimestampOffset> found,
                           segment->find_offset_by_timestamp(timestamp, base));
    if (found) return std::optional<LogOffset>(found->offset);
  }
  return std::optional<LogOffset>();
}

Result<size_t> LogTablet::delete_expired_segments(int64_t now_ms, LogOffset high_watermark,
                                                  std::optional<int64_t> ttl_ms,
                                                  std::optional<int64_t> retention_bytes) {
  FLUSS_RETURN_IF_ERROR(check_open());
  // Fluss's isSegmentExpired: a non-positive TTL keeps everything.
  auto expired = [&](const LogSegment& segment) {
    return ttl_ms && *ttl_ms > 0 && now_ms - segment.max_timestamp() > *ttl_ms;
  };
  uint64_t total = size_in_bytes();
  std::vector<LogOffset> deletable;
  for (auto it = segments_.begin(); std::next(it) != segments_.end(); ++it) {
    const LogSegment& segment = *it->second;
    // A segment goes only once every offset in it is below the high watermark.
    const bool committed = std::next(it)->first <= high_watermark;
    const bool by_ttl = expired(segment);
    const bool over_size =
        retention_bytes && total > static_cast<uint64_t>(std::max<int64_t>(*retention_bytes, 0));
    if (!committed || (!by_ttl && !over_size)) break;
    if (by_ttl) {
      FLUSS_LOG_INFO(
          "log tablet {}: deleting segment {} by retention: largest commit timestamp {} is "
          "older than {} ms at {}",
          dir_, it->first, segment.max_timestamp(), *ttl_ms, now_ms);
    } else {
      FLUSS_LOG_INFO(
          "log tablet {}: deleting segment {} by retention: the log's {} bytes exceed {} bytes",
          dir_, it->first, total, *retention_bytes);
    }
    deletable.push_back(it->first);
    total -= segment.size();
  }
  if (config_.roll_active_segment_on_retention && deletable.size() == segments_.size() - 1 &&
      active().size() > 0 && expired(active()) && high_watermark >= log_end_offset()) {
    FLUSS_LOG_INFO("log tablet {}: rolling the expired active segment {} for retention", dir_,
                   active().base_offset());
    FLUSS_RETURN_IF_ERROR(roll());
  }
  for (LogOffset base : deletable) {
    {
      std::lock_guard lock(mu_);
      segments_.erase(base);
      publish_offsets();
    }
    FLUSS_RETURN_IF_ERROR(delete_segment_files(base));
  }
  if (deletable.empty()) return deletable.size();
  // Java deletes the snapshots at the deleted segments' bases; those below the
  // new start are the same set plus any stray.
  FLUSS_RETURN_IF_ERROR(delete_writer_snapshots_below(log_start_offset()));
  FLUSS_RETURN_IF_ERROR(log_storage_error(fs_.sync_dir(dir_)));
  return deletable.size();
}

Status LogTablet::truncate_to(LogOffset offset) {
  FLUSS_RETURN_IF_ERROR(check_open());
  if (offset >= log_end_offset()) return Status::OK();
  if (offset < log_start_offset()) return truncate_fully_and_start_at(offset);
  FLUSS_LOG_INFO("log tablet {}: truncating from log end {} to offset {}", dir_, log_end_offset(),
                 offset);
  {
    // Rare: readers wait for the truncation.
    std::lock_guard lock(mu_);
    while (segments_.size() > 1 && active().base_offset() > offset) {
      const LogOffset base = active().base_offset();
      segments_.erase(std::prev(segments_.end()));
      publish_offsets();
      FLUSS_RETURN_IF_ERROR(delete_segment_files(base));
    }
    active_first_timestamp_.reset();
    Status truncated = active().truncate_to(offset).status();
    publish_offsets();
    FLUSS_RETURN_IF_ERROR(truncated);
  }
  FLUSS_RETURN_IF_ERROR(active().sync());
  FLUSS_RETURN_IF_ERROR(delete_writer_snapshots_above(log_end_offset()));
  FLUSS_RETURN_IF_ERROR(log_storage_error(fs_.sync_dir(dir_)));
  recovery_point_ = std::min(recovery_point_.load(), log_end_offset());
  max_timestamp_ = -1;
  for (const auto& [base, segment] : segments_) {
    max_timestamp_ = std::max(max_timestamp_, segment->max_timestamp());
  }
  // Batches retained for a writer may be gone: reload from the newest snapshot at
  // or below the new log end and replay (Java truncateAndReload).
  return load_writer_state();
}

Status LogTablet::truncate_fully_and_start_at(LogOffset offset) {
  FLUSS_RETURN_IF_ERROR(check_open());
  FLUSS_LOG_INFO("log tablet {}: truncating fully, restarting at offset {}", dir_, offset);
  // Rare: readers wait for the whole of it (the map is empty in between).
  std::lock_guard lock(mu_);
  std::vector<LogOffset> bases;
  for (const auto& [base, segment] : segments_) bases.push_back(base);
  segments_.clear();
  active_first_timestamp_.reset();
  for (LogOffset base : bases) FLUSS_RETURN_IF_ERROR(delete_segment_files(base));
  FLUSS_RETURN_IF_ERROR(delete_writer_snapshots_above(LogOffset(-1)));
  FLUSS_ASSIGN_OR_RETURN(auto segment, LogSegment::open(fs_, dir_, offset, config_));
  segments_.emplace(offset, std::move(segment));
  publish_offsets();
  FLUSS_RETURN_IF_ERROR(log_storage_error(fs_.sync_dir(dir_)));
  recovery_point_ = offset;
  max_timestamp_ = -1;
  writer_state_.truncate_fully_and_start_at(offset);
  return Status::OK();
}

}  // namespace fluss::storage
