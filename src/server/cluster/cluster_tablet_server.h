// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "common/configuration.h"
#include "common/io_context_pool.h"
#include "common/result.h"
#include "model/ids.h"
#include "server/base/store_metadata_reader.h"
#include "server/metadata/metadata_manager.h"
#include "server/tablet/tablet_server.h"
#include "server/zk/zookeeper_metadata_store.h"

namespace fluss::server {

// `fluss tablet`: a tablet server of a cluster (Java's TabletServer with
// ZooKeeper). start() reads tablet-server.id (required), data.dir and the
// listener of bind.listeners, connects to zookeeper.address with its own session,
// and starts the TabletServer: its registration /tabletservers/ids/<id> is
// ephemeral (start waits up to the session timeout for a node a killed
// predecessor's session still holds) and is re-created on every new session; the
// metadata reads it serves (GET_METADATA, GET_TABLE_INFO, ...) and the tables of
// NotifyLeaderAndIsr come from its own session's view of the store, with the
// active coordinator read from /coordinators/active.
//
// Errors name the key, the ZooKeeper address, the server id or listener.
// start()/stop() are synchronous and must not run on a thread of `pool`; the pool
// outlives the server.
class ClusterTabletServer {
 public:
  static Result<std::unique_ptr<ClusterTabletServer>> start(const Configuration& config,
                                                            IoContextPool& pool);
  ~ClusterTabletServer();  // stop()
  ClusterTabletServer(const ClusterTabletServer&) = delete;
  ClusterTabletServer& operator=(const ClusterTabletServer&) = delete;

  // Stops the TabletServer cleanly (it unregisters), then closes the session.
  // Idempotent; the first error.
  Status stop();

  ServerId id() const { return id_; }
  uint16_t port() const { return server_->port(); }
  std::string listeners() const { return server_->listeners(); }
  const std::string& data_dir() const { return data_dir_; }
  const std::string& zookeeper_address() const { return zookeeper_address_; }
  TabletServer& server() { return *server_; }
  ZooKeeperMetadataStore& store() { return *store_; }

 private:
  explicit ClusterTabletServer(ServerId id) : id_(id) {}
  Status open(const Configuration& config, IoContextPool& pool);

  const ServerId id_;
  std::string data_dir_;
  std::string zookeeper_address_;
  bool stopped_ = false;
  std::mutex session_mu_;
  bool stopping_ = false;  // guarded by session_mu_

  std::unique_ptr<ZooKeeperMetadataStore> store_;
  std::unique_ptr<MetadataManager> metadata_;
  std::unique_ptr<StoreMetadataReader> reader_;
  std::unique_ptr<TabletServer> server_;
};

}  // namespace fluss::server
