// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "common/asio.h"
#include "common/bytes.h"
#include "common/gate.h"
#include "common/result.h"
#include "model/ids.h"
#include "rpc/protocol/api_keys.h"
#include "rpc/rpc_client.h"
#include "server/base/listeners.h"
#include "server/coordinator/tablet_server_notifier.h"

namespace fluss::server {

struct RpcTabletServerNotifierOptions {
  // Java's CoordinatorChannelManager retries a request to an unreachable server
  // until it comes back; the wait doubles from initial to max.
  std::chrono::milliseconds initial_backoff{100};
  std::chrono::milliseconds max_backoff{5000};
};

// The coordinator's TabletServerNotifier for tablet servers in other processes
// (Java's CoordinatorChannelManager): one queue per tablet server, sent in order
// over an rpc::ConnectionPool by one coroutine per server. A request that fails
// to reach the server (connection refused, reset) is logged and retried with
// backoff until it is delivered or stop() is called; a request the server
// answers with an error (request-level or per bucket) is logged, not retried.
// Thread-safe. The executor runs on one thread (an io_context of an
// IoContextPool, or a strand) and outlives the notifier; call stop() before
// destroying it.
class RpcTabletServerNotifier final : public TabletServerNotifier {
 public:
  // Where tablet server N listens now (from its registration).
  using AddressResolver = std::function<Result<TabletServerAddress>(ServerId)>;

  RpcTabletServerNotifier(asio::any_io_executor executor, AddressResolver resolve,
                          RpcTabletServerNotifierOptions options = {});
  ~RpcTabletServerNotifier() override;

  void notify_leader_and_isr(ServerId server,
                             rpc::proto::NotifyLeaderAndIsrRequest request) override;
  void stop_replica(ServerId server, rpc::proto::StopReplicaRequest request) override;
  // Drops what is queued for the server (a send in flight finishes or fails).
  void tablet_server_removed(ServerId server) override;

  // Drops what is queued, stops retrying and waits for the senders to return.
  Task<> stop();

  // Requests queued or being sent, over all servers.
  size_t pending() const;

 private:
  struct Pending {
    rpc::ApiKey api = rpc::ApiKey::kApiVersions;
    ByteBuffer payload;
  };
  struct Queue {
    std::deque<Pending> items;
    bool sending = false;
    // Bumped when the queue is dropped, so the sender does not pop a newer item.
    uint64_t generation = 0;
    // The sender's backoff timer, used on executor_ only; stop() cancels it there.
    std::shared_ptr<asio::steady_timer> timer;
  };

  void enqueue(ServerId server, rpc::ApiKey api, ByteBuffer payload);
  Task<> drain(ServerId server, Gate::Holder holder);
  // One attempt: OK, or the transport error to retry on.
  Task<Status> send(ServerId server, Pending item);

  asio::any_io_executor executor_;
  const AddressResolver resolve_;
  const RpcTabletServerNotifierOptions options_;
  rpc::ConnectionPool connections_;
  Gate gate_;

  mutable std::mutex mu_;
  std::map<ServerId, Queue> queues_;  // guarded by mu_
  bool stopping_ = false;             // guarded by mu_
};

}  // namespace fluss::server
