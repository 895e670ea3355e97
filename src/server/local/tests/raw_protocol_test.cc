// SPDX-License-Identifier: Apache-2.0
// Protocol tests that speak bytes over a real socket: request frames are built
// by hand from fluss-wire.md §1.1 (not by our frame encoder or client); the
// protobuf payloads come from the generated messages.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <cstdint>
#include <cstring>
#include <netinet/in.h>
#include <optional>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

#include "server/local/tests/cluster_test_util.h"
#include "storage/kv/tests/kv_test_util.h"
#include "test_utils/test_cluster.h"

namespace fluss::server::test {
namespace {

using ::testing::HasSubstr;

// One response frame as read off the socket (fluss-wire.md §1.2).
struct RawResponse {
  int type = -1;            // 0 SUCCESS, 1 ERROR, 2 SERVER_FAILURE
  int32_t request_id = -1;  // absent for SERVER_FAILURE
  std::string payload;
};

void put_be16(std::string& out, uint16_t v) {
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v & 0xff));
}

void put_be32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xff));
}

uint32_t get_be32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) | (uint32_t{u[2]} << 8) | u[3];
}

// frame_length, api_key, api_version, request_id, payload -- all big-endian.
std::string request_frame(int16_t api_key, int16_t version, int32_t request_id,
                          const std::string& payload) {
  std::string frame;
  put_be32(frame, static_cast<uint32_t>(8 + payload.size()));
  put_be16(frame, static_cast<uint16_t>(api_key));
  put_be16(frame, static_cast<uint16_t>(version));
  put_be32(frame, static_cast<uint32_t>(request_id));
  frame += payload;
  return frame;
}

// A blocking TCP client. Reads wait at most 30 s (a hang guard, not a timing
// assertion: a broken server fails the test instead of stalling ctest).
class RawSocket {
 public:
  explicit RawSocket(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  ~RawSocket() { ::close(fd_); }

  bool connected() const { return connected_; }

  void send(const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
      ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      ASSERT_GT(n, 0) << "send: " << std::strerror(errno);
      sent += static_cast<size_t>(n);
    }
  }

  // Exactly n bytes, or nullopt at EOF / error.
  std::optional<std::string> read_exactly(size_t n) {
    std::string out(n, '\0');
    size_t got = 0;
    while (got < n) {
      pollfd p{.fd = fd_, .events = POLLIN, .revents = 0};
      if (::poll(&p, 1, 30'000) <= 0) return std::nullopt;
      ssize_t r = ::recv(fd_, out.data() + got, n - got, 0);
      if (r <= 0) return std::nullopt;
      got += static_cast<size_t>(r);
    }
    return out;
  }

  // The next response frame; nullopt when the server closed the connection.
  std::optional<RawResponse> read_response() {
    std::optional<std::string> length = read_exactly(4);
    if (!length) return std::nullopt;
    const uint32_t n = get_be32(length->data());
    std::optional<std::string> body = read_exactly(n);
    if (!body || body->empty()) return std::nullopt;
    RawResponse response;
    response.type = static_cast<unsigned char>((*body)[0]);
    if (response.type == 2) {
      response.payload = body->substr(1);
    } else {
      if (body->size() < 5) return std::nullopt;
      response.request_id = static_cast<int32_t>(get_be32(body->data() + 1));
      response.payload = body->substr(5);
    }
    return response;
  }

  // True when the server closed its end (EOF).
  bool closed_by_peer() {
    char byte;
    pollfd p{.fd = fd_, .events = POLLIN, .revents = 0};
    if (::poll(&p, 1, 30'000) <= 0) return false;
    return ::recv(fd_, &byte, 1, 0) == 0;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

template <typename Message>
std::string encode(const Message& message) {
  return message.SerializeAsString();
}

template <typename Message>
Message decode(const RawResponse& response) {
  Message message;
  EXPECT_EQ(response.type, 0) << "expected SUCCESS_RESPONSE";
  EXPECT_TRUE(message.ParseFromString(response.payload));
  return message;
}

proto::ErrorResponse decode_error(const RawResponse& response) {
  proto::ErrorResponse error;
  EXPECT_TRUE(error.ParseFromString(response.payload));
  return error;
}

class RawProtocolTest : public ::testing::Test {
 protected:
  uint16_t coordinator() { return cluster_.cluster().coordinator_port(); }
  uint16_t tablet() { return cluster_.cluster().tablet_server_ports().at(0); }

  // Sends one request on `socket` and returns its response (checking the id).
  RawResponse exchange(RawSocket& socket, int16_t api_key, int16_t version,
                       const std::string& payload) {
    const int32_t id = next_id_++;
    socket.send(request_frame(api_key, version, id, payload));
    std::optional<RawResponse> response = socket.read_response();
    EXPECT_TRUE(response.has_value()) << "connection closed";
    if (!response) return {};
    EXPECT_EQ(response->request_id, id);
    return *response;
  }

  // db.logs (log, 1 bucket) and db.kv (primary key a, 1 bucket) through raw frames.
  void create_tables(RawSocket& c) {
    ASSERT_EQ(exchange(c, 1001, 0, encode(create_database_request("db"))).type, 0);
    ASSERT_EQ(exchange(c, 1005, 0, encode(create_table_request("db", "logs", 1))).type, 0);
    ASSERT_EQ(exchange(c, 1005, 0, encode(create_table_request("db", "kv", 1, true))).type, 0);
    logs_id_ = decode<proto::GetTableInfoResponse>(
                   exchange(c, 1007, 0, encode(table_info_request("db", "logs"))))
                   .table_id();
    kv_id_ = decode<proto::GetTableInfoResponse>(
                 exchange(c, 1007, 0, encode(table_info_request("db", "kv"))))
                 .table_id();
    cluster_.cluster().wait_for_notifications();
  }

  fluss::test::TestCluster cluster_;
  int32_t next_id_ = 0;
  int64_t logs_id_ = -1;
  int64_t kv_id_ = -1;
};

TEST_F(RawProtocolTest, ApiVersionsFromTheWorkedExampleBytes) {
  // fluss-wire.md §1.2: ApiVersionsRequest{"fluss", "0.1.0"}, version 0, request id 0.
  const std::string golden = std::string("\x00\x00\x00\x16\x03\xe8\x00\x00\x00\x00\x00\x00", 12) +
                             "\x0a\x05"
                             "fluss"
                             "\x12\x05"
                             "0.1.0";
  for (uint16_t port : {coordinator(), tablet()}) {
    RawSocket socket(port);
    ASSERT_TRUE(socket.connected());
    socket.send(golden);
    std::optional<RawResponse> response = socket.read_response();
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->request_id, 0);
    auto versions = decode<proto::ApiVersionsResponse>(*response);
    EXPECT_EQ(versions.server_type(), port == coordinator() ? 1 : 2);
    ASSERT_GT(versions.api_versions_size(), 5);
    EXPECT_EQ(versions.api_versions(0).api_key(), 1000);
  }
}

TEST_F(RawProtocolTest, CreateProduceFetchPutLookupAndMetadata) {
  RawSocket c(coordinator());
  ASSERT_TRUE(c.connected());
  create_tables(c);

  proto::MetadataRequest metadata_request;
  *metadata_request.add_table_path() = pb_path("db", "logs");
  auto metadata = decode<proto::MetadataResponse>(exchange(c, 1012, 0, encode(metadata_request)));
  ASSERT_EQ(metadata.table_metadata_size(), 1);
  EXPECT_EQ(metadata.table_metadata(0).table_id(), logs_id_);
  EXPECT_EQ(metadata.tablet_servers(0).port(), tablet());
  EXPECT_EQ(metadata.table_metadata(0).bucket_metadata(0).leader_id(), 0);

  RawSocket t(tablet());
  ASSERT_TRUE(t.connected());
  auto produced = decode<proto::ProduceLogResponse>(
      exchange(t, 1014, 0, encode(produce_request(logs_id_, 0, arrow_batch(0, 3)))));
  ASSERT_EQ(produced.buckets_resp_size(), 1);
  EXPECT_FALSE(produced.buckets_resp(0).has_error_code())
      << produced.buckets_resp(0).error_message();
  EXPECT_EQ(produced.buckets_resp(0).base_offset(), 0);

  auto fetched =
      decode<proto::FetchLogResponse>(exchange(t, 1015, 0, encode(fetch_request(logs_id_, 0, 0))));
  const auto& bucket = fetched.tables_resp(0).buckets_resp(0);
  EXPECT_FALSE(bucket.has_error_code()) << bucket.error_message();
  EXPECT_EQ(bucket.high_watermark(), 3);
  EXPECT_EQ(record_count(bucket.records()), 3);

  proto::PutKvRequest put;
  put.set_acks(-1);
  put.set_table_id(kv_id_);
  put.set_timeout_ms(30000);
  proto::PbPutKvReqForBucket& pb = *put.add_buckets_req();
  pb.set_bucket_id(0);
  pb.set_records(storage::test::kv_batch({{7, "seven"}}).to_string());
  auto put_response = decode<proto::PutKvResponse>(exchange(t, 1016, 2, encode(put)));
  EXPECT_FALSE(put_response.buckets_resp(0).has_error_code())
      << put_response.buckets_resp(0).error_message();

  proto::LookupRequest lookup;
  lookup.set_table_id(kv_id_);
  proto::PbLookupReqForBucket& lb = *lookup.add_buckets_req();
  lb.set_bucket_id(0);
  lb.add_keys(storage::test::compacted_int_key(7).to_string());
  lb.add_keys(storage::test::compacted_int_key(8).to_string());
  auto looked_up = decode<proto::LookupResponse>(exchange(t, 1017, 1, encode(lookup)));
  ASSERT_EQ(looked_up.buckets_resp(0).values_size(), 2);
  EXPECT_TRUE(looked_up.buckets_resp(0).values(0).has_values());
  EXPECT_FALSE(looked_up.buckets_resp(0).values(1).has_values());
}

TEST_F(RawProtocolTest, UnknownKeyUnsupportedVersionAndBadPayloadKeepTheConnection) {
  RawSocket c(coordinator());
  ASSERT_TRUE(c.connected());
  RawResponse unknown = exchange(c, 1099, 0, "");
  EXPECT_EQ(unknown.type, 1);
  EXPECT_EQ(decode_error(unknown).error_code(), 2);  // UNSUPPORTED_VERSION
  EXPECT_THAT(decode_error(unknown).error_message(), HasSubstr("1099"));

  RawResponse version = exchange(c, 1001, 7, encode(create_database_request("x")));
  EXPECT_EQ(version.type, 1);
  EXPECT_EQ(decode_error(version).error_code(), 2);
  EXPECT_THAT(decode_error(version).error_message(), HasSubstr("CREATE_DATABASE"));

  RawResponse not_served = exchange(c, 1014, 0, encode(produce_request(1, 0, "x")));
  EXPECT_EQ(not_served.type, 1);
  EXPECT_EQ(decode_error(not_served).error_code(), 2);
  EXPECT_THAT(decode_error(not_served).error_message(), HasSubstr("not served by the coordinator"));

  RawResponse garbage = exchange(c, 1001, 0, std::string("\xff\xff\xff", 3));
  EXPECT_EQ(garbage.type, 1);
  EXPECT_EQ(decode_error(garbage).error_code(), 3);  // CORRUPT_MESSAGE
  EXPECT_THAT(decode_error(garbage).error_message(), HasSubstr("CREATE_DATABASE"));

  RawResponse missing = exchange(c, 1001, 0, "");  // database_name is required
  EXPECT_EQ(missing.type, 1);
  EXPECT_THAT(decode_error(missing).error_message(), HasSubstr("database_name"));

  // Still usable.
  EXPECT_EQ(exchange(c, 1000, 0, encode(api_versions_request())).type, 0);
}

TEST_F(RawProtocolTest, TruncatedFrameGetsServerFailureAndClose) {
  RawSocket c(coordinator());
  ASSERT_TRUE(c.connected());
  std::string frame;
  put_be32(frame, 3);  // shorter than the 8-byte request header
  frame += "abc";
  c.send(frame);
  std::optional<RawResponse> response = c.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->type, 2);
  EXPECT_TRUE(c.closed_by_peer());
}

TEST_F(RawProtocolTest, OversizeRequestGetsServerFailureAndClose) {
  RawSocket c(tablet());
  ASSERT_TRUE(c.connected());
  std::string frame;
  put_be32(frame, 200u << 20);  // 200 MiB > netty.server.max-request-size (100 MiB)
  put_be16(frame, 1014);
  put_be16(frame, 0);
  put_be32(frame, 1);
  c.send(frame);
  std::optional<RawResponse> response = c.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->type, 2);
  EXPECT_THAT(decode_error(*response).error_message(), HasSubstr("max-request-size"));
  EXPECT_TRUE(c.closed_by_peer());
}

TEST_F(RawProtocolTest, BadBatchesUnknownBucketsAndSchemasAreNamedPerBucket) {
  RawSocket c(coordinator());
  ASSERT_TRUE(c.connected());
  create_tables(c);
  RawSocket t(tablet());
  ASSERT_TRUE(t.connected());

  std::string corrupt = arrow_batch(0, 2);
  corrupt[corrupt.size() - 3] ^= 0x5a;  // the CRC no longer matches
  auto response = decode<proto::ProduceLogResponse>(
      exchange(t, 1014, 0, encode(produce_request(logs_id_, 0, corrupt))));
  EXPECT_TRUE(response.buckets_resp(0).has_error_code());
  EXPECT_NE(response.buckets_resp(0).error_code(), 0);

  response = decode<proto::ProduceLogResponse>(
      exchange(t, 1014, 0, encode(produce_request(logs_id_, 5, arrow_batch(0, 1)))));
  EXPECT_EQ(response.buckets_resp(0).error_code(), 21);  // UNKNOWN_TABLE_OR_BUCKET_EXCEPTION
  EXPECT_THAT(response.buckets_resp(0).error_message(), HasSubstr("5"));

  response = decode<proto::ProduceLogResponse>(
      exchange(t, 1014, 0, encode(produce_request(987654, 0, arrow_batch(0, 1)))));
  EXPECT_EQ(response.buckets_resp(0).error_code(), 21);
  EXPECT_THAT(response.buckets_resp(0).error_message(), HasSubstr("987654"));

  // A lookup of a log table, and a fetch of an unknown table, answer per bucket.
  auto fetched =
      decode<proto::FetchLogResponse>(exchange(t, 1015, 0, encode(fetch_request(987654, 0, 0))));
  EXPECT_EQ(fetched.tables_resp(0).buckets_resp(0).error_code(), 21);

  // A KV batch written with a schema id the table does not have.
  proto::PutKvRequest put;
  put.set_acks(-1);
  put.set_table_id(kv_id_);
  put.set_timeout_ms(30000);
  proto::PbPutKvReqForBucket& pb = *put.add_buckets_req();
  pb.set_bucket_id(0);
  pb.set_records(storage::test::kv_batch({{1, "x"}}, SchemaId(9)).to_string());
  auto put_response = decode<proto::PutKvResponse>(exchange(t, 1016, 2, encode(put)));
  EXPECT_TRUE(put_response.buckets_resp(0).has_error_code());
  EXPECT_THAT(put_response.buckets_resp(0).error_message(), HasSubstr("9"));

  // The connection is still fine.
  EXPECT_EQ(exchange(t, 1000, 0, encode(api_versions_request())).type, 0);
}

}  // namespace
}  // namespace fluss::server::test
