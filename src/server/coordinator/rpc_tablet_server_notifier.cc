// SPDX-License-Identifier: Apache-2.0
#include "server/coordinator/rpc_tablet_server_notifier.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "common/logging.h"
#include "rpc/protocol/errors.h"
#include "rpc/protocol/request_decoder.h"

namespace fluss::server {

namespace proto = ::fluss::rpc::proto;

RpcTabletServerNotifier::RpcTabletServerNotifier(asio::any_io_executor executor,
                                                 AddressResolver resolve,
                                                 RpcTabletServerNotifierOptions options)
    : executor_(executor),
      resolve_(std::move(resolve)),
      options_(options),
      connections_(std::move(executor)) {}

RpcTabletServerNotifier::~RpcTabletServerNotifier() = default;

void RpcTabletServerNotifier::notify_leader_and_isr(ServerId server,
                                                    proto::NotifyLeaderAndIsrRequest request) {
  ByteBuffer payload;
  if (Status s = rpc::serialize_message(request, payload); !s.ok()) {
    FLUSS_LOG_ERROR("NOTIFY_LEADER_AND_ISR to tablet server {} not sent: {}", server,
                    s.to_string());
    return;
  }
  enqueue(server, rpc::ApiKey::kNotifyLeaderAndIsr, std::move(payload));
}

void RpcTabletServerNotifier::stop_replica(ServerId server, proto::StopReplicaRequest request) {
  ByteBuffer payload;
  if (Status s = rpc::serialize_message(request, payload); !s.ok()) {
    FLUSS_LOG_ERROR("STOP_REPLICA to tablet server {} not sent: {}", server, s.to_string());
    return;
  }
  enqueue(server, rpc::ApiKey::kStopReplica, std::move(payload));
}

void RpcTabletServerNotifier::tablet_server_removed(ServerId server) {
  std::lock_guard lock(mu_);
  auto it = queues_.find(server);
  if (it == queues_.end() || it->second.items.empty()) return;
  FLUSS_LOG_INFO("tablet server {} unregistered: {} queued request(s) for it dropped", server,
                 it->second.items.size());
  it->second.items.clear();
  ++it->second.generation;
}

void RpcTabletServerNotifier::enqueue(ServerId server, rpc::ApiKey api, ByteBuffer payload) {
  std::lock_guard lock(mu_);
  if (stopping_) return;
  Queue& queue = queues_[server];
  queue.items.push_back(Pending{.api = api, .payload = std::move(payload)});
  if (queue.sending) return;
  std::optional<Gate::Holder> holder = gate_.try_enter();
  if (!holder) return;
  queue.sending = true;
  // Posted, never run inline: the caller may be on executor_'s thread holding
  // mu_ (and the coordinator's lock), and drain() takes mu_ at once.
  asio::post(executor_, [this, server, holder = std::move(*holder)]() mutable {
    asio::co_spawn(executor_, drain(server, std::move(holder)), asio::detached);
  });
}

size_t RpcTabletServerNotifier::pending() const {
  std::lock_guard lock(mu_);
  size_t n = 0;
  for (const auto& [server, queue] : queues_) n += queue.items.size();
  return n;
}

Task<Status> RpcTabletServerNotifier::send(ServerId server, Pending item) {
  Result<TabletServerAddress> address = resolve_(server);
  if (!address.ok()) co_return address.status();
  Result<std::shared_ptr<rpc::ServerConnection>> connection =
      co_await connections_.get(address->host, address->port);
  if (!connection.ok()) co_return connection.status();
  Result<ByteBuffer> response =
      co_await (*connection)->call(static_cast<int16_t>(item.api), 0, std::move(item.payload));
  if (!response.ok()) {
    if (response.status().is(ErrorCode::kNetworkException)) co_return response.status();
    FLUSS_LOG_WARN("{} to tablet server {} failed: {}", rpc::api_key_name(item.api), server,
                   response.status().to_string());
    co_return Status::OK();  // answered: not retried
  }
  // Per-bucket errors are the tablet server's to log too; note them here.
  if (item.api == rpc::ApiKey::kNotifyLeaderAndIsr) {
    auto parsed = rpc::parse<proto::NotifyLeaderAndIsrResponse>(response->view(), "response");
    if (parsed.ok()) {
      for (const auto& bucket : parsed->notify_buckets_leader_resp()) {
        if (Status s = rpc::error_of(bucket); !s.ok()) {
          FLUSS_LOG_WARN("NOTIFY_LEADER_AND_ISR on tablet server {}: table {} bucket {}: {}",
                         server, bucket.table_bucket().table_id(),
                         bucket.table_bucket().bucket_id(), s.to_string());
        }
      }
    }
  }
  co_return Status::OK();
}

// `holder` lives in the coroutine frame: stop() waits for this sender.
Task<> RpcTabletServerNotifier::drain(ServerId server, [[maybe_unused]] Gate::Holder holder) {
  std::chrono::milliseconds backoff = options_.initial_backoff;
  const auto executor = co_await asio::this_coro::executor;
  std::shared_ptr<asio::steady_timer> timer;
  while (true) {
    Pending item;
    uint64_t generation = 0;
    {
      std::lock_guard lock(mu_);
      Queue& queue = queues_[server];
      if (stopping_ || queue.items.empty()) {
        queue.sending = false;
        queue.timer.reset();
        co_return;
      }
      // Only this coroutine pops, so the front stays until it is delivered.
      generation = queue.generation;
      item.api = queue.items.front().api;
      item.payload.append(queue.items.front().payload.view());
      if (queue.timer == nullptr) {
        queue.timer = std::make_shared<asio::steady_timer>(executor);
      }
      timer = queue.timer;
    }
    const rpc::ApiKey api = item.api;
    Status sent = co_await send(server, std::move(item));
    if (sent.ok()) {
      backoff = options_.initial_backoff;
      std::lock_guard lock(mu_);
      Queue& queue = queues_[server];
      if (queue.generation == generation) queue.items.pop_front();
      continue;
    }
    FLUSS_LOG_WARN("{} to tablet server {} not delivered ({}); retrying in {} ms",
                   rpc::api_key_name(api), server, sent.to_string(), backoff.count());
    {
      // stop() sets stopping_ and then posts the cancel to this executor: checked
      // here, either we see it or the cancel comes after the wait starts.
      std::lock_guard lock(mu_);
      if (stopping_) continue;  // the loop's check ends this sender
      timer->expires_after(backoff);
    }
    co_await timer->async_wait(kNoThrow);
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

Task<> RpcTabletServerNotifier::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    // Wake senders waiting out a backoff (on their executor: timers are not thread-safe).
    for (auto& [server, queue] : queues_) {
      if (queue.timer != nullptr) {
        asio::post(executor_, [timer = queue.timer] { timer->cancel(); });
      }
    }
  }
  connections_.close_all();
  co_await gate_.close();
  std::lock_guard lock(mu_);
  queues_.clear();
}

}  // namespace fluss::server
