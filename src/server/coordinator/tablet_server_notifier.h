// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/ids.h"
#include "rpc/protocol/fluss_api.pb.h"

namespace fluss::server {

// How the coordinator tells a tablet server that it leads or follows buckets
// (NOTIFY_LEADER_AND_ISR) or must stop serving them (STOP_REPLICA), as Java's
// CoordinatorRequestBatch sends them through the CoordinatorChannelManager.
// Fire and forget: an implementation queues the request for server `server` and
// returns; delivery failures are the implementation's to log and retry (a tablet
// server that missed a notification catches up from the metadata store when it
// re-registers). The transport-backed implementation lives with the RPC client;
// tests record the requests. Implementations are called under the coordinator's
// lock and must not call back into the CoordinatorService.
class TabletServerNotifier {
 public:
  virtual ~TabletServerNotifier() = default;

  virtual void notify_leader_and_isr(ServerId server,
                                     rpc::proto::NotifyLeaderAndIsrRequest request) = 0;
  virtual void stop_replica(ServerId server, rpc::proto::StopReplicaRequest request) = 0;
  // The server unregistered (died or stopped): what is still queued for it may be
  // dropped (Java's CoordinatorChannelManager.removeTabletServer); it hears of its
  // buckets again when it registers.
  virtual void tablet_server_removed(ServerId /*server*/) {}
};

}  // namespace fluss::server
