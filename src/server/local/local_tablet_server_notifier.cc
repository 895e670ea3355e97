// SPDX-License-Identifier: Apache-2.0
#include "server/local/local_tablet_server_notifier.h"

#include <future>
#include <memory>
#include <utility>
#include <vector>

#include "common/logging.h"
#include "rpc/protocol/errors.h"

namespace fluss::server {

namespace {

template <typename PbBucketResponse>
void log_failures(ServerId server, std::string_view api, const PbBucketResponse& buckets) {
  for (const auto& bucket : buckets) {
    Status status = rpc::error_of(bucket);
    if (!status.ok()) {
      FLUSS_LOG_WARN("{} on tablet server {} failed for table {} bucket {}: {}", api, server,
                     bucket.table_bucket().table_id(), bucket.table_bucket().bucket_id(),
                     status.to_string());
    }
  }
}

}  // namespace

void LocalTabletServerNotifier::add(TabletServer& server) {
  std::lock_guard lock(mu_);
  servers_[server.id()] = &server;
}

void LocalTabletServerNotifier::remove(ServerId id) {
  std::lock_guard lock(mu_);
  servers_.erase(id);
}

void LocalTabletServerNotifier::notify_leader_and_isr(
    ServerId server, rpc::proto::NotifyLeaderAndIsrRequest request) {
  std::lock_guard lock(mu_);
  auto it = servers_.find(server);
  if (it == servers_.end() ||
      !it->second->post([server, request = std::move(request)](TabletService& service) {
        log_failures(server, "NOTIFY_LEADER_AND_ISR",
                     service.notify_leader_and_isr(request).notify_buckets_leader_resp());
      })) {
    FLUSS_LOG_INFO("tablet server {} is not running: NOTIFY_LEADER_AND_ISR dropped", server);
  }
}

void LocalTabletServerNotifier::stop_replica(ServerId server,
                                             rpc::proto::StopReplicaRequest request) {
  std::lock_guard lock(mu_);
  auto it = servers_.find(server);
  if (it == servers_.end() ||
      !it->second->post([server, request = std::move(request)](TabletService& service) {
        log_failures(server, "STOP_REPLICA", service.stop_replica(request).stop_replicas_resp());
      })) {
    FLUSS_LOG_INFO("tablet server {} is not running: STOP_REPLICA dropped", server);
  }
}

void LocalTabletServerNotifier::flush() {
  std::vector<std::future<void>> done;
  {
    std::lock_guard lock(mu_);
    for (auto& [id, server] : servers_) {
      auto promise = std::make_shared<std::promise<void>>();
      done.push_back(promise->get_future());
      if (!server->post([promise](TabletService&) { promise->set_value(); })) {
        promise->set_value();
      }
    }
  }
  for (std::future<void>& f : done) f.get();
}

}  // namespace fluss::server
