// SPDX-License-Identifier: Apache-2.0
#include "server/zk/zookeeper_metadata_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

#include "common/config_options.h"
#include "common/logging.h"
#include "server/metadata/tests/metadata_store_conformance.h"
#include "server/zk/tests/zookeeper_test_env.h"
#include "test_utils/status_matchers.h"

namespace fluss::server {

INSTANTIATE_TYPED_TEST_SUITE_P(ZooKeeper, MetadataStoreConformanceTest, ZooKeeperEnv);

namespace {

using ::fluss::test::StatusIs;
using ::fluss::test::StatusIsWith;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using Names = std::vector<std::string>;

constexpr auto kDeadline = std::chrono::seconds(30);

std::unique_ptr<ZooKeeperMetadataStore> open_store(const std::string& root) {
  auto store = ZooKeeperMetadataStore::open(test_options(root));
  EXPECT_OK(store);
  return store.ok() ? std::move(store).value() : nullptr;
}

// Records what a child watch is given; waits (with a deadline) for a value.
class Recorder {
 public:
  std::function<void(Names)> callback() {
    return [this](Names names) {
      std::lock_guard lock(mu_);
      calls_.push_back(std::move(names));
      cv_.notify_all();
    };
  }
  // True once the latest call was given `expected`.
  bool wait_for(const Names& expected) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kDeadline,
                        [&] { return !calls_.empty() && calls_.back() == expected; });
  }
  std::vector<Names> calls() const {
    std::lock_guard lock(mu_);
    return calls_;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Names> calls_;
};

// A one-shot flag to wait on.
class Latch {
 public:
  void set() {
    std::lock_guard lock(mu_);
    set_ = true;
    cv_.notify_all();
  }
  bool wait() {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kDeadline, [&] { return set_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool set_ = false;
};

TEST(ZooKeeperOptionsTest, ReadsFlussKeysWithFlussDefaults) {
  Configuration config;
  EXPECT_THAT(ZooKeeperOptions::from(config),
              StatusIsWith(ErrorCode::kInvalidConfigException, "zookeeper.address"));
  config.set_string("zookeeper.address", "h1:2181,h2:2181");
  auto options = ZooKeeperOptions::from(config);
  ASSERT_OK(options);
  EXPECT_EQ(options->address, "h1:2181,h2:2181");
  EXPECT_EQ(options->root, "/fluss");
  EXPECT_EQ(options->session_timeout, std::chrono::milliseconds(60000));
  EXPECT_EQ(options->connection_timeout, std::chrono::milliseconds(15000));
  config.set_string("zookeeper.path.root", "/other");
  config.set_string("zookeeper.client.session-timeout", "5 s");
  config.set_string("zookeeper.client.connection-timeout", "300 ms");
  options = ZooKeeperOptions::from(config);
  ASSERT_OK(options);
  EXPECT_EQ(options->root, "/other");
  EXPECT_EQ(options->session_timeout, std::chrono::milliseconds(5000));
  EXPECT_EQ(options->connection_timeout, std::chrono::milliseconds(300));
  config.set_string("zookeeper.client.session-timeout", "soon");
  EXPECT_THAT(ZooKeeperOptions::from(config),
              StatusIsWith(ErrorCode::kInvalidConfigException, "session-timeout"));
}

TEST(ZooKeeperMetadataStoreTest, ConnectionFailureNamesTheAddress) {
  // A port nobody listens on: bound, never listened, closed.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const std::string address = fmt::format("127.0.0.1:{}", ntohs(addr.sin_port));
  auto store = ZooKeeperMetadataStore::open({.address = address,
                                             .root = "/x",
                                             .session_timeout = std::chrono::seconds(4),
                                             .connection_timeout = std::chrono::milliseconds(300)});
  ::close(fd);
  EXPECT_THAT(store, StatusIsWith(ErrorCode::kNetworkException, address));
  EXPECT_THAT(store.status().message(), HasSubstr("zookeeper.address"));
  EXPECT_THAT(ZooKeeperMetadataStore::open({.address = ""}),
              StatusIsWith(ErrorCode::kInvalidConfigException, "zookeeper.address"));
  EXPECT_THAT(ZooKeeperMetadataStore::open({.address = address, .root = "fluss"}),
              StatusIsWith(ErrorCode::kInvalidConfigException, "zookeeper.path.root"));
}

TEST(ZooKeeperMetadataStoreTest, PathsAreUnderTheRootWhichIsCreated) {
  const std::string root = test_root() + "/deep/root";
  auto store = open_store(root);
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(store->has_sessions());
  ASSERT_OK(store->create("/x", "1"));
  EXPECT_THAT(*store->children("/"), ElementsAre("x"));
  auto whole = open_store("/");
  ASSERT_NE(whole, nullptr);
  auto got = whole->get(root + "/x");
  ASSERT_OK(got);
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->data, "1");
  EXPECT_THAT(store->remove("/"), StatusIs(ErrorCode::kInvalidConfigException));
  EXPECT_THAT(store->create("/big", std::string(1u << 20, 'x')),
              StatusIsWith(ErrorCode::kRecordTooLargeException, "/big"));
}

TEST(ZooKeeperMetadataStoreTest, EphemeralNodesVanishWhenTheStoreCloses) {
  auto owner = open_store(test_root());
  auto other = open_store(test_root());
  ASSERT_NE(owner, nullptr);
  ASSERT_NE(other, nullptr);
  ASSERT_OK(owner->create("/ids/1", "a",
                          {.mode = CreateMode::kEphemeral, .parents = CreateParents::kYes}));
  auto seq = owner->create("/ids/s-", "b", {.mode = CreateMode::kEphemeralSequential});
  ASSERT_OK(seq);
  EXPECT_EQ(*seq, "/ids/s-0000000001");
  ASSERT_OK(owner->multi({MetadataOp::create("/ids/2", "", {.mode = CreateMode::kEphemeral})}));
  EXPECT_THAT(owner->create("/ids/1/child", ""),
              StatusIsWith(ErrorCode::kInvalidConfigException, "/ids/1/child"));
  EXPECT_THAT(*other->children("/ids"), ElementsAre("1", "2", "s-0000000001"));
  owner.reset();
  EXPECT_THAT(*other->children("/ids"), IsEmpty());
}

TEST(ZooKeeperMetadataStoreTest, ExpiredSessionIsReplacedAndTheListenerRecreatesEphemerals) {
  auto store = open_store(test_root());
  auto other = open_store(test_root());
  ASSERT_NE(store, nullptr);
  ASSERT_NE(other, nullptr);
  const CreateOptions ephemeral{.mode = CreateMode::kEphemeral};
  ASSERT_OK(store->create("/live", "1", ephemeral));
  Recorder seen;
  ASSERT_OK(other->watch_children("/", seen.callback()));
  ASSERT_TRUE(seen.wait_for({"live"}));
  Latch relisted;
  store->set_session_listener([&] {
    // On the event thread: store calls are fine here.
    EXPECT_OK(store->create("/live", "2", ephemeral));
    relisted.set();
  });
  const int64_t old_session = store->session_id();
  ASSERT_NE(old_session, 0);

  ASSERT_OK(store->expire_session_for_testing());
  ASSERT_TRUE(relisted.wait());
  EXPECT_NE(store->session_id(), old_session);
  auto got = other->get("/live");
  ASSERT_OK(got);
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->data, "2");
  // The watcher saw it vanish with the old session, or at least sees it again.
  ASSERT_TRUE(seen.wait_for({"live"}));
  ASSERT_OK(store->set("/live", "3"));
}

TEST(ZooKeeperMetadataStoreTest, ChildWatchFollowsAnotherClientsChanges) {
  auto watcher = open_store(test_root());
  auto writer = open_store(test_root());
  ASSERT_NE(watcher, nullptr);
  ASSERT_NE(writer, nullptr);
  Recorder first;
  Recorder second;
  auto id = watcher->watch_children("/w", first.callback());
  ASSERT_OK(id);
  // A missing node reads as no children, and its creation is seen.
  ASSERT_TRUE(first.wait_for({}));
  ASSERT_OK(writer->create("/w/a", "", {.parents = CreateParents::kYes}));
  ASSERT_TRUE(first.wait_for({"a"}));
  ASSERT_OK(writer->create("/w/b", ""));
  ASSERT_TRUE(first.wait_for({"a", "b"}));
  // Data changes are not child changes; removes are.
  ASSERT_OK(writer->set("/w", "data"));
  ASSERT_OK(writer->remove("/w/a"));
  ASSERT_TRUE(first.wait_for({"b"}));

  watcher->unwatch(*id);
  const size_t calls = first.calls().size();
  ASSERT_OK(watcher->watch_children("/w", second.callback()));
  ASSERT_OK(writer->create("/w/c", ""));
  ASSERT_TRUE(second.wait_for({"b", "c"}));
  EXPECT_EQ(first.calls().size(), calls);
  for (const Names& names : first.calls()) EXPECT_NE(names, (Names{"b", "c"}));

  // A callback may unwatch itself: it is not called again.
  std::atomic<int> self_calls{0};
  std::atomic<uint64_t> self_id{0};
  Latch self_done;
  auto self = watcher->watch_children("/w", [&](Names) {
    ++self_calls;
    while (self_id.load() == 0) std::this_thread::yield();
    watcher->unwatch(self_id.load());
    self_done.set();
  });
  ASSERT_OK(self);
  self_id = *self;
  ASSERT_TRUE(self_done.wait());

  ASSERT_OK(writer->remove("/w", RemoveMode::kRecursive));
  ASSERT_TRUE(second.wait_for({}));
  EXPECT_EQ(self_calls.load(), 1);
  EXPECT_THAT(watcher->watch_children("bad", second.callback()),
              StatusIs(ErrorCode::kInvalidConfigException));
}

TEST(ZooKeeperMetadataStoreTest, SessionAndWatchSurviveAZooKeeperRestart) {
  auto store = open_store(test_root());
  ASSERT_NE(store, nullptr);
  ASSERT_OK(store->create("/r", ""));
  ASSERT_OK(store->create("/eph", "", {.mode = CreateMode::kEphemeral}));
  Recorder seen;
  std::atomic<int> exists_calls{0};
  ASSERT_OK(store->watch_children("/r", [&, cb = seen.callback()](Names names) {
    // Watch callbacks may call the store.
    if (store->exists("/r").ok()) ++exists_calls;
    cb(std::move(names));
  }));
  ASSERT_TRUE(seen.wait_for({}));
  const int64_t session = store->session_id();
  auto closed_while_down = open_store(test_root());
  ASSERT_NE(closed_while_down, nullptr);

  zookeeper().stop();
  auto down = store->get("/r");
  EXPECT_THAT(down, StatusIsWith(ErrorCode::kNetworkException, zookeeper().address()));
  closed_while_down.reset();  // returns without a server to say goodbye to
  zookeeper().restart();

  auto writer = open_store(test_root());
  ASSERT_NE(writer, nullptr);
  ASSERT_OK(writer->create("/r/x", ""));
  ASSERT_TRUE(seen.wait_for({"x"}));
  EXPECT_EQ(store->session_id(), session);
  EXPECT_TRUE(*writer->exists("/eph"));
  EXPECT_GE(exists_calls.load(), 2);
}

}  // namespace
}  // namespace fluss::server
