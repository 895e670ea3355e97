// SPDX-License-Identifier: Apache-2.0
// Gate, run_blocking and IoContextPool: the Asio glue of DESIGN.md §5.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <set>
#include <thread>

#include "common/blocking.h"
#include "common/gate.h"
#include "common/io_context_pool.h"
#include "test_utils/run_sync.h"

namespace fluss {
namespace {

// Waits on `release` while holding the gate, then reports through `done`.
Task<> hold_until(Gate::Holder holder, std::shared_ptr<Channel<bool>> release) {
  co_await release->async_receive(asio::use_awaitable);
  (void)holder;
}

Task<bool> close_gate(Gate& gate) {
  co_await gate.close();
  co_return true;
}

TEST(GateTest, CloseWithoutHoldersCompletesAtOnce) {
  asio::io_context io;
  Gate gate;
  EXPECT_TRUE(test::run_sync(io, close_gate(gate)));
  EXPECT_TRUE(gate.is_closed());
}

TEST(GateTest, RefusesHoldersOnceClosed) {
  asio::io_context io;
  Gate gate;
  test::run_sync(io, close_gate(gate));
  EXPECT_FALSE(gate.try_enter().has_value());
}

TEST(GateTest, CloseWaitsForEveryHolder) {
  asio::io_context io;
  Gate gate;
  auto release = std::make_shared<Channel<bool>>(io, 2);
  for (int i = 0; i < 2; ++i) {
    auto holder = gate.try_enter();
    ASSERT_TRUE(holder.has_value());
    asio::co_spawn(io, hold_until(std::move(*holder), release), asio::detached);
  }
  std::future<bool> closed = asio::co_spawn(io, close_gate(gate), asio::use_future);
  io.poll();
  EXPECT_EQ(gate.in_flight(), 2);
  EXPECT_EQ(closed.wait_for(std::chrono::seconds(0)), std::future_status::timeout);

  release->try_send(asio::error_code(), true);
  io.poll();
  EXPECT_EQ(closed.wait_for(std::chrono::seconds(0)), std::future_status::timeout);

  release->try_send(asio::error_code(), true);
  io.run();
  EXPECT_TRUE(closed.get());
  EXPECT_EQ(gate.in_flight(), 0);
}

TEST(GateTest, HolderLeavesWhenMovedFromAndDestroyed) {
  asio::io_context io;
  Gate gate;
  {
    auto holder = gate.try_enter();
    Gate::Holder moved = std::move(*holder);
    EXPECT_EQ(gate.in_flight(), 1);
  }
  EXPECT_EQ(gate.in_flight(), 0);
  EXPECT_TRUE(test::run_sync(io, close_gate(gate)));
}

Task<std::thread::id> blocking_thread_id(asio::thread_pool& pool, std::thread::id* resumed_on) {
  std::thread::id ran_on = co_await run_blocking(pool, [] { return std::this_thread::get_id(); });
  *resumed_on = std::this_thread::get_id();
  co_return ran_on;
}

TEST(RunBlockingTest, RunsOnThePoolAndResumesOnTheCaller) {
  asio::io_context io;
  asio::thread_pool pool(1);
  std::thread::id resumed_on;
  const std::thread::id ran_on = test::run_sync(io, blocking_thread_id(pool, &resumed_on));
  EXPECT_NE(ran_on, std::this_thread::get_id());
  EXPECT_EQ(resumed_on, std::this_thread::get_id());
  pool.join();
}

Task<int> thread_index(IoContextPool& pool, size_t index) {
  (void)pool;
  (void)index;
  co_return 7;
}

TEST(IoContextPoolTest, RunsWorkOnEachContextAndStops) {
  IoContextPool pool(2, "test");
  ASSERT_EQ(pool.size(), 2u);
  std::set<std::thread::id> threads;
  for (size_t i = 0; i < pool.size(); ++i) {
    std::promise<std::thread::id> ran;
    asio::post(pool.at(i), [&ran] { ran.set_value(std::this_thread::get_id()); });
    threads.insert(ran.get_future().get());
    EXPECT_EQ(test::run_on(pool.at(i).get_executor(), thread_index(pool, i)), 7);
  }
  EXPECT_EQ(threads.size(), 2u);
  EXPECT_NE(&pool.next(), &pool.next());
  pool.stop();
  pool.stop();
}

}  // namespace
}  // namespace fluss
