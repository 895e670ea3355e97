// SPDX-License-Identifier: Apache-2.0
#include "rpc/protocol/produce_log_view.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "rpc/protocol/fluss_api.pb.h"
#include "rpc/protocol/request_decoder.h"
#include "test_utils/seed.h"
#include "test_utils/status_matchers.h"

namespace fluss::rpc {
namespace {

using test::StatusIsWith;

std::vector<uint8_t> encode(const proto::ProduceLogRequest& request) {
  const std::string bytes = request.SerializePartialAsString();
  return {bytes.begin(), bytes.end()};
}

proto::ProduceLogRequest two_buckets() {
  proto::ProduceLogRequest request;
  request.set_acks(-1);
  request.set_table_id(150001);
  request.set_timeout_ms(30000);
  auto* first = request.add_buckets_req();
  first->set_bucket_id(3);
  first->set_records(std::string(1000, 'r'));
  auto* second = request.add_buckets_req();
  second->set_partition_id(7);
  second->set_bucket_id(0);
  second->set_records("");
  return request;
}

TEST(ProduceLogViewTest, ReadsWhatProtobufWritesWithTheRecordsLeftInPlace) {
  std::vector<uint8_t> payload = encode(two_buckets());
  Result<ProduceLogRequestView> parsed = parse_produce_log(payload, "PRODUCE_LOG");
  ASSERT_OK(parsed.status());
  const ProduceLogRequestView& view = *parsed;
  EXPECT_EQ(view.acks, -1);
  EXPECT_EQ(view.table_id, 150001);
  EXPECT_EQ(view.timeout_ms, 30000);
  ASSERT_EQ(view.buckets.size(), 2u);
  EXPECT_FALSE(view.buckets[0].partition_id.has_value());
  EXPECT_EQ(view.buckets[0].bucket_id, 3);
  ASSERT_EQ(view.buckets[0].records.size(), 1000u);
  EXPECT_GE(view.buckets[0].records.data(), payload.data());
  EXPECT_LE(view.buckets[0].records.data() + 1000, payload.data() + payload.size())
      << "the records are a view into the payload, not a copy";
  EXPECT_EQ(view.buckets[1].partition_id, 7);
  EXPECT_TRUE(view.buckets[1].records.empty());
}

TEST(ProduceLogViewTest, MissingRequiredFieldsAreNamedAsProtobufDoes) {
  proto::ProduceLogRequest request = two_buckets();
  request.clear_timeout_ms();
  request.mutable_buckets_req(1)->clear_records();
  std::vector<uint8_t> payload = encode(request);
  EXPECT_THAT(parse_produce_log(payload, "PRODUCE_LOG (1014) v0 request"),
              StatusIsWith(ErrorCode::kCorruptMessage, "missing required field(s) timeout_ms"));
  request.set_timeout_ms(1);
  payload = encode(request);
  EXPECT_THAT(parse_produce_log(payload, "PRODUCE_LOG"),
              StatusIsWith(ErrorCode::kCorruptMessage, "buckets_req[1].records"));
}

// Every truncation and every single-byte change: the view accepts only what protobuf
// accepts, and then reads the same fields.
TEST(ProduceLogViewTest, AgreesWithProtobufOnCorruptInput) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  std::mt19937_64 rng(seed);
  const std::vector<uint8_t> good = encode(two_buckets());
  auto check = [](std::vector<uint8_t> bytes) {
    auto theirs = parse<proto::ProduceLogRequest>(ByteView(bytes), "PRODUCE_LOG");
    auto ours = parse_produce_log(bytes, "PRODUCE_LOG");
    if (!ours.ok()) {
      EXPECT_TRUE(ours.status().is(ErrorCode::kCorruptMessage)) << ours.status().to_string();
      return;
    }
    ASSERT_TRUE(theirs.ok()) << "accepted what protobuf rejects";
    EXPECT_EQ(ours->table_id, theirs->table_id());
    ASSERT_EQ(static_cast<int>(ours->buckets.size()), theirs->buckets_req_size());
    for (size_t i = 0; i < ours->buckets.size(); ++i) {
      EXPECT_EQ(ours->buckets[i].records.size(),
                theirs->buckets_req(static_cast<int>(i)).records().size());
    }
  };
  for (size_t n = 0; n < good.size(); ++n) {
    check(std::vector<uint8_t>(good.begin(), good.begin() + static_cast<ptrdiff_t>(n)));
  }
  for (int i = 0; i < 3000; ++i) {
    std::vector<uint8_t> bytes = good;
    bytes[rng() % 40 % bytes.size()] = static_cast<uint8_t>(rng());
    check(std::move(bytes));
  }
}

}  // namespace
}  // namespace fluss::rpc
