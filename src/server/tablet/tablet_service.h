// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "common/asio.h"
#include "common/result.h"
#include "model/ids.h"
#include "replication/replica_manager.h"
#include "rpc/protocol/fluss_api.pb.h"
#include "rpc/protocol/produce_log_view.h"
#include "server/tablet/table_metadata_source.h"

namespace fluss::server {

namespace proto = ::fluss::rpc::proto;

// Hands out cluster-unique writer ids for InitWriter (Java: a ZooKeeper counter).
using WriterIdAllocator = std::function<Result<WriterId>()>;

// The tablet server's RPC handlers (Fluss's TabletService) as plain functions from
// request messages to response messages, with no transport: each maps the protobuf
// request to ReplicaManager calls and the per-bucket results back, with
// error_code/error_message set per bucket (rpc::set_error). A Result error is a
// request-level failure that the transport sends as an ERROR_RESPONSE.
//
// Not served yet: filter push-down (filter_predicate is ignored), remote log
// fetch info, insert_if_not_exists lookups, follower fetching.
//
// The replica manager, metadata source and allocator outlive the service.
// Thread-safe: handlers may run concurrently (the ReplicaManager is).
class TabletService {
 public:
  TabletService(replication::ReplicaManager& replicas, const TableMetadataSource& metadata,
                WriterIdAllocator allocate_writer_id = nullptr);

  // PRODUCE_LOG. The records of `request` are modified in place (offsets and
  // commit timestamps assigned). acks outside {0, 1, -1}: every bucket gets
  // INVALID_REQUIRED_ACKS.
  proto::ProduceLogResponse produce_log(proto::ProduceLogRequest& request);
  // The same over a request read in place (the RPC path: records are not copied); the
  // batches' offsets are assigned in the request's bytes.
  proto::ProduceLogResponse produce_log(const rpc::ProduceLogRequestView& request);

  // FETCH_LOG: per table and bucket, records up to the high watermark (clients) or
  // the log end (follower_server_id >= 0), with ARROW projection when
  // projection_pushdown_enabled.
  // min_bytes / max_wait_ms are ignored: the answer comes at once.
  proto::FetchLogResponse fetch_log(const proto::FetchLogRequest& request);

  // FETCH_LOG with Fluss's long-poll: with min_bytes set, the answer waits (on the
  // caller's executor, holding no thread) until the buckets have min_bytes to
  // return, one of them fails, or max_wait_ms (default 100 ms) passes; without
  // min_bytes it is fetch_log. See ReplicaManager::fetch_waiting.
  Task<proto::FetchLogResponse> fetch_log_waiting(proto::FetchLogRequest request);

  // Completes every parked fetch_log_waiting at once, and later ones without
  // waiting: the server calls it before stopping its RpcServer (which waits for
  // the handlers in flight).
  void close_delayed_fetches();

  // PUT_KV at `version` (0..2): v0 against a lake table with table.kv.format-version
  // 2 and a non-default bucket key is UNSUPPORTED_VERSION (fluss-wire.md §2.1);
  // below v2, STORAGE_BACKPRESSURE_EXCEPTION travels as KV_STORAGE_EXCEPTION.
  proto::PutKvResponse put_kv(int16_t version, const proto::PutKvRequest& request);

  // LOOKUP and PREFIX_LOOKUP at `version` (0..1), with the same v0 check.
  proto::LookupResponse lookup(int16_t version, const proto::LookupRequest& request);
  proto::PrefixLookupResponse prefix_lookup(int16_t version,
                                            const proto::PrefixLookupRequest& request);

  proto::LimitScanResponse limit_scan(const proto::LimitScanRequest& request);
  proto::ListOffsetsResponse list_offsets(const proto::ListOffsetsRequest& request);

  // From the coordinator. A stale coordinator epoch fails every bucket with
  // INVALID_COORDINATOR_EXCEPTION; a table the metadata source does not know
  // fails its buckets.
  proto::NotifyLeaderAndIsrResponse notify_leader_and_isr(
      const proto::NotifyLeaderAndIsrRequest& request);
  proto::StopReplicaResponse stop_replica(const proto::StopReplicaRequest& request);

  // INIT_WRITER (served by tablet servers): a new writer id from the allocator;
  // UNKNOWN_SERVER_ERROR when the service has no allocator.
  Result<proto::InitWriterResponse> init_writer(const proto::InitWriterRequest& request);

 private:
  // A FetchLogRequest as ReplicaManager arguments, and the results back.
  struct FetchRequest {
    replication::FetchParams params;
    std::vector<replication::FetchBucket> buckets;
    std::vector<size_t> table_of;  // index into tables_req of each bucket
  };
  static FetchRequest to_fetch_request(const proto::FetchLogRequest& request);
  static proto::FetchLogResponse to_fetch_response(const proto::FetchLogRequest& request,
                                                   const FetchRequest& fetch,
                                                   std::vector<replication::FetchResult> results);

  // UNSUPPORTED_VERSION for a v0 PK request that needs v1 keys (§2.1).
  Status check_pk_version(int16_t version, const TableBucket& bucket, std::string_view api) const;

  replication::ReplicaManager& replicas_;
  const TableMetadataSource& metadata_;
  WriterIdAllocator allocate_writer_id_;
};

}  // namespace fluss::server
