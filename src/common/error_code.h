// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace fluss {

// Every Fluss wire error code (Errors.java; ../shared/reference/fluss-wire.md §4):
// X(code, WIRE_NAME, kEnumerator, retriable). "Retriable" is what the Java client
// treats as RetriableException, so our clients retry exactly the same codes.
#define FLUSS_ERROR_CODES(X) \
  X(-1, UNKNOWN_SERVER_ERROR, kUnknownServerError, false) /* unexpected server-side failure (message = truncated stack trace) */ \
  X(0, NONE, kNone, false) /* success */ \
  X(1, NETWORK_EXCEPTION, kNetworkException, true) /* connection lost before a response */ \
  X(2, UNSUPPORTED_VERSION, kUnsupportedVersion, false) /* API version not supported (see §2.1) */ \
  X(3, CORRUPT_MESSAGE, kCorruptMessage, true) /* bad CRC / size / null PK / otherwise corrupt message */ \
  X(4, DATABASE_NOT_EXIST, kDatabaseNotExist, false) /* database missing */ \
  X(5, DATABASE_NOT_EMPTY, kDatabaseNotEmpty, false) /* drop of non-empty database without cascade */ \
  X(6, DATABASE_ALREADY_EXIST, kDatabaseAlreadyExist, false) /* database exists */ \
  X(7, TABLE_NOT_EXIST, kTableNotExist, false) /* table missing */ \
  X(8, TABLE_ALREADY_EXIST, kTableAlreadyExist, false) /* table exists */ \
  X(9, SCHEMA_NOT_EXIST, kSchemaNotExist, true) /* schema id unknown (e.g. batch schema id > latest) */ \
  X(10, LOG_STORAGE_EXCEPTION, kLogStorageException, true) /* log storage failure on server */ \
  X(11, KV_STORAGE_EXCEPTION, kKvStorageException, true) /* KV storage failure on server (also the downgraded form of 72) */ \
  X(12, NOT_LEADER_OR_FOLLOWER, kNotLeaderOrFollower, true) /* this server is not leader (or replica) for the bucket */ \
  X(13, RECORD_TOO_LARGE_EXCEPTION, kRecordTooLargeException, false) /* record/batch too large */ \
  X(14, CORRUPT_RECORD_EXCEPTION, kCorruptRecordException, true) /* batch failed CRC / validation on append */ \
  X(15, INVALID_TABLE_EXCEPTION, kInvalidTableException, false) /* invalid table definition/operation */ \
  X(16, INVALID_DATABASE_EXCEPTION, kInvalidDatabaseException, false) /* invalid database name/operation */ \
  X(17, INVALID_REPLICATION_FACTOR, kInvalidReplicationFactor, false) /* replication factor > live tablet servers */ \
  X(18, INVALID_REQUIRED_ACKS, kInvalidRequiredAcks, false) /* acks not in {0,1,−1} */ \
  X(19, LOG_OFFSET_OUT_OF_RANGE_EXCEPTION, kLogOffsetOutOfRangeException, false) /* fetch/list offset outside the log */ \
  X(20, NON_PRIMARY_KEY_TABLE_EXCEPTION, kNonPrimaryKeyTableException, false) /* KV operation on a log table */ \
  X(21, UNKNOWN_TABLE_OR_BUCKET_EXCEPTION, kUnknownTableOrBucketException, true) /* table/bucket not hosted here */ \
  X(22, INVALID_UPDATE_VERSION_EXCEPTION, kInvalidUpdateVersionException, false) /* stale bucket epoch */ \
  X(23, INVALID_COORDINATOR_EXCEPTION, kInvalidCoordinatorException, false) /* stale coordinator epoch / not active coordinator */ \
  X(24, FENCED_LEADER_EPOCH_EXCEPTION, kFencedLeaderEpochException, false) /* stale leader epoch */ \
  X(25, REQUEST_TIME_OUT, kRequestTimeOut, true) /* request timed out (e.g. acks=−1 wait expired) */ \
  X(26, STORAGE_EXCEPTION, kStorageException, true) /* generic storage failure */ \
  X(27, OPERATION_NOT_ATTEMPTED_EXCEPTION, kOperationNotAttemptedException, false) /* operation skipped because another in the batch failed */ \
  X(28, NOT_ENOUGH_REPLICAS_AFTER_APPEND_EXCEPTION, kNotEnoughReplicasAfterAppendException, true) /* written, but ISR shrank below min ISR */ \
  X(29, NOT_ENOUGH_REPLICAS_EXCEPTION, kNotEnoughReplicasException, true) /* ISR < min ISR with acks=−1; rejected */ \
  X(30, SECURITY_TOKEN_EXCEPTION, kSecurityTokenException, false) /* cannot obtain file-system token */ \
  X(31, OUT_OF_ORDER_SEQUENCE_EXCEPTION, kOutOfOrderSequenceException, false) /* batch sequence gap for a writer id */ \
  X(32, DUPLICATE_SEQUENCE_EXCEPTION, kDuplicateSequenceException, false) /* duplicate batch sequence (follower path) */ \
  X(33, UNKNOWN_WRITER_ID_EXCEPTION, kUnknownWriterIdException, false) /* writer state not found */ \
  X(34, INVALID_COLUMN_PROJECTION, kInvalidColumnProjection, false) /* bad `projected_fields` (or non-ARROW table) */ \
  X(35, INVALID_TARGET_COLUMN, kInvalidTargetColumn, false) /* bad `target_columns` for partial update */ \
  X(36, PARTITION_NOT_EXISTS, kPartitionNotExists, false) /* partition missing */ \
  X(37, TABLE_NOT_PARTITIONED_EXCEPTION, kTableNotPartitionedException, false) /* partition op on non-partitioned table */ \
  X(38, INVALID_TIMESTAMP_EXCEPTION, kInvalidTimestampException, false) /* timestamp in the future etc. */ \
  X(39, INVALID_CONFIG_EXCEPTION, kInvalidConfigException, false) /* invalid table/cluster config */ \
  X(40, LAKE_STORAGE_NOT_CONFIGURED_EXCEPTION, kLakeStorageNotConfiguredException, false) /* lake not configured */ \
  X(41, KV_SNAPSHOT_NOT_EXIST, kKvSnapshotNotExist, false) /* snapshot id missing */ \
  X(42, PARTITION_ALREADY_EXISTS, kPartitionAlreadyExists, false) /* partition exists */ \
  X(43, PARTITION_SPEC_INVALID_EXCEPTION, kPartitionSpecInvalidException, false) /* invalid partition spec/value */ \
  X(44, LEADER_NOT_AVAILABLE_EXCEPTION, kLeaderNotAvailableException, true) /* no leader currently */ \
  X(45, PARTITION_MAX_NUM_EXCEPTION, kPartitionMaxNumException, false) /* too many partitions */ \
  X(46, AUTHENTICATE_EXCEPTION, kAuthenticateException, false) /* authentication failed / not yet authenticated */ \
  X(47, SECURITY_DISABLED_EXCEPTION, kSecurityDisabledException, false) /* security (ACL) not enabled */ \
  X(48, AUTHORIZATION_EXCEPTION, kAuthorizationException, false) /* not authorized */ \
  X(49, BUCKET_MAX_NUM_EXCEPTION, kBucketMaxNumException, false) /* too many buckets */ \
  X(50, FENCED_TIERING_EPOCH_EXCEPTION, kFencedTieringEpochException, false) /* stale lake-tiering epoch */ \
  X(51, RETRIABLE_AUTHENTICATE_EXCEPTION, kRetriableAuthenticateException, false) /* transient auth failure; client restarts SASL */ \
  X(52, INVALID_SERVER_RACK_INFO_EXCEPTION, kInvalidServerRackInfoException, false) /* bad rack info */ \
  X(53, LAKE_SNAPSHOT_NOT_EXIST, kLakeSnapshotNotExist, false) /* lake snapshot missing */ \
  X(54, LAKE_TABLE_ALREADY_EXIST, kLakeTableAlreadyExist, false) /* lake table exists */ \
  X(55, INELIGIBLE_REPLICA_EXCEPTION, kIneligibleReplicaException, false) /* new ISR contains an ineligible replica */ \
  X(56, INVALID_ALTER_TABLE_EXCEPTION, kInvalidAlterTableException, false) /* invalid ALTER TABLE */ \
  X(57, DELETION_DISABLED_EXCEPTION, kDeletionDisabledException, false) /* deletes disabled (`table.delete.behavior=disable`) */ \
  X(58, SERVER_NOT_EXIST_EXCEPTION, kServerNotExistException, false) /* server id unknown */ \
  X(59, SEVER_TAG_ALREADY_EXIST_EXCEPTION, kSeverTagAlreadyExistException, false) /* server tag exists (sic, "SEVER") */ \
  X(60, SEVER_TAG_NOT_EXIST_EXCEPTION, kSeverTagNotExistException, false) /* server tag missing (sic) */ \
  X(61, REBALANCE_FAILURE_EXCEPTION, kRebalanceFailureException, false) /* rebalance failed */ \
  X(62, NO_REBALANCE_IN_PROGRESS_EXCEPTION, kNoRebalanceInProgressException, false) /* nothing to cancel/list */ \
  X(63, INVALID_PRODUCER_ID_EXCEPTION, kInvalidProducerIdException, false) /* bad producer id (producer offsets API) */ \
  X(64, CONFIG_EXCEPTION, kConfigException, false) /* configuration error */ \
  X(65, NOT_COORDINATOR_LEADER_EXCEPTION, kNotCoordinatorLeaderException, false) /* coordinator is a standby, not leader */ \
  X(66, SCANNER_EXPIRED, kScannerExpired, false) /* ScanKv session expired */ \
  X(67, UNKNOWN_SCANNER_ID, kUnknownScannerId, false) /* ScanKv id unknown */ \
  X(68, INVALID_SCAN_REQUEST, kInvalidScanRequest, false) /* malformed ScanKv request */ \
  X(69, TOO_MANY_SCANNERS, kTooManyScanners, false) /* scanner limit reached */ \
  X(70, DISK_WRITE_LOCKED, kDiskWriteLocked, true) /* tablet disk usage over write-limit ratio */ \
  X(71, INSUFFICIENT_KV_LEADER_REPLICA_CAPACITY, kInsufficientKvLeaderReplicaCapacity, false) /* not enough KV leader capacity */ \
  X(72, STORAGE_BACKPRESSURE_EXCEPTION, kStorageBackpressureException, true) /* RocksDB write pressure; only sent to PUT_KV ≥ v2 */ \
  X(73, HISTORICAL_PARTITION_THROTTLED, kHistoricalPartitionThrottled, true) /* too many historical-partition lookups */

// The Fluss wire error codes; a Status goes into a response as-is. Codes >= 1000
// are internal and never sent: the RPC layer maps them first.
enum class ErrorCode : int16_t {
#define FLUSS_ERROR_ENUM(code, name, enumerator, retriable) enumerator = code,
  FLUSS_ERROR_CODES(FLUSS_ERROR_ENUM)
#undef FLUSS_ERROR_ENUM
  kCancelled = 1000,  // internal: shutdown, or the caller gave up
  // Internal: the MetadataStore's ZooKeeper-shaped errors (server/metadata), mapped
  // to Fluss codes by MetadataManager before they reach a client.
  kNodeExists = 1001,  // create of a path that exists (ZooKeeper NODEEXISTS)
  kNoNode = 1002,      // a path (or the parent of one being created) is missing (NONODE)
  kBadVersion = 1003,  // a conditional update saw another version (BADVERSION)
  kNotEmpty = 1004,    // non-recursive remove of a node with children (NOTEMPTY)
  // Internal: a caller's argument does not fit (Java's IllegalArgumentException, e.g.
  // an Arrow batch whose schema is not the table's); the client reports CLIENT_ERROR.
  kInvalidArgument = 1005,
};

// "NOT_LEADER_OR_FOLLOWER"; "UNKNOWN_ERROR_CODE" for values outside the table.
std::string_view error_name(ErrorCode code);

// True for the codes the Java client retries (RetriableException subclasses).
bool is_retriable(ErrorCode code);

// The code for a wire value; codes a peer sends that we do not know map to
// UNKNOWN_SERVER_ERROR, as the Java client does.
ErrorCode error_code_from_wire(int32_t code);

// The code named `name` (e.g. "CORRUPT_MESSAGE"), if there is one.
std::optional<ErrorCode> error_code_from_name(std::string_view name);

}  // namespace fluss
