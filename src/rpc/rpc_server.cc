// SPDX-License-Identifier: Apache-2.0
#include "rpc/rpc_server.h"

#include <deque>
#include <exception>
#include <vector>

#include "common/config_options.h"
#include "common/logging.h"

namespace fluss::rpc {
namespace {

// Bytes asked of the socket per read; a frame larger than this arrives over
// several reads straight into the decoder's buffer.
constexpr size_t kReadSize = 64 * 1024;
// Frames from this size on (produce batches) are read past the decoder into their own buffer.
constexpr size_t kDirectReadFrameSize = 256 * 1024;

std::string endpoint_string(const asio::ip::tcp::endpoint& endpoint) {
  return fmt::format("{}:{}", endpoint.address().to_string(), endpoint.port());
}

}  // namespace

// One accepted TCP connection (Fluss's NettyServerHandler with its channel).
// Shared by its coroutines; every member is touched only on the io_context the
// socket belongs to, which one thread runs, so nothing here needs a lock.
// It holds the server's gate until close(); after close() its coroutines touch
// only the connection itself, never the server.
class InboundConnection : public std::enable_shared_from_this<InboundConnection> {
 public:
  InboundConnection(RpcServer& server, asio::ip::tcp::socket socket, uint64_t id,
                    Gate::Holder holder)
      : server_(server),
        holder_(std::move(holder)),
        socket_(std::move(socket)),
        idle_timer_(socket_.get_executor()),
        resume_timer_(socket_.get_executor()),
        decoder_(server.options_.max_request_size),
        last_activity_(Clock::now()) {
    asio::error_code ec;
    const auto remote = socket_.remote_endpoint(ec);
    info_ = std::make_shared<ConnectionInfo>(
        ConnectionInfo{.id = id, .remote_address = ec ? "unknown" : endpoint_string(remote)});
  }

  asio::any_io_executor executor() { return socket_.get_executor(); }
  uint64_t id() const { return info_->id; }

  // Starts the read loop and the idle watchdog. On the connection's executor.
  void start() {
    if (closed_) return;
    asio::error_code ignored;
    socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
    asio::co_spawn(executor(), read_loop(shared_from_this()), asio::detached);
    asio::co_spawn(executor(), idle_loop(shared_from_this()), asio::detached);
  }

  // Sends SERVER_FAILURE carrying `error`, then closes. On the connection's executor.
  void fail(Status error) {
    if (closed_) return;
    ByteBuffer frame;
    encode_server_failure(frame, error);
    close_after_flush_ = true;
    enqueue(std::move(frame));
  }

  // Stops taking requests: new frames are answered with NETWORK_EXCEPTION and
  // the connection closes once the responses in flight are written.
  void drain() {
    stopping_ = true;
    maybe_close_drained();
  }

  // Closes the socket now; responses still to come are dropped.
  void close() {
    if (closed_) return;
    closed_ = true;
    asio::error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    idle_timer_.cancel();
    resume_timer_.cancel();
    server_.forget(id());
    holder_.reset();  // the last touch of server_
  }

 private:
  static Task<> read_loop(std::shared_ptr<InboundConnection> self) { co_await self->read_frames(); }

  Task<> read_frames() {
    while (!closed_) {
      std::span<uint8_t> room = decoder_.prepare(kReadSize);
      auto [ec, n] =
          co_await socket_.async_read_some(asio::buffer(room.data(), room.size()), kNoThrow);
      if (ec || closed_) {
        // EOF or a reset: Fluss closes the channel when its peer goes.
        if (ec && ec != asio::error::eof && ec != asio::error::operation_aborted) {
          FLUSS_LOG_DEBUG("connection {} from {}: read failed: {}", id(), info_->remote_address,
                          ec.message());
        }
        close();
        co_return;
      }
      decoder_.commit(n);
      last_activity_ = Clock::now();
      while (!closed_ && !close_after_flush_) {
        // Views from next() stay valid while we wait: nothing calls prepare().
        if (!has_room()) co_await wait_for_room();
        if (closed_) co_return;
        if (std::optional<FrameDecoder::LargeFrame> large =
                decoder_.take_large_frame(kDirectReadFrameSize, kRequestHeaderSize)) {
          // A produce batch: the rest goes from the socket straight into the request.
          ByteBuffer& body = large->body;
          auto [read_ec, read] = co_await asio::async_read(
              socket_, asio::buffer(body.data() + large->filled, body.size() - large->filled),
              kNoThrow);
          if (read_ec || closed_) {
            close();
            co_return;
          }
          last_activity_ = Clock::now();
          Result<RequestFrame> head = parse_request(large->head.view());
          if (!head.ok()) {
            fail_frame(head.status());
            co_return;
          }
          dispatch(head->header, std::move(body));
          break;  // the decoder is empty
        }
        Result<std::optional<ByteView>> frame = decoder_.next();
        if (!frame.ok()) {
          fail_frame(frame.status());
          co_return;
        }
        if (!frame->has_value()) break;
        Result<RequestFrame> request = parse_request(**frame);
        if (!request.ok()) {
          fail_frame(request.status());
          co_return;
        }
        ByteBuffer payload(request->payload.size());
        payload.append(request->payload);
        dispatch(request->header, std::move(payload));
      }
    }
  }

  bool has_room() const {
    return in_flight_ < server_.options_.max_in_flight_per_connection &&
           queued_bytes_ <= server_.options_.max_queued_response_bytes;
  }

  // Parks the read loop until has_room(); respond() and the write loop wake it.
  Task<> wait_for_room() {
    while (!closed_ && !has_room()) {
      resume_timer_.expires_at(Clock::time_point::max());
      co_await resume_timer_.async_wait(kNoThrow);
    }
  }

  // A framing error ends the stream: Fluss's pipeline sends SERVER_FAILURE
  // (UNKNOWN_SERVER_ERROR, as ApiError.fromThrowable gives for Netty's frame
  // exceptions) and closes. The message says what was wrong.
  void fail_frame(const Status& error) {
    FLUSS_LOG_WARN("connection {} from {}: {}; closing", id(), info_->remote_address,
                   error.to_string());
    fail(Status(ErrorCode::kUnknownServerError, std::string(error.message())));
  }

  void dispatch(const RequestHeader& header, ByteBuffer payload) {
    std::optional<Gate::Holder> holder;
    if (!stopping_) holder = server_.gate_.try_enter();
    if (!holder) {
      ByteBuffer response;
      encode_error_response(response, header.request_id,
                            make_error(ErrorCode::kNetworkException, "server {} is shutting down",
                                       server_.address()));
      enqueue(std::move(response));
      return;
    }
    Request request{.header = header, .payload = std::move(payload), .connection = info_};
    ++in_flight_;
    asio::co_spawn(executor(), handle(shared_from_this(), std::move(request), std::move(*holder)),
                   asio::detached);
  }

  static Task<> handle(std::shared_ptr<InboundConnection> self, Request request,
                       Gate::Holder holder) {
    const RequestHeader header = request.header;
    Result<ByteBuffer> response;
    try {
      response = co_await self->server_.handler_.handle(std::move(request));
    } catch (const std::exception& e) {
      response = make_error(ErrorCode::kUnknownServerError, "api key {} request {} failed: {}",
                            header.api_key, header.request_id, e.what());
    }
    self->respond(header, std::move(response));
    (void)holder;
  }

  void respond(const RequestHeader& header, Result<ByteBuffer> response) {
    --in_flight_;
    last_activity_ = Clock::now();
    if (closed_) return;
    resume_timer_.cancel();
    ByteBuffer frame;
    if (response.ok()) {
      encode_success_response(frame, header.request_id, response->view());
    } else {
      encode_error_response(frame, header.request_id, response.status());
    }
    enqueue(std::move(frame));
  }

  // Writes are serialized: one write loop per connection drains the queue,
  // gathering every frame queued meanwhile into one write.
  void enqueue(ByteBuffer frame) {
    if (closed_) return;
    queued_bytes_ += static_cast<int64_t>(frame.size());
    queue_.push_back(std::move(frame));
    if (writing_) return;
    writing_ = true;
    asio::co_spawn(executor(), write_loop(shared_from_this()), asio::detached);
  }

  static Task<> write_loop(std::shared_ptr<InboundConnection> self) {
    co_await self->write_frames();
  }

  Task<> write_frames() {
    std::vector<ByteBuffer> batch;
    std::vector<asio::const_buffer> buffers;
    while (!queue_.empty() && !closed_) {
      batch.clear();
      buffers.clear();
      while (!queue_.empty()) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      for (const ByteBuffer& frame : batch) buffers.emplace_back(frame.data(), frame.size());
      auto [ec, n] = co_await asio::async_write(socket_, buffers, kNoThrow);
      if (ec) {
        close();
        break;
      }
      queued_bytes_ -= static_cast<int64_t>(n);
      last_activity_ = Clock::now();
      resume_timer_.cancel();
    }
    writing_ = false;
    if (close_after_flush_) {
      close();
      co_return;
    }
    maybe_close_drained();
  }

  void maybe_close_drained() {
    if (stopping_ && in_flight_ == 0 && !writing_ && queue_.empty()) close();
  }

  // netty.connection.max-idle-time: Netty's IdleStateHandler(ALL_IDLE). A
  // request in flight (a long-poll fetch) keeps the connection alive too.
  static Task<> idle_loop(std::shared_ptr<InboundConnection> self) {
    const auto max_idle = self->server_.options_.max_idle_time;
    while (!self->closed_) {
      self->idle_timer_.expires_at(self->last_activity_ + max_idle);
      co_await self->idle_timer_.async_wait(kNoThrow);
      if (self->closed_) break;
      if (self->in_flight_ == 0 && !self->writing_ &&
          Clock::now() >= self->last_activity_ + max_idle) {
        FLUSS_LOG_WARN("connection {} from {} is idle, closing", self->id(),
                       self->info_->remote_address);
        self->close();
        break;
      }
      if (self->in_flight_ > 0) self->last_activity_ = Clock::now();
    }
  }

  RpcServer& server_;  // outlives this connection until close(): holder_ keeps its gate open
  std::optional<Gate::Holder> holder_;
  asio::ip::tcp::socket socket_;
  asio::steady_timer idle_timer_;
  asio::steady_timer resume_timer_;  // wakes a read loop parked by back-pressure
  FrameDecoder decoder_;
  std::shared_ptr<const ConnectionInfo> info_;
  std::deque<ByteBuffer> queue_;
  Clock::time_point last_activity_;
  int in_flight_ = 0;         // requests in the handler
  int64_t queued_bytes_ = 0;  // response bytes queued or being written
  bool writing_ = false;
  bool stopping_ = false;
  bool close_after_flush_ = false;
  bool closed_ = false;
};

Result<RpcServerOptions> RpcServerOptions::from_configuration(const Configuration& config) {
  RpcServerOptions options;
  FLUSS_ASSIGN_OR_RETURN(const MemorySize max_request_size,
                         config.get(ConfigOptions::kNettyServerMaxRequestSize));
  FLUSS_ASSIGN_OR_RETURN(options.max_idle_time,
                         config.get(ConfigOptions::kNettyConnectionMaxIdleTime));
  options.max_request_size = max_request_size.bytes;
  if (options.max_request_size <= static_cast<int64_t>(kLengthFieldSize + kRequestHeaderSize)) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "netty.server.max-request-size must be larger than {} bytes, got {}",
                      kLengthFieldSize + kRequestHeaderSize, max_request_size.to_string());
  }
  if (options.max_idle_time.count() <= 0) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "netty.connection.max-idle-time must be positive, got {} ms",
                      options.max_idle_time.count());
  }
  return options;
}

RpcServer::RpcServer(IoContextPool& pool, RequestHandler& handler, RpcServerOptions options)
    : pool_(pool), handler_(handler), options_(std::move(options)), acceptor_(pool.at(0)) {}

RpcServer::~RpcServer() {
  FLUSS_CHECK(stopped_ || gate_.in_flight() == 0, "RpcServer {} destroyed without stop()",
              address());
}

Result<std::unique_ptr<RpcServer>> RpcServer::start(IoContextPool& pool, RequestHandler& handler,
                                                    RpcServerOptions options) {
  std::unique_ptr<RpcServer> server(new RpcServer(pool, handler, std::move(options)));
  const std::string where = fmt::format("{}:{}", server->options_.host, server->options_.port);
  asio::error_code ec;
  const asio::ip::address address = asio::ip::make_address(server->options_.host, ec);
  if (ec) {
    return make_error(ErrorCode::kNetworkException, "cannot listen on {}: bad address: {}", where,
                      ec.message());
  }
  const asio::ip::tcp::endpoint endpoint(address, server->options_.port);
  asio::ip::tcp::acceptor& acceptor = server->acceptor_;
  acceptor.open(endpoint.protocol(), ec);
  // A restarted server binds its old port although connections to it linger in TIME_WAIT.
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (!ec) server->port_ = acceptor.local_endpoint(ec).port();
  if (ec) {
    return make_error(ErrorCode::kNetworkException, "cannot listen on {}: {}", where, ec.message());
  }
  auto holder = server->gate_.try_enter();
  asio::co_spawn(acceptor.get_executor(), server->accept_loop(std::move(*holder)), asio::detached);
  FLUSS_LOG_INFO("RpcServer listening on {}", server->address());
  return server;
}

std::string RpcServer::address() const { return fmt::format("{}:{}", options_.host, port_); }

size_t RpcServer::connection_count() const {
  std::lock_guard lock(mu_);
  return connections_.size();
}

Task<> RpcServer::accept_loop(Gate::Holder holder) {
  while (acceptor_.is_open()) {
    asio::io_context& io = pool_.next();
    auto [ec, socket] = co_await acceptor_.async_accept(io, kNoThrow);
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) break;
    if (ec) {
      // Out of file descriptors and the like: the listener stays up.
      FLUSS_LOG_WARN("RpcServer {}: accept failed: {}", address(), ec.message());
      continue;
    }
    auto connection_holder = gate_.try_enter();
    if (!connection_holder) break;  // stopping
    std::shared_ptr<InboundConnection> connection;
    bool over_limit = false;
    {
      std::lock_guard lock(mu_);
      const uint64_t id = next_connection_id_++;
      over_limit = connections_.size() >= static_cast<size_t>(options_.max_connections);
      connection = std::make_shared<InboundConnection>(*this, std::move(socket), id,
                                                       std::move(*connection_holder));
      if (!over_limit) connections_.emplace(id, connection);
    }
    if (over_limit) {
      asio::post(connection->executor(), [connection, limit = options_.max_connections] {
        connection->fail(
            make_error(ErrorCode::kNetworkException, "connection limit of {} reached", limit));
      });
    } else {
      asio::post(connection->executor(), [connection] { connection->start(); });
    }
  }
  (void)holder;
}

void RpcServer::forget(uint64_t connection_id) {
  std::lock_guard lock(mu_);
  connections_.erase(connection_id);
}

void RpcServer::for_each_connection(void (InboundConnection::*action)()) {
  std::vector<std::shared_ptr<InboundConnection>> live;
  {
    std::lock_guard lock(mu_);
    for (auto& [id, weak] : connections_) {
      if (auto connection = weak.lock()) live.push_back(std::move(connection));
    }
  }
  for (auto& connection : live) {
    asio::post(connection->executor(), [connection, action] { ((*connection).*action)(); });
  }
}

Task<> RpcServer::close_acceptor() {
  asio::error_code ignored;
  acceptor_.close(ignored);
  co_return;
}

Task<> RpcServer::force_close_after(std::chrono::milliseconds grace) {
  asio::steady_timer timer(co_await asio::this_coro::executor, grace);
  co_await timer.async_wait(kNoThrow);
}

Task<> RpcServer::stop() {
  using namespace asio::experimental::awaitable_operators;  // NOLINT: operator|| only
  FLUSS_CHECK(!stopped_, "RpcServer {} stopped twice", address());
  stopped_ = true;
  co_await asio::co_spawn(acceptor_.get_executor(), close_acceptor(), asio::use_awaitable);
  for_each_connection(&InboundConnection::drain);
  auto drained = co_await (gate_.close() || force_close_after(options_.shutdown_timeout));
  if (drained.index() == 1) {
    FLUSS_LOG_WARN("RpcServer {}: requests still running after {} ms; closing connections",
                   address(), options_.shutdown_timeout.count());
    for_each_connection(&InboundConnection::close);
    co_await gate_.close();
  }
  FLUSS_LOG_INFO("RpcServer {} stopped", address());
}

}  // namespace fluss::rpc
