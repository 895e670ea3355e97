// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/asio.h"
#include "common/configuration.h"
#include "common/gate.h"
#include "common/io_context_pool.h"
#include "common/result.h"
#include "model/ids.h"
#include "replication/background_duties.h"
#include "replication/replica_manager.h"
#include "rpc/rpc_server.h"
#include "server/base/metadata_reader.h"
#include "server/metadata/metadata_manager.h"
#include "server/tablet/metadata_table_source.h"
#include "server/tablet/tablet_request_handler.h"
#include "server/tablet/tablet_service.h"
#include "storage/fs/file_system.h"
#include "storage/kv/kv_manager.h"
#include "storage/log/log_manager.h"

namespace fluss::server {

struct TabletServerOptions {
  ServerId id{0};  // tablet-server.id
  // The listener (one of bind.listeners): host and port; port 0 = any free port.
  std::string listener_name = "FLUSS";
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  // advertised.listeners: what the registration publishes instead of the bound
  // listener (e.g. a host name clients can resolve); empty = the bound one.
  std::string advertised_listeners{};
  // How long start() keeps retrying a registration that a previous session of this
  // id still holds (NODE_EXISTS on ZooKeeper: the server was killed and its old
  // session has not timed out yet); 0 = fail at once.
  std::chrono::milliseconds registration_timeout{0};
  // The server configuration: data.dir (where logs and KV live), remote.data.dir
  // (KV snapshots), log.*, kv.*, netty.server.* keys.
  Configuration config;
};

// One tablet server (Fluss's TabletServer): the LogManager and KvManager over
// data.dir, the ReplicaManager, the TabletService behind an RpcServer, and its
// registration under /tabletservers/ids/<id> in the metadata store (ephemeral on a
// store with sessions, ZooKeeper; replaced on every start on the embedded store).
//
// start() opens (and recovers) every log and KV tablet under data.dir; the
// replicas come back when the coordinator sends NotifyLeaderAndIsr (its
// recover()). stop() is clean: the RPC server drains, pending control calls
// finish, the KV tablets and logs close with their clean-shutdown markers, and
// the registration is removed. Both are synchronous and must not be called from
// a thread of `pool`. The pool, metadata manager and reader outlive the server.
class TabletServer {
 public:
  // `reads` (may be null) answers the metadata reads Fluss serves on tablet servers.
  static Result<std::unique_ptr<TabletServer>> start(TabletServerOptions options,
                                                     IoContextPool& pool, MetadataManager& metadata,
                                                     MetadataReader* reads);
  ~TabletServer();  // stop() if still running, ignoring its error
  TabletServer(const TabletServer&) = delete;
  TabletServer& operator=(const TabletServer&) = delete;

  // The first error of the steps (every step is tried). Idempotent.
  Status stop();

  // Registers again under /tabletservers/ids/<id> with a new timestamp: after a
  // new ZooKeeper session (the old session's ephemeral registration is gone), so
  // the coordinator sees the server come back and re-sends its buckets.
  Status register_again();

  ServerId id() const { return options_.id; }
  uint16_t port() const { return rpc_server_->port(); }
  // "FLUSS://127.0.0.1:9124": the bound listener.
  std::string listeners() const;
  TabletService& service() { return *service_; }
  replication::ReplicaManager& replicas() { return *replicas_; }

  // Runs `call` on the server's control strand, in posting order, unless the
  // server is stopping (then returns false and drops it): how the in-process
  // coordinator delivers NotifyLeaderAndIsr and StopReplica without calling the
  // service under its own lock. stop() waits for posted calls to finish.
  bool post(std::function<void(TabletService&)> call);

 private:
  TabletServer(TabletServerOptions options, IoContextPool& pool, MetadataManager& metadata);
  Status open(MetadataReader* reads);
  // register_again(), retried while the id is held by an old session (up to
  // registration_timeout).
  Status register_waiting();

  const TabletServerOptions options_;
  IoContextPool& pool_;
  MetadataManager& metadata_;
  asio::strand<asio::io_context::executor_type> control_;
  Gate control_gate_;
  bool stopped_ = false;

  // Declared in start order; stop() undoes it in reverse.
  std::unique_ptr<storage::FileSystem> fs_;
  std::unique_ptr<storage::LogManager> logs_;
  std::unique_ptr<storage::KvManager> kvs_;
  std::unique_ptr<replication::ReplicaManager> replicas_;
  std::unique_ptr<MetadataTableSource> tables_;
  std::unique_ptr<TabletService> service_;
  // Blocking work of the duties (retention, checkpoints, KV snapshots).
  std::unique_ptr<asio::thread_pool> blocking_;
  std::unique_ptr<replication::BackgroundDuties> duties_;
  std::unique_ptr<TabletRequestHandler> handler_;
  std::unique_ptr<rpc::RpcServer> rpc_server_;
};

}  // namespace fluss::server
