// SPDX-License-Identifier: Apache-2.0
#include "rpc/protocol/errors.h"

#include <gtest/gtest.h>

#include "rpc/protocol/fluss_api.pb.h"
#include "rpc/protocol/tests/proto_test_util.h"
#include "test_utils/status_matchers.h"

namespace fluss::rpc {
namespace {

using fluss::test::hex;

TEST(ErrorsTest, DefaultMessagesAreErrorsJavaTexts) {
  EXPECT_EQ(default_error_message(ErrorCode::kTableNotExist), "The table does not exist.");
  EXPECT_EQ(default_error_message(ErrorCode::kUnsupportedVersion),
            "The version of API is not supported.");
  EXPECT_EQ(default_error_message(ErrorCode::kAuthorizationException), "Authorization failed");
  EXPECT_EQ(default_error_message(ErrorCode::kNone), "");
  EXPECT_EQ(default_error_message(ErrorCode::kCancelled), "");
  // Every wire code but NONE has one.
  for (int code = -1; code <= 73; ++code) {
    if (code == 0) continue;
    EXPECT_FALSE(default_error_message(error_code_from_wire(code)).empty()) << code;
  }
}

TEST(ErrorsTest, ErrorResponseOmitsTheMessageWhenItIsTheDefaultText) {
  proto::ErrorResponse plain =
      make_error_response(Status(ErrorCode::kTableNotExist, "The table does not exist."));
  EXPECT_EQ(plain.error_code(), 7);
  EXPECT_FALSE(plain.has_error_message());
  EXPECT_EQ(hex(fluss::test::encode(plain)), "0807");

  proto::ErrorResponse named =
      make_error_response(Status(ErrorCode::kTableNotExist, "table fluss.orders does not exist"));
  EXPECT_EQ(named.error_message(), "table fluss.orders does not exist");

  proto::ErrorResponse empty = make_error_response(Status(ErrorCode::kCorruptMessage, ""));
  EXPECT_FALSE(empty.has_error_message());
}

TEST(ErrorsTest, NegativeCodeIsTheStandardTenByteVarint) {
  proto::ErrorResponse response = make_error_response(Status(ErrorCode::kUnknownServerError, "x"));
  EXPECT_EQ(hex(fluss::test::encode(response)),
            "08ffffffffffffffffff01"
            "120178");
}

TEST(ErrorsTest, InternalCodesTravelAsUnknownServerError) {
  proto::ErrorResponse response = make_error_response(Status(ErrorCode::kCancelled, "shutdown"));
  EXPECT_EQ(response.error_code(), -1);
  EXPECT_EQ(response.error_message(), "CANCELLED: shutdown");
}

TEST(ErrorsTest, StatusFromErrorResponse) {
  proto::ErrorResponse response;
  response.set_error_code(36);
  EXPECT_THAT(
      status_from_error_response(response),
      fluss::test::StatusIsWith(ErrorCode::kPartitionNotExists, "The partition does not exist."));
  response.set_error_message("partition 9 of table 3");
  EXPECT_THAT(status_from_error_response(response),
              fluss::test::StatusIsWith(ErrorCode::kPartitionNotExists, "partition 9 of table 3"));
  response.set_error_code(999);  // unknown to us: the Java client's fallback
  EXPECT_THAT(status_from_error_response(response),
              fluss::test::StatusIs(ErrorCode::kUnknownServerError));
  response.set_error_code(0);
  EXPECT_THAT(status_from_error_response(response),
              fluss::test::StatusIsWith(ErrorCode::kUnknownServerError, "error code 0"));
}

TEST(ErrorsTest, SetErrorFillsPerBucketResponses) {
  proto::PbProduceLogRespForBucket bucket;
  bucket.set_bucket_id(3);
  set_error(bucket, Status(ErrorCode::kNotLeaderOrFollower, "bucket 3 of table 17 is led by 2"));
  EXPECT_EQ(bucket.error_code(), 12);
  EXPECT_EQ(bucket.error_message(), "bucket 3 of table 17 is led by 2");
  EXPECT_THAT(error_of(bucket),
              fluss::test::StatusIsWith(ErrorCode::kNotLeaderOrFollower, "led by 2"));

  set_error(bucket, Status(ErrorCode::kRecordTooLargeException, "The record is too large."));
  EXPECT_EQ(bucket.error_code(), 13);
  EXPECT_FALSE(bucket.has_error_message());
  EXPECT_THAT(error_of(bucket), fluss::test::StatusIsWith(ErrorCode::kRecordTooLargeException,
                                                          "The record is too large."));

  set_error(bucket, Status::OK());
  EXPECT_FALSE(bucket.has_error_code());
  EXPECT_TRUE(error_of(bucket).ok());

  proto::PbFetchLogRespForBucket fetch;
  fetch.set_bucket_id(0);
  fetch.set_error_code(0);  // explicit 0 is success too
  EXPECT_TRUE(error_of(fetch).ok());

  proto::LimitScanResponse scan;
  set_error(scan, Status(ErrorCode::kNonPrimaryKeyTableException, "table 5 has no primary key"));
  EXPECT_EQ(scan.error_code(), 20);
}

}  // namespace
}  // namespace fluss::rpc
