// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/kv_tablet.h"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <utility>

#include "common/config_options.h"
#include "common/logging.h"
#include "record/kv_record_batch.h"
#include "record/log_record_batch.h"
#include "record/memory_log_records_builder.h"
#include "record/value_record_batch.h"

namespace fluss::storage {
namespace {

RowFormat row_format_of(KvFormat format) {
  return format == KvFormat::kIndexed ? RowFormat::kIndexed : RowFormat::kCompacted;
}

std::string to_key(ByteView bytes) { return std::string(as_string_view(bytes)); }

std::string encoded_value(SchemaId schema_id, ByteView row) {
  ByteBuffer out(row.size() + 2);
  encode_value(schema_id, row, out);
  return out.to_string();
}

}  // namespace

// The changelog rows of one put_as_leader(), built into ONE log batch in the
// table's log format under the latest schema (Fluss's WalBuilder). Rows of older
// schemas are decoded and padded with nulls (only ADD COLUMN LAST exists).
class ChangelogBuilder {
 public:
  ChangelogBuilder(LogRecordBatchOptions options, RowType latest_type, SchemaId latest_id,
                   RowFormat kv_row_format, ArrowCompression compression)
      : latest_type_(std::move(latest_type)),
        latest_id_(latest_id),
        kv_row_format_(kv_row_format),
        format_(options.format),
        builder_(options.format == LogFormat::kArrow
                     ? MemoryLogRecordsBuilder(options, latest_type_, compression)
                     : MemoryLogRecordsBuilder(options)) {}

  // Appends `value` (a row in the kv format under its schema, whose row type is
  // `type`) with `change_type`.
  Status add(ChangeType change_type, BinaryValue value, const RowType& type) {
    const RowFormat log_row_format =
        format_ == LogFormat::kIndexed ? RowFormat::kIndexed : RowFormat::kCompacted;
    if (format_ != LogFormat::kArrow && value.schema_id == latest_id_ &&
        log_row_format == kv_row_format_) {
      builder_.append(change_type, value.row);
      return Status::OK();
    }
    FLUSS_ASSIGN_OR_RETURN(GenericRow row, decode_row(kv_row_format_, type, value.row));
    if (row.arity() < latest_type_.size()) {
      std::vector<Datum> fields = row.fields();
      fields.resize(latest_type_.size());
      row = GenericRow(std::move(fields));
    }
    if (format_ == LogFormat::kArrow) return builder_.append(change_type, row);
    scratch_.clear();
    FLUSS_RETURN_IF_ERROR(encode_row(log_row_format, latest_type_, row, scratch_));
    builder_.append(change_type, scratch_.view());
    return Status::OK();
  }

  int32_t record_count() const { return builder_.record_count(); }
  Status finish(ByteBuffer& out) { return builder_.finish(out); }

 private:
  RowType latest_type_;
  SchemaId latest_id_;
  RowFormat kv_row_format_;
  LogFormat format_;
  MemoryLogRecordsBuilder builder_;
  ByteBuffer scratch_;
};

KvTablet::KvTablet(KvTabletParams params, LogTablet& log) : params_(std::move(params)), log_(log) {}

KvTablet::~KvTablet() {
  // An upload in flight uses the snapshot store and this tablet's name.
  wait_for_snapshot_upload().ignore_error();
}

std::string KvTablet::name() const { return params_.bucket.to_string(); }

Result<std::unique_ptr<KvTablet>> KvTablet::open(KvTabletParams params, LogTablet& log) {
  std::unique_ptr<KvTablet> tablet(new KvTablet(std::move(params), log));
  FLUSS_RETURN_IF_ERROR(tablet->init_table());
  if (tablet->params_.snapshot) {
    FLUSS_RETURN_IF_ERROR(tablet->open_or_restore());
  } else {
    FLUSS_RETURN_IF_ERROR(
        tablet->init(tablet->params_.kv_dir + "/" + std::string(kKvDbDirName), std::nullopt));
  }
  return tablet;
}

Result<std::unique_ptr<KvTablet>> KvTablet::restore_from_snapshot_dir(KvTabletParams params,
                                                                      LogTablet& log,
                                                                      std::string db_dir,
                                                                      LogOffset log_offset) {
  std::unique_ptr<KvTablet> tablet(new KvTablet(std::move(params), log));
  FLUSS_RETURN_IF_ERROR(tablet->init_table());
  FLUSS_RETURN_IF_ERROR(tablet->init(std::move(db_dir), log_offset));
  return tablet;
}

Status KvTablet::open_or_restore() {
  const KvTabletSnapshotParams& sp = *params_.snapshot;
  if (sp.local_fs == nullptr || sp.remote_fs == nullptr) {
    return make_error(ErrorCode::kKvStorageException, "{}: snapshot params without file systems",
                      name());
  }
  FLUSS_ASSIGN_OR_RETURN(snapshot_store_,
                         KvSnapshotStore::open(*sp.local_fs, *sp.remote_fs,
                                               KvSnapshotStoreOptions{
                                                   .table_bucket = params_.bucket,
                                                   .remote_tablet_dir = sp.remote_tablet_dir,
                                                   .local_tablet_dir = params_.kv_dir,
                                                   .num_retained = sp.num_retained,
                                               }));
  if (!snapshot_store_->retained_snapshots().empty()) {
    last_snapshot_offset_ = snapshot_store_->retained_snapshots().back().log_offset;
  }
  const std::string db_dir = params_.kv_dir + "/" + std::string(kKvDbDirName);
  std::error_code ec;
  if (std::filesystem::exists(db_dir + "/CURRENT", ec)) {
    Result<std::unique_ptr<RocksDbKv>> local = RocksDbKv::open(db_dir, name(), params_.resources);
    if (local.ok()) {
      kv_ = std::move(local).value();
      FLUSS_ASSIGN_OR_RETURN(const std::optional<LogOffset> stored, kv_->flushed_offset());
      const LogOffset from = stored.value_or(log_.log_start_offset());
      if (from >= log_.log_start_offset()) return replay(from);
      FLUSS_LOG_WARN(
          "{}: the local RocksDB covers the log up to {} but the log starts at {}; restoring "
          "from the latest snapshot",
          name(), from.value(), log_.log_start_offset().value());
      FLUSS_RETURN_IF_ERROR(kv_->close());
      kv_.reset();
    } else if (local.status().message().find("Corruption") != std::string_view::npos) {
      // Only a corrupt database is replaced: any other failure (a held lock, a
      // full disk) may concern a good one.
      FLUSS_LOG_WARN("{}: the local RocksDB is unusable ({}); restoring from the latest snapshot",
                     name(), local.status().to_string());
    } else {
      return local.status();
    }
  } else {
    FLUSS_LOG_INFO("{}: no local RocksDB in {}; restoring from the latest snapshot", name(),
                   db_dir);
  }
  std::filesystem::remove_all(db_dir, ec);
  if (ec) {
    return make_error(ErrorCode::kKvStorageException, "{}: cannot delete {}: {}", name(), db_dir,
                      ec.message());
  }
  FLUSS_ASSIGN_OR_RETURN(const std::optional<RestoredKvSnapshot> restored,
                         snapshot_store_->restore_latest(db_dir));
  if (!restored) {
    FLUSS_LOG_INFO("{}: no usable snapshot in {}; replaying the whole changelog", name(),
                   sp.remote_tablet_dir);
    return init(db_dir, std::nullopt);
  }
  FLUSS_LOG_INFO("{}: restored snapshot {} ({} bytes, log offset {}) into {}", name(),
                 restored->snapshot.snapshot_id, restored->snapshot.total_size(),
                 restored->log_offset.value(), db_dir);
  last_snapshot_offset_ = restored->log_offset;
  FLUSS_RETURN_IF_ERROR(init(db_dir, restored->log_offset));
  recovery_.restored_snapshot_id = restored->snapshot.snapshot_id;
  // Continue the snapshot's id segment past the ids the replayed changelog used.
  if (auto_increment_) {
    for (const AutoIncIdRange& range : restored->snapshot.auto_inc_id_ranges) {
      if (range.column_id != auto_increment_->column_id()) continue;
      const AutoIncIdRange next = AutoIncrementSequence::advance_after_replay(
          range, replayed_auto_increment_id_, auto_increment_->cache_size());
      FLUSS_RETURN_IF_ERROR(auto_increment_->update_range(next));
      FLUSS_LOG_INFO("{}: auto-increment ids continue at [{}, {}] after the restore", name(),
                     next.start, next.end);
    }
  }
  return Status::OK();
}

Status KvTablet::init_table() {
  const TableInfo& table = params_.table;
  const TableConfig config = table.table_config();
  latest_schema_ = std::make_shared<const Schema>(table.schema());
  FLUSS_ASSIGN_OR_RETURN(log_format_, config.log_format());
  FLUSS_ASSIGN_OR_RETURN(kv_format_, config.kv_format());
  kv_row_format_ = row_format_of(kv_format_);
  FLUSS_ASSIGN_OR_RETURN(changelog_image_, config.changelog_image());
  FLUSS_ASSIGN_OR_RETURN(arrow_compression_.type, config.arrow_compression_type());
  FLUSS_ASSIGN_OR_RETURN(arrow_compression_.zstd_level, config.arrow_compression_zstd_level());
  FLUSS_ASSIGN_OR_RETURN(const std::optional<DataLakeFormat> lake, config.datalake_format());
  FLUSS_ASSIGN_OR_RETURN(const std::optional<int32_t> version, config.kv_format_version());
  FLUSS_ASSIGN_OR_RETURN(
      key_encoding_, primary_key_encoding(lake, version.value_or(1),
                                          table.is_default_bucket_key() ? BucketKeyKind::kDefault
                                                                        : BucketKeyKind::kCustom));
  SchemaGetter getter = [this](SchemaId id) { return schema_for(id); };
  FLUSS_ASSIGN_OR_RETURN(row_merger_, create_row_merger(config, kv_format_, getter));
  FLUSS_RETURN_IF_ERROR(init_auto_increment());

  std::error_code ec;
  std::filesystem::create_directories(params_.kv_dir, ec);
  if (ec) {
    return make_error(ErrorCode::kKvStorageException, "{}: cannot create {}: {}", name(),
                      params_.kv_dir, ec.message());
  }
  return Status::OK();
}

Status KvTablet::init(std::string db_dir, std::optional<LogOffset> replay_from) {
  FLUSS_ASSIGN_OR_RETURN(kv_, RocksDbKv::open(std::move(db_dir), name(), params_.resources));
  LogOffset from = log_.log_start_offset();
  if (replay_from) {
    from = *replay_from;
  } else {
    FLUSS_ASSIGN_OR_RETURN(const std::optional<LogOffset> stored, kv_->flushed_offset());
    if (stored) from = *stored;
  }
  return replay(from);
}

Result<std::shared_ptr<const Schema>> KvTablet::schema_for(SchemaId id) const {
  if (id == params_.table.schema_id()) return latest_schema_;
  if (params_.schema_getter) return params_.schema_getter(id);
  return make_error(ErrorCode::kSchemaNotExist, "{}: schema id {} is unknown (latest {})", name(),
                    id.value(), params_.table.schema_id().value());
}

Result<const RowType*> KvTablet::row_type_for(SchemaId id) {
  auto it = row_types_.find(id);
  if (it == row_types_.end()) {
    FLUSS_ASSIGN_OR_RETURN(std::shared_ptr<const Schema> schema, schema_for(id));
    it = row_types_.emplace(id, schema->row_type()).first;
  }
  return &it->second;
}

Result<const KeyEncoder*> KvTablet::key_encoder_for(SchemaId id) {
  auto it = key_encoders_.find(id);
  if (it == key_encoders_.end()) {
    FLUSS_ASSIGN_OR_RETURN(std::shared_ptr<const Schema> schema, schema_for(id));
    FLUSS_ASSIGN_OR_RETURN(std::vector<int> indexes,
                           schema->column_indexes(params_.table.physical_primary_keys()));
    FLUSS_ASSIGN_OR_RETURN(
        std::unique_ptr<KeyEncoder> encoder,
        KeyEncoder::create(key_encoding_, schema->row_type(), indexes, schema->column_names()));
    it = key_encoders_.emplace(id, std::move(encoder)).first;
  }
  return it->second.get();
}

Status KvTablet::replay(LogOffset from) {
  const LogOffset end = log_.log_end_offset();
  const LogOffset hw = std::min(params_.high_watermark, end);
  recovery_ = KvRecoveryInfo{.from = from, .to = end};
  flushed_offset_ = from;
  // The row count stored with the data; a new database starts at 0.
  std::optional<int64_t> row_count;
  if (changelog_image_ == ChangelogImage::kFull) {
    FLUSS_ASSIGN_OR_RETURN(const std::optional<LogOffset> stored_offset, kv_->flushed_offset());
    FLUSS_ASSIGN_OR_RETURN(row_count, kv_->row_count());
    if (!stored_offset) row_count = 0;
  }
  row_count_ = row_count.value_or(kRowCountUnknown);
  if (from > end) {
    FLUSS_LOG_WARN("{}: RocksDB covers the log up to {} but the log ends at {}; nothing to replay",
                   name(), from.value(), end.value());
    return Status::OK();
  }
  if (from < log_.log_start_offset()) {
    return make_error(ErrorCode::kKvStorageException,
                      "{}: RocksDB covers the log up to {} but the log starts at {} ({})", name(),
                      from.value(), log_.log_start_offset().value(), log_.dir());
  }
  if (from == end) return Status::OK();
  FLUSS_LOG_INFO("{}: replaying changelog [{}, {}) (high watermark {})", name(), from.value(),
                 end.value(), hw.value());

  LogOffset offset = from;
  ByteBuffer bytes;
  constexpr int64_t kProgressEvery = 1'000'000;  // records between progress lines
  int64_t next_progress = kProgressEvery;
  while (offset < end) {
    FLUSS_ASSIGN_OR_RETURN(FetchDataInfo fetch, log_.read(offset, params_.recover_read_bytes));
    if (!fetch.slice) break;
    FLUSS_RETURN_IF_ERROR(read_slice(*fetch.slice, bytes));
    LogRecords records(bytes.view());
    KvWriteBatch batch;
    LogOffset applied_up_to = flushed_offset_;
    const LogOffset step_start = offset;
    for (;;) {
      FLUSS_ASSIGN_OR_RETURN(std::optional<LogRecordBatch> log_batch, records.next_batch());
      if (!log_batch) break;
      if (log_batch->next_offset() <= offset) continue;
      FLUSS_RETURN_IF_ERROR(log_batch->ensure_valid());
      const SchemaId schema_id = log_batch->schema_id();
      FLUSS_ASSIGN_OR_RETURN(const RowType* type, row_type_for(schema_id));
      FLUSS_ASSIGN_OR_RETURN(const KeyEncoder* key_encoder, key_encoder_for(schema_id));
      FLUSS_ASSIGN_OR_RETURN(std::vector<LogRecord> rows,
                             decode_log_records(*log_batch, log_format_, *type));
      for (const LogRecord& record : rows) {
        if (record.change_type == ChangeType::kUpdateBefore) continue;
        const int32_t row_delta = record.change_type == ChangeType::kInsert   ? 1
                                  : record.change_type == ChangeType::kDelete ? -1
                                                                              : 0;
        FLUSS_ASSIGN_OR_RETURN(ByteBuffer key, key_encoder->encode_key(record.row));
        std::optional<std::string> value;
        if (record.change_type != ChangeType::kDelete) {
          ByteBuffer row;
          FLUSS_RETURN_IF_ERROR(encode_row(kv_row_format_, *type, record.row, row));
          value = encoded_value(schema_id, row.view());
        }
        if (auto_increment_ && record.change_type == ChangeType::kInsert) {
          FLUSS_ASSIGN_OR_RETURN(std::shared_ptr<const Schema> schema, schema_for(schema_id));
          const Column* column = schema->column(auto_increment_column_);
          const std::optional<int> index = schema->column_index(auto_increment_column_);
          if (column != nullptr && index && *index < static_cast<int>(record.row.arity())) {
            const Datum& id = record.row[static_cast<size_t>(*index)];
            if (const auto* v = std::get_if<int64_t>(&id)) replayed_auto_increment_id_ = *v;
            if (const auto* v = std::get_if<int32_t>(&id)) replayed_auto_increment_id_ = *v;
          }
        }
        if (record.offset < hw) {
          if (value) {
            batch.put(key.view(), as_bytes(*value));
          } else {
            batch.remove(key.view());
          }
          ++recovery_.records_applied;
          if (row_count) *row_count += row_delta;
        } else {
          buffer_.put(key.to_string(), std::move(value), record.offset, row_delta);
          ++recovery_.records_buffered;
        }
      }
      offset = log_batch->next_offset();
      applied_up_to = std::min(offset, hw);
    }
    if (offset == step_start) {
      return make_error(ErrorCode::kKvStorageException,
                        "{}: replay made no progress at log offset {} ({})", name(), offset.value(),
                        log_.dir());
    }
    if (applied_up_to > flushed_offset_) {
      FLUSS_RETURN_IF_ERROR(kv_->write(batch, applied_up_to, row_count));
      flushed_offset_ = applied_up_to;
      row_count_ = row_count.value_or(kRowCountUnknown);
    }
    if (recovery_.records_applied + recovery_.records_buffered >= next_progress) {
      FLUSS_LOG_INFO("{}: replay at log offset {} of [{}, {}): {} records", name(), offset.value(),
                     from.value(), end.value(),
                     recovery_.records_applied + recovery_.records_buffered);
      next_progress += kProgressEvery;
    }
  }
  FLUSS_LOG_INFO("{}: replayed changelog [{}, {}): {} records into RocksDB, {} buffered", name(),
                 from.value(), offset.value(), recovery_.records_applied,
                 recovery_.records_buffered);
  return Status::OK();
}

Result<LogAppendInfo> KvTablet::put_as_leader(
    ByteView kv_batch, std::optional<std::span<const int32_t>> target_columns) {
  const LogOffset log_end_before = log_.log_end_offset();
  Result<LogAppendInfo> result = put_records(kv_batch, target_columns);
  // A failed append must not leave its values behind: a retry would otherwise
  // merge against them. A duplicate batch appended nothing.
  if (!result.ok() || result.value().duplicate) buffer_.truncate_to(log_end_before);
  return result;
}

Result<LogAppendInfo> KvTablet::put_records(
    ByteView kv_batch, std::optional<std::span<const int32_t>> target_columns) {
  FLUSS_ASSIGN_OR_RETURN(const KvRecordBatch batch, KvRecordBatch::parse(kv_batch));
  FLUSS_RETURN_IF_ERROR(batch.ensure_valid());
  const SchemaId latest_id = params_.table.schema_id();
  const SchemaId schema_id = batch.schema_id();
  if (schema_id.value() < 0 || schema_id > latest_id) {
    return make_error(ErrorCode::kSchemaNotExist, "{}: invalid schema id {}, latest schema id {}",
                      name(), schema_id.value(), latest_id.value());
  }
  if (log_format_ == LogFormat::kIndexed && kv_format_ == KvFormat::kCompacted) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "{}: a primary-key table with COMPACTED kv format cannot have an INDEXED "
                      "changelog (table.log.format)",
                      name());
  }
  if (auto_increment_) FLUSS_RETURN_IF_ERROR(check_auto_increment_targets(target_columns));
  FLUSS_ASSIGN_OR_RETURN(RowMerger * merger, row_merger_->configure_target_columns(
                                                 target_columns, latest_id, *latest_schema_));
  const bool wal_shortcut = changelog_image_ == ChangelogImage::kWal && merger->is_default() &&
                            latest_schema_->auto_increment_column_names().empty();
  FLUSS_RETURN_IF_ERROR(row_type_for(schema_id).status());  // the batch's schema is known
  FLUSS_ASSIGN_OR_RETURN(const RowType* latest_type, row_type_for(latest_id));
  ChangelogBuilder wal(LogRecordBatchOptions{.format = log_format_,
                                             .schema_id = latest_id,
                                             .writer_id = batch.writer_id(),
                                             .batch_sequence = batch.batch_sequence(),
                                             .append_only = false},
                       *latest_type, latest_id, kv_row_format_, arrow_compression_);

  LogOffset offset = log_.log_end_offset();
  auto next = [&offset]() {
    const LogOffset at = offset;
    offset = LogOffset(offset.value() + 1);
    return at;
  };
  // The type of a stored value's row, by its schema id.
  auto type_of = [this](SchemaId id) { return row_type_for(id); };
  // -U old / +U new, or +U alone for a WAL changelog.
  auto apply_update = [&](std::string key, std::optional<BinaryValue> old_value,
                          BinaryValue new_value) -> Status {
    if (changelog_image_ == ChangelogImage::kFull && old_value) {
      FLUSS_ASSIGN_OR_RETURN(const RowType* old_type, type_of(old_value->schema_id));
      FLUSS_RETURN_IF_ERROR(wal.add(ChangeType::kUpdateBefore, *old_value, *old_type));
      next();
    }
    FLUSS_ASSIGN_OR_RETURN(const RowType* type, type_of(new_value.schema_id));
    FLUSS_RETURN_IF_ERROR(wal.add(ChangeType::kUpdateAfter, new_value, *type));
    buffer_.put(std::move(key), encoded_value(new_value.schema_id, new_value.row), next());
    return Status::OK();
  };

  // The stored values of the keys the buffer does not have, read in one MultiGet.
  // A key the buffer lacks at its turn had no change earlier in this request
  // either (every change is buffered), so its RocksDB value is still current.
  std::vector<std::optional<std::string>> stored;
  if (!wal_shortcut) {
    std::vector<ByteView> keys;
    // RecordCount is untrusted: each record takes at least 5 bytes.
    keys.reserve(std::min(static_cast<size_t>(std::max(batch.record_count(), 0)),
                          batch.records_bytes().size() / 5));
    KvRecordReader prefetch(batch);
    for (;;) {
      FLUSS_ASSIGN_OR_RETURN(std::optional<KvRecord> record, prefetch.next());
      if (!record) break;
      keys.push_back(record->key);
    }
    FLUSS_ASSIGN_OR_RETURN(stored, kv_->multi_get_for_update(keys));
  }
  size_t index = 0;
  auto current_value = [&](const std::string& key) -> Result<std::optional<std::string>> {
    if (const KvPreWriteBuffer::Value* buffered = buffer_.get(key)) return *buffered;
    if (index < stored.size()) return std::move(stored[index]);
    return kv_->get(as_bytes(key));  // deletes under the WAL shortcut
  };

  KvRecordReader reader(batch);
  for (;; ++index) {
    FLUSS_ASSIGN_OR_RETURN(std::optional<KvRecord> record, reader.next());
    if (!record) break;
    std::string key = to_key(record->key);
    if (!record->value) {
      // A delete.
      const DeleteBehavior behavior = merger->delete_behavior();
      if (behavior == DeleteBehavior::kIgnore) continue;
      if (behavior == DeleteBehavior::kDisable) {
        return make_error(ErrorCode::kDeletionDisabledException,
                          "{}: delete operations are disabled for this table "
                          "(table.delete.behavior is 'disable')",
                          name());
      }
      FLUSS_ASSIGN_OR_RETURN(const std::optional<std::string> old_bytes, current_value(key));
      if (!old_bytes) continue;
      FLUSS_ASSIGN_OR_RETURN(const ValueRecord old, decode_value(as_bytes(*old_bytes)));
      const BinaryValue old_value{old.schema_id, old.row};
      FLUSS_ASSIGN_OR_RETURN(const std::optional<OwnedValue> kept, merger->remove(old_value));
      if (kept) {
        FLUSS_RETURN_IF_ERROR(apply_update(std::move(key), old_value, kept->view()));
      } else {
        FLUSS_ASSIGN_OR_RETURN(const RowType* old_type, type_of(old.schema_id));
        FLUSS_RETURN_IF_ERROR(wal.add(ChangeType::kDelete, old_value, *old_type));
        buffer_.put(std::move(key), std::nullopt, next(), -1);
      }
      continue;
    }
    const BinaryValue new_value{schema_id, *record->value};
    if (wal_shortcut) {
      // Last write wins and no -U: the previous value is not needed (§6.3).
      FLUSS_RETURN_IF_ERROR(apply_update(std::move(key), std::nullopt, new_value));
      continue;
    }
    FLUSS_ASSIGN_OR_RETURN(const std::optional<std::string> old_bytes, current_value(key));
    std::optional<ValueRecord> old;
    if (old_bytes) {
      FLUSS_ASSIGN_OR_RETURN(old, decode_value(as_bytes(*old_bytes)));
    }
    const std::optional<BinaryValue> old_value =
        old ? std::optional<BinaryValue>(BinaryValue{old->schema_id, old->row}) : std::nullopt;
    FLUSS_ASSIGN_OR_RETURN(MergeOutcome outcome, merger->merge(old_value, new_value));
    if (outcome.kind == MergeOutcome::Kind::kUnchanged) continue;
    BinaryValue merged =
        outcome.kind == MergeOutcome::Kind::kMerged ? outcome.merged.view() : new_value;
    OwnedValue with_id;
    if (!old_value && auto_increment_) {
      FLUSS_ASSIGN_OR_RETURN(with_id, with_next_auto_increment_id(merged));
      merged = with_id.view();
    }
    if (!old_value) {
      FLUSS_ASSIGN_OR_RETURN(const RowType* type, type_of(merged.schema_id));
      FLUSS_RETURN_IF_ERROR(wal.add(ChangeType::kInsert, merged, *type));
      buffer_.put(std::move(key), encoded_value(merged.schema_id, merged.row), next(), 1);
    } else {
      FLUSS_RETURN_IF_ERROR(apply_update(std::move(key), old_value, merged));
    }
  }

  ByteBuffer log_batch;
  FLUSS_RETURN_IF_ERROR(wal.finish(log_batch));
  return log_.append(std::span<uint8_t>(log_batch.data(), log_batch.size()));
}

Status KvTablet::flush(LogOffset high_watermark) {
  // The flushed offset never passes the log: nothing above it exists to cover.
  high_watermark = std::min(high_watermark, log_.log_end_offset());
  if (high_watermark <= flushed_offset_) return Status::OK();
  // The newest change of each key, in key order: RocksDB's memtable inserts keys
  // in order much faster (its skip list reuses the last insert position).
  std::map<std::string_view, const KvPreWriteBuffer::Value*> changes;
  const int64_t count = row_count_.load();
  const std::optional<int64_t> new_count =
      count == kRowCountUnknown
          ? std::nullopt
          : std::optional<int64_t>(count + buffer_.row_delta_below(high_watermark));
  FLUSS_RETURN_IF_ERROR(buffer_.flush(
      high_watermark,
      [&changes](std::string_view key, const KvPreWriteBuffer::Value& value) {
        changes.insert_or_assign(key, &value);
      },
      [&] {
        KvWriteBatch batch;
        for (const auto& [key, value] : changes) {
          if (*value) {
            batch.put(as_bytes(key), as_bytes(**value));
          } else {
            batch.remove(as_bytes(key));
          }
        }
        return kv_->write(batch, high_watermark, new_count);
      }));
  flushed_offset_ = high_watermark;
  if (new_count) row_count_ = *new_count;
  return Status::OK();
}

Result<std::vector<std::optional<std::string>>> KvTablet::multi_get(
    std::span<const ByteView> keys) const {
  return kv_->multi_get(keys);
}

Result<std::vector<std::string>> KvTablet::prefix_lookup(ByteView prefix) const {
  return kv_->prefix_values(prefix);
}

Result<ByteBuffer> KvTablet::limit_scan(int32_t limit) const {
  ValueRecordBatchBuilder builder;
  if (limit > 0) {
    std::unique_ptr<RocksDbKv::Iterator> it = kv_->new_iterator();
    for (; it->valid() && builder.record_count() < limit; it->next()) {
      FLUSS_RETURN_IF_ERROR(builder.append_value(it->value()));
    }
    FLUSS_RETURN_IF_ERROR(it->status());
  }
  ByteBuffer out;
  builder.finish(out);
  return out;
}

std::unique_ptr<KvTablet::Scanner> KvTablet::new_scanner() const {
  return std::make_unique<Scanner>(kv_->new_iterator());
}

Result<std::optional<ByteBuffer>> KvTablet::Scanner::next_batch(size_t max_bytes) {
  if (!it_->valid()) {
    FLUSS_RETURN_IF_ERROR(it_->status());
    return std::optional<ByteBuffer>();
  }
  ValueRecordBatchBuilder builder;
  while (it_->valid() && (builder.record_count() == 0 ||
                          builder.size_in_bytes() + 4 + it_->value().size() <= max_bytes)) {
    FLUSS_RETURN_IF_ERROR(builder.append_value(it_->value()));
    it_->next();
  }
  FLUSS_RETURN_IF_ERROR(it_->status());
  ByteBuffer out;
  builder.finish(out);
  return std::optional<ByteBuffer>(std::move(out));
}

Result<std::optional<CompletedSnapshot>> KvTablet::snapshot() {
  if (!snapshot_store_) {
    return make_error(ErrorCode::kKvStorageException, "{}: snapshots are not configured", name());
  }
  wait_for_snapshot_upload().ignore_error();  // its outcome is its caller's
  {
    std::lock_guard lock(upload_mutex_);
    if (flushed_offset_ <= last_snapshot_offset_.value_or(LogOffset(0))) {
      return std::optional<CompletedSnapshot>();
    }
  }
  FLUSS_ASSIGN_OR_RETURN(PendingKvSnapshot pending, checkpoint());
  FLUSS_ASSIGN_OR_RETURN(CompletedSnapshot snapshot, snapshot_store_->upload(std::move(pending)));
  {
    std::lock_guard lock(upload_mutex_);
    last_snapshot_offset_ = snapshot.log_offset;
  }
  FLUSS_LOG_INFO("{}: took snapshot {} at log offset {} ({} bytes, {} uploaded)", name(),
                 snapshot.snapshot_id, snapshot.log_offset.value(), snapshot.total_size(),
                 snapshot.kv_snapshot_handle.snapshot_incremental_size);
  return std::optional<CompletedSnapshot>(std::move(snapshot));
}

Result<PendingKvSnapshot> KvTablet::checkpoint() {
  FLUSS_RETURN_IF_ERROR(kv_->flush_memtables());
  const int64_t count = row_count_.load();
  std::vector<AutoIncIdRange> ranges;
  if (auto_increment_) ranges.push_back(auto_increment_->current_range());
  return snapshot_store_->checkpoint(
      *kv_->raw_db(), flushed_offset_,
      count == kRowCountUnknown ? std::nullopt : std::optional<int64_t>(count), std::move(ranges));
}

Status KvTablet::init_auto_increment() {
  const std::vector<std::string>& names = latest_schema_->auto_increment_column_names();
  if (names.empty()) return Status::OK();
  if (names.size() > 1) {
    return make_error(ErrorCode::kInvalidTableException,
                      "Only support one auto increment column for a table, but got {}.",
                      names.size());
  }
  const Column* column = latest_schema_->column(names[0]);
  const std::optional<int> index = latest_schema_->column_index(names[0]);
  if (column == nullptr || !index) {
    return make_error(ErrorCode::kInvalidTableException,
                      "{}: the auto-increment column '{}' is not a column", name(), names[0]);
  }
  const TypeRoot root = column->type.root();
  if (root != TypeRoot::kInt && root != TypeRoot::kBigInt) {
    return make_error(ErrorCode::kInvalidTableException,
                      "{}: the auto-increment column '{}' must be INT or BIGINT, not {}", name(),
                      names[0], column->type.to_string());
  }
  if (!params_.auto_increment_counter) {
    return make_error(ErrorCode::kKvStorageException,
                      "{}: the table has the auto-increment column '{}' but no id counter was "
                      "given",
                      name(), names[0]);
  }
  FLUSS_ASSIGN_OR_RETURN(
      const int64_t cache_size,
      params_.table.table_config().get(ConfigOptions::kTableAutoIncrementCacheSize));
  if (cache_size < 1) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "table.auto-increment.cache-size must be positive, got {}", cache_size);
  }
  auto_increment_ = std::make_unique<AutoIncrementSequence>(
      column->id, names[0], cache_size,
      root == TypeRoot::kInt ? int64_t{std::numeric_limits<int32_t>::max()}
                             : std::numeric_limits<int64_t>::max(),
      *params_.auto_increment_counter);
  auto_increment_column_ = names[0];
  auto_increment_index_ = *index;
  return Status::OK();
}

Status KvTablet::check_auto_increment_targets(
    std::optional<std::span<const int32_t>> target_columns) const {
  if (!target_columns) {
    return make_error(ErrorCode::kInvalidTargetColumn,
                      "The table contains an auto-increment column [{}], but update target "
                      "columns are not explicitly specified. Please specify the update target "
                      "columns and exclude the auto-increment column from them.",
                      auto_increment_column_);
  }
  for (int32_t index : *target_columns) {
    if (index == auto_increment_index_) {
      return make_error(ErrorCode::kInvalidTargetColumn,
                        "Auto-increment column [{}] at index {} must not be included in target "
                        "columns.",
                        auto_increment_column_, auto_increment_index_);
    }
  }
  return Status::OK();
}

Result<OwnedValue> KvTablet::with_next_auto_increment_id(BinaryValue value) {
  FLUSS_ASSIGN_OR_RETURN(std::shared_ptr<const Schema> schema, schema_for(value.schema_id));
  FLUSS_ASSIGN_OR_RETURN(const RowType* type, row_type_for(value.schema_id));
  const std::optional<int> index = schema->column_index(auto_increment_column_);
  if (!index) {
    return make_error(ErrorCode::kKvStorageException,
                      "{}: schema {} has no auto-increment column '{}'", name(),
                      value.schema_id.value(), auto_increment_column_);
  }
  FLUSS_ASSIGN_OR_RETURN(GenericRow row, decode_row(kv_row_format_, *type, value.row));
  FLUSS_ASSIGN_OR_RETURN(const int64_t id, auto_increment_->next_value());
  const Column& column = schema->columns()[static_cast<size_t>(*index)];
  if (column.type.root() == TypeRoot::kInt) {
    row[static_cast<size_t>(*index)] = static_cast<int32_t>(id);
  } else {
    row[static_cast<size_t>(*index)] = id;
  }
  ByteBuffer encoded;
  FLUSS_RETURN_IF_ERROR(encode_row(kv_row_format_, *type, row, encoded));
  return OwnedValue{value.schema_id, encoded.release()};
}

Result<int64_t> KvTablet::row_count() const {
  const int64_t count = row_count_.load();
  if (count == kRowCountUnknown) {
    return make_error(ErrorCode::kInvalidTableException,
                      "Row count is disabled for this table '{}' ({}): it is kept only with "
                      "table.changelog.image FULL, for data written since counting began.",
                      params_.table.table_path().to_string(), name());
  }
  return count;
}

Result<bool> KvTablet::start_snapshot() {
  if (!snapshot_store_) {
    return make_error(ErrorCode::kKvStorageException, "{}: snapshots are not configured", name());
  }
  {
    std::lock_guard lock(upload_mutex_);
    if (uploading_ || flushed_offset_ <= last_snapshot_offset_.value_or(LogOffset(0))) {
      return false;
    }
  }
  FLUSS_ASSIGN_OR_RETURN(PendingKvSnapshot pending, checkpoint());
  {
    std::lock_guard lock(upload_mutex_);
    uploading_ = true;
  }
  // Runs on the uploader; the tablet waits for it before it closes or goes away.
  auto upload = [this, pending = std::move(pending)]() mutable {
    const int64_t id = pending.snapshot_id;
    Result<CompletedSnapshot> snapshot = snapshot_store_->upload(std::move(pending));
    if (snapshot.ok()) {
      FLUSS_LOG_INFO("{}: uploaded snapshot {} at log offset {} ({} bytes, {} new)", name(), id,
                     snapshot->log_offset.value(), snapshot->total_size(),
                     snapshot->kv_snapshot_handle.snapshot_incremental_size);
    } else {
      FLUSS_LOG_WARN("{}: snapshot {} failed, the previous snapshot stays: {}", name(), id,
                     snapshot.status().to_string());
    }
    std::function<void(const CompletedSnapshot&)> listener;
    {
      std::lock_guard lock(upload_mutex_);
      if (snapshot.ok()) last_snapshot_offset_ = snapshot->log_offset;
      listener = snapshot_listener_;
    }
    // Before the upload counts as done: close() and the destructor wait for the listener.
    if (snapshot.ok() && listener) listener(*snapshot);
    {
      std::lock_guard lock(upload_mutex_);
      last_upload_status_ = snapshot.status();
      uploading_ = false;
    }
    upload_done_.notify_all();
  };
  if (params_.snapshot->upload_executor) {
    params_.snapshot->upload_executor(std::move(upload));
  } else {
    upload();
  }
  return true;
}

Status KvTablet::wait_for_snapshot_upload() {
  std::unique_lock lock(upload_mutex_);
  upload_done_.wait(lock, [&] { return !uploading_; });
  return last_upload_status_;
}

Result<std::optional<CompletedSnapshot>> KvTablet::maybe_snapshot(int64_t now_ms) {
  const int64_t interval = params_.snapshot ? params_.snapshot->interval_ms : 0;
  if (interval <= 0) return std::optional<CompletedSnapshot>();
  if (!next_snapshot_ms_) {
    next_snapshot_ms_ = now_ms + interval;
    return std::optional<CompletedSnapshot>();
  }
  if (now_ms < *next_snapshot_ms_) return std::optional<CompletedSnapshot>();
  next_snapshot_ms_ = now_ms + interval;
  return snapshot();
}

Result<bool> KvTablet::maybe_start_snapshot(int64_t now_ms) {
  const int64_t interval = params_.snapshot ? params_.snapshot->interval_ms : 0;
  if (interval <= 0) return false;
  if (!next_snapshot_ms_) {
    next_snapshot_ms_ = now_ms + interval;
    return false;
  }
  if (now_ms < *next_snapshot_ms_) return false;
  next_snapshot_ms_ = now_ms + interval;
  return start_snapshot();
}

void KvTablet::set_snapshot_listener(std::function<void(const CompletedSnapshot&)> listener) {
  std::lock_guard lock(upload_mutex_);
  snapshot_listener_ = std::move(listener);
}

Status KvTablet::close() {
  wait_for_snapshot_upload().ignore_error();
  return kv_->close();
}

}  // namespace fluss::storage
