// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/asio.h"
#include "common/result.h"
#include "rpc/frame.h"

namespace fluss::rpc {

// A client's TCP connection to one Fluss server (Fluss's ServerConnection):
// requests get ids 0, 1, 2, ... and any number may be in flight; responses are
// matched by id, in whatever order they come. When the connection fails, every
// call in flight and every later call fails with NETWORK_EXCEPTION naming the
// address; make a new connection (ConnectionPool does) to go on. Shared by its
// callers and its own reader and writer coroutines; thread-safe. The
// handshake (ApiVersions, SASL) belongs to the layer above.
class ServerConnection : public std::enable_shared_from_this<ServerConnection> {
 public:
  // Resolves and connects to host:port; the connection's I/O runs on a strand
  // of `executor`. NETWORK_EXCEPTION naming the address if it cannot connect.
  static Task<Result<std::shared_ptr<ServerConnection>>> connect(asio::any_io_executor executor,
                                                                 std::string host, uint16_t port);
  ~ServerConnection();

  // Sends one request and waits for its answer: the SUCCESS_RESPONSE payload,
  // the error an ERROR_RESPONSE carries, or NETWORK_EXCEPTION naming the
  // address when the connection fails (or is closed) first; REQUEST_TIME_OUT if
  // `deadline` passes first (the connection stays up; a late answer is dropped).
  // From any executor.
  Task<Result<ByteBuffer>> call(int16_t api_key, int16_t api_version, ByteBuffer payload,
                                Clock::time_point deadline = Clock::time_point::max());
  // The same with a payload in pieces: borrowed pieces (record batches) go to the socket
  // without a copy, and stay alive until they are written.
  Task<Result<ByteBuffer>> call(int16_t api_key, int16_t api_version, GatherBytes payload,
                                Clock::time_point deadline = Clock::time_point::max());

  bool is_connected() const;
  const std::string& address() const { return address_; }
  // Calls sent and not yet answered.
  size_t in_flight() const;

  // Closes the socket; calls in flight fail with NETWORK_EXCEPTION. Idempotent,
  // from any thread.
  void close();

 private:
  // What the reader hands a waiting call. (A Result<ByteBuffer> payload trips
  // g++ 12's -Wmaybe-uninitialized inside Asio's channel.)
  struct Response {
    Status status;
    ByteBuffer payload;
  };
  using ResponseChannel = Channel<Response>;
  using Strand = asio::strand<asio::any_io_executor>;

  ServerConnection(Strand strand, std::string address);
  static Task<> read_loop(std::shared_ptr<ServerConnection> self);
  static Task<> write_loop(std::shared_ptr<ServerConnection> self);
  static Task<> close_socket(std::shared_ptr<ServerConnection> self);
  Task<> read_responses();
  Task<> write_requests();
  Status on_frame(ByteView bytes);
  // Fails every pending call and all later ones with `error`; closes the socket.
  void fail(Status error);

  Strand strand_;
  const std::string address_;     // "host:port", for messages and the pool
  asio::ip::tcp::socket socket_;  // used on strand_ only
  FrameDecoder decoder_;          // used on strand_ only

  mutable std::mutex mu_;
  int32_t next_request_id_ = 0;                                            // guarded by mu_
  std::unordered_map<int32_t, std::shared_ptr<ResponseChannel>> pending_;  // guarded by mu_
  // A request frame to send: the length field and header, then the payload's pieces.
  struct Outgoing {
    ByteBuffer head;
    GatherBytes payload;
  };
  std::deque<Outgoing> outgoing_;  // guarded by mu_
  bool writing_ = false;           // a write loop runs; guarded by mu_
  Status failure_;                 // set once the connection is dead; guarded by mu_
};

// What a client does on a new connection before anyone uses it (Fluss's ServerConnection
// sends API_VERSIONS, then authenticates). Runs on the pool's executor; an error closes the
// connection and fails the get() that made it.
class ConnectionHandshake {
 public:
  virtual ~ConnectionHandshake() = default;
  virtual Task<Status> run(std::shared_ptr<ServerConnection> connection) = 0;
};

// The client's connections, one per server address (Fluss's
// RpcClient/NettyClient connection map). A dead connection is replaced by a new
// one on the next get(). Thread-safe; the executor's context must outlive it.
class ConnectionPool {
 public:
  // `handshake` (optional) outlives the pool; it runs on every new connection before get()
  // hands it out.
  explicit ConnectionPool(asio::any_io_executor executor, ConnectionHandshake* handshake = nullptr)
      : executor_(std::move(executor)), handshake_(handshake) {}
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // The live connection to host:port, connecting first if there is none.
  Task<Result<std::shared_ptr<ServerConnection>>> get(std::string host, uint16_t port);

  // Closes every connection; calls in flight fail with NETWORK_EXCEPTION.
  void close_all();

 private:
  asio::any_io_executor executor_;
  ConnectionHandshake* const handshake_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<ServerConnection>> connections_;  // guarded by mu_
};

}  // namespace fluss::rpc
