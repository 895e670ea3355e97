// SPDX-License-Identifier: Apache-2.0
#include "common/io_context_pool.h"

#include <pthread.h>

#include "common/check.h"

namespace fluss {

IoContextPool::IoContextPool(int threads, std::string name) {
  FLUSS_CHECK(threads > 0, "IoContextPool '{}' needs at least one thread, got {}", name, threads);
  for (int i = 0; i < threads; ++i) {
    contexts_.push_back(std::make_unique<asio::io_context>(1));
    guards_.push_back(asio::make_work_guard(*contexts_.back()));
  }
  for (int i = 0; i < threads; ++i) {
    threads_.emplace_back([this, i, thread_name = fmt::format("{}-{}", name, i)] {
      // Linux limits thread names to 15 characters.
      pthread_setname_np(pthread_self(), thread_name.substr(0, 15).c_str());
      contexts_[i]->run();
    });
  }
}

IoContextPool::~IoContextPool() { stop(); }

asio::io_context& IoContextPool::next() {
  return *contexts_[next_.fetch_add(1, std::memory_order_relaxed) % contexts_.size()];
}

void IoContextPool::stop() {
  guards_.clear();
  for (auto& context : contexts_) context->stop();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
}

}  // namespace fluss
