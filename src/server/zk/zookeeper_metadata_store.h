// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/configuration.h"
#include "common/result.h"
#include "server/metadata/metadata_store.h"

namespace fluss::server {

// Where and how to reach ZooKeeper (Fluss's zookeeper.* keys, Fluss's defaults).
struct ZooKeeperOptions {
  std::string address;                                  // zookeeper.address "h1:p1,h2:p2"
  std::string root = "/fluss";                          // zookeeper.path.root (created if missing)
  std::chrono::milliseconds session_timeout{60000};     // zookeeper.client.session-timeout
  std::chrono::milliseconds connection_timeout{15000};  // zookeeper.client.connection-timeout

  // INVALID_CONFIG_EXCEPTION naming zookeeper.address when it is missing, or the
  // key of a value that does not parse.
  static Result<ZooKeeperOptions> from(const Configuration& config);
};

// The MetadataStore of a Fluss cluster: every call is one ZooKeeper request (the
// multi-threaded C client, libzookeeper_mt) under `root` ("/metadata/x" is
// "<root>/metadata/x"; the root itself is "/"). Node versions, sequential names and
// ephemeral nodes are ZooKeeper's own; a create with CreateParents::kYes makes the
// missing ancestors (persistent, empty) first, and a recursive remove becomes one
// multi() of the subtree's removes, deepest first.
//
// Errors: NODE_EXISTS, NO_NODE, BAD_VERSION, NOT_EMPTY as in MetadataStore, naming
// the path; a lost connection or an operation timeout is NETWORK_EXCEPTION (Fluss's
// retriable "connection lost before a response": the op may or may not have been
// applied, exactly ZooKeeper's CONNECTIONLOSS contract). When the session expires
// the store opens a new one by itself; until it is up, calls fail with
// NETWORK_EXCEPTION naming zookeeper.address.
//
// Threads: every method is thread-safe (the C client's handle is) and blocks its
// caller; it must not be called from the C client's own threads. The store runs
// one event thread of its own: child watches and the session listener run there
// and may call the store. Never call unwatch() for a watch from inside another
// store's callback that the first one waits on.
class ZooKeeperMetadataStore final : public MetadataStore {
 public:
  // Connects and waits up to connection_timeout for the session
  // (NETWORK_EXCEPTION naming the address otherwise), then creates the root.
  static Result<std::unique_ptr<ZooKeeperMetadataStore>> open(ZooKeeperOptions options);
  // Closes the session: its ephemeral nodes vanish at once. Stops the event thread
  // (a callback in progress finishes first).
  ~ZooKeeperMetadataStore() override;

  ZooKeeperMetadataStore(const ZooKeeperMetadataStore&) = delete;
  ZooKeeperMetadataStore& operator=(const ZooKeeperMetadataStore&) = delete;

  Result<std::string> create(const std::string& path, std::string_view data,
                             CreateOptions options = {}) override;
  Result<std::optional<NodeData>> get(const std::string& path) const override;
  Result<int32_t> set(const std::string& path, std::string_view data,
                      int32_t expected_version = kAnyVersion) override;
  Status remove(const std::string& path, RemoveMode mode = RemoveMode::kSingle,
                int32_t expected_version = kAnyVersion) override;
  Result<std::vector<std::string>> children(const std::string& path) const override;
  Result<bool> exists(const std::string& path) const override;
  Result<std::vector<MetadataOpResult>> multi(const std::vector<MetadataOp>& ops) override;
  bool has_sessions() const override { return true; }

  // A child watch that stays armed. `on_change` runs on the event thread with the
  // sorted children of `path` (empty while `path` does not exist): once right after
  // registration, then whenever they differ from what it was last given, which is
  // checked after every ZooKeeper child event and after every (re)connection,
  // including a new session. Returns the id for unwatch().
  Result<uint64_t> watch_children(const std::string& path,
                                  std::function<void(std::vector<std::string>)> on_change);
  // After it returns the callback is not called again (it waits for a call in
  // progress on another thread; from the callback itself it returns at once).
  void unwatch(uint64_t id);

  // Called on the event thread after the session expired and a new one is up,
  // before the watches are re-read: the owner re-creates its ephemeral nodes there.
  void set_session_listener(std::function<void()> on_new_session);

  // The current session's id; 0 while not connected.
  int64_t session_id() const;

  // For tests: ends the current session from outside (connects a second client with
  // the same session id and password and closes it, ZooKeeper's way of simulating
  // an expiry) and returns once the store is on a new session (the listener may
  // still be running).
  Status expire_session_for_testing();

  struct Impl;

 private:
  explicit ZooKeeperMetadataStore(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
};

}  // namespace fluss::server
