// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <span>
#include <vector>

#include "common/asio.h"
#include "common/bytes.h"
#include "common/result.h"
#include "model/ids.h"
#include "model/table_info.h"
#include "model/table_path.h"
#include "replication/delayed_fetch.h"
#include "replication/replica.h"
#include "storage/kv/kv_manager.h"
#include "storage/log/log_manager.h"

namespace fluss::replication {

// acks of ProduceLog / PutKv: 0 no wait, 1 the leader, -1 every ISR member.
enum class Acks : int32_t { kNone = 0, kLeader = 1, kAll = -1 };

// INVALID_REQUIRED_ACKS unless `acks` is 0, 1 or -1.
Result<Acks> acks_from_wire(int32_t acks);

// What StopReplica does with the bucket's local data.
enum class DeleteData { kNo, kYes };

// One bucket of a ProduceLog request; `records` is modified in place (offsets and
// commit timestamps are assigned) and must stay alive for the call.
struct ProduceBucket {
  TableBucket bucket = {};
  std::span<uint8_t> records = {};
};

struct ProduceResult {
  TableBucket bucket = {};
  Status status = Status::OK();
  LogOffset base_offset = kInvalidLogOffset;     // of the first batch (the original on a duplicate)
  LogOffset log_end_offset = kInvalidLogOffset;  // after the write
};

// One bucket of a PutKv request.
struct PutKvBucket {
  TableBucket bucket = {};
  ByteView records = {};  // a KV record batch (fluss-wire.md §6.1)
};

// Fluss's FetchParams, the request-wide part.
struct FetchParams {
  // The fetching replica's server id; kNoServerId for a client, which reads only
  // up to the high watermark.
  ServerId replica_id = kNoServerId;
  // The request's max_bytes, shared by its buckets in order.
  uint64_t max_bytes = 16 * 1024 * 1024;
};

struct FetchBucket {
  TableBucket bucket = {};
  LogOffset offset = kEarliestFetchOffset;  // kEarliestFetchOffset: the log start
  uint64_t max_bytes = 1024 * 1024;
  // Columns to keep (strictly ascending positions in the table's schema), for
  // ARROW tables only; nullopt: whole batches as stored.
  std::optional<std::vector<int>> projection = std::nullopt;
};

struct FetchResult {
  TableBucket bucket = {};
  Status status = Status::OK();
  LogReadResult read = {};  // meaningful when status is OK
};

// Every replica on this tablet server (Fluss's ReplicaManager), keyed by table
// bucket. NotifyLeaderAndIsr creates them (become_leader_or_follower),
// StopReplica removes them; the data-path calls look up the bucket's replica and
// answer per bucket, so one bad bucket never fails the others. Errors name the
// bucket: UNKNOWN_TABLE_OR_BUCKET_EXCEPTION for a bucket this server does not
// host, NOT_LEADER_OR_FOLLOWER when it is not the leader.
//
// The log and KV managers outlive it. Threading: every method may be called from
// any thread. The replica map is guarded by a shared mutex held only to find or
// change entries; replicas are shared_ptr so that a call in flight keeps its
// replica alive while StopReplica removes it (the tablets themselves are dropped
// only with DeleteData::kYes, see stop_replica).
class ReplicaManager {
 public:
  ReplicaManager(ServerId local_server, storage::LogManager& logs, storage::KvManager* kvs,
                 storage::Clock clock = storage::system_clock_ms);

  // The coordinator epoch check of NotifyLeaderAndIsr / StopReplica:
  // INVALID_COORDINATOR_EXCEPTION for an epoch below the highest seen (which it
  // becomes otherwise).
  Status check_coordinator_epoch(int32_t coordinator_epoch);

  // Applies one bucket's leader and ISR: creates the replica (opening its log and,
  // as leader of a primary-key table, its KvTablet) or updates it (Replica::update).
  // `table` and `schema_getter` describe the bucket's table; they are used only when
  // the replica is created.
  Status become_leader_or_follower(const LeaderAndIsr& state, const TableInfo& table,
                                   storage::SchemaGetter schema_getter);

  // Removes the replica of `bucket`. A `leader_epoch` below the replica's is
  // FENCED_LEADER_EPOCH_EXCEPTION (kNoLeaderEpoch skips the check); a bucket not
  // hosted here is fine (nothing to stop). With DeleteData::kYes the KvTablet and
  // the LogTablet are deleted with their directories; otherwise they stay open in
  // their managers and a later become_leader_or_follower reuses them.
  Status stop_replica(const TableBucket& bucket, LeaderEpoch leader_epoch, DeleteData delete_data);

  // ProduceLog: appends each bucket's batches. The replica (any ISR) acknowledges
  // at once for every acks value, as the ISR is the leader alone.
  std::vector<ProduceResult> append_records(Acks acks, std::span<const ProduceBucket> buckets);

  // PutKv: applies each bucket's KV batch; log_end_offset in each result.
  std::vector<ProduceResult> put_kv(Acks acks,
                                    std::optional<std::span<const int32_t>> target_columns,
                                    std::span<const PutKvBucket> buckets);

  // FetchLog without waiting: each bucket gets min(its max_bytes, what is left of
  // params.max_bytes) -- at least one whole batch for the first bucket that returns
  // data, nothing for later buckets once the budget is spent -- from its leader
  // replica, bounded by the high watermark for clients and the log end for
  // followers. A projection rewrites every ARROW batch (project_log_records);
  // a table that is not ARROW, or bad columns, is INVALID_COLUMN_PROJECTION.
  std::vector<FetchResult> fetch(const FetchParams& params,
                                 std::span<const FetchBucket> buckets) const;

  // FetchLog with long-poll (Fluss's fetchLogRecords + DelayedFetchLog): reads as
  // fetch() does and answers at once when `max_wait` is not positive, the read
  // found at least `min_bytes`, a bucket failed with an error other than
  // NOT_LEADER_OR_FOLLOWER / UNKNOWN_TABLE_OR_BUCKET_EXCEPTION, or no bucket read
  // without error. Otherwise it parks until the buckets that read without error
  // have at least `min_bytes` available together (each counted up to its
  // max_bytes; below the high watermark for clients, the log end for followers),
  // one of them fails (leader change, stopped replica, offset out of range), the
  // delayed fetches are closed, or `max_wait` passes -- then reads those buckets
  // again; the others keep their first answer. Runs on the caller's executor and
  // holds no lock while suspended; the replicas are read on that executor (the
  // reads are page-cache reads, as fetch() on a network thread).
  Task<std::vector<FetchResult>> fetch_waiting(FetchParams params, std::vector<FetchBucket> buckets,
                                               int32_t min_bytes,
                                               std::chrono::milliseconds max_wait);

  // Completes every parked fetch_waiting now and makes later ones answer at once
  // (the server's stop; the RpcServer waits for its handlers). Idempotent.
  void close_delayed_fetches() { delayed_fetches_.close(); }
  // Fetches parked right now.
  size_t delayed_fetch_count() const { return delayed_fetches_.waiting(); }

  // ListOffsets of one bucket (see Replica::list_offset); followers see the log end.
  Result<LogOffset> list_offset(const TableBucket& bucket, ServerId requester, OffsetType type,
                                std::optional<int64_t> timestamp) const;

  Result<std::vector<std::optional<std::string>>> lookup(const TableBucket& bucket,
                                                         std::span<const ByteView> keys) const;
  Result<std::vector<std::string>> prefix_lookup(const TableBucket& bucket, ByteView prefix) const;
  Result<Replica::LimitScanResult> limit_scan(const TableBucket& bucket, int32_t limit) const;

  // The hosted replica of `bucket` (UNKNOWN_TABLE_OR_BUCKET_EXCEPTION), and the
  // same requiring the leader role (NOT_LEADER_OR_FOLLOWER).
  Result<std::shared_ptr<Replica>> get_replica(const TableBucket& bucket) const;
  Result<std::shared_ptr<Replica>> get_leader_replica(const TableBucket& bucket) const;

  // Also called with the bucket after an append moved a replica's high watermark
  // (after the delayed fetches are woken); runs on the writer's thread under the
  // replica's write lock and must not write to that replica.
  void set_log_end_listener(Replica::LogEndListener listener);

  // For the LogManager's background duties (storage::LogDutyHooks): the upper
  // bound of what retention may delete -- the replica's high watermark, or the
  // log start for a bucket with no replica here (nothing is deleted before the
  // coordinator has said who leads it) -- and `duty` run under the bucket's
  // replica write lock (directly when no replica is hosted: nothing appends).
  LogOffset retention_bound(const TableBucket& bucket) const;
  void run_serialized_with_writes(const TableBucket& bucket, const std::function<void()>& duty);

  ServerId local_server() const { return local_server_; }
  size_t replica_count() const;
  // Every hosted replica, in TableBucket order (each kept alive by the caller).
  std::vector<std::shared_ptr<Replica>> replicas() const;

 private:
  const ServerId local_server_;
  storage::LogManager& logs_;
  storage::KvManager* const kvs_;
  const storage::Clock clock_;

  mutable std::shared_mutex mu_;
  std::map<TableBucket, std::shared_ptr<Replica>> replicas_;  // guarded by mu_
  int32_t coordinator_epoch_ = -1;                            // guarded by mu_

  // Every replica's log-end listener: wakes the delayed fetches, then listener_.
  void on_log_end(const TableBucket& bucket);
  // Whether the buckets that fetch_waiting watches can complete now.
  bool can_complete(FetchIsolation isolation, std::span<const FetchBucket> buckets,
                    int64_t min_bytes) const;

  DelayedFetchManager delayed_fetches_;
  mutable std::shared_mutex listener_mu_;
  Replica::LogEndListener listener_;  // guarded by listener_mu_
  // Serialises become_leader_or_follower and stop_replica (which open and drop
  // tablets) without holding mu_ across disk work.
  std::mutex state_change_mu_;
};

// Projects every ARROW batch of `records` (whole log batches) to `columns` into
// `out` (fluss-wire.md §5.10.4): header kept with Length patched and the
// statistics dropped, change-type vector kept, Arrow message rewritten; the CRC
// is left stale as in Fluss. `schema_of` gives the schema of each batch's schema id.
// Errors: INVALID_COLUMN_PROJECTION for bad columns, CORRUPT_RECORD_EXCEPTION /
// CORRUPT_MESSAGE for batches that do not parse.
Status project_log_records(
    ByteView records, std::span<const int> columns,
    const std::function<Result<std::shared_ptr<const Schema>>(SchemaId)>& schema_of,
    ByteBuffer& out);

}  // namespace fluss::replication
