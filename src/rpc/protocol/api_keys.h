// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <memory>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace google::protobuf {
class Message;
}  // namespace google::protobuf

namespace fluss::rpc::proto {
class ApiVersionsResponse;
}  // namespace fluss::rpc::proto

namespace fluss::rpc {

// The two kinds of Fluss server; the values are ApiVersionsResponse.server_type's.
enum class ServerType : int8_t { kCoordinator = 1, kTabletServer = 2 };

// Which server kinds serve an API in Apache Fluss (its gateway interfaces and ApiManager).
enum class ApiScope : uint8_t { kCoordinator, kTabletServer, kBoth };

// PRIVATE APIs are server-to-server only; PUBLIC ones are also called by clients.
enum class ApiVisibility : uint8_t { kPublic, kPrivate };

// Every API key of Fluss (ApiKeys.java; fluss-wire.md §2):
// X(key, WIRE_NAME, kEnumerator, min_version, max_version, scope, visibility,
//   RequestMessage, ResponseMessage).
#define FLUSS_API_KEYS(X)                                                                          \
  X(1000, API_VERSIONS, kApiVersions, 0, 0, kBoth, kPublic, ApiVersionsRequest,                    \
    ApiVersionsResponse)                                                                           \
  X(1001, CREATE_DATABASE, kCreateDatabase, 0, 0, kCoordinator, kPublic, CreateDatabaseRequest,    \
    CreateDatabaseResponse)                                                                        \
  X(1002, DROP_DATABASE, kDropDatabase, 0, 0, kCoordinator, kPublic, DropDatabaseRequest,          \
    DropDatabaseResponse)                                                                          \
  X(1003, LIST_DATABASES, kListDatabases, 0, 0, kBoth, kPublic, ListDatabasesRequest,              \
    ListDatabasesResponse)                                                                         \
  X(1004, DATABASE_EXISTS, kDatabaseExists, 0, 0, kBoth, kPublic, DatabaseExistsRequest,           \
    DatabaseExistsResponse)                                                                        \
  X(1005, CREATE_TABLE, kCreateTable, 0, 0, kCoordinator, kPublic, CreateTableRequest,             \
    CreateTableResponse)                                                                           \
  X(1006, DROP_TABLE, kDropTable, 0, 0, kCoordinator, kPublic, DropTableRequest,                   \
    DropTableResponse)                                                                             \
  X(1007, GET_TABLE_INFO, kGetTableInfo, 0, 0, kBoth, kPublic, GetTableInfoRequest,                \
    GetTableInfoResponse)                                                                          \
  X(1008, LIST_TABLES, kListTables, 0, 0, kBoth, kPublic, ListTablesRequest, ListTablesResponse)   \
  X(1009, LIST_PARTITION_INFOS, kListPartitionInfos, 0, 0, kBoth, kPublic,                         \
    ListPartitionInfosRequest, ListPartitionInfosResponse)                                         \
  X(1010, TABLE_EXISTS, kTableExists, 0, 0, kBoth, kPublic, TableExistsRequest,                    \
    TableExistsResponse)                                                                           \
  X(1011, GET_TABLE_SCHEMA, kGetTableSchema, 0, 0, kBoth, kPublic, GetTableSchemaRequest,          \
    GetTableSchemaResponse)                                                                        \
  X(1012, GET_METADATA, kGetMetadata, 0, 0, kBoth, kPublic, MetadataRequest, MetadataResponse)     \
  X(1013, UPDATE_METADATA, kUpdateMetadata, 0, 0, kTabletServer, kPrivate, UpdateMetadataRequest,  \
    UpdateMetadataResponse)                                                                        \
  X(1014, PRODUCE_LOG, kProduceLog, 0, 0, kTabletServer, kPublic, ProduceLogRequest,               \
    ProduceLogResponse)                                                                            \
  X(1015, FETCH_LOG, kFetchLog, 0, 0, kTabletServer, kPublic, FetchLogRequest, FetchLogResponse)   \
  X(1016, PUT_KV, kPutKv, 0, 2, kTabletServer, kPublic, PutKvRequest, PutKvResponse)               \
  X(1017, LOOKUP, kLookup, 0, 1, kTabletServer, kPublic, LookupRequest, LookupResponse)            \
  X(1018, NOTIFY_LEADER_AND_ISR, kNotifyLeaderAndIsr, 0, 0, kTabletServer, kPrivate,               \
    NotifyLeaderAndIsrRequest, NotifyLeaderAndIsrResponse)                                         \
  X(1019, STOP_REPLICA, kStopReplica, 0, 0, kTabletServer, kPrivate, StopReplicaRequest,           \
    StopReplicaResponse)                                                                           \
  X(1020, ADJUST_ISR, kAdjustIsr, 0, 0, kCoordinator, kPrivate, AdjustIsrRequest,                  \
    AdjustIsrResponse)                                                                             \
  X(1021, LIST_OFFSETS, kListOffsets, 0, 0, kTabletServer, kPublic, ListOffsetsRequest,            \
    ListOffsetsResponse)                                                                           \
  X(1022, COMMIT_KV_SNAPSHOT, kCommitKvSnapshot, 0, 0, kCoordinator, kPrivate,                     \
    CommitKvSnapshotRequest, CommitKvSnapshotResponse)                                             \
  X(1023, GET_LATEST_KV_SNAPSHOTS, kGetLatestKvSnapshots, 0, 0, kBoth, kPublic,                    \
    GetLatestKvSnapshotsRequest, GetLatestKvSnapshotsResponse)                                     \
  X(1024, GET_KV_SNAPSHOT_METADATA, kGetKvSnapshotMetadata, 0, 0, kBoth, kPublic,                  \
    GetKvSnapshotMetadataRequest, GetKvSnapshotMetadataResponse)                                   \
  X(1025, GET_FILESYSTEM_SECURITY_TOKEN, kGetFilesystemSecurityToken, 0, 0, kBoth, kPublic,        \
    GetFileSystemSecurityTokenRequest, GetFileSystemSecurityTokenResponse)                         \
  X(1026, INIT_WRITER, kInitWriter, 0, 0, kTabletServer, kPublic, InitWriterRequest,               \
    InitWriterResponse)                                                                            \
  X(1027, COMMIT_REMOTE_LOG_MANIFEST, kCommitRemoteLogManifest, 0, 0, kCoordinator, kPrivate,      \
    CommitRemoteLogManifestRequest, CommitRemoteLogManifestResponse)                               \
  X(1028, NOTIFY_REMOTE_LOG_OFFSETS, kNotifyRemoteLogOffsets, 0, 0, kTabletServer, kPrivate,       \
    NotifyRemoteLogOffsetsRequest, NotifyRemoteLogOffsetsResponse)                                 \
  X(1029, NOTIFY_KV_SNAPSHOT_OFFSET, kNotifyKvSnapshotOffset, 0, 0, kTabletServer, kPrivate,       \
    NotifyKvSnapshotOffsetRequest, NotifyKvSnapshotOffsetResponse)                                 \
  X(1030, COMMIT_LAKE_TABLE_SNAPSHOT, kCommitLakeTableSnapshot, 0, 0, kCoordinator, kPrivate,      \
    CommitLakeTableSnapshotRequest, CommitLakeTableSnapshotResponse)                               \
  X(1031, NOTIFY_LAKE_TABLE_OFFSET, kNotifyLakeTableOffset, 0, 0, kTabletServer, kPrivate,         \
    NotifyLakeTableOffsetRequest, NotifyLakeTableOffsetResponse)                                   \
  X(1032, GET_LAKE_SNAPSHOT, kGetLakeSnapshot, 0, 0, kBoth, kPublic, GetLakeSnapshotRequest,       \
    GetLakeSnapshotResponse)                                                                       \
  X(1033, LIMIT_SCAN, kLimitScan, 0, 0, kTabletServer, kPublic, LimitScanRequest,                  \
    LimitScanResponse)                                                                             \
  X(1034, PREFIX_LOOKUP, kPrefixLookup, 0, 1, kTabletServer, kPublic, PrefixLookupRequest,         \
    PrefixLookupResponse)                                                                          \
  X(1035, GET_DATABASE_INFO, kGetDatabaseInfo, 0, 0, kBoth, kPublic, GetDatabaseInfoRequest,       \
    GetDatabaseInfoResponse)                                                                       \
  X(1036, CREATE_PARTITION, kCreatePartition, 0, 0, kCoordinator, kPublic, CreatePartitionRequest, \
    CreatePartitionResponse)                                                                       \
  X(1037, DROP_PARTITION, kDropPartition, 0, 0, kCoordinator, kPublic, DropPartitionRequest,       \
    DropPartitionResponse)                                                                         \
  X(1038, AUTHENTICATE, kAuthenticate, 0, 0, kBoth, kPublic, AuthenticateRequest,                  \
    AuthenticateResponse)                                                                          \
  X(1039, CREATE_ACLS, kCreateAcls, 0, 0, kCoordinator, kPublic, CreateAclsRequest,                \
    CreateAclsResponse)                                                                            \
  X(1040, LIST_ACLS, kListAcls, 0, 0, kBoth, kPublic, ListAclsRequest, ListAclsResponse)           \
  X(1041, DROP_ACLS, kDropAcls, 0, 0, kCoordinator, kPublic, DropAclsRequest, DropAclsResponse)    \
  X(1042, LAKE_TIERING_HEARTBEAT, kLakeTieringHeartbeat, 0, 0, kCoordinator, kPrivate,             \
    LakeTieringHeartbeatRequest, LakeTieringHeartbeatResponse)                                     \
  X(1043, CONTROLLED_SHUTDOWN, kControlledShutdown, 0, 0, kCoordinator, kPrivate,                  \
    ControlledShutdownRequest, ControlledShutdownResponse)                                         \
  X(1044, ALTER_TABLE, kAlterTable, 0, 0, kCoordinator, kPublic, AlterTableRequest,                \
    AlterTableResponse)                                                                            \
  X(1045, DESCRIBE_CLUSTER_CONFIGS, kDescribeClusterConfigs, 0, 0, kBoth, kPublic,                 \
    DescribeClusterConfigsRequest, DescribeClusterConfigsResponse)                                 \
  X(1046, ALTER_CLUSTER_CONFIGS, kAlterClusterConfigs, 0, 0, kCoordinator, kPublic,                \
    AlterClusterConfigsRequest, AlterClusterConfigsResponse)                                       \
  X(1047, ADD_SERVER_TAG, kAddServerTag, 0, 0, kCoordinator, kPublic, AddServerTagRequest,         \
    AddServerTagResponse)                                                                          \
  X(1048, REMOVE_SERVER_TAG, kRemoveServerTag, 0, 0, kCoordinator, kPublic,                        \
    RemoveServerTagRequest, RemoveServerTagResponse)                                               \
  X(1049, REBALANCE, kRebalance, 0, 0, kCoordinator, kPublic, RebalanceRequest, RebalanceResponse) \
  X(1050, LIST_REBALANCE_PROGRESS, kListRebalanceProgress, 0, 0, kCoordinator, kPublic,            \
    ListRebalanceProgressRequest, ListRebalanceProgressResponse)                                   \
  X(1051, CANCEL_REBALANCE, kCancelRebalance, 0, 0, kCoordinator, kPublic, CancelRebalanceRequest, \
    CancelRebalanceResponse)                                                                       \
  X(1052, PREPARE_LAKE_TABLE_SNAPSHOT, kPrepareLakeTableSnapshot, 0, 0, kCoordinator, kPrivate,    \
    PrepareLakeTableSnapshotRequest, PrepareLakeTableSnapshotResponse)                             \
  X(1053, REGISTER_PRODUCER_OFFSETS, kRegisterProducerOffsets, 0, 0, kCoordinator, kPublic,        \
    RegisterProducerOffsetsRequest, RegisterProducerOffsetsResponse)                               \
  X(1054, GET_PRODUCER_OFFSETS, kGetProducerOffsets, 0, 0, kCoordinator, kPublic,                  \
    GetProducerOffsetsRequest, GetProducerOffsetsResponse)                                         \
  X(1055, DELETE_PRODUCER_OFFSETS, kDeleteProducerOffsets, 0, 0, kCoordinator, kPublic,            \
    DeleteProducerOffsetsRequest, DeleteProducerOffsetsResponse)                                   \
  X(1056, ACQUIRE_KV_SNAPSHOT_LEASE, kAcquireKvSnapshotLease, 0, 0, kCoordinator, kPublic,         \
    AcquireKvSnapshotLeaseRequest, AcquireKvSnapshotLeaseResponse)                                 \
  X(1057, RELEASE_KV_SNAPSHOT_LEASE, kReleaseKvSnapshotLease, 0, 0, kCoordinator, kPublic,         \
    ReleaseKvSnapshotLeaseRequest, ReleaseKvSnapshotLeaseResponse)                                 \
  X(1058, DROP_KV_SNAPSHOT_LEASE, kDropKvSnapshotLease, 0, 0, kCoordinator, kPublic,               \
    DropKvSnapshotLeaseRequest, DropKvSnapshotLeaseResponse)                                       \
  X(1059, GET_TABLE_STATS, kGetTableStats, 0, 0, kTabletServer, kPublic, GetTableStatsRequest,     \
    GetTableStatsResponse)                                                                         \
  X(1060, ALTER_DATABASE, kAlterDatabase, 0, 0, kCoordinator, kPublic, AlterDatabaseRequest,       \
    AlterDatabaseResponse)                                                                         \
  X(1061, SCAN_KV, kScanKv, 0, 0, kTabletServer, kPublic, ScanKvRequest, ScanKvResponse)           \
  X(1062, GET_CLUSTER_HEALTH, kGetClusterHealth, 0, 0, kBoth, kPublic, GetClusterHealthRequest,    \
    GetClusterHealthResponse)                                                                      \
  X(1063, LIST_REMOTE_LOG_MANIFESTS, kListRemoteLogManifests, 0, 0, kCoordinator, kPublic,         \
    ListRemoteLogManifestsRequest, ListRemoteLogManifestsResponse)                                 \
  X(1064, LIST_KV_SNAPSHOTS, kListKvSnapshots, 0, 0, kCoordinator, kPublic,                        \
    ListKvSnapshotsRequest, ListKvSnapshotsResponse)

// An API key as carried in the request header (int16, 1000..1064; 0..999 are Kafka's).
enum class ApiKey : int16_t {
#define FLUSS_API_KEY_ENUM(key, name, enumerator, ...) enumerator = key,
  FLUSS_API_KEYS(FLUSS_API_KEY_ENUM)
#undef FLUSS_API_KEY_ENUM
};

// What fluss-cpp knows about one API: its versions, who serves it in Fluss, and its
// request and response messages.
struct ApiInfo {
  ApiKey key;
  std::string_view name;  // "PRODUCE_LOG"
  int16_t min_version;
  int16_t max_version;
  ApiScope scope;
  ApiVisibility visibility;
  std::string_view request_type;   // "ProduceLogRequest"
  std::string_view response_type;  // "ProduceLogResponse"
  // Empty messages of the API's request and response types.
  std::unique_ptr<google::protobuf::Message> (*new_request)();
  std::unique_ptr<google::protobuf::Message> (*new_response)();

  int16_t id() const { return static_cast<int16_t>(key); }
  bool supports_version(int16_t version) const {
    return version >= min_version && version <= max_version;
  }
  // True when Fluss's `server` kind serves this API.
  bool served_by(ServerType server) const;
};

// Every API, in key order.
std::span<const ApiInfo> all_apis();

// The API with wire key `key`, or nullptr for keys Fluss does not define.
const ApiInfo* find_api(int16_t key);

// The table entry of a known key.
const ApiInfo& api_info(ApiKey key);

// "PRODUCE_LOG"; "UNKNOWN" for keys Fluss does not define.
std::string_view api_key_name(int16_t key);
std::string_view api_key_name(ApiKey key);

// "PRODUCE_LOG (1014)" or "unknown API key 1099": how error messages name an API.
std::string describe_api_key(int16_t key);

// "coordinator" / "tablet server".
std::string_view server_type_name(ServerType server);

// Every API that Fluss's `server` kind serves, in key order: the full set a complete server
// answers. A fluss-cpp server advertises only what it has handlers for (below).
std::vector<ApiKey> served_apis(ServerType server);

// The ApiVersionsResponse of a `server` that has handlers for exactly `handled` (in any order,
// duplicates ignored): one PbApiVersion per API, in key order, with the versions of the table,
// and server_type. Handlers are expected to match Fluss's scope (served_by); a key outside it is
// still listed, because the server does answer it.
proto::ApiVersionsResponse make_api_versions_response(ServerType server,
                                                      std::span<const ApiKey> handled);

std::ostream& operator<<(std::ostream& os, ApiKey key);
std::ostream& operator<<(std::ostream& os, ServerType server);

}  // namespace fluss::rpc

template <>
struct fmt::formatter<fluss::rpc::ApiKey> : fmt::formatter<std::string_view> {
  auto format(fluss::rpc::ApiKey key, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(fluss::rpc::api_key_name(key), ctx);
  }
};

template <>
struct fmt::formatter<fluss::rpc::ServerType> : fmt::formatter<std::string_view> {
  auto format(fluss::rpc::ServerType server, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(fluss::rpc::server_type_name(server), ctx);
  }
};
