// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/configuration.h"
#include "common/result.h"

namespace fluss {
class IoContextPool;
}  // namespace fluss

namespace fluss::server {

class CoordinatorServer;
class TabletServer;
class LocalTabletServerNotifier;
class StoreMetadataReader;

struct LocalClusterOptions {
  std::filesystem::path data_dir = "fluss-data";
  std::string host = "127.0.0.1";
  uint16_t port = 9123;  // the coordinator's; 0 = any free port
  int tablet_servers = 1;
  // Explicit tablet server ports (one per server; 0 = any free port). Empty: from
  // `port` as described at LocalCluster.
  std::vector<uint16_t> tablet_server_ports = {};
  // Server configuration (server.yaml keys) for every server; data.dir is set per
  // tablet server, remote.data.dir defaults to <data_dir>/remote.
  Configuration config;
};

// `fluss local`: the coordinator and N tablet servers in one process, sharing one
// embedded metadata store and one network thread pool (README.md: ports and the
// data layout). Tablet server i has id i and listens on port + 1 + i, or on any
// free port when port is 0; a restarted tablet server keeps its port.
// Not thread-safe: one owner drives start/stop/restart; never call these from a
// server thread.
class LocalCluster {
 public:
  // Opens the metadata store, starts the coordinator, then the tablet servers,
  // then the coordinator's recovery (every bucket's leader learns it leads) and
  // waits until the tablet servers applied it. The first error of any step.
  static Result<std::unique_ptr<LocalCluster>> start(LocalClusterOptions options);
  ~LocalCluster();  // stops if running

  // "127.0.0.1:<coordinator port>"
  std::string bootstrap_servers() const;
  uint16_t coordinator_port() const;
  std::vector<uint16_t> tablet_server_ports() const;

  // Clean and bounded (the RPC servers' shutdown timeout): the coordinator stops
  // serving, the tablet servers close their logs and KV tablets with
  // clean-shutdown markers, the metadata store closes. Idempotent.
  Status stop();

  // Stops tablet server `index` and starts it again in place (same data dir and
  // port), then has the coordinator re-send its buckets' leadership.
  Status restart_tablet_server(int index);

  // Waits until every NotifyLeaderAndIsr / StopReplica sent so far (e.g. by a
  // CREATE_TABLE that has been answered) has been applied by the tablet servers.
  void wait_for_notifications();

  const LocalClusterOptions& options() const { return options_; }
  std::filesystem::path tablet_server_data_dir(int index) const;

  // For in-process tests.
  CoordinatorServer& coordinator() { return *coordinator_; }
  TabletServer& tablet_server(int index) { return *tablet_servers_.at(index); }

 private:
  explicit LocalCluster(LocalClusterOptions options);
  Status open();
  Status start_tablet_server(int index);

  LocalClusterOptions options_;
  bool stopped_ = false;
  uint16_t coordinator_port_ = 0;       // the bound one
  std::vector<uint16_t> tablet_ports_;  // chosen at first start, kept on restart
  std::unique_ptr<IoContextPool> pool_;
  std::unique_ptr<LocalTabletServerNotifier> notifier_;
  std::unique_ptr<CoordinatorServer> coordinator_;
  std::unique_ptr<StoreMetadataReader> reader_;
  std::vector<std::unique_ptr<TabletServer>> tablet_servers_;
};

}  // namespace fluss::server
