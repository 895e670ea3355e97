// SPDX-License-Identifier: Apache-2.0
#include "rpc/protocol/request_decoder.h"

#include <google/protobuf/message.h>
#include <gtest/gtest.h>

#include <random>

#include "rpc/protocol/fluss_api.pb.h"
#include "rpc/protocol/tests/proto_test_util.h"
#include "test_utils/seed.h"
#include "test_utils/status_matchers.h"

namespace fluss::rpc {
namespace {

using fluss::test::StatusIs;
using fluss::test::StatusIsWith;
using fluss::test::unhex;

std::string valid_produce_log() {
  proto::ProduceLogRequest request;
  request.set_acks(1);
  request.set_table_id(17);
  request.set_timeout_ms(30000);
  proto::PbProduceLogReqForBucket* bucket = request.add_buckets_req();
  bucket->set_bucket_id(0);
  bucket->set_records("batch");
  return fluss::test::encode(request);
}

TEST(RequestDecoderTest, ParsesTheRequestTypeOfTheApi) {
  const std::string bytes = valid_produce_log();
  auto parsed = parse_request(ApiKey::kProduceLog, 0, as_bytes(bytes));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  auto* request = dynamic_cast<proto::ProduceLogRequest*>(parsed->get());
  ASSERT_NE(request, nullptr);
  EXPECT_EQ(request->table_id(), 17);
  EXPECT_EQ(request->buckets_req(0).records(), "batch");
}

TEST(RequestDecoderTest, EmptyPayloadIsAValidEmptyRequest) {
  // Requests without required fields may travel as 0 bytes.
  auto parsed = parse_request(static_cast<int16_t>(ApiKey::kListDatabases), 0, {});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ((*parsed)->GetTypeName(), "fluss.rpc.proto.ListDatabasesRequest");
}

TEST(RequestDecoderTest, UnknownApiKeyIsNamed) {
  EXPECT_THAT(parse_request(int16_t{1099}, 0, {}),
              StatusIsWith(ErrorCode::kUnsupportedVersion, "unknown API key 1099"));
  EXPECT_THAT(parse_request(int16_t{0}, 0, {}),
              StatusIsWith(ErrorCode::kUnsupportedVersion, "unknown API key 0"));
  EXPECT_THAT(parse_request(int16_t{-5}, 0, {}), StatusIs(ErrorCode::kUnsupportedVersion));
}

TEST(RequestDecoderTest, UnsupportedVersionIsNamed) {
  const std::string bytes = valid_produce_log();
  EXPECT_THAT(parse_request(ApiKey::kProduceLog, 1, as_bytes(bytes)),
              StatusIsWith(ErrorCode::kUnsupportedVersion,
                           "PRODUCE_LOG (1014) version 1 is not supported (versions 0..0)"));
  EXPECT_THAT(check_api_version(1016, 3),
              StatusIsWith(ErrorCode::kUnsupportedVersion, "PUT_KV (1016) version 3"));
  EXPECT_THAT(check_api_version(1016, -1), StatusIs(ErrorCode::kUnsupportedVersion));
  EXPECT_TRUE(check_api_version(1016, 2).ok());
  EXPECT_TRUE(check_api_version(1017, 1).ok());
  EXPECT_TRUE(check_api_version(1034, 1).ok());
}

TEST(RequestDecoderTest, ApiNotServedNamesApiAndServer) {
  EXPECT_THAT(api_not_served(1059, ServerType::kCoordinator),
              StatusIsWith(ErrorCode::kUnsupportedVersion,
                           "GET_TABLE_STATS (1059) is not served by the coordinator"));
}

TEST(RequestDecoderTest, MissingRequiredFieldsAreNamed) {
  // ProduceLogRequest with only acks: table_id and timeout_ms are missing.
  EXPECT_THAT(parse_request(ApiKey::kProduceLog, 0, as_bytes(unhex("0801"))),
              StatusIsWith(ErrorCode::kCorruptMessage,
                           "PRODUCE_LOG (1014) v0 request: fluss.rpc.proto.ProduceLogRequest is "
                           "missing required field(s) table_id, timeout_ms"));
  // A nested bucket without records.
  const std::string nested = unhex("0801 1011 1864 2202 1000");
  EXPECT_THAT(parse_request(ApiKey::kProduceLog, 0, as_bytes(nested)),
              StatusIsWith(ErrorCode::kCorruptMessage, "buckets_req[0].records"));
  // An empty payload where fields are required.
  EXPECT_THAT(parse_request(ApiKey::kCreateTable, 0, {}),
              StatusIsWith(ErrorCode::kCorruptMessage, "table_path, table_json, ignore_if_exists"));
}

TEST(RequestDecoderTest, EmptyPayloadOfEveryApiParsesOrNamesItsRequiredFields) {
  for (const ApiInfo& api : all_apis()) {
    SCOPED_TRACE(api.name);
    auto parsed = parse_request(api.id(), api.max_version, {});
    if (!parsed.ok()) {
      EXPECT_THAT(parsed, StatusIsWith(ErrorCode::kCorruptMessage, "missing required field(s)"));
      EXPECT_THAT(parsed, StatusIsWith(ErrorCode::kCorruptMessage, std::string(api.name)));
    }
  }
}

TEST(RequestDecoderTest, GarbageIsCorruptMessage) {
  // Truncated varint, a length past the end, wire type 7, field number 0, end-group tag.
  for (const char* hex : {"08", "08ff", "2205 0801", "0f", "00", "0c", "22ffffffff0f"}) {
    SCOPED_TRACE(hex);
    EXPECT_THAT(parse_request(ApiKey::kProduceLog, 0, as_bytes(unhex(hex))),
                StatusIsWith(ErrorCode::kCorruptMessage, "PRODUCE_LOG (1014) v0 request"));
  }
  // A length-delimited field where a varint is expected.
  EXPECT_THAT(parse_request(ApiKey::kApiVersions, 0, as_bytes(unhex("0a05666c7573"))),
              StatusIsWith(ErrorCode::kCorruptMessage, "not a valid"));
}

TEST(RequestDecoderTest, TruncationsAndBitFlipsNeverCrash) {
  const uint64_t seed = fluss::test::seed_from_env();
  SCOPED_TRACE(fluss::test::seed_trace(seed));
  std::mt19937_64 rng(seed);
  const std::string valid = valid_produce_log();
  // acks, table_id and timeout_ms take the first 8 bytes; the bucket follows.
  constexpr size_t kRequiredHeader = 8;
  for (size_t n = 0; n < valid.size(); ++n) {
    auto parsed = parse_request(ApiKey::kProduceLog, 0, as_bytes(valid.substr(0, n)));
    if (n == kRequiredHeader) {
      EXPECT_TRUE(parsed.ok()) << parsed.status();  // a request without buckets
    } else {
      // A required field is missing, or the cut is inside a field.
      EXPECT_THAT(parsed, StatusIs(ErrorCode::kCorruptMessage)) << n;
    }
  }
  for (int i = 0; i < 300; ++i) {
    std::string bytes = valid;
    bytes[rng() % bytes.size()] ^= static_cast<char>(1 << (rng() % 8));
    for (const ApiInfo& api : all_apis()) {
      auto parsed = parse_request(api.id(), 0, as_bytes(bytes));
      if (!parsed.ok()) {
        EXPECT_THAT(parsed, StatusIs(ErrorCode::kCorruptMessage));
      }
    }
  }
}

TEST(RequestDecoderTest, SerializeRefusesMessagesMissingRequiredFields) {
  proto::PbTablePath path;
  path.set_database_name("db");
  ByteBuffer out;
  EXPECT_THAT(serialize_message(path, out), StatusIsWith(ErrorCode::kUnknownServerError,
                                                         "PbTablePath is missing required "
                                                         "field(s) table_name"));
  EXPECT_TRUE(out.empty());
  path.set_table_name("t");
  out.append_u8(0xff);  // appends after what is there
  ASSERT_TRUE(serialize_message(path, out).ok());
  EXPECT_EQ(fluss::test::hex(out.string_view()),
            "ff"
            "0a026462"
            "120174");
}

}  // namespace
}  // namespace fluss::rpc
