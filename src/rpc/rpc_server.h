// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/asio.h"
#include "common/configuration.h"
#include "common/gate.h"
#include "common/io_context_pool.h"
#include "common/result.h"
#include "rpc/frame.h"

namespace fluss::rpc {

// The peer of one accepted connection, shared by the requests that came on it.
struct ConnectionInfo {
  uint64_t id = 0;
  std::string remote_address;  // "127.0.0.1:54321"
};

// One request as the RpcServer hands it to its handler.
struct Request {
  RequestHeader header;
  ByteBuffer payload;  // the protobuf request message, owned
  std::shared_ptr<const ConnectionInfo> connection;
};

// What the RpcServer calls for every request frame: Fluss's RequestHandler
// together with the API dispatch. Called on the connection's network thread;
// many calls may be in flight at once, on one connection and across them.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;

  // The response message, sent as SUCCESS_RESPONSE, or an error, sent as
  // ERROR_RESPONSE with its code and message. An API key or version the
  // handler does not serve must be an error that names it (never silence).
  // The server's stop() waits for every call to return, so a handler that
  // waits (long-poll fetch, acks=-1) must honour its own service's stop.
  virtual Task<Result<ByteBuffer>> handle(Request request) = 0;
};

struct RpcServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0: any free port; see RpcServer::port()
  // netty.server.max-request-size: larger frames get SERVER_FAILURE, then close.
  int64_t max_request_size = kDefaultMaxRequestSize;
  // netty.connection.max-idle-time: a connection with no reads, no writes and
  // no request in flight for this long is closed.
  std::chrono::milliseconds max_idle_time = std::chrono::minutes(10);
  // Connections beyond this many get SERVER_FAILURE (NETWORK_EXCEPTION), then close.
  int max_connections = 10000;
  // Back-pressure: a connection stops reading while this many of its requests
  // are in the handler, or while more than max_queued_response_bytes of its
  // responses wait for the socket (a client that sends and never reads).
  int max_in_flight_per_connection = 1000;
  int64_t max_queued_response_bytes = 64 * 1024 * 1024;
  // How long stop() lets requests in flight finish and write their responses
  // before it closes their connections.
  std::chrono::milliseconds shutdown_timeout = std::chrono::seconds(5);

  // The options Fluss's configuration sets (netty.server.max-request-size,
  // netty.connection.max-idle-time) read from `config`, the rest defaulted;
  // the listener's host and port come from bind.listeners, which the caller parses.
  static Result<RpcServerOptions> from_configuration(const Configuration& config);
};

class InboundConnection;

// Fluss's NettyServer for one listener: accepts TCP connections, splits each
// into request frames (several in flight per connection), runs the handler for
// each and writes the responses as they complete, in any order. Connections
// are spread round-robin over the pool's io_contexts; everything of one
// connection runs on its io_context's thread. Owned by the server process;
// the pool and the handler must outlive it. Call stop() before destroying it.
class RpcServer {
 public:
  // Binds and listens on options.host:options.port and starts accepting.
  // NETWORK_EXCEPTION naming the address if it cannot.
  static Result<std::unique_ptr<RpcServer>> start(IoContextPool& pool, RequestHandler& handler,
                                                  RpcServerOptions options);
  ~RpcServer();
  RpcServer(const RpcServer&) = delete;
  RpcServer& operator=(const RpcServer&) = delete;

  // The bound port (the chosen one when options.port was 0).
  uint16_t port() const { return port_; }
  // "host:port" of the listener.
  std::string address() const;
  // Connections currently open.
  size_t connection_count() const;

  // Stops accepting; lets requests in flight finish and their responses go out
  // for up to options.shutdown_timeout, answering new frames with
  // NETWORK_EXCEPTION; then closes every connection and waits until every
  // handler call has returned. Safe from any executor; call once.
  Task<> stop();

 private:
  friend class InboundConnection;

  RpcServer(IoContextPool& pool, RequestHandler& handler, RpcServerOptions options);
  Task<> accept_loop(Gate::Holder holder);
  Task<> close_acceptor();
  Task<> force_close_after(std::chrono::milliseconds grace);
  void for_each_connection(void (InboundConnection::*action)());
  void forget(uint64_t connection_id);

  IoContextPool& pool_;      // owned by the server process; outlives this
  RequestHandler& handler_;  // owned by the server process; outlives this
  const RpcServerOptions options_;
  asio::ip::tcp::acceptor acceptor_;  // used on pool_.at(0) only
  uint16_t port_ = 0;
  Gate gate_;  // held by the accept loop and by every coroutine of every connection
  bool stopped_ = false;

  mutable std::mutex mu_;
  uint64_t next_connection_id_ = 1;                                             // guarded by mu_
  std::unordered_map<uint64_t, std::weak_ptr<InboundConnection>> connections_;  // guarded by mu_
};

}  // namespace fluss::rpc
