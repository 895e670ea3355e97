// SPDX-License-Identifier: Apache-2.0
#include "common/status.h"

#include <gtest/gtest.h>

#include "common/result.h"
#include "test_utils/status_matchers.h"

namespace fluss {
namespace {

TEST(StatusTest, OkIsNoneAndPrintsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kNone);
  EXPECT_EQ(s.to_string(), "OK");
}

TEST(StatusTest, ErrorCarriesWireCodeNameAndMessage) {
  Status s(ErrorCode::kNotLeaderOrFollower, "bucket 3 of table 17 is led by 2");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(static_cast<int>(s.code()), 12);
  EXPECT_EQ(s.to_string(), "NOT_LEADER_OR_FOLLOWER: bucket 3 of table 17 is led by 2");
  EXPECT_TRUE(s.is_retriable());
  Status copy = s;
  EXPECT_EQ(copy.to_string(), s.to_string());
  EXPECT_EQ(s.with_context("produce").message(), "produce: bucket 3 of table 17 is led by 2");
}

TEST(StatusTest, ErrorCodeTableMatchesFlussErrors) {
  // Spot checks against Errors.java (fluss-wire.md §4), including both ends of the range.
  EXPECT_EQ(error_name(ErrorCode::kUnknownServerError), "UNKNOWN_SERVER_ERROR");
  EXPECT_EQ(error_name(ErrorCode::kCorruptRecordException), "CORRUPT_RECORD_EXCEPTION");
  EXPECT_EQ(static_cast<int>(ErrorCode::kCorruptRecordException), 14);
  EXPECT_EQ(static_cast<int>(ErrorCode::kLogOffsetOutOfRangeException), 19);
  EXPECT_EQ(static_cast<int>(ErrorCode::kSeverTagAlreadyExistException), 59);
  EXPECT_EQ(static_cast<int>(ErrorCode::kHistoricalPartitionThrottled), 73);
  EXPECT_EQ(error_name(ErrorCode::kHistoricalPartitionThrottled), "HISTORICAL_PARTITION_THROTTLED");
  // Every code from -1 to 73 is defined, contiguous, and names round-trip.
  for (int code = -1; code <= 73; ++code) {
    const ErrorCode c = error_code_from_wire(code);
    EXPECT_EQ(static_cast<int>(c), code);
    EXPECT_EQ(error_code_from_name(error_name(c)), c) << code;
  }
  EXPECT_EQ(error_code_from_wire(74), ErrorCode::kUnknownServerError);
  EXPECT_EQ(error_code_from_wire(-7), ErrorCode::kUnknownServerError);
}

TEST(StatusTest, RetriableCodesAreTheJavaClientsOnes) {
  for (ErrorCode c :
       {ErrorCode::kNetworkException, ErrorCode::kCorruptMessage, ErrorCode::kSchemaNotExist,
        ErrorCode::kLogStorageException, ErrorCode::kKvStorageException,
        ErrorCode::kNotLeaderOrFollower, ErrorCode::kCorruptRecordException,
        ErrorCode::kUnknownTableOrBucketException, ErrorCode::kRequestTimeOut,
        ErrorCode::kStorageException, ErrorCode::kNotEnoughReplicasAfterAppendException,
        ErrorCode::kNotEnoughReplicasException, ErrorCode::kLeaderNotAvailableException,
        ErrorCode::kDiskWriteLocked, ErrorCode::kStorageBackpressureException,
        ErrorCode::kHistoricalPartitionThrottled}) {
    EXPECT_TRUE(is_retriable(c)) << error_name(c);
  }
  for (ErrorCode c : {ErrorCode::kUnknownServerError, ErrorCode::kTableNotExist,
                      ErrorCode::kOutOfOrderSequenceException, ErrorCode::kInvalidConfigException,
                      ErrorCode::kCancelled}) {
    EXPECT_FALSE(is_retriable(c)) << error_name(c);
  }
}

Result<int> half(int v) {
  if (v % 2 != 0) return make_error(ErrorCode::kInvalidConfigException, "{} is odd", v);
  return v / 2;
}

Result<int> quarter(int v) {
  FLUSS_ASSIGN_OR_RETURN(int h, half(v));
  FLUSS_ASSIGN_OR_RETURN(int q, half(h));
  return q;
}

Status check_even(int v) {
  FLUSS_RETURN_IF_ERROR(half(v).status());
  return Status::OK();
}

TEST(ResultTest, PropagatesTheFirstError) {
  EXPECT_EQ(quarter(8).value(), 2);
  EXPECT_THAT(quarter(6), test::StatusIsWith(ErrorCode::kInvalidConfigException, "3 is odd"));
  EXPECT_OK(check_even(4));
  EXPECT_THAT(check_even(5), test::StatusIs(ErrorCode::kInvalidConfigException));
}

TEST(ResultTest, DefaultConstructedIsAnError) {
  Result<int> r;
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(std::move(r).value_or(7), 7);
}

TEST(ResultDeathTest, ValueOfAnErrorAborts) {
  Result<int> r = half(3);
  EXPECT_DEATH((void)r.value(), "value\\(\\) on error");
}

}  // namespace
}  // namespace fluss
