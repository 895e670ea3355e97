// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "model/database_descriptor.h"
#include "model/ids.h"
#include "model/properties.h"
#include "model/table_path.h"

namespace fluss::server {

// What Fluss keeps in its metadata store and where (Java's ZkData and
// zk/data/*JsonSerde; fluss-wire.md Appendix A). Writers produce Java's JSON byte
// for byte (compact, keys in Java's order, property maps in HashMap order); readers
// accept what Java writes. A document that does not parse is STORAGE_EXCEPTION
// naming the key. Thread-safe (no state).

// Paths.
namespace zk_paths {
inline constexpr std::string_view kDatabases = "/metadata/databases";
inline constexpr std::string_view kTableSeqId = "/metadata/table_seqid";
inline constexpr std::string_view kPartitionSeqId = "/metadata/partition_seqid";
inline constexpr std::string_view kWriterId = "/metadata/writer_id";
inline constexpr std::string_view kTabletServerIds = "/tabletservers/ids";
inline constexpr std::string_view kTableAssignments = "/tabletservers/tables";
inline constexpr std::string_view kPartitionAssignments = "/tabletservers/partitions";
inline constexpr std::string_view kCoordinatorIds = "/coordinators/ids";
inline constexpr std::string_view kCoordinatorLeader = "/coordinators/active";

std::string database(std::string_view name);
std::string tables(std::string_view database_name);
std::string table(const TablePath& path);
std::string schemas(const TablePath& path);
std::string schema(const TablePath& path, SchemaId id);
std::string partitions(const TablePath& path);
std::string partition(const TablePath& path, std::string_view partition_name);
std::string tablet_server(ServerId id);
std::string coordinator(std::string_view id);  // "/coordinators/ids/<id>"
std::string table_assignment(TableId id);
std::string partition_assignment(PartitionId id);
// ".../<tableId or partitionId>/buckets/<b>/leader_isr".
std::string leader_and_isr(const TableBucket& bucket);

// Curator's leader latch for the coordinator election (ephemeral sequential children).
inline constexpr std::string_view kCoordinatorElection = "/coordinators/election";
// The coordinator epoch as decimal text ("3"); persistent.
inline constexpr std::string_view kCoordinatorEpoch = "/coordinators/epoch";
}  // namespace zk_paths

// /metadata/databases/<db> (DatabaseRegistration, version 1).
struct DatabaseRegistration {
  std::optional<std::string> comment{};
  Properties custom_properties{};
  int64_t created_time_ms = 0;
  int64_t modified_time_ms = 0;

  DatabaseInfo to_info(std::string database_name) const;
  friend bool operator==(const DatabaseRegistration&, const DatabaseRegistration&) = default;
};

// /metadata/databases/<db>/tables/<t> (TableRegistration, version 1). The schema
// lives beside it, under schemas/<id>.
struct TableRegistration {
  TableId table_id = kUnknownTableId;
  std::optional<std::string> comment{};
  std::vector<std::string> partition_keys{};
  std::vector<std::string> bucket_keys{};
  int32_t bucket_count = 0;
  Properties properties{};
  Properties custom_properties{};
  std::optional<std::string> remote_data_dir{};
  int64_t created_time_ms = 0;
  int64_t modified_time_ms = 0;

  bool is_partitioned() const { return !partition_keys.empty(); }
  friend bool operator==(const TableRegistration&, const TableRegistration&) = default;
};

// .../tables/<t>/partitions/<name> (PartitionRegistration, version 1).
struct PartitionRegistration {
  TableId table_id = kUnknownTableId;
  PartitionId partition_id{-1};
  std::optional<std::string> remote_data_dir{};

  friend bool operator==(const PartitionRegistration&, const PartitionRegistration&) = default;
};

// The replicas (server ids) of one bucket, preferred leader first.
struct BucketAssignment {
  std::vector<int32_t> replicas{};
  friend bool operator==(const BucketAssignment&, const BucketAssignment&) = default;
};

// /tabletservers/tables/<tableId> (TableAssignment, version 1) and, with table_id,
// /tabletservers/partitions/<partitionId> (PartitionAssignment, version 1).
struct TableAssignment {
  std::map<int32_t, BucketAssignment> buckets{};
  friend bool operator==(const TableAssignment&, const TableAssignment&) = default;
};
struct PartitionAssignment {
  TableId table_id = kUnknownTableId;
  std::map<int32_t, BucketAssignment> buckets{};
  friend bool operator==(const PartitionAssignment&, const PartitionAssignment&) = default;
};

// .../buckets/<b>/leader_isr (LeaderAndIsr, version 2).
struct LeaderAndIsr {
  ServerId leader = kNoServerId;
  LeaderEpoch leader_epoch = kInitialLeaderEpoch;
  std::vector<int32_t> isr{};
  std::vector<int32_t> standby_replicas{};
  int32_t coordinator_epoch = 0;
  int32_t bucket_epoch = 0;
  friend bool operator==(const LeaderAndIsr&, const LeaderAndIsr&) = default;
};

// /tabletservers/ids/<id> (TabletServerRegistration, version 4). `listeners` is
// Java's Endpoint.toListenersString form ("CLIENT://host:9123,INTERNAL://...").
struct TabletServerRegistration {
  std::string listeners{};
  int64_t register_timestamp_ms = 0;
  std::optional<std::string> rack{};
  std::optional<double> cpu_cores{};
  std::optional<int64_t> memory_bytes{};
  friend bool operator==(const TabletServerRegistration&,
                         const TabletServerRegistration&) = default;
};

// /coordinators/ids/<id> and /coordinators/active (CoordinatorAddress, version 2):
// the coordinator's id (a string in Java: a UUID) and its listeners.
struct CoordinatorAddress {
  std::string id{};
  std::string listeners{};
  friend bool operator==(const CoordinatorAddress&, const CoordinatorAddress&) = default;
};

std::string to_json(const DatabaseRegistration& r);
std::string to_json(const TableRegistration& r);
std::string to_json(const PartitionRegistration& r);
std::string to_json(const TableAssignment& a);
std::string to_json(const PartitionAssignment& a);
std::string to_json(const LeaderAndIsr& l);
std::string to_json(const TabletServerRegistration& r);
std::string to_json(const CoordinatorAddress& a);

Result<DatabaseRegistration> database_registration_from_json(std::string_view json);
Result<TableRegistration> table_registration_from_json(std::string_view json);
Result<PartitionRegistration> partition_registration_from_json(std::string_view json);
Result<TableAssignment> table_assignment_from_json(std::string_view json);
Result<PartitionAssignment> partition_assignment_from_json(std::string_view json);
Result<LeaderAndIsr> leader_and_isr_from_json(std::string_view json);
Result<TabletServerRegistration> tablet_server_registration_from_json(std::string_view json);
Result<CoordinatorAddress> coordinator_address_from_json(std::string_view json);

// The id counters (Curator's DistributedAtomicLong): 8 bytes, big-endian.
std::string encode_sequence(int64_t value);
Result<int64_t> decode_sequence(std::string_view bytes, std::string_view path);

// The coordinator epoch node's text (Java's Integer.toString / parseInt).
std::string encode_coordinator_epoch(int32_t epoch);
Result<int32_t> decode_coordinator_epoch(std::string_view bytes);

}  // namespace fluss::server
