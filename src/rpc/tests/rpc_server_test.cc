// SPDX-License-Identifier: Apache-2.0
// RpcServer and the client over real sockets on 127.0.0.1. Frames that test
// the server's handling of bad input are written by hand on a plain socket.
#include "rpc/rpc_server.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <future>
#include <map>
#include <set>
#include <stdexcept>

#include "rpc/rpc_client.h"
#include "rpc/tests/test_helpers.h"
#include "test_utils/run_sync.h"

namespace fluss::rpc {
namespace {

using test::StatusIs;
using test::StatusIsWith;

constexpr int16_t kEcho = 1000;   // answers with the request payload
constexpr int16_t kFail = 1001;   // answers with TABLE_NOT_EXIST
constexpr int16_t kThrow = 1002;  // throws
constexpr int16_t kGated = 1003;  // answers with its payload once the test releases it

// The server side of every test: a handler whose gated requests wait until the
// test thread releases them, so tests choose the order of completion.
class TestHandler : public RequestHandler {
 public:
  Task<Result<ByteBuffer>> handle(Request request) override {
    switch (request.header.api_key) {
      case kEcho:
        co_return std::move(request.payload);
      case kFail:
        co_return make_error(ErrorCode::kTableNotExist, "table 'db.t' does not exist");
      case kThrow:
        throw std::runtime_error("handler blew up");
      case kGated: {
        auto release = std::make_shared<Channel<bool>>(co_await asio::this_coro::executor, 1);
        {
          std::lock_guard lock(mu_);
          gated_[request.payload.to_string()] = release;
          ++arrived_;
          max_waiting_ = std::max(max_waiting_, ++waiting_);
        }
        arrived_cv_.notify_all();
        co_await release->async_receive(kNoThrow);
        {
          std::lock_guard lock(mu_);
          --waiting_;
        }
        co_return std::move(request.payload);
      }
      default:
        co_return make_error(ErrorCode::kUnsupportedVersion, "api key {} is not served",
                             request.header.api_key);
    }
  }

  // Blocks the test thread until `n` gated requests have arrived in total.
  void wait_for_arrivals(int n) {
    std::unique_lock lock(mu_);
    arrived_cv_.wait(lock, [&] { return arrived_ >= n; });
  }

  // The most gated requests ever waiting at once.
  int max_waiting() {
    std::lock_guard lock(mu_);
    return max_waiting_;
  }

  void release(const std::string& tag) {
    std::lock_guard lock(mu_);
    auto it = gated_.find(tag);
    ASSERT_NE(it, gated_.end()) << tag;
    it->second->try_send(asio::error_code(), true);
    gated_.erase(it);
  }

 private:
  std::mutex mu_;
  std::condition_variable arrived_cv_;
  int arrived_ = 0;
  int waiting_ = 0;
  int max_waiting_ = 0;
  std::map<std::string, std::shared_ptr<Channel<bool>>> gated_;
};

ByteBuffer bytes_of(std::string_view s) {
  ByteBuffer out;
  out.append(s);
  return out;
}

// A blocking socket in the test thread that speaks raw frames.
class RawClient {
 public:
  explicit RawClient(uint16_t port) : socket_(io_) {
    socket_.connect({asio::ip::make_address("127.0.0.1"), port});
  }

  void write(ByteView bytes) { asio::write(socket_, asio::buffer(bytes.data(), bytes.size())); }
  void send(RequestHeader header, std::string_view payload) {
    ByteBuffer frame;
    encode_request(frame, header, as_bytes(payload));
    write(frame.view());
  }
  void shutdown_send() { socket_.shutdown(asio::ip::tcp::socket::shutdown_send); }

  // The next response frame (after its length), or an error at EOF.
  Result<ByteBuffer> read_frame() {
    uint8_t length_bytes[4];
    asio::error_code ec;
    asio::read(socket_, asio::buffer(length_bytes), ec);
    if (ec) return make_error(ErrorCode::kNetworkException, "read: {}", ec.message());
    ByteBuffer frame;
    frame.resize(static_cast<size_t>(load_be<int32_t>(length_bytes)));
    asio::read(socket_, asio::buffer(frame.data(), frame.size()), ec);
    if (ec) return make_error(ErrorCode::kNetworkException, "read: {}", ec.message());
    return frame;
  }

  // True once the server has closed the connection (reads until EOF).
  bool closed_by_peer() {
    uint8_t byte;
    asio::error_code ec;
    while (!ec) socket_.read_some(asio::buffer(&byte, 1), ec);
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }

 private:
  asio::io_context io_;
  asio::ip::tcp::socket socket_;
};

class RpcServerTest : public ::testing::Test {
 protected:
  void SetUp() override { start_server({}); }
  void TearDown() override {
    clients_.close_all();
    if (server_) stop_server();
  }

  void start_server(RpcServerOptions options) {
    options.port = port_;
    server_ = test::value_or_throw(RpcServer::start(pool_, handler_, std::move(options)));
    port_ = server_->port();
  }
  void stop_server() {
    test::run_on(pool_.at(0).get_executor(), server_->stop());
    server_.reset();
  }

  std::shared_ptr<ServerConnection> connect() {
    return test::value_or_throw(test::run_on(client_executor(), clients_.get("127.0.0.1", port_)));
  }
  Result<ByteBuffer> call(const std::shared_ptr<ServerConnection>& connection, int16_t api_key,
                          std::string_view payload) {
    return test::run_on(client_executor(), connection->call(api_key, 0, bytes_of(payload)));
  }
  asio::any_io_executor client_executor() { return pool_.at(1).get_executor(); }

  IoContextPool pool_{2, "rpc-test"};
  TestHandler handler_;
  std::unique_ptr<RpcServer> server_;
  uint16_t port_ = 0;
  ConnectionPool clients_{pool_.at(1).get_executor()};
};

TEST_F(RpcServerTest, EchoesOverTheClient) {
  auto connection = connect();
  ASSERT_OK_AND_ASSIGN(ByteBuffer response, call(connection, kEcho, "hello"));
  EXPECT_EQ(response.to_string(), "hello");
  ASSERT_OK_AND_ASSIGN(ByteBuffer empty, call(connection, kEcho, ""));
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(server_->connection_count(), 1u);
}

TEST_F(RpcServerTest, AnswersAHandBuiltFrame) {
  RawClient raw(port_);
  // fluss-wire.md §1.2's ApiVersions request, sent to the echo key.
  raw.send({.api_key = kEcho, .api_version = 0, .request_id = 0x01020304},
           std::string_view("\x0a\x05"
                            "fluss\x12\x05"
                            "0.1.0",
                            14));
  ASSERT_OK_AND_ASSIGN(ByteBuffer frame, raw.read_frame());
  EXPECT_EQ(to_hex(frame.view()),
            "00"
            "01020304"
            "0a05666c757373"
            "1205302e312e30");
}

// Frames from 256 KiB on are read past the decoder into their own buffer: they arrive whole
// however they are split, also between small frames.
TEST_F(RpcServerTest, LargeFramesArriveWholeAmongSmallOnes) {
  RawClient raw(port_);
  ByteBuffer frames;
  std::vector<std::string> payloads;
  for (int i = 0; i < 6; ++i) {
    payloads.push_back(i % 2 == 0 ? std::string(300 * 1024 + i, static_cast<char>('a' + i))
                                  : std::to_string(i));
    encode_request(frames, {.api_key = kEcho, .api_version = 0, .request_id = i},
                   as_bytes(payloads.back()));
  }
  // Uneven writes: the length field and header of a large frame may come apart from its body.
  for (size_t at = 0, step = 7; at < frames.size(); at += step, step = step * 3 % 100003 + 1) {
    raw.write(frames.view().subspan(at, std::min(step, frames.size() - at)));
  }
  std::map<int32_t, std::string> answers;
  for (int i = 0; i < 6; ++i) {
    ASSERT_OK_AND_ASSIGN(ByteBuffer frame, raw.read_frame());
    ASSERT_OK_AND_ASSIGN(ResponseFrame response, parse_response(frame.view()));
    answers[*response.request_id] = std::string(as_string_view(response.payload));
  }
  for (int i = 0; i < 6; ++i) EXPECT_TRUE(answers[i] == payloads[i]) << "frame " << i;
  auto connection = connect();
  EXPECT_OK(call(connection, kEcho, std::string(1 << 20, 'z')));
}

TEST_F(RpcServerTest, ManyFramesInOneWriteAreAllAnswered) {
  RawClient raw(port_);
  ByteBuffer frames;
  for (int i = 0; i < 20; ++i) {
    encode_request(frames, {.api_key = kEcho, .api_version = 0, .request_id = i},
                   as_bytes(std::to_string(i)));
  }
  raw.write(frames.view());
  std::set<int32_t> ids;
  for (int i = 0; i < 20; ++i) {
    ASSERT_OK_AND_ASSIGN(ByteBuffer frame, raw.read_frame());
    ASSERT_OK_AND_ASSIGN(ResponseFrame response, parse_response(frame.view()));
    EXPECT_EQ(response.type, ResponseType::kSuccess);
    EXPECT_EQ(as_string_view(response.payload), std::to_string(*response.request_id));
    ids.insert(*response.request_id);
  }
  EXPECT_EQ(ids.size(), 20u);
}

TEST_F(RpcServerTest, ResponsesGoOutInCompletionOrder) {
  RawClient raw(port_);
  for (int i = 0; i < 3; ++i) {
    raw.send({.api_key = kGated, .api_version = 0, .request_id = i}, fmt::format("r{}", i));
  }
  handler_.wait_for_arrivals(3);
  for (int i : {2, 0, 1}) {
    handler_.release(fmt::format("r{}", i));
    ASSERT_OK_AND_ASSIGN(ByteBuffer frame, raw.read_frame());
    ASSERT_OK_AND_ASSIGN(ResponseFrame response, parse_response(frame.view()));
    EXPECT_EQ(response.request_id, i);
  }
}

TEST_F(RpcServerTest, ManyConcurrentCallsAnsweredOutOfOrder) {
  constexpr int kCalls = 100;
  auto connection = connect();
  std::vector<std::future<Result<ByteBuffer>>> futures;
  for (int i = 0; i < kCalls; ++i) {
    futures.push_back(asio::co_spawn(client_executor(),
                                     connection->call(kGated, 0, bytes_of(fmt::format("c{}", i))),
                                     asio::use_future));
  }
  handler_.wait_for_arrivals(kCalls);
  EXPECT_EQ(connection->in_flight(), static_cast<size_t>(kCalls));
  for (int i = kCalls - 1; i >= 0; --i) handler_.release(fmt::format("c{}", i));
  for (int i = 0; i < kCalls; ++i) {
    ASSERT_OK_AND_ASSIGN(ByteBuffer response, futures[i].get());
    EXPECT_EQ(response.to_string(), fmt::format("c{}", i));
  }
  EXPECT_EQ(connection->in_flight(), 0u);
}

TEST_F(RpcServerTest, HandlerErrorIsAnErrorResponseAndTheConnectionStaysUp) {
  auto connection = connect();
  EXPECT_THAT(call(connection, kFail, ""),
              StatusIsWith(ErrorCode::kTableNotExist, "table 'db.t' does not exist"));
  EXPECT_THAT(call(connection, 4242, ""),
              StatusIsWith(ErrorCode::kUnsupportedVersion, "api key 4242 is not served"));
  ASSERT_OK_AND_ASSIGN(ByteBuffer response, call(connection, kEcho, "still here"));
  EXPECT_EQ(response.to_string(), "still here");

  RawClient raw(port_);
  raw.send({.api_key = kFail, .api_version = 0, .request_id = 9}, "");
  ASSERT_OK_AND_ASSIGN(ByteBuffer frame, raw.read_frame());
  ASSERT_OK_AND_ASSIGN(ResponseFrame error, parse_response(frame.view()));
  EXPECT_EQ(error.type, ResponseType::kError);
  EXPECT_EQ(error.request_id, 9);
  EXPECT_THAT(decode_error_payload(error.payload), StatusIs(ErrorCode::kTableNotExist));
}

TEST_F(RpcServerTest, HandlerExceptionIsUnknownServerError) {
  auto connection = connect();
  EXPECT_THAT(call(connection, kThrow, ""),
              StatusIsWith(ErrorCode::kUnknownServerError, "handler blew up"));
  EXPECT_OK(call(connection, kEcho, "x"));
}

TEST_F(RpcServerTest, TruncatedFrameThenCloseIsDropped) {
  {
    RawClient raw(port_);
    ByteBuffer frame;
    encode_request(frame, {.api_key = kEcho, .api_version = 0, .request_id = 1},
                   as_bytes(std::string(100, 'x')));
    raw.write(frame.view().first(30));
    raw.shutdown_send();
    EXPECT_TRUE(raw.closed_by_peer());
  }
  auto connection = connect();
  EXPECT_OK(call(connection, kEcho, "the server is fine"));
}

TEST_F(RpcServerTest, GarbageLengthGetsServerFailureThenClose) {
  RawClient raw(port_);
  const uint8_t garbage[] = {0xff, 0xff, 0xff, 0xf0, 1, 2, 3};
  raw.write(garbage);
  ASSERT_OK_AND_ASSIGN(ByteBuffer frame, raw.read_frame());
  ASSERT_OK_AND_ASSIGN(ResponseFrame failure, parse_response(frame.view()));
  EXPECT_EQ(failure.type, ResponseType::kServerFailure);
  EXPECT_THAT(decode_error_payload(failure.payload),
              StatusIsWith(ErrorCode::kUnknownServerError, "frame length -16 is not positive"));
  EXPECT_TRUE(raw.closed_by_peer());
}

TEST_F(RpcServerTest, ShortHeaderGetsServerFailureThenClose) {
  RawClient raw(port_);
  const uint8_t short_frame[] = {0, 0, 0, 3, 0x03, 0xe8, 0};
  raw.write(short_frame);
  ASSERT_OK_AND_ASSIGN(ByteBuffer frame, raw.read_frame());
  ASSERT_OK_AND_ASSIGN(ResponseFrame failure, parse_response(frame.view()));
  EXPECT_EQ(failure.type, ResponseType::kServerFailure);
  EXPECT_THAT(decode_error_payload(failure.payload),
              StatusIsWith(ErrorCode::kUnknownServerError, "request frame"));
  EXPECT_TRUE(raw.closed_by_peer());
}

TEST_F(RpcServerTest, OversizeRequestGetsServerFailureThenClose) {
  stop_server();
  start_server({.max_request_size = 1024});
  RawClient raw(port_);
  ByteBuffer header;
  header.append_be<int32_t>(1021);  // 1021 + 4 > 1024; the body never needs to come
  raw.write(header.view());
  ASSERT_OK_AND_ASSIGN(ByteBuffer frame, raw.read_frame());
  ASSERT_OK_AND_ASSIGN(ResponseFrame failure, parse_response(frame.view()));
  EXPECT_EQ(failure.type, ResponseType::kServerFailure);
  EXPECT_THAT(decode_error_payload(failure.payload),
              StatusIsWith(ErrorCode::kUnknownServerError, "netty.server.max-request-size"));
  EXPECT_TRUE(raw.closed_by_peer());

  // The client fails the whole connection with the server's error.
  auto connection = connect();
  EXPECT_OK(call(connection, kEcho, std::string(1024 - 12 - 4, 'x')));  // exactly at the limit
  EXPECT_THAT(call(connection, kEcho, std::string(1024, 'x')),
              StatusIsWith(ErrorCode::kUnknownServerError, "max-request-size"));
  EXPECT_FALSE(connection->is_connected());
}

TEST_F(RpcServerTest, ConnectionsBeyondTheLimitAreRefused) {
  stop_server();
  start_server({.max_connections = 2});
  auto first = connect();
  EXPECT_OK(call(first, kEcho, "1"));
  RawClient second(port_);
  second.send({.api_key = kEcho, .api_version = 0, .request_id = 0}, "2");
  ASSERT_OK(second.read_frame());
  EXPECT_EQ(server_->connection_count(), 2u);

  RawClient third(port_);
  ASSERT_OK_AND_ASSIGN(ByteBuffer frame, third.read_frame());
  ASSERT_OK_AND_ASSIGN(ResponseFrame failure, parse_response(frame.view()));
  EXPECT_EQ(failure.type, ResponseType::kServerFailure);
  EXPECT_THAT(decode_error_payload(failure.payload),
              StatusIsWith(ErrorCode::kNetworkException, "connection limit of 2"));
  EXPECT_TRUE(third.closed_by_peer());
  EXPECT_OK(call(first, kEcho, "first still works"));
}

TEST_F(RpcServerTest, ConnectionStopsReadingAtItsInFlightLimit) {
  stop_server();
  start_server({.max_in_flight_per_connection = 4});
  RawClient raw(port_);
  ByteBuffer frames;
  for (int i = 0; i < 10; ++i) {
    encode_request(frames, {.api_key = kGated, .api_version = 0, .request_id = i},
                   as_bytes(fmt::format("g{}", i)));
  }
  raw.write(frames.view());  // all ten in one write
  handler_.wait_for_arrivals(4);
  for (int i = 0; i < 10; ++i) {
    handler_.release(fmt::format("g{}", i));
    ASSERT_OK_AND_ASSIGN(ByteBuffer frame, raw.read_frame());
    ASSERT_OK_AND_ASSIGN(ResponseFrame response, parse_response(frame.view()));
    EXPECT_EQ(response.request_id, i);
    handler_.wait_for_arrivals(std::min(i + 5, 10));
  }
  EXPECT_EQ(handler_.max_waiting(), 4);
}

TEST_F(RpcServerTest, IdleConnectionsAreClosed) {
  stop_server();
  start_server({.max_idle_time = std::chrono::milliseconds(20)});
  RawClient raw(port_);
  raw.send({.api_key = kEcho, .api_version = 0, .request_id = 0}, "x");
  ASSERT_OK(raw.read_frame());
  EXPECT_TRUE(raw.closed_by_peer());
}

TEST_F(RpcServerTest, StopLetsRequestsInFlightFinish) {
  auto connection = connect();
  std::vector<std::future<Result<ByteBuffer>>> futures;
  for (int i = 0; i < 3; ++i) {
    futures.push_back(asio::co_spawn(client_executor(),
                                     connection->call(kGated, 0, bytes_of(fmt::format("s{}", i))),
                                     asio::use_future));
  }
  handler_.wait_for_arrivals(3);
  std::future<void> stopped = asio::co_spawn(pool_.at(0), server_->stop(), asio::use_future);
  for (int i = 0; i < 3; ++i) handler_.release(fmt::format("s{}", i));
  stopped.get();
  server_.reset();
  for (int i = 0; i < 3; ++i) {
    ASSERT_OK_AND_ASSIGN(ByteBuffer response, futures[i].get());
    EXPECT_EQ(response.to_string(), fmt::format("s{}", i));
  }
  // The server closed the connection once drained.
  EXPECT_THAT(call(connection, kEcho, "x"), StatusIs(ErrorCode::kNetworkException));
}

TEST_F(RpcServerTest, StopClosesConnectionsWhoseRequestsOutlastTheTimeout) {
  stop_server();
  start_server({.shutdown_timeout = std::chrono::milliseconds(20)});
  auto connection = connect();
  std::future<Result<ByteBuffer>> stuck = asio::co_spawn(
      client_executor(), connection->call(kGated, 0, bytes_of("stuck")), asio::use_future);
  handler_.wait_for_arrivals(1);
  std::future<void> stopped = asio::co_spawn(pool_.at(0), server_->stop(), asio::use_future);
  // The connection is closed under the call, which fails naming the server.
  EXPECT_THAT(stuck.get(),
              StatusIsWith(ErrorCode::kNetworkException, fmt::format("127.0.0.1:{}", port_)));
  handler_.release("stuck");  // stop() waits for the handler itself
  stopped.get();
  server_.reset();
}

TEST_F(RpcServerTest, ClientReconnectsAfterServerRestart) {
  auto before = connect();
  EXPECT_OK(call(before, kEcho, "before"));
  stop_server();
  EXPECT_THAT(call(before, kEcho, "down"),
              StatusIsWith(ErrorCode::kNetworkException, fmt::format("127.0.0.1:{}", port_)));
  EXPECT_FALSE(before->is_connected());
  EXPECT_THAT(test::run_on(client_executor(), clients_.get("127.0.0.1", port_)),
              StatusIsWith(ErrorCode::kNetworkException, "cannot connect to 127.0.0.1:"));

  start_server({});  // same port
  auto after = connect();
  EXPECT_NE(after.get(), before.get());
  ASSERT_OK_AND_ASSIGN(ByteBuffer response, call(after, kEcho, "after"));
  EXPECT_EQ(response.to_string(), "after");
}

TEST_F(RpcServerTest, PoolKeepsOneConnectionPerServer) {
  auto first = connect();
  auto second = connect();
  EXPECT_EQ(first.get(), second.get());
  EXPECT_OK(call(second, kEcho, "x"));
  EXPECT_EQ(server_->connection_count(), 1u);
}

TEST_F(RpcServerTest, CallPastItsDeadlineTimesOutAndTheConnectionStaysUp) {
  auto connection = connect();
  EXPECT_THAT(test::run_on(client_executor(),
                           connection->call(kGated, 0, bytes_of("late"),
                                            Clock::now() + std::chrono::milliseconds(20))),
              StatusIsWith(ErrorCode::kRequestTimeOut, "got no response in time"));
  EXPECT_EQ(connection->in_flight(), 0u);
  handler_.wait_for_arrivals(1);
  handler_.release("late");  // its answer arrives for nobody and is dropped
  ASSERT_OK_AND_ASSIGN(ByteBuffer response, call(connection, kEcho, "next"));
  EXPECT_EQ(response.to_string(), "next");
  EXPECT_TRUE(connection->is_connected());
}

TEST_F(RpcServerTest, ClosedConnectionFailsCallsInFlight) {
  auto connection = connect();
  std::future<Result<ByteBuffer>> pending = asio::co_spawn(
      client_executor(), connection->call(kGated, 0, bytes_of("p")), asio::use_future);
  handler_.wait_for_arrivals(1);
  connection->close();
  EXPECT_THAT(pending.get(), StatusIsWith(ErrorCode::kNetworkException, "was closed"));
  EXPECT_THAT(call(connection, kEcho, "x"), StatusIs(ErrorCode::kNetworkException));
  handler_.release("p");
}

}  // namespace
}  // namespace fluss::rpc

namespace fluss::rpc {
namespace {

TEST(RpcServerOptionsTest, ReadsFlussNettyKeys) {
  ASSERT_OK_AND_ASSIGN(RpcServerOptions defaults,
                       RpcServerOptions::from_configuration(Configuration()));
  EXPECT_EQ(defaults.max_request_size, 100 * 1024 * 1024);
  EXPECT_EQ(defaults.max_idle_time, std::chrono::minutes(10));

  Configuration config;
  config.set_string("netty.server.max-request-size", "1mb");
  config.set_string("netty.connection.max-idle-time", "30 s");
  ASSERT_OK_AND_ASSIGN(RpcServerOptions options, RpcServerOptions::from_configuration(config));
  EXPECT_EQ(options.max_request_size, 1024 * 1024);
  EXPECT_EQ(options.max_idle_time, std::chrono::seconds(30));

  config.set_string("netty.server.max-request-size", "4b");
  EXPECT_THAT(
      RpcServerOptions::from_configuration(config),
      test::StatusIsWith(ErrorCode::kInvalidConfigException, "netty.server.max-request-size"));
}

}  // namespace
}  // namespace fluss::rpc
