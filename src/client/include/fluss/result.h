// SPDX-License-Identifier: Apache-2.0
// Public fluss-cpp client API: the Result every operation returns and the error codes it carries.
// This header is self-contained (no internal fluss-cpp headers) so it installs as is.
#pragma once

#include <cstdint>
#include <string>

namespace fluss::client {

// Named Fluss error codes. `Result::error_code` is a raw int, so codes the client does not know
// pass through unchanged. Server codes equal Apache Fluss's `Errors` enum; CLIENT_ERROR marks a
// failure found in the client (bad argument, type mismatch, no connection).
struct ErrorCode {
  static constexpr int CLIENT_ERROR = -2;
  static constexpr int NONE = 0;
  static constexpr int UNKNOWN_SERVER_ERROR = -1;
  static constexpr int NETWORK_EXCEPTION = 1;
  static constexpr int UNSUPPORTED_VERSION = 2;
  static constexpr int CORRUPT_MESSAGE = 3;
  static constexpr int DATABASE_NOT_EXIST = 4;
  static constexpr int DATABASE_NOT_EMPTY = 5;
  static constexpr int DATABASE_ALREADY_EXIST = 6;
  static constexpr int TABLE_NOT_EXIST = 7;
  static constexpr int TABLE_ALREADY_EXIST = 8;
  static constexpr int SCHEMA_NOT_EXIST = 9;
  static constexpr int LOG_STORAGE_EXCEPTION = 10;
  static constexpr int KV_STORAGE_EXCEPTION = 11;
  static constexpr int NOT_LEADER_OR_FOLLOWER = 12;
  static constexpr int RECORD_TOO_LARGE_EXCEPTION = 13;
  static constexpr int CORRUPT_RECORD_EXCEPTION = 14;
  static constexpr int INVALID_TABLE_EXCEPTION = 15;
  static constexpr int INVALID_DATABASE_EXCEPTION = 16;
  static constexpr int INVALID_REPLICATION_FACTOR = 17;
  static constexpr int INVALID_REQUIRED_ACKS = 18;
  static constexpr int LOG_OFFSET_OUT_OF_RANGE_EXCEPTION = 19;
  static constexpr int NON_PRIMARY_KEY_TABLE_EXCEPTION = 20;
  static constexpr int UNKNOWN_TABLE_OR_BUCKET_EXCEPTION = 21;
  static constexpr int INVALID_UPDATE_VERSION_EXCEPTION = 22;
  static constexpr int INVALID_COORDINATOR_EXCEPTION = 23;
  static constexpr int FENCED_LEADER_EPOCH_EXCEPTION = 24;
  static constexpr int REQUEST_TIME_OUT = 25;
  static constexpr int STORAGE_EXCEPTION = 26;
  static constexpr int OPERATION_NOT_ATTEMPTED_EXCEPTION = 27;
  static constexpr int NOT_ENOUGH_REPLICAS_AFTER_APPEND_EXCEPTION = 28;
  static constexpr int NOT_ENOUGH_REPLICAS_EXCEPTION = 29;
  static constexpr int SECURITY_TOKEN_EXCEPTION = 30;
  static constexpr int OUT_OF_ORDER_SEQUENCE_EXCEPTION = 31;
  static constexpr int DUPLICATE_SEQUENCE_EXCEPTION = 32;
  static constexpr int UNKNOWN_WRITER_ID_EXCEPTION = 33;
  static constexpr int INVALID_COLUMN_PROJECTION = 34;
  static constexpr int INVALID_TARGET_COLUMN = 35;
  static constexpr int PARTITION_NOT_EXISTS = 36;
  static constexpr int TABLE_NOT_PARTITIONED_EXCEPTION = 37;
  static constexpr int INVALID_TIMESTAMP_EXCEPTION = 38;
  static constexpr int INVALID_CONFIG_EXCEPTION = 39;
  static constexpr int LAKE_STORAGE_NOT_CONFIGURED_EXCEPTION = 40;
  static constexpr int KV_SNAPSHOT_NOT_EXIST = 41;
  static constexpr int PARTITION_ALREADY_EXISTS = 42;
  static constexpr int PARTITION_SPEC_INVALID_EXCEPTION = 43;
  static constexpr int LEADER_NOT_AVAILABLE_EXCEPTION = 44;
  static constexpr int PARTITION_MAX_NUM_EXCEPTION = 45;
  static constexpr int AUTHENTICATE_EXCEPTION = 46;
  static constexpr int SECURITY_DISABLED_EXCEPTION = 47;
  static constexpr int AUTHORIZATION_EXCEPTION = 48;
  static constexpr int BUCKET_MAX_NUM_EXCEPTION = 49;
  static constexpr int FENCED_TIERING_EPOCH_EXCEPTION = 50;
  static constexpr int RETRIABLE_AUTHENTICATE_EXCEPTION = 51;
  static constexpr int INVALID_SERVER_RACK_INFO_EXCEPTION = 52;
  static constexpr int LAKE_SNAPSHOT_NOT_EXIST = 53;
  static constexpr int LAKE_TABLE_ALREADY_EXIST = 54;
  static constexpr int INELIGIBLE_REPLICA_EXCEPTION = 55;
  static constexpr int INVALID_ALTER_TABLE_EXCEPTION = 56;
  static constexpr int DELETION_DISABLED_EXCEPTION = 57;
  static constexpr int STORAGE_BACKPRESSURE_EXCEPTION = 72;

  // True when retrying may succeed (Java's RetriableException family). CLIENT_ERROR never is.
  static constexpr bool IsRetriable(int32_t code) {
    return code == NETWORK_EXCEPTION || code == CORRUPT_MESSAGE || code == SCHEMA_NOT_EXIST ||
           code == LOG_STORAGE_EXCEPTION || code == KV_STORAGE_EXCEPTION ||
           code == NOT_LEADER_OR_FOLLOWER || code == CORRUPT_RECORD_EXCEPTION ||
           code == UNKNOWN_TABLE_OR_BUCKET_EXCEPTION || code == REQUEST_TIME_OUT ||
           code == STORAGE_EXCEPTION || code == NOT_ENOUGH_REPLICAS_AFTER_APPEND_EXCEPTION ||
           code == NOT_ENOUGH_REPLICAS_EXCEPTION || code == LEADER_NOT_AVAILABLE_EXCEPTION ||
           code == STORAGE_BACKPRESSURE_EXCEPTION;
  }

  // The upper-case Fluss name of a code ("TABLE_NOT_EXIST"), or "UNKNOWN_ERROR_<n>".
  static std::string Name(int32_t code);
};

// The outcome of every client operation; products go to out-parameters. Operations never throw
// for I/O or server errors (programming errors such as an unknown column name in a name-based
// setter throw std::runtime_error / std::out_of_range, as in the official client).
struct Result {
  int32_t error_code{0};
  std::string error_message;

  bool Ok() const { return error_code == 0; }
  bool IsRetriable() const { return ErrorCode::IsRetriable(error_code); }

  static Result Success() { return {}; }
  static Result Error(int32_t code, std::string message) { return {code, std::move(message)}; }
};

}  // namespace fluss::client
