// SPDX-License-Identifier: Apache-2.0
// The generated messages against fluss-wire.md: the §1.2 golden bytes, field numbers and wire
// types of the core APIs (§3.4) read from hand-built bytes, and round trips.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "rpc/protocol/fluss_api.pb.h"
#include "rpc/protocol/request_decoder.h"
#include "rpc/protocol/tests/proto_test_util.h"
#include "test_utils/seed.h"
#include "test_utils/status_matchers.h"

namespace fluss::rpc {
namespace {

using fluss::test::encode;
using fluss::test::hex;
using fluss::test::unhex;
using google::protobuf::util::MessageDifferencer;

template <typename T>
T parse_ok(const std::string& bytes) {
  Result<T> parsed = parse<T>(as_bytes(bytes), "test");
  EXPECT_TRUE(parsed.ok()) << parsed.status().to_string();
  return parsed.ok() ? std::move(parsed).value() : T();
}

template <typename T>
void expect_round_trip(const T& message) {
  ASSERT_TRUE(message.IsInitialized()) << message.InitializationErrorString();
  ByteBuffer bytes;
  ASSERT_TRUE(serialize_message(message, bytes).ok());
  T back = parse_ok<T>(bytes.to_string());
  EXPECT_TRUE(MessageDifferencer::Equals(message, back)) << message.GetTypeName();
  EXPECT_EQ(encode(back), bytes.to_string()) << message.GetTypeName();
}

TEST(FlussApiTest, ApiVersionsRequestMatchesTheGoldenFrameOfFlussWire12) {
  proto::ApiVersionsRequest request;
  request.set_client_software_name("fluss");
  request.set_client_software_version("0.1.0");
  const std::string payload = encode(request);
  EXPECT_EQ(hex(payload),
            "0a05666c757373"
            "1205302e312e30");

  // The whole request frame: length, api key 1000, version 0, request id 0, payload.
  ByteBuffer frame;
  frame.append_be<int32_t>(static_cast<int32_t>(8 + payload.size()));
  frame.append_be<int16_t>(1000);
  frame.append_be<int16_t>(0);
  frame.append_be<int32_t>(0);
  frame.append(payload);
  EXPECT_EQ(hex(frame.string_view()),
            "00000016"
            "03e8"
            "0000"
            "00000000"
            "0a05666c757373"
            "1205302e312e30");

  proto::ApiVersionsRequest back =
      parse_ok<proto::ApiVersionsRequest>(unhex("0a05666c757373 1205302e312e30"));
  EXPECT_EQ(back.client_software_name(), "fluss");
  EXPECT_EQ(back.client_software_version(), "0.1.0");
}

TEST(FlussApiTest, ProduceLogRequestFieldNumbers) {
  // acks=-1 (sign-extended, 10 bytes), table_id=17, timeout_ms=30000,
  // buckets_req{partition_id=5, bucket_id=2, records="abc"}.
  const std::string bytes = unhex(
      "08 ffffffffffffffffff01"
      "10 11"
      "18 b0ea01"
      "22 09 0805 1002 1a03616263");
  auto request = parse_ok<proto::ProduceLogRequest>(bytes);
  EXPECT_EQ(request.acks(), -1);
  EXPECT_EQ(request.table_id(), 17);
  EXPECT_EQ(request.timeout_ms(), 30000);
  ASSERT_EQ(request.buckets_req_size(), 1);
  EXPECT_EQ(request.buckets_req(0).partition_id(), 5);
  EXPECT_EQ(request.buckets_req(0).bucket_id(), 2);
  EXPECT_EQ(request.buckets_req(0).records(), "abc");
  // Written back in field order, as the Java writer does.
  EXPECT_EQ(encode(request), bytes);
}

TEST(FlussApiTest, FetchLogRequestFieldNumbers) {
  // follower_server_id=-1, max_bytes=1048576, tables_req{table_id=3,
  // projection_pushdown_enabled=true, projected_fields=[0,2] packed,
  // buckets_req{bucket_id=1, fetch_offset=-2, max_fetch_bytes=4096}}, max_wait_ms=500,
  // min_bytes=1, read_preference=1.
  const std::string bucket = unhex("1001 18feffffffffffffffff01 20 8020");
  const std::string table =
      unhex("0803 1001 1a020002 22") + static_cast<char>(bucket.size()) + bucket;
  const std::string bytes = unhex("08ffffffffffffffffff01 10808040 1a") +
                            static_cast<char>(table.size()) + table + unhex("20f403 2801 3001");
  auto request = parse_ok<proto::FetchLogRequest>(bytes);
  EXPECT_EQ(request.follower_server_id(), -1);
  EXPECT_EQ(request.max_bytes(), 1 << 20);
  EXPECT_EQ(request.max_wait_ms(), 500);
  EXPECT_EQ(request.min_bytes(), 1);
  EXPECT_EQ(request.read_preference(), 1);
  ASSERT_EQ(request.tables_req_size(), 1);
  const proto::PbFetchLogReqForTable& t = request.tables_req(0);
  EXPECT_EQ(t.table_id(), 3);
  EXPECT_TRUE(t.projection_pushdown_enabled());
  ASSERT_EQ(t.projected_fields_size(), 2);
  EXPECT_EQ(t.projected_fields(1), 2);
  ASSERT_EQ(t.buckets_req_size(), 1);
  EXPECT_FALSE(t.buckets_req(0).has_partition_id());
  EXPECT_EQ(t.buckets_req(0).bucket_id(), 1);
  EXPECT_EQ(t.buckets_req(0).fetch_offset(), -2);
  EXPECT_EQ(t.buckets_req(0).max_fetch_bytes(), 4096);
  EXPECT_EQ(encode(request), bytes);
}

TEST(FlussApiTest, PutKvRequestFieldNumbers) {
  // acks=1, table_id=9, timeout_ms=100, target_columns=[0,1] packed,
  // buckets_req{bucket_id=0, records=0x01 0x02}, agg_mode=1.
  const std::string bytes = unhex("0801 1009 1864 22020001 2a06 1000 1a020102 3001");
  auto request = parse_ok<proto::PutKvRequest>(bytes);
  EXPECT_EQ(request.acks(), 1);
  EXPECT_EQ(request.table_id(), 9);
  EXPECT_EQ(request.timeout_ms(), 100);
  ASSERT_EQ(request.target_columns_size(), 2);
  EXPECT_EQ(request.target_columns(1), 1);
  ASSERT_EQ(request.buckets_req_size(), 1);
  EXPECT_EQ(request.buckets_req(0).bucket_id(), 0);
  EXPECT_EQ(request.buckets_req(0).records(), unhex("0102"));
  EXPECT_EQ(request.agg_mode(), 1);
  EXPECT_EQ(encode(request), bytes);
}

TEST(FlussApiTest, LookupRequestFieldNumbers) {
  // table_id=4, buckets_req{partition_id=8, bucket_id=3, keys=["k1","k2"],
  // original_partition_name="p"}, insert_if_not_exists=true, acks=-1 is left out.
  const std::string bytes = unhex("0804 120f 0808 1003 1a026b31 1a026b32 220170 1801");
  auto request = parse_ok<proto::LookupRequest>(bytes);
  EXPECT_EQ(request.table_id(), 4);
  ASSERT_EQ(request.buckets_req_size(), 1);
  const proto::PbLookupReqForBucket& bucket = request.buckets_req(0);
  EXPECT_EQ(bucket.partition_id(), 8);
  EXPECT_EQ(bucket.bucket_id(), 3);
  ASSERT_EQ(bucket.keys_size(), 2);
  EXPECT_EQ(bucket.keys(1), "k2");
  EXPECT_EQ(bucket.original_partition_name(), "p");
  EXPECT_TRUE(request.insert_if_not_exists());
  EXPECT_FALSE(request.has_acks());
}

TEST(FlussApiTest, MetadataRequestPartitionIdsArePackedAndUnpackedIsAccepted) {
  proto::MetadataRequest request;
  proto::PbTablePath* path = request.add_table_path();
  path->set_database_name("db");
  path->set_table_name("t");
  request.add_partitions_id(5);
  request.add_partitions_id(300);
  const std::string packed = unhex("0a07 0a026462 120174 1a03 05ac02");
  EXPECT_EQ(hex(encode(request)), hex(packed));

  // Fluss's parser accepts both encodings of a repeated numeric; so does ours.
  auto unpacked = parse_ok<proto::MetadataRequest>(unhex("0a07 0a026462 120174 1805 18ac02"));
  ASSERT_EQ(unpacked.partitions_id_size(), 2);
  EXPECT_EQ(unpacked.partitions_id(1), 300);
  EXPECT_EQ(unpacked.table_path(0).database_name(), "db");
  EXPECT_EQ(unpacked.table_path(0).table_name(), "t");
}

TEST(FlussApiTest, FloatPressureIsFixed32LittleEndian) {
  proto::PbPutKvRespForBucket bucket;
  bucket.set_bucket_id(1);
  bucket.set_log_end_offset(10);
  bucket.set_pressure(0.5f);
  EXPECT_EQ(hex(encode(bucket)),
            "1001"
            "280a"
            "350000003f");
}

TEST(FlussApiTest, UnknownFieldsAreSkipped) {
  // DatabaseExistsRequest{database_name="d"} followed by an unknown field 15 (varint 7).
  auto request = parse_ok<proto::DatabaseExistsRequest>(unhex("0a0164 7807"));
  EXPECT_EQ(request.database_name(), "d");
}

TEST(FlussApiTest, CoreMessagesRoundTrip) {
  proto::CreateDatabaseRequest create_db;
  create_db.set_database_name("fluss");
  create_db.set_ignore_if_exists(true);
  create_db.set_database_json(R"({"version":1})");
  expect_round_trip(create_db);

  proto::CreateTableRequest create_table;
  create_table.mutable_table_path()->set_database_name("fluss");
  create_table.mutable_table_path()->set_table_name("orders");
  create_table.set_table_json(R"({"version":1,"schema":{}})");
  create_table.set_ignore_if_exists(false);
  expect_round_trip(create_table);

  proto::MetadataResponse metadata;
  proto::PbServerNode* coordinator = metadata.mutable_coordinator_server();
  coordinator->set_node_id(0);
  coordinator->set_host("127.0.0.1");
  coordinator->set_port(9123);
  *metadata.add_tablet_servers() = *coordinator;
  proto::PbTableMetadata* table = metadata.add_table_metadata();
  *table->mutable_table_path() = create_table.table_path();
  table->set_table_id(1);
  table->set_schema_id(1);
  table->set_table_json("{}");
  table->set_created_time(1700000000000);
  table->set_modified_time(1700000000001);
  proto::PbBucketMetadata* bucket_md = table->add_bucket_metadata();
  bucket_md->set_bucket_id(0);
  bucket_md->set_leader_id(0);
  bucket_md->add_replica_id(0);
  bucket_md->set_leader_epoch(0);
  expect_round_trip(metadata);

  proto::ProduceLogResponse produce;
  proto::PbProduceLogRespForBucket* produced = produce.add_buckets_resp();
  produced->set_bucket_id(0);
  produced->set_base_offset(42);
  expect_round_trip(produce);

  proto::FetchLogResponse fetch;
  proto::PbFetchLogRespForTable* fetched_table = fetch.add_tables_resp();
  fetched_table->set_table_id(1);
  proto::PbFetchLogRespForBucket* fetched = fetched_table->add_buckets_resp();
  fetched->set_bucket_id(0);
  fetched->set_high_watermark(43);
  fetched->set_log_start_offset(0);
  fetched->set_records(std::string("\x00\x01\x02", 3));
  expect_round_trip(fetch);

  proto::LookupResponse lookup;
  proto::PbLookupRespForBucket* looked_up = lookup.add_buckets_resp();
  looked_up->set_bucket_id(0);
  looked_up->add_values()->set_values("row");
  looked_up->add_values();  // not found
  expect_round_trip(lookup);

  proto::InitWriterResponse init_writer;
  init_writer.set_writer_id(7);
  expect_round_trip(init_writer);
}

TEST(FlussApiTest, EveryApiHasItsRequestAndResponseMessages) {
  for (const ApiInfo& api : all_apis()) {
    SCOPED_TRACE(api.name);
    EXPECT_EQ(api.new_request()->GetTypeName(), "fluss.rpc.proto." + std::string(api.request_type));
    EXPECT_EQ(api.new_response()->GetTypeName(),
              "fluss.rpc.proto." + std::string(api.response_type));
  }
}

// Every message as "Name:label type field=number[p],..." (p = packed), sorted by name.
std::string canonical_schema(const google::protobuf::FileDescriptor& file) {
  std::vector<std::string> lines;
  for (int m = 0; m < file.message_type_count(); ++m) {
    const google::protobuf::Descriptor& message = *file.message_type(m);
    std::string line = message.name() + ":";
    for (int f = 0; f < message.field_count(); ++f) {
      const google::protobuf::FieldDescriptor& field = *message.field(f);
      static constexpr const char* kLabels[] = {"", "optional", "required", "repeated"};
      line += fmt::format("{}{} {} {}={}{}", f == 0 ? "" : ",", kLabels[field.label()],
                          field.message_type() != nullptr ? field.message_type()->name()
                                                          : std::string(field.type_name()),
                          field.name(), field.number(), field.is_packed() ? "p" : "");
    }
    lines.push_back(std::move(line));
  }
  std::sort(lines.begin(), lines.end());
  std::string joined;
  for (const std::string& line : lines) joined += (joined.empty() ? "" : "\n") + line;
  return joined;
}

TEST(FlussApiTest, SchemaIsFlussApiProtoOfTheCommitWeChecked) {
  // The fingerprint (FNV-1a 64 of canonical_schema) was computed the same way from upstream
  // FlussApi.proto at 545c55390296374100d24947df4dcc58c964164d. A change to the schema that
  // upstream did not make fails here; when upstream changes, recompute from its file.
  const google::protobuf::FileDescriptor& file = *proto::ErrorResponse::descriptor()->file();
  EXPECT_EQ(file.message_type_count(), 209);
  int fields = 0;
  for (int m = 0; m < file.message_type_count(); ++m) fields += file.message_type(m)->field_count();
  EXPECT_EQ(fields, 560);
  const std::string schema = canonical_schema(file);
  uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : schema) hash = (hash ^ c) * 0x100000001b3ull;
  EXPECT_EQ(hash, 0xec2545ca6437ed4dull) << schema.substr(0, schema.find('\n'));
}

// Sets every field of `message` (repeated ones 0..2 times) to random values; nested messages
// down to `depth` levels (PbPredicate nests itself).
void fill_randomly(google::protobuf::Message& message, std::mt19937_64& rng, int depth) {
  using google::protobuf::FieldDescriptor;
  const google::protobuf::Descriptor& type = *message.GetDescriptor();
  const google::protobuf::Reflection& reflection = *message.GetReflection();
  for (int f = 0; f < type.field_count(); ++f) {
    const FieldDescriptor* field = type.field(f);
    const bool nested = field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
    if (nested && depth == 0 && !field->is_required()) continue;
    const int count = field->is_repeated() ? static_cast<int>(rng() % 3) : 1;
    for (int i = 0; i < count; ++i) {
      const bool rep = field->is_repeated();
      const std::string text(rng() % 5, static_cast<char>('a' + rng() % 26));
      switch (field->cpp_type()) {
        case FieldDescriptor::CPPTYPE_INT32:
          rep ? reflection.AddInt32(&message, field, static_cast<int32_t>(rng()))
              : reflection.SetInt32(&message, field, static_cast<int32_t>(rng()));
          break;
        case FieldDescriptor::CPPTYPE_INT64:
          rep ? reflection.AddInt64(&message, field, static_cast<int64_t>(rng()))
              : reflection.SetInt64(&message, field, static_cast<int64_t>(rng()));
          break;
        case FieldDescriptor::CPPTYPE_BOOL:
          rep ? reflection.AddBool(&message, field, rng() % 2)
              : reflection.SetBool(&message, field, rng() % 2);
          break;
        case FieldDescriptor::CPPTYPE_FLOAT:
          reflection.SetFloat(&message, field, static_cast<float>(rng() % 1000) / 8);
          break;
        case FieldDescriptor::CPPTYPE_DOUBLE:
          reflection.SetDouble(&message, field, static_cast<double>(rng() % 1000) / 8);
          break;
        case FieldDescriptor::CPPTYPE_STRING:
          rep ? reflection.AddString(&message, field, text)
              : reflection.SetString(&message, field, text);
          break;
        case FieldDescriptor::CPPTYPE_MESSAGE:
          fill_randomly(rep ? *reflection.AddMessage(&message, field)
                            : *reflection.MutableMessage(&message, field),
                        rng, std::max(depth - 1, 0));
          break;
        default:
          FAIL() << "unexpected field type in " << field->full_name();
      }
    }
  }
}

TEST(FlussApiTest, EveryMessageRoundTripsWithEveryFieldSet) {
  const uint64_t seed = fluss::test::seed_from_env();
  SCOPED_TRACE(fluss::test::seed_trace(seed));
  std::mt19937_64 rng(seed);
  const google::protobuf::FileDescriptor& file = *proto::ErrorResponse::descriptor()->file();
  for (int m = 0; m < file.message_type_count(); ++m) {
    const google::protobuf::Descriptor* type = file.message_type(m);
    SCOPED_TRACE(type->name());
    const google::protobuf::Message* prototype =
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(type);
    std::unique_ptr<google::protobuf::Message> message(prototype->New());
    fill_randomly(*message, rng, 3);
    ASSERT_TRUE(message->IsInitialized()) << message->InitializationErrorString();
    ByteBuffer bytes;
    ASSERT_TRUE(serialize_message(*message, bytes).ok());
    std::unique_ptr<google::protobuf::Message> back(prototype->New());
    ASSERT_TRUE(parse_message(bytes.view(), *back, "round trip").ok());
    EXPECT_TRUE(MessageDifferencer::Equals(*message, *back));
  }
}

}  // namespace
}  // namespace fluss::rpc
