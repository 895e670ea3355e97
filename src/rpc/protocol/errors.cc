// SPDX-License-Identifier: Apache-2.0
#include "rpc/protocol/errors.h"

#include <unordered_map>

#include "rpc/protocol/fluss_api.pb.h"

namespace fluss::rpc {
namespace {

// Wire-visible texts of Errors.java, byte for byte (a client compares nothing, but Fluss's
// server omits error_message exactly when it equals one of these).
const std::unordered_map<ErrorCode, std::string_view>& default_messages() {
  static const auto* messages = new std::unordered_map<ErrorCode, std::string_view>{
      {ErrorCode::kUnknownServerError,
       "The server experienced an unexpected error when processing the request."},
      {ErrorCode::kNetworkException, "The server disconnected before a response was received."},
      {ErrorCode::kUnsupportedVersion, "The version of API is not supported."},
      {ErrorCode::kCorruptMessage,
       "This message has failed its CRC checksum, exceeds the valid size, has a null key for a "
       "primary key table, or is otherwise corrupt."},
      {ErrorCode::kDatabaseNotExist, "The database does not exist."},
      {ErrorCode::kDatabaseNotEmpty, "The database is not empty."},
      {ErrorCode::kDatabaseAlreadyExist, "The database already exists."},
      {ErrorCode::kTableNotExist, "The table does not exist."},
      {ErrorCode::kTableAlreadyExist, "The table already exists."},
      {ErrorCode::kSchemaNotExist, "The schema does not exist."},
      {ErrorCode::kLogStorageException, "Exception occur while storage data for log in server."},
      {ErrorCode::kKvStorageException, "Exception occur while storage data for kv in server."},
      {ErrorCode::kNotLeaderOrFollower, "Not leader or follower."},
      {ErrorCode::kRecordTooLargeException, "The record is too large."},
      {ErrorCode::kCorruptRecordException, "The record is corrupt."},
      {ErrorCode::kInvalidTableException,
       "The client has attempted to perform an operation on an invalid table."},
      {ErrorCode::kInvalidDatabaseException,
       "The client has attempted to perform an operation on an invalid database."},
      {ErrorCode::kInvalidReplicationFactor,
       "The replication factor is larger then the number of available tablet servers."},
      {ErrorCode::kInvalidRequiredAcks,
       "Produce request specified an invalid value for required acks."},
      {ErrorCode::kLogOffsetOutOfRangeException, "The log offset is out of range."},
      {ErrorCode::kNonPrimaryKeyTableException, "The table is not primary key table."},
      {ErrorCode::kUnknownTableOrBucketException, "The table or bucket does not exist."},
      {ErrorCode::kInvalidUpdateVersionException, "The update version is invalid."},
      {ErrorCode::kInvalidCoordinatorException, "The coordinator is invalid."},
      {ErrorCode::kFencedLeaderEpochException, "The leader epoch is invalid."},
      {ErrorCode::kRequestTimeOut, "The request time out."},
      {ErrorCode::kStorageException, "The general storage exception."},
      {ErrorCode::kOperationNotAttemptedException,
       "The server did not attempt to execute this operation."},
      {ErrorCode::kNotEnoughReplicasAfterAppendException,
       "Records are written to the server already, but to fewer in-sync replicas than required."},
      {ErrorCode::kNotEnoughReplicasException,
       "Messages are rejected since there are fewer in-sync replicas than required."},
      {ErrorCode::kSecurityTokenException, "Get file access security token exception."},
      {ErrorCode::kOutOfOrderSequenceException,
       "The tablet server received an out of order sequence batch."},
      {ErrorCode::kDuplicateSequenceException,
       "The tablet server received a duplicate sequence batch."},
      {ErrorCode::kUnknownWriterIdException,
       "This exception is raised by the tablet server if it could not locate the writer metadata."},
      {ErrorCode::kInvalidColumnProjection, "The requested column projection is invalid."},
      {ErrorCode::kInvalidTargetColumn, "The requested target column to write is invalid."},
      {ErrorCode::kPartitionNotExists, "The partition does not exist."},
      {ErrorCode::kTableNotPartitionedException, "The table is not partitioned."},
      {ErrorCode::kInvalidTimestampException, "The timestamp is invalid."},
      {ErrorCode::kInvalidConfigException, "The config is invalid."},
      {ErrorCode::kLakeStorageNotConfiguredException, "The lake storage is not configured."},
      {ErrorCode::kKvSnapshotNotExist, "The kv snapshot is not exist."},
      {ErrorCode::kPartitionAlreadyExists, "The partition already exists."},
      {ErrorCode::kPartitionSpecInvalidException, "The partition spec is invalid."},
      {ErrorCode::kLeaderNotAvailableException,
       "There is no currently available leader for the given partition."},
      {ErrorCode::kPartitionMaxNumException, "Exceed the maximum number of partitions."},
      {ErrorCode::kAuthenticateException, "Authentication failed."},
      {ErrorCode::kSecurityDisabledException, "Security is disabled."},
      {ErrorCode::kAuthorizationException, "Authorization failed"},
      {ErrorCode::kBucketMaxNumException, "Exceed the maximum number of buckets"},
      {ErrorCode::kFencedTieringEpochException, "The tiering epoch is invalid."},
      {ErrorCode::kRetriableAuthenticateException,
       "Authentication failed with retriable exception. "},
      {ErrorCode::kInvalidServerRackInfoException, "The server rack info is invalid."},
      {ErrorCode::kLakeSnapshotNotExist, "The lake snapshot is not exist."},
      {ErrorCode::kLakeTableAlreadyExist, "The lake table already exists."},
      {ErrorCode::kIneligibleReplicaException,
       "The new ISR contains at least one ineligible replica."},
      {ErrorCode::kInvalidAlterTableException, "The alter table is invalid."},
      {ErrorCode::kDeletionDisabledException, "Deletion operations are disabled on this table."},
      {ErrorCode::kServerNotExistException, "The server is not exist."},
      {ErrorCode::kSeverTagAlreadyExistException, "The server tag already exist."},
      {ErrorCode::kSeverTagNotExistException, "The server tag not exist."},
      {ErrorCode::kRebalanceFailureException, "The rebalance task failure."},
      {ErrorCode::kNoRebalanceInProgressException, "No rebalance task in progress."},
      {ErrorCode::kInvalidProducerIdException,
       "The client has attempted to perform an operation with an invalid producer ID."},
      {ErrorCode::kConfigException, "A configuration error occurred."},
      {ErrorCode::kNotCoordinatorLeaderException,
       "The coordinator is not a leader and cannot process request."},
      {ErrorCode::kScannerExpired, "The scanner session has expired due to inactivity."},
      {ErrorCode::kUnknownScannerId, "The scanner id is not recognized by the server."},
      {ErrorCode::kInvalidScanRequest, "The scan request is invalid."},
      {ErrorCode::kTooManyScanners,
       "The per-bucket or per-server scanner session limit has been reached."},
      {ErrorCode::kDiskWriteLocked,
       "The tablet server has rejected writes because its data disk usage reached the configured "
       "write-limit ratio."},
      {ErrorCode::kInsufficientKvLeaderReplicaCapacity,
       "The cluster does not have enough KV leader replica capacity."},
      {ErrorCode::kStorageBackpressureException,
       "The tablet server has rejected the write because the KV storage engine has reached its "
       "write-pressure threshold."},
      {ErrorCode::kHistoricalPartitionThrottled,
       "Historical partition request is throttled because too many historical requests are in "
       "flight."},
  };
  return *messages;
}

bool is_wire_code(ErrorCode code) { return static_cast<int16_t>(code) < 1000; }

// ApiError.MAX_ERROR_MESSAGE_LENGTH: Java cuts UNKNOWN_SERVER_ERROR messages (stack
// traces there) to this many characters.
constexpr size_t kMaxUnknownErrorMessage = 2048;

// `text` cut to at most `max` bytes, not inside a UTF-8 sequence.
std::string truncate_utf8(std::string text, size_t max) {
  if (text.size() <= max) return text;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text;
}

}  // namespace

std::string_view default_error_message(ErrorCode code) {
  auto it = default_messages().find(code);
  return it == default_messages().end() ? std::string_view() : it->second;
}

int32_t wire_error_code(const Status& status) {
  if (!is_wire_code(status.code())) return static_cast<int32_t>(ErrorCode::kUnknownServerError);
  return static_cast<int32_t>(status.code());
}

std::string wire_error_message(const Status& status) {
  if (status.ok()) return {};
  if (!is_wire_code(status.code())) {
    return truncate_utf8(fmt::format("{}: {}", error_name(status.code()), status.message()),
                         kMaxUnknownErrorMessage);
  }
  if (status.message() == default_error_message(status.code())) return {};
  if (status.is(ErrorCode::kUnknownServerError)) {
    return truncate_utf8(std::string(status.message()), kMaxUnknownErrorMessage);
  }
  return std::string(status.message());
}

proto::ErrorResponse make_error_response(const Status& status) {
  proto::ErrorResponse response;
  response.set_error_code(wire_error_code(status));
  if (std::string text = wire_error_message(status); !text.empty()) {
    response.set_error_message(std::move(text));
  }
  return response;
}

Status status_from_error_response(const proto::ErrorResponse& response) {
  if (response.error_code() == 0) {
    return Status(
        ErrorCode::kUnknownServerError,
        "ERROR_RESPONSE with error code 0 (NONE)" +
            (response.has_error_message() ? ": " + response.error_message() : std::string()));
  }
  ErrorCode code = error_code_from_wire(response.error_code());
  return Status(code, response.has_error_message() ? response.error_message()
                                                   : std::string(default_error_message(code)));
}

}  // namespace fluss::rpc
