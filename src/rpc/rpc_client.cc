// SPDX-License-Identifier: Apache-2.0
#include "rpc/rpc_client.h"

#include <tuple>
#include <vector>

#include "common/logging.h"

namespace fluss::rpc {
namespace {

constexpr size_t kReadSize = 64 * 1024;
// The Java client accepts response frames up to Integer.MAX_VALUE bytes.
constexpr int64_t kMaxResponseSize = int64_t{1} << 31;

}  // namespace

ServerConnection::ServerConnection(Strand strand, std::string address)
    : strand_(std::move(strand)),
      address_(std::move(address)),
      socket_(strand_),
      decoder_(kMaxResponseSize) {}

ServerConnection::~ServerConnection() = default;

Task<Result<std::shared_ptr<ServerConnection>>> ServerConnection::connect(
    asio::any_io_executor executor, std::string host, uint16_t port) {
  std::shared_ptr<ServerConnection> connection(
      new ServerConnection(asio::make_strand(executor), fmt::format("{}:{}", host, port)));
  asio::ip::tcp::resolver resolver(executor);
  auto [resolve_ec, endpoints] =
      co_await resolver.async_resolve(host, std::to_string(port), kNoThrow);
  if (resolve_ec) {
    co_return make_error(ErrorCode::kNetworkException, "cannot resolve {}: {}",
                         connection->address_, resolve_ec.message());
  }
  auto [connect_ec, endpoint] =
      co_await asio::async_connect(connection->socket_, endpoints, kNoThrow);
  if (connect_ec) {
    co_return make_error(ErrorCode::kNetworkException, "cannot connect to {}: {}",
                         connection->address_, connect_ec.message());
  }
  asio::error_code ignored;
  connection->socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
  asio::co_spawn(connection->strand_, read_loop(connection), asio::detached);
  co_return connection;
}

bool ServerConnection::is_connected() const {
  std::lock_guard lock(mu_);
  return failure_.ok();
}

size_t ServerConnection::in_flight() const {
  std::lock_guard lock(mu_);
  return pending_.size();
}

Task<Result<ByteBuffer>> ServerConnection::call(int16_t api_key, int16_t api_version,
                                                ByteBuffer payload, Clock::time_point deadline) {
  co_return co_await call(api_key, api_version, GatherBytes(std::move(payload)), deadline);
}

Task<Result<ByteBuffer>> ServerConnection::call(int16_t api_key, int16_t api_version,
                                                GatherBytes payload, Clock::time_point deadline) {
  using namespace asio::experimental::awaitable_operators;  // NOLINT: operator|| only
  const auto executor = co_await asio::this_coro::executor;
  auto response = std::make_shared<ResponseChannel>(executor, 1);
  bool start_writer = false;
  Status failed;
  int32_t request_id = 0;
  {
    std::lock_guard lock(mu_);
    if (!failure_.ok()) {
      failed = failure_;
    } else {
      request_id = next_request_id_;
      // Java's ids start at 0 and wrap around on overflow.
      next_request_id_ = static_cast<int32_t>(static_cast<uint32_t>(request_id) + 1);
      pending_.emplace(request_id, response);
      Outgoing& frame = outgoing_.emplace_back();
      encode_request_head(
          frame.head, {.api_key = api_key, .api_version = api_version, .request_id = request_id},
          payload.size());
      frame.payload = std::move(payload);
      start_writer = !std::exchange(writing_, true);
    }
  }
  if (!failed.ok()) co_return failed;
  if (start_writer) asio::co_spawn(strand_, write_loop(shared_from_this()), asio::detached);
  std::tuple<asio::error_code, Response> received;
  if (deadline == Clock::time_point::max()) {
    received = co_await response->async_receive(kNoThrow);
  } else {
    asio::steady_timer timer(executor, deadline);
    auto first = co_await (response->async_receive(kNoThrow) || timer.async_wait(kNoThrow));
    if (first.index() == 1) {
      {
        std::lock_guard lock(mu_);
        pending_.erase(request_id);
      }
      co_return make_error(ErrorCode::kRequestTimeOut,
                           "request {} (api key {}) to {} got no response in time", request_id,
                           api_key, address_);
    }
    received = std::get<0>(std::move(first));
  }
  auto& [ec, result] = received;
  if (ec) {
    co_return make_error(ErrorCode::kNetworkException, "call to {} abandoned: {}", address_,
                         ec.message());
  }
  if (!result.status.ok()) co_return std::move(result.status);
  co_return std::move(result.payload);
}

void ServerConnection::close() {
  fail(make_error(ErrorCode::kNetworkException, "connection to {} was closed", address_));
}

void ServerConnection::fail(Status error) {
  std::unordered_map<int32_t, std::shared_ptr<ResponseChannel>> pending;
  {
    std::lock_guard lock(mu_);
    if (!failure_.ok()) return;
    failure_ = error;
    pending.swap(pending_);
    outgoing_.clear();
  }
  for (auto& [id, channel] : pending) channel->try_send(asio::error_code(), Response{error, {}});
  asio::co_spawn(strand_, close_socket(shared_from_this()), asio::detached);
}

Task<> ServerConnection::close_socket(std::shared_ptr<ServerConnection> self) {
  asio::error_code ignored;
  self->socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  self->socket_.close(ignored);
  co_return;
}

Task<> ServerConnection::read_loop(std::shared_ptr<ServerConnection> self) {
  co_await self->read_responses();
}

Task<> ServerConnection::read_responses() {
  while (true) {
    std::span<uint8_t> room = decoder_.prepare(kReadSize);
    auto [ec, n] =
        co_await socket_.async_read_some(asio::buffer(room.data(), room.size()), kNoThrow);
    if (ec) {
      fail(make_error(ErrorCode::kNetworkException, "connection to {} lost: {}", address_,
                      ec == asio::error::eof ? "closed by the server" : ec.message()));
      co_return;
    }
    decoder_.commit(n);
    while (true) {
      Result<std::optional<ByteView>> frame = decoder_.next();
      Status handled = frame.ok() ? Status::OK() : frame.status();
      if (handled.ok() && !frame->has_value()) break;
      if (handled.ok()) handled = on_frame(**frame);
      if (!handled.ok()) {
        fail(Status(handled.code() == ErrorCode::kCorruptMessage ? ErrorCode::kNetworkException
                                                                 : handled.code(),
                    fmt::format("connection to {} failed: {}", address_, handled.message())));
        co_return;
      }
    }
  }
}

Status ServerConnection::on_frame(ByteView bytes) {
  FLUSS_ASSIGN_OR_RETURN(const ResponseFrame frame, parse_response(bytes));
  if (frame.type == ResponseType::kServerFailure) {
    // The server fails the whole connection (and closes it): so do we.
    const Status error = decode_error_payload(frame.payload);
    return Status(error.code(), fmt::format("server failure: {}", error.message()));
  }
  std::shared_ptr<ResponseChannel> channel;
  {
    std::lock_guard lock(mu_);
    auto it = pending_.find(*frame.request_id);
    if (it != pending_.end()) {
      channel = std::move(it->second);
      pending_.erase(it);
    }
  }
  if (!channel) {
    // A call that timed out (or a confused server).
    FLUSS_LOG_DEBUG("connection to {}: response to unknown request id {} ignored", address_,
                    *frame.request_id);
    return Status::OK();
  }
  if (frame.type == ResponseType::kSuccess) {
    ByteBuffer payload(frame.payload.size());
    payload.append(frame.payload);
    channel->try_send(asio::error_code(), Response{Status::OK(), std::move(payload)});
  } else {
    channel->try_send(asio::error_code(), Response{decode_error_payload(frame.payload), {}});
  }
  return Status::OK();
}

Task<> ServerConnection::write_loop(std::shared_ptr<ServerConnection> self) {
  co_await self->write_requests();
}

Task<> ServerConnection::write_requests() {
  std::vector<Outgoing> batch;
  std::vector<asio::const_buffer> buffers;
  while (true) {
    batch.clear();
    buffers.clear();
    {
      std::lock_guard lock(mu_);
      if (outgoing_.empty() || !failure_.ok()) {
        writing_ = false;
        co_return;
      }
      while (!outgoing_.empty()) {
        batch.push_back(std::move(outgoing_.front()));
        outgoing_.pop_front();
      }
    }
    for (const Outgoing& frame : batch) {
      buffers.emplace_back(frame.head.data(), frame.head.size());
      frame.payload.for_each(
          [&](ByteView piece) { buffers.emplace_back(piece.data(), piece.size()); });
    }
    auto [ec, n] = co_await asio::async_write(socket_, buffers, kNoThrow);
    if (ec) {
      fail(make_error(ErrorCode::kNetworkException, "cannot send to {}: {}", address_,
                      ec.message()));
      std::lock_guard lock(mu_);
      writing_ = false;
      co_return;
    }
  }
}

ConnectionPool::~ConnectionPool() { close_all(); }

Task<Result<std::shared_ptr<ServerConnection>>> ConnectionPool::get(std::string host,
                                                                    uint16_t port) {
  const std::string key = fmt::format("{}:{}", host, port);
  {
    std::lock_guard lock(mu_);
    auto it = connections_.find(key);
    if (it != connections_.end() && it->second->is_connected()) co_return it->second;
  }
  Result<std::shared_ptr<ServerConnection>> connected =
      co_await ServerConnection::connect(executor_, std::move(host), port);
  if (!connected.ok()) co_return connected;
  if (handshake_ != nullptr) {
    Status status = co_await handshake_->run(*connected);
    if (!status.ok()) {
      (*connected)->close();
      co_return status;
    }
  }
  std::shared_ptr<ServerConnection> loser;
  std::shared_ptr<ServerConnection> winner;
  {
    std::lock_guard lock(mu_);
    std::shared_ptr<ServerConnection>& slot = connections_[key];
    if (slot && slot->is_connected()) {
      // Another get() connected meanwhile: keep one connection per server.
      loser = std::move(*connected);
    } else {
      slot = std::move(*connected);
    }
    winner = slot;
  }
  if (loser) loser->close();
  co_return winner;
}

void ConnectionPool::close_all() {
  std::map<std::string, std::shared_ptr<ServerConnection>> connections;
  {
    std::lock_guard lock(mu_);
    connections.swap(connections_);
  }
  for (auto& [key, connection] : connections) connection->close();
}

}  // namespace fluss::rpc
