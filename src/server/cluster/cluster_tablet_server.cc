// SPDX-License-Identifier: Apache-2.0
#include "server/cluster/cluster_tablet_server.h"

#include <fmt/format.h>

#include <utility>

#include "common/config_options.h"
#include "common/logging.h"
#include "common/server_config.h"
#include "server/base/listeners.h"

namespace fluss::server {

Result<std::unique_ptr<ClusterTabletServer>> ClusterTabletServer::start(const Configuration& config,
                                                                        IoContextPool& pool) {
  FLUSS_ASSIGN_OR_RETURN(std::optional<int32_t> id,
                         config.get_optional(ConfigOptions::kTabletServerId));
  if (!id) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "tablet-server.id is not set: every tablet server of a cluster needs its "
                      "own id (e.g. tablet-server.id: 0)");
  }
  std::unique_ptr<ClusterTabletServer> server(new ClusterTabletServer(ServerId(*id)));
  if (Status opened = server->open(config, pool); !opened.ok()) {
    server->stop().ignore_error();
    return opened.with_context(fmt::format("tablet server {}", *id));
  }
  return server;
}

ClusterTabletServer::~ClusterTabletServer() { stop().ignore_error(); }

Status ClusterTabletServer::open(const Configuration& config, IoContextPool& pool) {
  FLUSS_RETURN_IF_ERROR(validate_tablet_server_config(config));
  FLUSS_ASSIGN_OR_RETURN(TabletServerAddress bind, bind_listener(config));
  FLUSS_ASSIGN_OR_RETURN(std::string internal, config.get(ConfigOptions::kInternalListenerName));
  FLUSS_ASSIGN_OR_RETURN(data_dir_, config.get(ConfigOptions::kDataDir));
  FLUSS_ASSIGN_OR_RETURN(std::optional<std::string> advertised,
                         config.get_optional(ConfigOptions::kAdvertisedListeners));
  FLUSS_ASSIGN_OR_RETURN(ZooKeeperOptions zookeeper, ZooKeeperOptions::from(config));
  zookeeper_address_ = zookeeper.address;
  const std::chrono::milliseconds session_timeout = zookeeper.session_timeout;
  FLUSS_ASSIGN_OR_RETURN(store_, ZooKeeperMetadataStore::open(std::move(zookeeper)));
  metadata_ = std::make_unique<MetadataManager>(*store_);
  reader_ = std::make_unique<StoreMetadataReader>(
      *metadata_,
      StoreMetadataReaderOptions{
          .client_listener_name = "",
          .coordinator = [this]() -> std::optional<ServerEndpoint> {
            Result<std::optional<CoordinatorAddress>> active = metadata_->get_active_coordinator();
            if (!active.ok() || !*active) return std::nullopt;
            Result<TabletServerAddress> address = parse_listener((*active)->listeners);
            if (!address.ok()) return std::nullopt;
            return ServerEndpoint{.id = ServerId(0), .host = address->host, .port = address->port};
          },
      });
  FLUSS_ASSIGN_OR_RETURN(server_, TabletServer::start(
                                      TabletServerOptions{
                                          .id = id_,
                                          .listener_name = internal,
                                          .host = bind.host,
                                          .port = bind.port,
                                          .advertised_listeners = advertised.value_or(""),
                                          // A killed predecessor's session ends by then.
                                          .registration_timeout = session_timeout * 2,
                                          .config = config,
                                      },
                                      pool, *metadata_, reader_.get()));
  store_->set_session_listener([this] {
    std::lock_guard lock(session_mu_);
    if (stopping_) return;
    if (Status s = server_->register_again(); !s.ok()) {
      FLUSS_LOG_ERROR("tablet server {}: registering again on a new ZooKeeper session ({}): {}",
                      id_, zookeeper_address_, s.to_string());
    } else {
      FLUSS_LOG_INFO("tablet server {} registered again on a new ZooKeeper session", id_);
    }
  });
  return Status::OK();
}

Status ClusterTabletServer::stop() {
  if (stopped_) return Status::OK();
  stopped_ = true;
  {
    std::lock_guard lock(session_mu_);  // waits for a re-registration in progress
    stopping_ = true;
  }
  if (store_ != nullptr) store_->set_session_listener(nullptr);
  Status first;
  if (server_ != nullptr) first = server_->stop();  // unregisters
  server_.reset();
  store_.reset();  // closes the session
  reader_.reset();
  metadata_.reset();
  return first;
}

}  // namespace fluss::server
