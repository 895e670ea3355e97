// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <type_traits>
#include <utility>

#include "common/asio.h"

namespace fluss {

namespace detail {
// `fn` is a coroutine parameter, so it lives in the coroutine frame.
template <typename F>
Task<std::invoke_result_t<F&>> invoke_as_task(F fn) {
  co_return fn();
}
}  // namespace detail

// Runs `fn` (an fsync, a RocksDB flush, an upload...) on `pool` and resumes the
// caller on its own executor once it returns. The network threads never block:
// they hop here instead. `co_await asio::post(pool)` would not do: the
// coroutine resumes on its own executor, hence co_spawn.
//   Status synced = co_await run_blocking(blocking_pool_, [&log] { return log.flush(); });
template <typename F>
Task<std::invoke_result_t<F&>> run_blocking(asio::thread_pool& pool, F fn) {
  co_return co_await asio::co_spawn(pool, detail::invoke_as_task(std::move(fn)),
                                    asio::use_awaitable);
}

}  // namespace fluss
