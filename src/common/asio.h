// SPDX-License-Identifier: Apache-2.0
#pragma once

// The one include for Asio (standalone, libasio-dev 1.22) and the coroutine
// vocabulary every module uses: Task<T>, Clock and the non-throwing completion
// token. DESIGN.md §5 describes the executors.

#include <asio.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/experimental/concurrent_channel.hpp>

#include <chrono>

namespace fluss {

// A coroutine that runs on an Asio executor and yields a T.
template <typename T = void>
using Task = asio::awaitable<T>;

// Deadlines and timeouts are measured on the monotonic clock.
using Clock = std::chrono::steady_clock;

// A completion token that returns (error_code, results...) instead of throwing:
//   auto [ec, n] = co_await socket.async_read_some(buffer, kNoThrow);
inline constexpr auto kNoThrow = asio::experimental::as_tuple(asio::use_awaitable);

// A one-shot wake-up usable from any thread. Asio 1.22's channel_traits cannot
// tell `void(error_code)` apart, hence the payload.
template <typename T>
using Channel = asio::experimental::concurrent_channel<void(asio::error_code, T)>;

}  // namespace fluss
