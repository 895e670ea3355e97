// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"
#include "model/ids.h"
#include "model/table_info.h"
#include "model/table_path.h"
#include "storage/kv/kv_manager.h"
#include "storage/kv/row_merger.h"
#include "storage/log/log_manager.h"
#include "storage/log/log_tablet.h"

namespace fluss::replication {

// What NotifyLeaderAndIsr says about one bucket (PbNotifyLeaderAndIsrReqForBucket).
struct LeaderAndIsr {
  PhysicalTablePath path = {};
  TableBucket bucket = {};
  ServerId leader = kNoServerId;
  LeaderEpoch leader_epoch = kInitialLeaderEpoch;
  std::vector<ServerId> replicas = {};
  std::vector<ServerId> isr = {};
  int32_t bucket_epoch = 0;
};

// Who reads: a client sees committed data (up to the high watermark), a follower
// replica everything (up to the log end). Fluss's FetchIsolation.
enum class FetchIsolation { kHighWatermark, kLogEnd };

// The offset kinds of ListOffsets (ListOffsetsParam's codes on the wire).
enum class OffsetType : int32_t {
  kEarliest = 0,
  kLatest = 1,
  kTimestamp = 2,
  kLeaderEndOffsetSnapshot = 3,
};

// One bucket's fetched bytes: whole log batches (maybe none) and the offsets the
// response reports.
struct LogReadResult {
  ByteBuffer records = {};
  LogOffset high_watermark{0};
  LogOffset log_start_offset{0};
  LogOffset log_end_offset{0};
};

// One table bucket on this tablet server (Fluss's Replica): owns nothing on disk
// itself but uses the bucket's LogTablet (from the LogManager) and, for a
// primary-key table, its KvTablet (from the KvManager). Only the leader role
// exists so far: the ISR is the leader alone, so the high watermark reaches the
// log end after every write; it is still kept as its own value, moved only by
// maybe_increment_hw(), so that follower replication can hold it back later.
// After the high watermark moves, the KvTablet flushes the changes below it.
//
// Created and destroyed by the ReplicaManager; the managers outlive it.
//
// Threading: writes (append, put_kv, leader changes) are serialised by a per-replica
// mutex; reads (read_log, lookups, scans, offsets) take no lock but an atomic
// snapshot of the high watermark and may run concurrently with writes
// (LogTablet readers and KvTablet's RocksDB reads are thread-safe). The
// log-end listener runs on the writer's thread, with the write lock held: it
// must not call back into this replica's writes.
class Replica {
 public:
  // Called after a write moved the high watermark (with the ISR being the leader
  // alone, after every append): the ReplicaManager wakes its delayed fetches here.
  using LogEndListener = std::function<void(const TableBucket&)>;

  // Opens (or creates) the bucket's log and applies `state` as update() does. The
  // high watermark starts at the log end: with the ISR being the leader alone,
  // everything on disk is committed.
  static Result<std::unique_ptr<Replica>> create(const LeaderAndIsr& state, ServerId local_server,
                                                 TableInfo table,
                                                 storage::SchemaGetter schema_getter,
                                                 storage::LogManager& logs,
                                                 storage::KvManager* kvs);

  // NotifyLeaderAndIsr for this bucket. A lower bucket epoch is
  // INVALID_UPDATE_VERSION_EXCEPTION, a lower leader epoch
  // FENCED_LEADER_EPOCH_EXCEPTION; an equal leader epoch only refreshes replicas and
  // ISR. A higher one changes the role: as leader (`state.leader` is
  // `local_server`) the KvTablet of a primary-key table is opened (recovered from
  // the log) and the leader end-offset snapshot taken; as follower the replica
  // stops serving (NOT_LEADER_OR_FOLLOWER) -- fetching from the leader is not
  // implemented yet.
  Status update(const LeaderAndIsr& state);

  // Appends a produce request's batches (log tables). The table's kind is checked by
  // the caller. Errors are the LogTablet's, prefixed with the bucket.
  Result<storage::LogAppendInfo> append_records(std::span<uint8_t> batches);

  // Applies a KV batch as leader (primary-key tables): changelog to the log, then
  // the high watermark and the KvTablet flush. NON_PRIMARY_KEY_TABLE_EXCEPTION for a
  // log table.
  Result<storage::LogAppendInfo> put_kv(ByteView kv_batch,
                                        std::optional<std::span<const int32_t>> target_columns);

  // Whole batches from the one containing `offset` (kEarliestFetchOffset: the log
  // start), at most `max_bytes` but at least one batch, none at or above the
  // isolation bound. Fetching at the bound gives no records; so does `max_bytes`
  // 0 (the offsets only, nothing read: a fetch whose byte budget is spent). An offset outside
  // [log start, log end] is LOG_OFFSET_OUT_OF_RANGE_EXCEPTION naming the bucket.
  Result<LogReadResult> read_log(LogOffset offset, uint64_t max_bytes,
                                 FetchIsolation isolation) const;
  // How many bytes read_log would return now, capped at `max_bytes`, without
  // reading them (the check of a parked long-poll fetch). read_log's errors.
  Result<uint64_t> bytes_available(LogOffset offset, uint64_t max_bytes,
                                   FetchIsolation isolation) const;

  // Runs `duty` serialised with this replica's writes (under the write lock): the
  // LogManager's background duties that mutate the tablet (retention, writer
  // expiry) go through here. `duty` must not call back into this replica's writes.
  void run_exclusive(const std::function<void()>& duty);

  // Moves the high watermark to `new_hw` (capped at the log end) if that is higher,
  // then flushes the KvTablet up to it and, if it moved, calls the log-end
  // listener. Returns whether it moved. Takes the write lock (the future
  // follower-fetch path calls it).
  Result<bool> maybe_increment_hw(LogOffset new_hw);

  // ListOffsets for one bucket. kTimestamp past every commit timestamp is the
  // latest offset, unless `timestamp` is after `now_ms` (INVALID_TIMESTAMP_EXCEPTION).
  Result<LogOffset> list_offset(OffsetType type, FetchIsolation isolation,
                                std::optional<int64_t> timestamp, int64_t now_ms) const;

  // Lookups and scans of committed KV data; NON_PRIMARY_KEY_TABLE_EXCEPTION for a
  // log table.
  Result<std::vector<std::optional<std::string>>> lookup(std::span<const ByteView> keys) const;
  Result<std::vector<std::string>> prefix_lookup(ByteView prefix) const;
  // LIMIT_SCAN: for a primary-key table a value record batch of at most `limit`
  // rows; for a log table the last batches below the high watermark covering at
  // least `limit` records (whole batches). `is_log_table` tells which.
  struct LimitScanResult {
    bool is_log_table = false;
    ByteBuffer records = {};
  };
  Result<LimitScanResult> limit_scan(int32_t limit) const;

  // The KV snapshot timer (KvTablet::maybe_snapshot) of a leader of a primary-key
  // table, under the write lock; nullopt when nothing was due (or not the leader of
  // a primary-key table). Blocks for the upload.
  Result<std::optional<storage::CompletedSnapshot>> maybe_snapshot(int64_t now_ms);
  // The same without waiting for the upload (KvTablet::maybe_start_snapshot): only the
  // checkpoint holds the write lock; `listener` hears the uploaded snapshot on the upload
  // thread. True when a snapshot started.
  Result<bool> maybe_start_snapshot(
      int64_t now_ms, std::function<void(const storage::CompletedSnapshot&)> listener);

  void set_log_end_listener(LogEndListener listener);

  const TableBucket& bucket() const { return bucket_; }
  const TableInfo& table() const { return table_; }
  const PhysicalTablePath& path() const { return path_; }
  bool is_kv() const { return table_.has_primary_key(); }
  bool is_leader() const { return is_leader_.load(std::memory_order_acquire); }
  ServerId leader() const { return ServerId(leader_.load()); }
  // The schema of batches written under `id` (the table's latest, or the getter's).
  Result<std::shared_ptr<const Schema>> schema(SchemaId id) const;
  LeaderEpoch leader_epoch() const;
  int32_t bucket_epoch() const;
  std::vector<ServerId> isr() const;
  LogOffset high_watermark() const { return LogOffset(hw_.load(std::memory_order_acquire)); }
  LogOffset log_end_offset() const { return log_.log_end_offset(); }
  LogOffset log_start_offset() const { return log_.log_start_offset(); }
  const storage::LogTablet& log() const { return log_; }

 private:
  Replica(const LeaderAndIsr& state, ServerId local_server, TableInfo table,
          storage::SchemaGetter schema_getter, storage::LogTablet& log, storage::KvManager* kvs);
  // Under write_mu_.
  Status become_leader();
  // read_log and bytes_available: fills the offsets of `offsets` and finds the
  // bytes to return (nullopt: none below the isolation bound).
  Result<std::optional<storage::FetchDataInfo>> locate(LogOffset offset, uint64_t max_bytes,
                                                       FetchIsolation isolation,
                                                       LogReadResult& offsets) const;

  // After a write, under write_mu_: the ISR is the leader alone, so the high
  // watermark follows the log end; then the listener.
  Status on_log_end_advanced();
  Result<bool> increment_hw_locked(LogOffset new_hw);
  Status named(const Status& status) const;
  // NOT_LEADER_OR_FOLLOWER naming this server, the bucket and the leader.
  Status check_leader() const;

  const TableBucket bucket_;
  const PhysicalTablePath path_;
  const ServerId local_server_;
  const TableInfo table_;
  const storage::SchemaGetter schema_getter_;
  storage::LogTablet& log_;
  storage::KvManager* const kvs_;
  // Opened when this replica first becomes leader of a primary-key table (owned by
  // the KvManager); written under write_mu_ before is_leader_ is set, read after it.
  storage::KvTablet* kv_ = nullptr;
  std::atomic<bool> is_leader_{false};
  std::atomic<int32_t> leader_{-1};

  // Serialises writes and leader changes; readers take it only to copy the ISR.
  mutable std::mutex write_mu_;
  int32_t bucket_epoch_;            // guarded by write_mu_
  std::vector<ServerId> replicas_;  // guarded by write_mu_
  std::vector<ServerId> isr_;       // guarded by write_mu_
  // Written under write_mu_, read without it.
  std::atomic<int32_t> leader_epoch_;
  // The log end when this epoch began (ListOffsets LEADER_END_OFFSET_SNAPSHOT).
  std::atomic<int64_t> leader_end_offset_snapshot_{0};
  std::atomic<int64_t> hw_{0};
  LogEndListener listener_;  // guarded by write_mu_
};

// "fetch_offset = -2": the log start offset (FETCH_LOG).
inline constexpr LogOffset kEarliestFetchOffset{-2};

}  // namespace fluss::replication
