// SPDX-License-Identifier: Apache-2.0
#include "server/cluster/cluster_coordinator.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <mutex>
#include <random>
#include <thread>
#include <utility>

#include "common/config_options.h"
#include "common/logging.h"
#include "common/server_config.h"
#include "server/base/listeners.h"

namespace fluss::server {

namespace {

// A random (version 4) UUID: Java's coordinator id.
std::string random_uuid() {
  std::random_device random;
  std::mt19937_64 generator((static_cast<uint64_t>(random()) << 32) ^ random());
  uint64_t high = generator();
  uint64_t low = generator();
  high = (high & ~0xF000ULL) | 0x4000ULL;
  low = (low & ~(0xC0ULL << 56)) | (0x80ULL << 56);
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", high >> 32, (high >> 16) & 0xFFFF,
                     high & 0xFFFF, low >> 48, low & 0xFFFFFFFFFFFFULL);
}

}  // namespace

Result<std::unique_ptr<ClusterCoordinator>> ClusterCoordinator::start(const Configuration& config,
                                                                      IoContextPool& pool) {
  std::unique_ptr<ClusterCoordinator> coordinator(new ClusterCoordinator(pool));
  if (Status opened = coordinator->open(config); !opened.ok()) {
    coordinator->stop().ignore_error();
    return opened;
  }
  return coordinator;
}

ClusterCoordinator::~ClusterCoordinator() { stop().ignore_error(); }

Status ClusterCoordinator::open(const Configuration& config) {
  FLUSS_RETURN_IF_ERROR(validate_coordinator_config(config));
  FLUSS_ASSIGN_OR_RETURN(TabletServerAddress bind, bind_listener(config));
  FLUSS_ASSIGN_OR_RETURN(ZooKeeperOptions zookeeper, ZooKeeperOptions::from(config));
  zookeeper_address_ = zookeeper.address;
  session_timeout_ = zookeeper.session_timeout;
  FLUSS_ASSIGN_OR_RETURN(store_, ZooKeeperMetadataStore::open(std::move(zookeeper)));
  metadata_ = std::make_unique<MetadataManager>(*store_);
  FLUSS_ASSIGN_OR_RETURN(std::string internal, config.get(ConfigOptions::kInternalListenerName));
  FLUSS_ASSIGN_OR_RETURN(std::optional<std::string> advertised,
                         config.get_optional(ConfigOptions::kAdvertisedListeners));
  id_ = random_uuid();
  notifier_ = std::make_unique<RpcTabletServerNotifier>(
      pool_.at(0).get_executor(), [this, internal](ServerId server) -> Result<TabletServerAddress> {
        FLUSS_ASSIGN_OR_RETURN(std::optional<TabletServerRegistration> registration,
                               metadata_->get_tablet_server(server));
        if (!registration) {
          return make_error(ErrorCode::kNetworkException, "tablet server {} is not registered",
                            server);
        }
        return parse_listener(registration->listeners, internal);
      });
  FLUSS_ASSIGN_OR_RETURN(
      server_, CoordinatorServer::start(
                   CoordinatorServerOptions{
                       .host = bind.host,
                       .port = bind.port,
                       .metadata_dir = "",
                       .store = store_.get(),
                       .become_leader = [&](uint16_t port) -> Result<int32_t> {
                         bound_listener_ = fmt::format("{}://{}:{}", internal, bind.host, port);
                         listeners_ =
                             advertised && !advertised->empty() ? *advertised : bound_listener_;
                         return become_leader();
                       },
                       .config = config,
                   },
                   pool_, *notifier_));
  store_->set_session_listener([this] {
    std::lock_guard lock(session_mu_);
    if (stopping_) return;
    if (Status s = metadata_->register_coordinator({.id = id_, .listeners = listeners_}); !s.ok()) {
      FLUSS_LOG_ERROR("coordinator {}: registering again on a new ZooKeeper session ({}): {}", id_,
                      zookeeper_address_, s.to_string());
    }
  });
  // Tables that cannot be placed (fewer tablet servers than before) do not keep
  // the others from being served.
  if (Status recovered = server_->recover(); !recovered.ok()) {
    FLUSS_LOG_WARN("coordinator recovery: {}", recovered.to_string());
  }
  FLUSS_ASSIGN_OR_RETURN(watch_, store_->watch_children(std::string(zk_paths::kTabletServerIds),
                                                        [this](std::vector<std::string> children) {
                                                          on_tablet_servers(children);
                                                        }));
  FLUSS_LOG_INFO("coordinator {} (epoch {}) registered as {} in ZooKeeper {}", id_, epoch_,
                 listeners_, zookeeper_address_);
  return Status::OK();
}

// Java's order: register, become the leader (here: hold /coordinators/active,
// waiting while a previous session still holds it -- a killed coordinator's
// session lives until ZooKeeper times it out), then fence the older epochs.
Result<int32_t> ClusterCoordinator::become_leader() {
  FLUSS_RETURN_IF_ERROR(register_coordinator());
  FLUSS_ASSIGN_OR_RETURN(epoch_, metadata_->bump_coordinator_epoch());
  return epoch_;
}

Status ClusterCoordinator::register_coordinator() {
  const auto deadline = std::chrono::steady_clock::now() + 2 * session_timeout_;
  std::chrono::milliseconds backoff{20};
  while (true) {
    Status registered = metadata_->register_coordinator({.id = id_, .listeners = listeners_});
    if (!registered.is(ErrorCode::kNodeExists) || std::chrono::steady_clock::now() >= deadline) {
      return registered;
    }
    FLUSS_LOG_INFO("{}; retrying", registered.message());
    std::this_thread::sleep_for(backoff);  // start-up only
    backoff = std::min(backoff * 2, std::chrono::milliseconds(1000));
  }
}

void ClusterCoordinator::on_tablet_servers(const std::vector<std::string>& children) {
  std::vector<ServerId> servers;
  for (const std::string& child : children) {
    int32_t id = 0;
    auto [end, ec] = std::from_chars(child.data(), child.data() + child.size(), id);
    if (ec != std::errc() || end != child.data() + child.size()) {
      FLUSS_LOG_WARN("ignoring {}/{}: not a tablet server id", zk_paths::kTabletServerIds, child);
      continue;
    }
    servers.push_back(ServerId(id));
  }
  if (Status s = server_->service().tablet_servers_changed(servers); !s.ok()) {
    FLUSS_LOG_ERROR("coordinator: handling the tablet servers [{}]: {}", fmt::join(children, ", "),
                    s.to_string());
  }
}

Status ClusterCoordinator::stop() {
  if (stopped_) return Status::OK();
  stopped_ = true;
  {
    std::lock_guard lock(session_mu_);  // waits for a re-registration in progress
    stopping_ = true;
  }
  if (store_ != nullptr) {
    if (watch_) store_->unwatch(*watch_);
    store_->set_session_listener(nullptr);
  }
  Status first;
  if (server_ != nullptr) server_->stop_rpc();
  if (notifier_ != nullptr) {
    asio::co_spawn(pool_.at(0), notifier_->stop(), asio::use_future).get();
  }
  if (server_ != nullptr) first = server_->stop();
  server_.reset();
  notifier_.reset();
  store_.reset();  // closes the session: the registrations vanish
  metadata_.reset();
  if (first.ok() && !id_.empty()) FLUSS_LOG_INFO("coordinator {} stopped cleanly", id_);
  return first;
}

}  // namespace fluss::server
