// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <mutex>

#include "model/ids.h"
#include "server/coordinator/tablet_server_notifier.h"
#include "server/tablet/tablet_server.h"

namespace fluss::server {

// The coordinator's TabletServerNotifier in `fluss local`: delivers
// NotifyLeaderAndIsr and StopReplica to the in-process tablet server of that id
// through TabletServer::post, i.e. later, on that server's control strand and in
// sending order -- never on the caller's thread, which holds the coordinator's
// lock. A request for a server that is not running (stopped, restarting) is
// dropped with a log line: the coordinator's recover() after its restart
// re-sends everything. Per-bucket failures are logged. Thread-safe.
class LocalTabletServerNotifier final : public TabletServerNotifier {
 public:
  // The server receives requests from now on / no longer (call before stopping it).
  void add(TabletServer& server);
  void remove(ServerId id);

  void notify_leader_and_isr(ServerId server,
                             rpc::proto::NotifyLeaderAndIsrRequest request) override;
  void stop_replica(ServerId server, rpc::proto::StopReplicaRequest request) override;

  // Waits until every request posted so far has been applied by its server.
  // Not from a thread of the servers' pool.
  void flush();

 private:
  std::mutex mu_;
  std::map<ServerId, TabletServer*> servers_;  // guarded by mu_
};

}  // namespace fluss::server
