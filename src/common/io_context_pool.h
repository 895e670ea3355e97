// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/asio.h"

namespace fluss {

// N io_contexts, each run by its own thread: Netty's event-loop group. Work
// bound to one io_context (a connection's socket, its reads and writes) runs on
// one thread and needs no strand. Threads start in the constructor and are
// joined by stop() or the destructor; work still queued then is dropped.
class IoContextPool {
 public:
  // `name` prefixes the thread names ("net-0", "net-1", ...).
  IoContextPool(int threads, std::string name);
  ~IoContextPool();
  IoContextPool(const IoContextPool&) = delete;
  IoContextPool& operator=(const IoContextPool&) = delete;

  // The io_contexts in round-robin order; thread-safe.
  asio::io_context& next();
  asio::io_context& at(size_t index) { return *contexts_[index]; }
  size_t size() const { return contexts_.size(); }

  // Stops every io_context and joins the threads. Idempotent; must not be
  // called from one of the pool's own threads.
  void stop();

 private:
  using WorkGuard = asio::executor_work_guard<asio::io_context::executor_type>;

  std::vector<std::unique_ptr<asio::io_context>> contexts_;
  std::vector<WorkGuard> guards_;
  std::vector<std::thread> threads_;
  std::atomic<size_t> next_{0};
};

}  // namespace fluss
