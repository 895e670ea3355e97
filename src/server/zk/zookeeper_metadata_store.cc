// SPDX-License-Identifier: Apache-2.0
#include "server/zk/zookeeper_metadata_store.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <thread>
#include <utility>
#include <zookeeper/zookeeper.h>

#include "common/config_options.h"
#include "common/logging.h"

namespace fluss::server {

namespace {

// ZooKeeper refuses packets over jute.maxbuffer (1 MiB by default); the path and
// the request header share the packet with the data.
constexpr size_t kMaxDataBytes = (1u << 20) - 4096;
// Recursive removes and ancestor creation race with other clients; a few fresh
// attempts settle them.
constexpr int kMaxAttempts = 5;

void log_from_zookeeper(const char* message) { FLUSS_LOG_DEBUG("zookeeper: {}", message); }

void set_library_log_level() {
  static std::once_flag once;
  std::call_once(once, [] { zoo_set_debug_level(ZOO_LOG_LEVEL_WARN); });
}

std::string_view kind_name(MetadataOp::Kind kind) {
  switch (kind) {
    case MetadataOp::Kind::kCreate:
      return "create";
    case MetadataOp::Kind::kSet:
      return "set";
    case MetadataOp::Kind::kRemove:
      return "remove";
    case MetadataOp::Kind::kCheck:
      return "check";
  }
  return "op";
}

int create_flags(CreateMode mode) {
  switch (mode) {
    case CreateMode::kPersistent:
      return ZOO_PERSISTENT;
    case CreateMode::kPersistentSequential:
      return ZOO_PERSISTENT_SEQUENTIAL;
    case CreateMode::kEphemeral:
      return ZOO_EPHEMERAL;
    case CreateMode::kEphemeralSequential:
      return ZOO_EPHEMERAL_SEQUENTIAL;
  }
  return ZOO_PERSISTENT;
}

Status check_data_size(const std::string& path, std::string_view data) {
  if (data.size() <= kMaxDataBytes) return Status::OK();
  return make_error(ErrorCode::kRecordTooLargeException,
                    "data of {} bytes for {} is over ZooKeeper's node limit of {} bytes",
                    data.size(), path, kMaxDataBytes);
}

// The ancestors of `path` below "/", outermost first: "/a/b/c" -> "/a", "/a/b".
std::vector<std::string> ancestors(const std::string& path) {
  std::vector<std::string> out;
  for (size_t slash = path.find('/', 1); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    out.push_back(path.substr(0, slash));
  }
  return out;
}

struct Stringv {
  String_vector v{0, nullptr};
  ~Stringv() { deallocate_String_vector(&v); }
  std::vector<std::string> sorted() const {
    std::vector<std::string> out;
    out.reserve(static_cast<size_t>(std::max(v.count, 0)));
    for (int32_t i = 0; i < v.count; ++i) out.emplace_back(v.data[i]);
    std::sort(out.begin(), out.end());
    return out;
  }
};

}  // namespace

// One per C client handle ever opened: the watcher context, kept until the store
// is gone because the C client may call back with it late.
struct HandleContext {
  ZooKeeperMetadataStore::Impl* impl;
  uint64_t generation;
};

struct ZooKeeperMetadataStore::Impl {
  struct Watch {
    std::string path{};
    std::function<void(std::vector<std::string>)> on_change{};
    std::optional<std::vector<std::string>> last{};
  };

  explicit Impl(ZooKeeperOptions o)
      : options(std::move(o)), prefix(options.root == "/" ? "" : options.root) {}

  const ZooKeeperOptions options;
  const std::string prefix;  // "<root>" or "" for root "/"

  // The C client handle. Callers use it under a shared lock; only the event thread
  // (and open / the destructor) replace it.
  mutable std::shared_mutex handle_mu;
  zhandle_t* zh = nullptr;                               // guarded by handle_mu
  HandleContext* context = nullptr;                      // guarded by handle_mu
  std::vector<std::unique_ptr<HandleContext>> contexts;  // guarded by handle_mu

  // Session state, written by the event thread.
  mutable std::mutex state_mu;
  std::condition_variable state_cv;
  uint64_t generation = 0;            // of the current handle; guarded by state_mu
  uint64_t connected_generation = 0;  // last handle that reached CONNECTED
  bool connected = false;
  int64_t session = 0;

  // The event thread and its queue. The C client's threads only enqueue.
  std::mutex queue_mu;
  std::condition_variable queue_cv;
  std::deque<std::function<void()>> queue;  // guarded by queue_mu
  bool stopping = false;                    // guarded by queue_mu
  std::thread event_thread;

  // Watches and the session listener.
  std::mutex watch_mu;
  std::condition_variable watch_cv;
  std::map<uint64_t, std::shared_ptr<Watch>> watches;  // guarded by watch_mu
  uint64_t next_watch_id = 1;                          // guarded by watch_mu
  uint64_t running_watch = 0;                          // guarded by watch_mu
  std::function<void()> session_listener;              // guarded by watch_mu

  std::string full(const std::string& path) const {
    return path == "/" ? options.root : prefix + path;
  }
  std::string relative(std::string_view full_path) const {
    if (full_path.size() < prefix.size() || full_path.substr(0, prefix.size()) != prefix) {
      return std::string(full_path);
    }
    std::string_view rest = full_path.substr(prefix.size());
    return rest.empty() ? "/" : std::string(rest);
  }

  // --- the event thread ---

  void post(std::function<void()> task) {
    std::lock_guard lock(queue_mu);
    if (stopping) return;
    queue.push_back(std::move(task));
    queue_cv.notify_one();
  }

  void run_events() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock lock(queue_mu);
        queue_cv.wait(lock, [&] { return stopping || !queue.empty(); });
        if (stopping) return;
        task = std::move(queue.front());
        queue.pop_front();
      }
      task();
    }
  }

  static void on_event(zhandle_t*, int type, int state, const char* path, void* ctx) {
    auto* handle = static_cast<HandleContext*>(ctx);
    std::string p = path != nullptr ? path : "";
    handle->impl->post([impl = handle->impl, generation = handle->generation, type, state,
                        p = std::move(p)] { impl->handle_event(generation, type, state, p); });
  }

  // Opens a new handle (the next generation); the session comes up asynchronously.
  // Event thread or open() only.
  Status connect() {
    set_library_log_level();
    uint64_t next;
    {
      std::lock_guard lock(state_mu);
      next = ++generation;
      connected = false;
      session = 0;
    }
    auto context_owner = std::make_unique<HandleContext>(HandleContext{this, next});
    zhandle_t* handle = zookeeper_init2(options.address.c_str(), &Impl::on_event,
                                        static_cast<int>(options.session_timeout.count()), nullptr,
                                        context_owner.get(), 0, &log_from_zookeeper);
    if (handle == nullptr) {
      return make_error(ErrorCode::kNetworkException,
                        "cannot start a ZooKeeper client for {} (zookeeper.address): errno {}",
                        options.address, errno);
    }
    std::unique_lock lock(handle_mu);
    zh = handle;
    context = context_owner.get();
    contexts.push_back(std::move(context_owner));
    return Status::OK();
  }

  void close_handle() {
    zhandle_t* old;
    {
      std::unique_lock lock(handle_mu);
      old = std::exchange(zh, nullptr);
      context = nullptr;
    }
    if (old != nullptr) zookeeper_close(old);
  }

  void handle_event(uint64_t handle_generation, int type, int state, const std::string& path) {
    {
      std::lock_guard lock(state_mu);
      if (handle_generation != generation) return;  // a closed handle's late event
    }
    if (type != ZOO_SESSION_EVENT) {
      FLUSS_LOG_DEBUG("ZooKeeper event {} on {}", type, path);
      refresh_watches(relative(path));
      return;
    }
    FLUSS_LOG_DEBUG("ZooKeeper session event: state {} (handle {})", state, handle_generation);
    if (state == ZOO_CONNECTED_STATE) {
      bool new_session;
      {
        std::shared_lock handle_lock(handle_mu);
        std::lock_guard lock(state_mu);
        new_session = connected_generation != generation;
        connected_generation = generation;
        connected = true;
        session = zh != nullptr ? zoo_client_id(zh)->client_id : 0;
      }
      state_cv.notify_all();
      if (new_session && handle_generation > 1) {
        FLUSS_LOG_INFO("new ZooKeeper session {:#x} at {}", session_id(), options.address);
        if (Status s = ensure_root(); !s.ok()) FLUSS_LOG_WARN("{}", s);
        std::function<void()> listener;
        {
          std::lock_guard lock(watch_mu);
          listener = session_listener;
        }
        if (listener) listener();
      }
      refresh_all_watches();
    } else if (state == ZOO_CONNECTING_STATE) {
      std::lock_guard lock(state_mu);
      connected = false;
    } else if (state == ZOO_EXPIRED_SESSION_STATE) {
      int64_t expired;
      {
        std::lock_guard lock(state_mu);
        expired = session;
      }
      FLUSS_LOG_WARN("ZooKeeper session {:#x} at {} expired; opening a new one", expired,
                     options.address);
      close_handle();
      // zookeeper_init fails only when the address does not resolve (a DNS
      // hiccup): try again each second until it does or the store closes.
      for (Status s = connect(); !s.ok(); s = connect()) {
        FLUSS_LOG_ERROR("{}; retrying in 1 s", s);
        std::unique_lock lock(queue_mu);
        if (queue_cv.wait_for(lock, std::chrono::seconds(1), [&] { return stopping; })) return;
      }
    } else {
      FLUSS_LOG_WARN("ZooKeeper session at {} is in state {}", options.address, state);
    }
  }

  int64_t session_id() const {
    std::lock_guard lock(state_mu);
    return connected ? session : 0;
  }

  // --- watches (event thread) ---

  void refresh_all_watches() {
    std::set<std::string> paths;
    {
      std::lock_guard lock(watch_mu);
      for (const auto& [id, watch] : watches) paths.insert(watch->path);
    }
    for (const std::string& path : paths) refresh_watches(path);
  }

  void refresh_watches(const std::string& path) {
    std::vector<std::pair<uint64_t, std::shared_ptr<Watch>>> targets;
    {
      std::lock_guard lock(watch_mu);
      for (const auto& [id, watch] : watches) {
        if (watch->path == path) targets.emplace_back(id, watch);
      }
    }
    if (targets.empty()) return;
    const std::string full_path = full(path);
    std::vector<std::string> names;
    for (int attempt = 0;; ++attempt) {
      Stringv children;
      int rc;
      {
        std::shared_lock lock(handle_mu);
        if (zh == nullptr) return;
        rc = zoo_wget_children(zh, full_path.c_str(), &Impl::on_event, context, &children.v);
        if (rc == ZNONODE) {
          // Armed for the node's creation instead.
          Stat stat;
          rc = zoo_wexists(zh, full_path.c_str(), &Impl::on_event, context, &stat);
          if (rc == ZNONODE) break;
          if (rc == ZOK && attempt < kMaxAttempts) continue;  // created meanwhile
        }
      }
      if (rc != ZOK) {
        // The next (re)connection reads it again.
        FLUSS_LOG_DEBUG("cannot read the children of {} for a watch: {}", full_path, zerror(rc));
        return;
      }
      names = children.sorted();
      break;
    }
    for (auto& [id, watch] : targets) {
      std::function<void(std::vector<std::string>)> on_change;
      {
        std::lock_guard lock(watch_mu);
        if (!watches.contains(id) || watch->last == names) continue;
        watch->last = names;
        on_change = watch->on_change;
        running_watch = id;
      }
      on_change(names);
      {
        std::lock_guard lock(watch_mu);
        running_watch = 0;
      }
      watch_cv.notify_all();
    }
  }

  // --- requests (caller threads) ---

  Status error(int rc, std::string_view what, const std::string& path) const {
    if (rc == ZNODEEXISTS)
      return make_error(ErrorCode::kNodeExists, "node {} already exists", path);
    if (rc == ZNONODE) {
      if (what == "create") {
        return make_error(ErrorCode::kNoNode, "cannot create {}: parent {} does not exist", path,
                          metadata_parent(path));
      }
      return make_error(ErrorCode::kNoNode, "node {} does not exist", path);
    }
    if (rc == ZBADVERSION) {
      return make_error(ErrorCode::kBadVersion, "{} {}: the node is at another version", what,
                        path);
    }
    if (rc == ZNOTEMPTY) return make_error(ErrorCode::kNotEmpty, "node {} has children", path);
    if (rc == ZNOCHILDRENFOREPHEMERALS) {
      return make_error(ErrorCode::kInvalidConfigException,
                        "cannot create {}: its parent is ephemeral", path);
    }
    if (rc == ZCONNECTIONLOSS || rc == ZOPERATIONTIMEOUT || rc == ZSESSIONMOVED) {
      return make_error(ErrorCode::kNetworkException,
                        "{} {}: lost the connection to ZooKeeper at {} (zookeeper.address): {}; "
                        "it may or may not have been applied",
                        what, path, options.address, zerror(rc));
    }
    if (rc == ZSESSIONEXPIRED || rc == ZINVALIDSTATE || rc == ZCLOSING) {
      return make_error(ErrorCode::kNetworkException,
                        "{} {}: no ZooKeeper session at {} (zookeeper.address): the session "
                        "expired and a new one is being opened",
                        what, path, options.address);
    }
    return make_error(ErrorCode::kStorageException, "{} {}: ZooKeeper error: {}", what, path,
                      zerror(rc));
  }

  // Runs `f(zh)` under the shared handle lock; ZINVALIDSTATE without a handle.
  template <typename F>
  int call(F&& f) const {
    std::shared_lock lock(handle_mu);
    if (zh == nullptr) return ZINVALIDSTATE;
    return f(zh);
  }

  int create_node(const std::string& path, std::string_view data, int flags, std::string* created) {
    const std::string full_path = full(path);
    std::string buffer(full_path.size() + 32, '\0');
    const int rc = call([&](zhandle_t* h) {
      return zoo_create(h, full_path.c_str(), data.data(), static_cast<int>(data.size()),
                        &ZOO_OPEN_ACL_UNSAFE, flags, buffer.data(),
                        static_cast<int>(buffer.size()));
    });
    if (rc == ZOK && created != nullptr) *created = relative(buffer.c_str());
    return rc;
  }

  // Makes the missing ancestors of `path` (persistent, empty).
  Status create_ancestors(const std::string& path) {
    for (const std::string& ancestor : ancestors(path)) {
      const int rc = create_node(ancestor, "", ZOO_PERSISTENT, nullptr);
      if (rc != ZOK && rc != ZNODEEXISTS) return error(rc, "create", ancestor);
    }
    return Status::OK();
  }

  Status ensure_root() {
    if (options.root == "/") return Status::OK();
    // The root is absolute in the ZooKeeper tree, so it goes around full().
    for (const std::string& node : [&] {
           std::vector<std::string> all = ancestors(options.root);
           all.push_back(options.root);
           return all;
         }()) {
      const int rc = call([&](zhandle_t* h) {
        return zoo_create(h, node.c_str(), "", 0, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, nullptr, 0);
      });
      if (rc != ZOK && rc != ZNODEEXISTS) return error(rc, "create root", node);
    }
    return Status::OK();
  }

  Result<std::vector<std::string>> children(const std::string& path) const {
    FLUSS_RETURN_IF_ERROR(validate_metadata_path(path));
    const std::string full_path = full(path);
    Stringv names;
    const int rc =
        call([&](zhandle_t* h) { return zoo_get_children(h, full_path.c_str(), 0, &names.v); });
    if (rc != ZOK) return error(rc, "children of", path);
    return names.sorted();
  }

  // Appends the removes of `path`'s descendants, deepest first, then of `path`.
  Status collect_subtree(const std::string& path, std::vector<std::string>& out) const {
    FLUSS_ASSIGN_OR_RETURN(std::vector<std::string> names, children(path));
    for (const std::string& name : names) {
      FLUSS_RETURN_IF_ERROR(collect_subtree(path == "/" ? "/" + name : path + "/" + name, out));
    }
    out.push_back(path);
    return Status::OK();
  }

  Result<std::vector<MetadataOpResult>> multi(const std::vector<MetadataOp>& ops);
};

Result<std::vector<MetadataOpResult>> ZooKeeperMetadataStore::Impl::multi(
    const std::vector<MetadataOp>& ops) {
  if (ops.empty()) return std::vector<MetadataOpResult>{};
  auto name_op = [&](size_t i, const Status& status) {
    if (ops.size() == 1) return status;
    return Status(status.code(),
                  fmt::format("op {} of {} ({} {}): {}", i, ops.size(), kind_name(ops[i].kind),
                              ops[i].path, status.message()));
  };
  for (size_t i = 0; i < ops.size(); ++i) {
    Status valid = validate_metadata_path(ops[i].path);
    if (valid.ok() && ops[i].kind == MetadataOp::Kind::kRemove && ops[i].path == "/") {
      valid = make_error(ErrorCode::kInvalidConfigException, "the root node cannot be removed");
    }
    if (valid.ok() &&
        (ops[i].kind == MetadataOp::Kind::kCreate || ops[i].kind == MetadataOp::Kind::kSet)) {
      valid = check_data_size(ops[i].path, ops[i].data);
    }
    if (!valid.ok()) return name_op(i, valid);
  }

  // One ZooKeeper op per entry: the caller's ops, with the ancestors of creates
  // that make parents and the descendants of recursive removes expanded in place.
  struct Entry {
    MetadataOp::Kind kind = MetadataOp::Kind::kCheck;
    std::string path{};  // relative
    std::string full{};
    std::string_view data{};
    int32_t version = kAnyVersion;
    int flags = 0;
    size_t owner = 0;
    bool main = false;
  };
  for (int attempt = 1;; ++attempt) {
    std::vector<Entry> entries;
    std::set<std::string> created;
    for (size_t i = 0; i < ops.size(); ++i) {
      const MetadataOp& op = ops[i];
      if (op.kind == MetadataOp::Kind::kCreate &&
          op.create_options.parents == CreateParents::kYes) {
        for (const std::string& ancestor : ancestors(op.path)) {
          if (created.contains(ancestor)) continue;
          Stat stat;
          const std::string full_path = full(ancestor);
          const int rc =
              call([&](zhandle_t* h) { return zoo_exists(h, full_path.c_str(), 0, &stat); });
          if (rc == ZOK) continue;
          if (rc != ZNONODE) return name_op(i, error(rc, "create", ancestor));
          created.insert(ancestor);
          entries.push_back({.kind = MetadataOp::Kind::kCreate,
                             .path = ancestor,
                             .full = full_path,
                             .flags = ZOO_PERSISTENT,
                             .owner = i});
        }
      }
      if (op.kind == MetadataOp::Kind::kRemove && op.remove_mode == RemoveMode::kRecursive) {
        std::vector<std::string> subtree;
        Status listed = collect_subtree(op.path, subtree);
        if (!listed.ok()) return name_op(i, listed);
        subtree.pop_back();  // the node itself, with its version, below
        for (const std::string& path : subtree) {
          entries.push_back(
              {.kind = MetadataOp::Kind::kRemove, .path = path, .full = full(path), .owner = i});
        }
      }
      if (op.kind == MetadataOp::Kind::kCreate) created.insert(op.path);
      entries.push_back({.kind = op.kind,
                         .path = op.path,
                         .full = full(op.path),
                         .data = op.data,
                         .version = op.version,
                         .flags = create_flags(op.create_options.mode),
                         .owner = i,
                         .main = true});
    }

    const size_t n = entries.size();
    std::vector<zoo_op_t> zoo_ops(n);
    std::vector<zoo_op_result_t> results(n);
    std::vector<Stat> stats(n);
    std::vector<std::string> buffers(n);
    for (size_t k = 0; k < n; ++k) {
      Entry& e = entries[k];
      switch (e.kind) {
        case MetadataOp::Kind::kCreate:
          buffers[k].assign(e.full.size() + 32, '\0');
          zoo_create_op_init(&zoo_ops[k], e.full.c_str(), e.data.data(),
                             static_cast<int>(e.data.size()), &ZOO_OPEN_ACL_UNSAFE, e.flags,
                             buffers[k].data(), static_cast<int>(buffers[k].size()));
          break;
        case MetadataOp::Kind::kSet:
          zoo_set_op_init(&zoo_ops[k], e.full.c_str(), e.data.data(),
                          static_cast<int>(e.data.size()), e.version, &stats[k]);
          break;
        case MetadataOp::Kind::kRemove:
          zoo_delete_op_init(&zoo_ops[k], e.full.c_str(), e.version);
          break;
        case MetadataOp::Kind::kCheck:
          zoo_check_op_init(&zoo_ops[k], e.full.c_str(), e.version);
          break;
      }
    }
    const int rc = call([&](zhandle_t* h) {
      return zoo_multi(h, static_cast<int>(n), zoo_ops.data(), results.data());
    });
    if (rc == ZOK) {
      std::vector<MetadataOpResult> out(ops.size());
      for (size_t k = 0; k < n; ++k) {
        const Entry& e = entries[k];
        if (!e.main) continue;
        MetadataOpResult& r = out[e.owner];
        r.path = e.path;
        if (e.kind == MetadataOp::Kind::kCreate) {
          r.path = relative(buffers[k].c_str());
          r.version = 0;
        } else if (e.kind == MetadataOp::Kind::kSet) {
          r.version = stats[k].version;
        } else if (e.kind == MetadataOp::Kind::kCheck) {
          r.version = e.version;
        }
      }
      return out;
    }
    // The failing op: the first whose error is its own (ZooKeeper marks the ops
    // rolled back with RUNTIMEINCONSISTENCY).
    size_t failed = n;
    for (size_t k = 0; k < n; ++k) {
      if (results[k].err != ZOK && results[k].err != ZRUNTIMEINCONSISTENCY) {
        failed = k;
        break;
      }
    }
    if (failed == n) {
      // The whole request failed (connection, session): name the first op.
      return name_op(0, error(rc, kind_name(ops[0].kind), ops[0].path));
    }
    const Entry& e = entries[failed];
    const int err = results[failed].err;
    // A concurrent change under a recursive remove or an ancestor: list again.
    if (!e.main && attempt < kMaxAttempts &&
        (err == ZNOTEMPTY || err == ZNONODE || err == ZNODEEXISTS)) {
      continue;
    }
    if (e.main && err == ZNOTEMPTY && ops[e.owner].remove_mode == RemoveMode::kRecursive &&
        attempt < kMaxAttempts) {
      continue;
    }
    return name_op(e.owner, error(err, kind_name(e.kind), e.path));
  }
}

// --- ZooKeeperOptions ---

Result<ZooKeeperOptions> ZooKeeperOptions::from(const Configuration& config) {
  ZooKeeperOptions out;
  FLUSS_ASSIGN_OR_RETURN(std::optional<std::string> address,
                         config.get_optional(ConfigOptions::kZookeeperAddress));
  if (!address || address->empty()) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "zookeeper.address is not set: a cluster keeps its metadata in ZooKeeper "
                      "(e.g. zookeeper.address: 127.0.0.1:2181)");
  }
  out.address = std::move(*address);
  FLUSS_ASSIGN_OR_RETURN(out.root, config.get(ConfigOptions::kZookeeperRoot));
  FLUSS_ASSIGN_OR_RETURN(out.session_timeout, config.get(ConfigOptions::kZookeeperSessionTimeout));
  FLUSS_ASSIGN_OR_RETURN(out.connection_timeout,
                         config.get(ConfigOptions::kZookeeperConnectionTimeout));
  return out;
}

// --- ZooKeeperMetadataStore ---

ZooKeeperMetadataStore::ZooKeeperMetadataStore(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}

Result<std::unique_ptr<ZooKeeperMetadataStore>> ZooKeeperMetadataStore::open(
    ZooKeeperOptions options) {
  if (options.address.empty()) {
    return make_error(ErrorCode::kInvalidConfigException, "zookeeper.address is empty");
  }
  if (Status s = validate_metadata_path(options.root); !s.ok()) {
    return make_error(ErrorCode::kInvalidConfigException, "zookeeper.path.root: {}", s.message());
  }
  auto impl = std::make_unique<Impl>(std::move(options));
  Impl* raw = impl.get();
  std::unique_ptr<ZooKeeperMetadataStore> store(new ZooKeeperMetadataStore(std::move(impl)));
  raw->event_thread = std::thread([raw] { raw->run_events(); });
  FLUSS_RETURN_IF_ERROR(raw->connect());
  {
    std::unique_lock lock(raw->state_mu);
    if (!raw->state_cv.wait_for(lock, raw->options.connection_timeout,
                                [&] { return raw->connected; })) {
      return make_error(ErrorCode::kNetworkException,
                        "could not connect to ZooKeeper at {} (zookeeper.address) within {} ms "
                        "(zookeeper.client.connection-timeout)",
                        raw->options.address, raw->options.connection_timeout.count());
    }
  }
  FLUSS_RETURN_IF_ERROR(raw->ensure_root());
  return store;
}

ZooKeeperMetadataStore::~ZooKeeperMetadataStore() {
  {
    std::lock_guard lock(impl_->queue_mu);
    impl_->stopping = true;
    impl_->queue.clear();
  }
  impl_->queue_cv.notify_all();
  if (impl_->event_thread.joinable()) impl_->event_thread.join();
  impl_->close_handle();
}

Result<std::string> ZooKeeperMetadataStore::create(const std::string& path, std::string_view data,
                                                   CreateOptions options) {
  FLUSS_RETURN_IF_ERROR(validate_metadata_path(path));
  FLUSS_RETURN_IF_ERROR(check_data_size(path, data));
  const int flags = create_flags(options.mode);
  std::string created;
  int rc = impl_->create_node(path, data, flags, &created);
  for (int attempt = 1;
       rc == ZNONODE && options.parents == CreateParents::kYes && attempt < kMaxAttempts;
       ++attempt) {
    FLUSS_RETURN_IF_ERROR(impl_->create_ancestors(path));
    rc = impl_->create_node(path, data, flags, &created);
  }
  if (rc != ZOK) return impl_->error(rc, "create", path);
  return created;
}

Result<std::optional<NodeData>> ZooKeeperMetadataStore::get(const std::string& path) const {
  FLUSS_RETURN_IF_ERROR(validate_metadata_path(path));
  const std::string full_path = impl_->full(path);
  std::string buffer(4096, '\0');
  for (;;) {
    int length = static_cast<int>(buffer.size());
    Stat stat;
    const int rc = impl_->call([&](zhandle_t* h) {
      return zoo_get(h, full_path.c_str(), 0, buffer.data(), &length, &stat);
    });
    if (rc == ZNONODE) return std::optional<NodeData>();
    if (rc != ZOK) return impl_->error(rc, "get", path);
    if (stat.dataLength > static_cast<int32_t>(buffer.size())) {
      buffer.resize(static_cast<size_t>(stat.dataLength));  // grew: read again
      continue;
    }
    buffer.resize(static_cast<size_t>(std::max(length, 0)));
    return std::optional<NodeData>(NodeData{.data = std::move(buffer), .version = stat.version});
  }
}

Result<int32_t> ZooKeeperMetadataStore::set(const std::string& path, std::string_view data,
                                            int32_t expected_version) {
  FLUSS_RETURN_IF_ERROR(validate_metadata_path(path));
  FLUSS_RETURN_IF_ERROR(check_data_size(path, data));
  const std::string full_path = impl_->full(path);
  Stat stat;
  const int rc = impl_->call([&](zhandle_t* h) {
    return zoo_set2(h, full_path.c_str(), data.data(), static_cast<int>(data.size()),
                    expected_version, &stat);
  });
  if (rc != ZOK) return impl_->error(rc, "set", path);
  return stat.version;
}

Status ZooKeeperMetadataStore::remove(const std::string& path, RemoveMode mode,
                                      int32_t expected_version) {
  if (mode == RemoveMode::kRecursive) {
    return multi({MetadataOp::remove(path, expected_version, mode)}).status();
  }
  FLUSS_RETURN_IF_ERROR(validate_metadata_path(path));
  if (path == "/") {
    return make_error(ErrorCode::kInvalidConfigException, "the root node cannot be removed");
  }
  const std::string full_path = impl_->full(path);
  const int rc =
      impl_->call([&](zhandle_t* h) { return zoo_delete(h, full_path.c_str(), expected_version); });
  if (rc != ZOK) return impl_->error(rc, "remove", path);
  return Status::OK();
}

Result<std::vector<std::string>> ZooKeeperMetadataStore::children(const std::string& path) const {
  return impl_->children(path);
}

Result<bool> ZooKeeperMetadataStore::exists(const std::string& path) const {
  FLUSS_RETURN_IF_ERROR(validate_metadata_path(path));
  const std::string full_path = impl_->full(path);
  Stat stat;
  const int rc =
      impl_->call([&](zhandle_t* h) { return zoo_exists(h, full_path.c_str(), 0, &stat); });
  if (rc == ZOK) return true;
  if (rc == ZNONODE) return false;
  return impl_->error(rc, "exists", path);
}

Result<std::vector<MetadataOpResult>> ZooKeeperMetadataStore::multi(
    const std::vector<MetadataOp>& ops) {
  return impl_->multi(ops);
}

Result<uint64_t> ZooKeeperMetadataStore::watch_children(
    const std::string& path, std::function<void(std::vector<std::string>)> on_change) {
  FLUSS_RETURN_IF_ERROR(validate_metadata_path(path));
  uint64_t id;
  {
    std::lock_guard lock(impl_->watch_mu);
    id = impl_->next_watch_id++;
    impl_->watches.emplace(id, std::make_shared<Impl::Watch>(
                                   Impl::Watch{.path = path, .on_change = std::move(on_change)}));
  }
  impl_->post([impl = impl_.get(), path] { impl->refresh_watches(path); });
  return id;
}

void ZooKeeperMetadataStore::unwatch(uint64_t id) {
  std::unique_lock lock(impl_->watch_mu);
  impl_->watches.erase(id);
  if (std::this_thread::get_id() == impl_->event_thread.get_id()) return;
  impl_->watch_cv.wait(lock, [&] { return impl_->running_watch != id; });
}

void ZooKeeperMetadataStore::set_session_listener(std::function<void()> on_new_session) {
  std::lock_guard lock(impl_->watch_mu);
  impl_->session_listener = std::move(on_new_session);
}

int64_t ZooKeeperMetadataStore::session_id() const { return impl_->session_id(); }

Status ZooKeeperMetadataStore::expire_session_for_testing() {
  uint64_t old_generation;
  {
    std::lock_guard lock(impl_->state_mu);
    old_generation = impl_->generation;
  }
  // The kicked-out first client may win its session back before the second one
  // closes it; then try again.
  constexpr int kAttempts = 10;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    clientid_t id;
    {
      std::shared_lock lock(impl_->handle_mu);
      if (impl_->zh == nullptr) break;  // already being replaced
      id = *zoo_client_id(impl_->zh);
    }
    struct Connected {
      std::mutex mu;
      std::condition_variable cv;
      bool up = false;
    } connected;
    auto on_event = [](zhandle_t*, int type, int state, const char*, void* ctx) {
      auto* c = static_cast<Connected*>(ctx);
      if (type == ZOO_SESSION_EVENT && state == ZOO_CONNECTED_STATE) {
        std::lock_guard lock(c->mu);
        c->up = true;
        c->cv.notify_all();
      }
    };
    zhandle_t* other = zookeeper_init2(impl_->options.address.c_str(), on_event,
                                       static_cast<int>(impl_->options.session_timeout.count()),
                                       &id, &connected, 0, &log_from_zookeeper);
    if (other == nullptr) {
      return make_error(ErrorCode::kNetworkException, "cannot start a second ZooKeeper client");
    }
    {
      std::unique_lock lock(connected.mu);
      connected.cv.wait_for(lock, impl_->options.connection_timeout, [&] { return connected.up; });
    }
    zookeeper_close(other);
    std::unique_lock lock(impl_->state_mu);
    if (impl_->state_cv.wait_for(lock, std::chrono::seconds(2), [&] {
          return impl_->generation > old_generation && impl_->connected;
        })) {
      return Status::OK();
    }
  }
  std::unique_lock lock(impl_->state_mu);
  if (impl_->state_cv.wait_for(lock, impl_->options.connection_timeout, [&] {
        return impl_->generation > old_generation && impl_->connected;
      })) {
    return Status::OK();
  }
  return make_error(ErrorCode::kNetworkException, "the ZooKeeper session at {} did not expire",
                    impl_->options.address);
}

}  // namespace fluss::server
