// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/configuration.h"
#include "common/io_context_pool.h"
#include "common/result.h"
#include "rpc/rpc_server.h"
#include "server/coordinator/coordinator_request_handler.h"
#include "server/coordinator/coordinator_service.h"
#include "server/coordinator/tablet_server_notifier.h"
#include "server/metadata/embedded_metadata_store.h"
#include "server/metadata/metadata_manager.h"
#include "storage/fs/file_system.h"

namespace fluss::server {

struct CoordinatorServerOptions {
  // The listener (one of bind.listeners); port 0 = any free port.
  std::string host = "127.0.0.1";
  uint16_t port = 9123;
  // Where the embedded metadata store keeps its journal and snapshot
  // ("<data dir>/metadata" in `fluss local`); locked against a second process.
  std::string metadata_dir;
  // When set, the coordinator runs over this store (a cluster's ZooKeeper session)
  // instead of opening the embedded one under metadata_dir. Outlives the server.
  MetadataStore* store = nullptr;
  // The coordinator epoch it sends with every request to the tablet servers
  // (`fluss local` has one coordinator), unless become_leader gives one.
  int32_t coordinator_epoch = 0;
  // A cluster's coordinator: called once the listener is bound (its port known),
  // before the service answers anything -- Java's registration, leader election
  // and epoch fence; returns the coordinator epoch. Its error fails start().
  std::function<Result<int32_t>(uint16_t port)> become_leader = nullptr;
  // default.bucket.number, default.replication.factor, max.bucket.num,
  // max.partition.num, remote.data.dir, netty.server.* keys.
  Configuration config;
};

// The coordinator (Fluss's CoordinatorServer): the metadata store (the embedded
// one it opens, or a given one) and its MetadataManager, the CoordinatorService
// behind an RpcServer.
// Start it, start the tablet servers (they register in metadata()), then call
// recover() so every registered tablet server learns the buckets it leads.
// start()/stop() are synchronous and must not run on a thread of `pool`; the
// pool and notifier outlive the server.
// The database a fresh coordinator creates (Fluss's CoordinatorServer.DEFAULT_DATABASE).
inline constexpr std::string_view kDefaultDatabase = "fluss";

class CoordinatorServer {
 public:
  static Result<std::unique_ptr<CoordinatorServer>> start(CoordinatorServerOptions options,
                                                          IoContextPool& pool,
                                                          TabletServerNotifier& notifier);
  ~CoordinatorServer();  // stop() if still running
  CoordinatorServer(const CoordinatorServer&) = delete;
  CoordinatorServer& operator=(const CoordinatorServer&) = delete;

  // CoordinatorService::recover(): completes interrupted creations and sends
  // NotifyLeaderAndIsr for every bucket to its replicas.
  Status recover() { return service_->recover(); }

  // Stops the RPC server (requests in flight finish), then closes the embedded store.
  // Idempotent. stop_rpc() alone lets the tablet servers still use metadata().
  void stop_rpc();
  Status stop();

  uint16_t port() const { return rpc_server_->port(); }
  MetadataManager& metadata() { return *metadata_; }
  CoordinatorService& service() { return *service_; }

 private:
  class StartingHandler;

  CoordinatorServer(CoordinatorServerOptions options, IoContextPool& pool);
  Status open(TabletServerNotifier& notifier);
  Status create_default_database();

  const CoordinatorServerOptions options_;
  IoContextPool& pool_;
  bool rpc_stopped_ = false;
  bool stopped_ = false;

  std::unique_ptr<storage::FileSystem> fs_;
  std::unique_ptr<EmbeddedMetadataStore> embedded_store_;
  std::unique_ptr<MetadataManager> metadata_;
  std::unique_ptr<StartingHandler> starting_;
  std::unique_ptr<rpc::RpcServer> rpc_server_;
  std::unique_ptr<CoordinatorService> service_;
  std::unique_ptr<CoordinatorRequestHandler> handler_;
};

}  // namespace fluss::server
