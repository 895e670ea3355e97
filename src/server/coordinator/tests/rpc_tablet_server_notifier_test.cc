// SPDX-License-Identifier: Apache-2.0
#include "server/coordinator/rpc_tablet_server_notifier.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <vector>

#include "common/io_context_pool.h"
#include "rpc/protocol/request_decoder.h"
#include "rpc/rpc_server.h"
#include "test_utils/run_sync.h"
#include "test_utils/status_matchers.h"

namespace fluss::server {
namespace {

namespace proto = ::fluss::rpc::proto;
using fluss::test::value_or_throw;

TEST(ParseListenerTest, PicksTheNamedOrTheFirstListener) {
  auto first = value_or_throw(parse_listener("FLUSS://127.0.0.1:9124,CLIENT://h:1"));
  EXPECT_EQ(first.host, "127.0.0.1");
  EXPECT_EQ(first.port, 9124);
  auto named = value_or_throw(parse_listener("FLUSS://127.0.0.1:9124,CLIENT://h:1", "CLIENT"));
  EXPECT_EQ(named.host, "h");
  EXPECT_EQ(named.port, 1);
  EXPECT_FALSE(parse_listener("nothing").ok());
  EXPECT_FALSE(parse_listener("FLUSS://h:99999").ok());
}

// Answers NOTIFY_LEADER_AND_ISR and STOP_REPLICA with empty responses and
// records the API keys in arrival order; fulfils `done` at the `expected`th.
class RecordingHandler final : public rpc::RequestHandler {
 public:
  explicit RecordingHandler(size_t expected) : expected_(expected) {}

  Task<Result<ByteBuffer>> handle(rpc::Request request) override {
    ByteBuffer out;
    if (request.header.api_key == static_cast<int16_t>(rpc::ApiKey::kNotifyLeaderAndIsr)) {
      FLUSS_CO_RETURN_IF_ERROR(rpc::serialize_message(proto::NotifyLeaderAndIsrResponse(), out));
    } else {
      FLUSS_CO_RETURN_IF_ERROR(rpc::serialize_message(proto::StopReplicaResponse(), out));
    }
    std::lock_guard lock(mu_);
    keys_.push_back(request.header.api_key);
    if (keys_.size() == expected_) done_.set_value();
    co_return out;
  }

  std::vector<int16_t> wait() {
    done_.get_future().wait();
    std::lock_guard lock(mu_);
    return keys_;
  }

 private:
  const size_t expected_;
  std::mutex mu_;
  std::vector<int16_t> keys_;
  std::promise<void> done_;
};

proto::NotifyLeaderAndIsrRequest notify_request() {
  proto::NotifyLeaderAndIsrRequest request;
  request.set_coordinator_epoch(0);
  return request;
}

proto::StopReplicaRequest stop_request() {
  proto::StopReplicaRequest request;
  request.set_coordinator_epoch(0);
  return request;
}

TEST(RpcTabletServerNotifierTest, DeliversInOrderAndRetriesUntilTheServerIsUp) {
  IoContextPool pool(1, "test");
  // A port nobody listens on yet: bind one, then release it.
  RecordingHandler first_handler(1);
  auto probe = value_or_throw(rpc::RpcServer::start(pool, first_handler, {}));
  const uint16_t port = probe->port();
  fluss::test::run_on(pool.at(0).get_executor(), probe->stop());
  probe.reset();

  RpcTabletServerNotifier notifier(pool.at(0).get_executor(),
                                   [port](ServerId) -> Result<TabletServerAddress> {
                                     return TabletServerAddress{.host = "127.0.0.1", .port = port};
                                   },
                                   {.initial_backoff = std::chrono::milliseconds(5),
                                    .max_backoff = std::chrono::milliseconds(50)});
  notifier.notify_leader_and_isr(ServerId(3), notify_request());
  notifier.stop_replica(ServerId(3), stop_request());
  notifier.notify_leader_and_isr(ServerId(3), notify_request());

  RecordingHandler handler(3);
  rpc::RpcServerOptions options;
  options.port = port;
  auto server = value_or_throw(rpc::RpcServer::start(pool, handler, options));
  EXPECT_THAT(handler.wait(), ::testing::ElementsAre(1018, 1019, 1018));

  fluss::test::run_on(pool.at(0).get_executor(), notifier.stop());
  fluss::test::run_on(pool.at(0).get_executor(), server->stop());
  EXPECT_EQ(notifier.pending(), 0u);
}

TEST(RpcTabletServerNotifierTest, StopEndsRetriesToAServerThatNeverComes) {
  IoContextPool pool(1, "test");
  RecordingHandler unused(1);
  auto probe = value_or_throw(rpc::RpcServer::start(pool, unused, {}));
  const uint16_t port = probe->port();
  fluss::test::run_on(pool.at(0).get_executor(), probe->stop());
  probe.reset();
  RpcTabletServerNotifier notifier(pool.at(0).get_executor(), [port](ServerId) {
    return Result<TabletServerAddress>(TabletServerAddress{.host = "127.0.0.1", .port = port});
  });
  notifier.notify_leader_and_isr(ServerId(1), notify_request());
  fluss::test::run_on(pool.at(0).get_executor(), notifier.stop());
  EXPECT_EQ(notifier.pending(), 0u);
}

// The coordinator's service calls the notifier under its lock, also from the
// notifier's own thread (a request handler on the same network thread).
TEST(RpcTabletServerNotifierTest, NotifyingFromItsOwnThreadDoesNotDeadlock) {
  IoContextPool pool(1, "test");
  RecordingHandler handler(1);
  auto server = value_or_throw(rpc::RpcServer::start(pool, handler, {}));
  const uint16_t port = server->port();
  RpcTabletServerNotifier notifier(pool.at(0).get_executor(), [port](ServerId) {
    return Result<TabletServerAddress>(TabletServerAddress{.host = "127.0.0.1", .port = port});
  });
  asio::post(pool.at(0),
             [&notifier] { notifier.notify_leader_and_isr(ServerId(1), notify_request()); });
  EXPECT_THAT(handler.wait(), ::testing::ElementsAre(1018));
  fluss::test::run_on(pool.at(0).get_executor(), notifier.stop());
  fluss::test::run_on(pool.at(0).get_executor(), server->stop());
}

TEST(RpcTabletServerNotifierTest, ARemovedServerIsNotSentWhatWasQueuedForIt) {
  IoContextPool pool(1, "test");
  RecordingHandler unused(1);
  auto probe = value_or_throw(rpc::RpcServer::start(pool, unused, {}));
  const uint16_t port = probe->port();
  fluss::test::run_on(pool.at(0).get_executor(), probe->stop());
  probe.reset();
  RpcTabletServerNotifier notifier(pool.at(0).get_executor(),
                                   [port](ServerId) -> Result<TabletServerAddress> {
                                     return TabletServerAddress{.host = "127.0.0.1", .port = port};
                                   },
                                   {.initial_backoff = std::chrono::milliseconds(5),
                                    .max_backoff = std::chrono::milliseconds(50)});
  // The sender cannot run before the removal: its thread is held until then.
  std::promise<void> hold;
  asio::post(pool.at(0), [held = hold.get_future()]() mutable { held.wait(); });
  notifier.notify_leader_and_isr(ServerId(2), notify_request());
  notifier.notify_leader_and_isr(ServerId(2), notify_request());
  notifier.tablet_server_removed(ServerId(2));
  hold.set_value();
  EXPECT_EQ(notifier.pending(), 0u);

  // What is sent after the server is back arrives, and only that.
  RecordingHandler handler(1);
  rpc::RpcServerOptions options;
  options.port = port;
  auto server = value_or_throw(rpc::RpcServer::start(pool, handler, options));
  notifier.stop_replica(ServerId(2), stop_request());
  EXPECT_THAT(handler.wait(), ::testing::ElementsAre(1019));
  fluss::test::run_on(pool.at(0).get_executor(), notifier.stop());
  fluss::test::run_on(pool.at(0).get_executor(), server->stop());
}

}  // namespace
}  // namespace fluss::server
