// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <future>
#include <utility>

#include "common/asio.h"

namespace fluss::test {

// Runs `task` on `io` in this thread until it and everything it spawned finish,
// and returns its result. gtest bodies cannot co_await; coroutine tests go
// through this or run_on.
template <typename T>
T run_sync(asio::io_context& io, Task<T> task) {
  std::future<T> result = asio::co_spawn(io, std::move(task), asio::use_future);
  io.restart();
  io.run();
  return result.get();
}

// Runs `task` on `executor` (whose threads run elsewhere, e.g. an
// IoContextPool) and blocks this thread until it completes.
template <typename T, typename Executor>
T run_on(const Executor& executor, Task<T> task) {
  return asio::co_spawn(executor, std::move(task), asio::use_future).get();
}

}  // namespace fluss::test
