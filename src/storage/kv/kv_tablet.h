// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"
#include "model/ids.h"
#include "model/table_info.h"
#include "model/table_path.h"
#include "record/arrow/arrow_batch.h"
#include "record/key/key_encoder.h"
#include "record/row/row_codec.h"
#include "storage/fs/file_system.h"
#include "storage/kv/auto_increment.h"
#include "storage/kv/kv_pre_write_buffer.h"
#include "storage/kv/kv_snapshot_store.h"
#include "storage/kv/rocksdb_kv.h"
#include "storage/kv/row_merger.h"
#include "storage/log/log_tablet.h"

namespace fluss::storage {

// Name of the RocksDB directory inside a kv tablet directory (fluss-wire.md §12.1).
inline constexpr std::string_view kKvDbDirName = "db";

// Where a tablet keeps its snapshots (docs/kv-storage.md "Snapshots of a tablet").
struct KvTabletSnapshotParams {
  // The file system RocksDB writes to (PosixFileSystem) and the snapshot store's.
  // Both outlive the tablet.
  FileSystem* local_fs = nullptr;
  FileSystem* remote_fs = nullptr;
  // The bucket's directory in the snapshot store: remote_kv_tablet_dir(...).
  std::string remote_tablet_dir;
  // kv.snapshot.num-retained.
  int32_t num_retained = 2;
  // kv.snapshot.interval in ms; <= 0: maybe_snapshot() never snapshots.
  int64_t interval_ms = 10 * 60 * 1000;
  // Runs snapshot uploads off the writer's thread (the KvManager's KvSnapshotUploader);
  // empty: uploads run inside the call that checkpointed.
  std::function<void(std::function<void()>)> upload_executor = {};
};

// Everything a KvTablet needs besides the bucket's LogTablet.
struct KvTabletParams {
  TableBucket bucket;
  // The tablet directory, `.../kv-<bucket>`; RocksDB lives in `<kv_dir>/db`.
  std::string kv_dir;
  // The table as the tablet server knows it: the latest schema and schema id,
  // keys and properties (table.log.format, table.kv.format, table.changelog.image,
  // table.merge-engine, table.delete.behavior, ...).
  TableInfo table;
  // Older schemas by id (rows written before an ADD COLUMN); may be empty when
  // every row uses table.schema_id().
  SchemaGetter schema_getter;
  std::shared_ptr<KvSharedResources> resources;
  // The bucket's high watermark: on open, changelog below it is applied to
  // RocksDB, changelog from it to the log end goes to the pre-write buffer.
  LogOffset high_watermark{0};
  // kv.recover.log-record-batch.max-size: bytes read from the log per step of a replay.
  uint64_t recover_read_bytes = 16 * 1024 * 1024;
  // Snapshots of this tablet; nullopt: none (open() never restores, snapshot() fails).
  std::optional<KvTabletSnapshotParams> snapshot = std::nullopt;
  // The table's auto-increment id counter (shared by its buckets); required when the
  // schema has an auto-increment column.
  std::shared_ptr<SequenceIdCounter> auto_increment_counter = nullptr;
};

// What open() replayed from the changelog.
struct KvRecoveryInfo {
  LogOffset from{0};             // the flushed offset (or snapshot offset) the replay started at
  LogOffset to{0};               // the log end
  int64_t records_applied = 0;   // put into RocksDB (below the high watermark)
  int64_t records_buffered = 0;  // put into the pre-write buffer
  // The snapshot the database was restored from (the local one was missing or unusable).
  std::optional<int64_t> restored_snapshot_id = std::nullopt;
};

// The KvTablet of one bucket of a primary-key table (Fluss's KvTablet): RocksDB
// holding the committed rows, a KvPreWriteBuffer holding the uncommitted ones,
// the table's RowMerger, and the bucket's LogTablet as write-ahead log.
//
// put_as_leader() turns a KV batch into changelog (fluss-wire.md §6.3), appends it
// to the log as one batch and buffers the new values; flush(hw) moves committed
// values into RocksDB together with the log offset they cover. Lookups and scans
// read RocksDB only, so they see committed data. open() replays the changelog
// after the stored flushed offset (docs/kv-storage.md).
//
// Threading: put_as_leader, flush and close are serialised by the owner (the
// replica's write lock); the read methods only touch RocksDB and may run
// concurrently with them. The LogTablet outlives the KvTablet.
class KvTablet {
 public:
  // Opens RocksDB in `<kv_dir>/db` (created if missing) and replays the log from
  // the flushed offset stored there (the log start offset for a new database).
  // With snapshot params, a missing local database, or one RocksDB cannot open, is
  // replaced by the newest usable snapshot (KvSnapshotStore::restore_latest) and the
  // log replayed from the snapshot's log offset; without a usable snapshot the
  // database starts empty and the whole log is replayed.
  static Result<std::unique_ptr<KvTablet>> open(KvTabletParams params, LogTablet& log);

  // The hook for snapshot restore: opens RocksDB from `db_dir` (files restored
  // from a snapshot) and replays the log from `log_offset`, the offset the
  // snapshot covers, whatever offset the database itself records.
  static Result<std::unique_ptr<KvTablet>> restore_from_snapshot_dir(KvTabletParams params,
                                                                     LogTablet& log,
                                                                     std::string db_dir,
                                                                     LogOffset log_offset);
  ~KvTablet();

  // Applies a KV batch (fluss-wire.md §6.1) as leader: per record, the previous
  // value (pre-write buffer, then RocksDB), the merge engine, the changelog rows
  // (+I, -U/+U or +U only for table.changelog.image WAL, -D), all in ONE log batch
  // in the table's log format under the latest schema id with the KV batch's
  // writer id and sequence (an empty batch when nothing changed). `target_columns`
  // are column positions of a partial update (nullopt: whole rows).
  // Errors: CORRUPT_MESSAGE (bad batch), SCHEMA_NOT_EXIST (schema id outside
  // [0, latest]), DELETION_DISABLED_EXCEPTION (table.delete.behavior = DISABLE),
  // INVALID_TARGET_COLUMN (from the merger), the log's append errors. On any
  // error, and for a duplicate batch, the pre-write buffer is as before.
  Result<LogAppendInfo> put_as_leader(ByteView kv_batch,
                                      std::optional<std::span<const int32_t>> target_columns);

  // Moves every buffered change below `high_watermark` (capped at the log end)
  // into RocksDB in one write, with it as the new flushed offset. A RocksDB failure is
  // KV_STORAGE_EXCEPTION and leaves buffer and flushed offset unchanged.
  Status flush(LogOffset high_watermark);
  // Everything in the log below this offset is in RocksDB.
  LogOffset flushed_offset() const { return flushed_offset_; }

  // LOOKUP: the stored value (§6.4, with the schema-id prefix) of each key, in
  // order; nullopt for absent keys. Committed data only.
  Result<std::vector<std::optional<std::string>>> multi_get(std::span<const ByteView> keys) const;
  // PREFIX_LOOKUP: the values of every key starting with `prefix` (a bucket-key
  // prefix of the primary key, encoded by the primary-key encoder), in key order.
  Result<std::vector<std::string>> prefix_lookup(ByteView prefix) const;
  // LIMIT_SCAN: a value record batch (§6.5) of at most `limit` rows (limit <= 0: none).
  Result<ByteBuffer> limit_scan(int32_t limit) const;

  // A bounded scan of every committed row as of its creation (snapshot reads,
  // SCAN_KV): next_batch() returns value record batches of about `max_bytes`
  // (at least one row), nullopt after the last. Must not outlive the tablet.
  class Scanner {
   public:
    explicit Scanner(std::unique_ptr<RocksDbKv::Iterator> it) : it_(std::move(it)) {}
    Result<std::optional<ByteBuffer>> next_batch(size_t max_bytes);

   private:
    std::unique_ptr<RocksDbKv::Iterator> it_;
  };
  std::unique_ptr<Scanner> new_scanner() const;

  // Takes a snapshot of the committed state: the memtables are flushed and the
  // database is checkpointed and uploaded at flushed_offset() (KvSnapshotStore::
  // take_snapshot). nullopt when nothing was flushed since the last snapshot taken or
  // restored (Fluss skips such snapshots too). Serialised with the writes (it reads
  // flushed_offset()); it waits for an upload in flight, then blocks for its own.
  // KV_STORAGE_EXCEPTION without snapshot params.
  Result<std::optional<CompletedSnapshot>> snapshot();
  // Starts a snapshot without waiting for its upload: checkpoints now (serialised with
  // the writes, like snapshot()) and hands the upload to the upload executor (inline
  // without one). The snapshot becomes the newest one only once uploaded; a failed
  // upload leaves the previous one and is retried by the next call. false when
  // nothing was flushed since the last snapshot or an upload is still in flight.
  Result<bool> start_snapshot();
  // Blocks until no upload of this tablet is in flight; the last upload's outcome.
  Status wait_for_snapshot_upload();
  // The server's timer: snapshot() when kv.snapshot.interval has passed since the last
  // attempt (the first call starts the clock). Synchronous: the upload runs in the call.
  // `now_ms` is any monotonic millisecond clock.
  Result<std::optional<CompletedSnapshot>> maybe_snapshot(int64_t now_ms);
  // The same timer for start_snapshot(): the writer waits only for the checkpoint and the
  // upload runs on the upload executor; its result reaches the snapshot listener.
  Result<bool> maybe_start_snapshot(int64_t now_ms);
  // Called (on the uploading thread) with every snapshot start_snapshot() uploaded, after
  // it is registered: where the server reports it to the coordinator. Set it before
  // starting snapshots.
  void set_snapshot_listener(std::function<void(const CompletedSnapshot&)> listener);
  // The number of rows (keys) in the committed state (Fluss's per-bucket row count for
  // GetTableStats): kept for tables with table.changelog.image FULL, counting +I as +1
  // and -D as -1 as changes are flushed; stored with the flushed offset and in each
  // snapshot. INVALID_TABLE_EXCEPTION when the table keeps none (WAL image) or the
  // count is unknown (a database written before counting began). Any thread.
  Result<int64_t> row_count() const;

  // The tablet's snapshot store, or null without snapshot params.
  KvSnapshotStore* snapshot_store() { return snapshot_store_.get(); }

  // Waits for a snapshot upload in flight, then closes RocksDB (buffered, uncommitted
  // changes are dropped: the log keeps them).
  Status close();

  const TableBucket& bucket() const { return params_.bucket; }
  const std::string& kv_dir() const { return params_.kv_dir; }
  const KvRecoveryInfo& recovery_info() const { return recovery_; }
  const KvPreWriteBuffer& pre_write_buffer() const { return buffer_; }
  RocksDbKv& rocksdb() { return *kv_; }

 private:
  KvTablet(KvTabletParams params, LogTablet& log);
  Status init_table();
  Status init(std::string db_dir, std::optional<LogOffset> replay_from);
  // open() with snapshot params: the local database, or a restored snapshot.
  Status open_or_restore();
  Status replay(LogOffset from);
  // Flushes the memtables and checkpoints RocksDB at flushed_offset() with the row count.
  Result<PendingKvSnapshot> checkpoint();
  // The schema of rows written under `id`.
  Result<std::shared_ptr<const Schema>> schema_for(SchemaId id) const;
  Result<const RowType*> row_type_for(SchemaId id);
  Result<const KeyEncoder*> key_encoder_for(SchemaId id);
  Result<LogAppendInfo> put_records(ByteView kv_batch,
                                    std::optional<std::span<const int32_t>> target_columns);
  Status init_auto_increment();
  // Fluss's rule: writes to a table with an auto-increment column name their target
  // columns, and not that column.
  Status check_auto_increment_targets(std::optional<std::span<const int32_t>> target_columns) const;
  // `value` (a new key's row) with the next id in the auto-increment column.
  Result<OwnedValue> with_next_auto_increment_id(BinaryValue value);
  std::string name() const;

  KvTabletParams params_;
  LogTablet& log_;
  std::shared_ptr<const Schema> latest_schema_;
  LogFormat log_format_ = LogFormat::kArrow;
  KvFormat kv_format_ = KvFormat::kCompacted;
  RowFormat kv_row_format_ = RowFormat::kCompacted;
  ChangelogImage changelog_image_ = ChangelogImage::kFull;
  ArrowCompression arrow_compression_;
  KeyEncoding key_encoding_ = KeyEncoding::kCompacted;
  std::unique_ptr<RowMerger> row_merger_;
  std::unique_ptr<RocksDbKv> kv_;
  KvPreWriteBuffer buffer_;
  LogOffset flushed_offset_{0};
  // The committed row count, kRowCountUnknown when not kept.
  static constexpr int64_t kRowCountUnknown = -1;
  std::atomic<int64_t> row_count_{kRowCountUnknown};
  KvRecoveryInfo recovery_;
  // The auto-increment column (null: none): its sequence, name and index in the
  // latest schema; the newest id a replayed +I carried.
  std::unique_ptr<AutoIncrementSequence> auto_increment_;
  std::string auto_increment_column_;
  int auto_increment_index_ = -1;
  std::optional<int64_t> replayed_auto_increment_id_;
  std::map<SchemaId, RowType> row_types_;
  std::map<SchemaId, std::unique_ptr<KeyEncoder>> key_encoders_;
  std::unique_ptr<KvSnapshotStore> snapshot_store_;
  std::optional<int64_t> next_snapshot_ms_;
  // Snapshot uploads: at most one in flight; the uploader thread reports here.
  mutable std::mutex upload_mutex_;
  std::condition_variable upload_done_;
  bool uploading_ = false;                                           // guarded by upload_mutex_
  std::function<void(const CompletedSnapshot&)> snapshot_listener_;  // guarded by upload_mutex_
  Status last_upload_status_;                                        // guarded by upload_mutex_
  // The log offset of the last snapshot uploaded or restored (guarded by upload_mutex_).
  std::optional<LogOffset> last_snapshot_offset_;
};

}  // namespace fluss::storage
