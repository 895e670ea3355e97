// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/configuration.h"
#include "common/io_context_pool.h"
#include "common/result.h"
#include "server/coordinator/coordinator_server.h"
#include "server/coordinator/rpc_tablet_server_notifier.h"
#include "server/metadata/metadata_manager.h"
#include "server/zk/zookeeper_metadata_store.h"

namespace fluss::server {

// `fluss coordinator`: the coordinator of a cluster (Java's CoordinatorServer
// with ZooKeeper). start() connects to zookeeper.address with its own session,
// starts the CoordinatorServer over it on the listener of bind.listeners named
// internal.listener.name (or the first); once bound, and before it serves, the
// coordinator registers under a fresh UUID at /coordinators/ids/<id> and
// /coordinators/active (ephemeral, with advertised.listeners or the bound
// listener; re-created on a new session) and takes the next coordinator epoch
// (Java's fenceBecomeCoordinatorLeader: tablet servers reject older ones); it runs
// the coordinator's recovery and then watches /tabletservers/ids: every change is
// CoordinatorService::tablet_servers_changed. Notifications reach the tablet
// servers over RPC (RpcTabletServerNotifier, addresses from their registrations).
//
// Errors name the thing: INVALID_CONFIG_EXCEPTION naming zookeeper.address or
// bind.listeners, NETWORK_EXCEPTION naming the ZooKeeper address, the listener
// that cannot be bound. start()/stop() are synchronous and must not run on a
// thread of `pool`; the pool outlives the coordinator.
class ClusterCoordinator {
 public:
  static Result<std::unique_ptr<ClusterCoordinator>> start(const Configuration& config,
                                                           IoContextPool& pool);
  ~ClusterCoordinator();  // stop()
  ClusterCoordinator(const ClusterCoordinator&) = delete;
  ClusterCoordinator& operator=(const ClusterCoordinator&) = delete;

  // Stops watching, stops serving, drops queued notifications, then closes the
  // ZooKeeper session (its registrations vanish at once). Idempotent.
  Status stop();

  const std::string& id() const { return id_; }
  // The coordinator epoch it took at start (/coordinators/epoch, one up per start).
  int32_t epoch() const { return epoch_; }
  uint16_t port() const { return server_->port(); }
  // The bound listener ("FLUSS://127.0.0.1:9123").
  const std::string& bound_listener() const { return bound_listener_; }
  // The registered listeners: advertised.listeners, else the bound one.
  const std::string& listeners() const { return listeners_; }
  const std::string& zookeeper_address() const { return zookeeper_address_; }
  CoordinatorServer& server() { return *server_; }
  ZooKeeperMetadataStore& store() { return *store_; }

 private:
  ClusterCoordinator(IoContextPool& pool) : pool_(pool) {}
  Status open(const Configuration& config);
  Result<int32_t> become_leader();
  Status register_coordinator();
  void on_tablet_servers(const std::vector<std::string>& children);

  IoContextPool& pool_;
  std::string id_;
  std::string listeners_;
  std::string bound_listener_;
  std::string zookeeper_address_;
  std::chrono::milliseconds session_timeout_{0};
  int32_t epoch_ = 0;
  bool stopped_ = false;
  std::optional<uint64_t> watch_;
  std::mutex session_mu_;
  bool stopping_ = false;  // guarded by session_mu_

  std::unique_ptr<ZooKeeperMetadataStore> store_;
  std::unique_ptr<MetadataManager> metadata_;
  std::unique_ptr<RpcTabletServerNotifier> notifier_;
  std::unique_ptr<CoordinatorServer> server_;
};

}  // namespace fluss::server
