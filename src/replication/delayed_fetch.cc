// SPDX-License-Identifier: Apache-2.0
#include "replication/delayed_fetch.h"

#include <algorithm>

namespace fluss::replication {

Task<> DelayedFetch::wait() {
  // Errors only come from cancelling or destroying the channel, which its owner
  // (this coroutine's frame) does not do while waiting.
  co_await wakeups_.async_receive(kNoThrow);
}

DelayedFetchManager::Watch::~Watch() {
  if (manager_ != nullptr) manager_->unwatch(fetch_.get(), buckets_);
}

DelayedFetchManager::Watch DelayedFetchManager::watch(std::shared_ptr<DelayedFetch> fetch,
                                                      std::span<const TableBucket> buckets) {
  {
    std::lock_guard lock(mu_);
    for (const TableBucket& bucket : buckets) watchers_[bucket].push_back(fetch);
    ++waiting_;
    watches_.fetch_add(1, std::memory_order_seq_cst);
  }
  // Pairs with the fence in wake(): either that wake() sees this registration or
  // the owner's first check (after this returns) sees the write that caused it.
  std::atomic_thread_fence(std::memory_order_seq_cst);
  // close() may have swept the lists before this registration.
  if (closed()) fetch->wake();
  return Watch(this, fetch, std::vector<TableBucket>(buckets.begin(), buckets.end()));
}

void DelayedFetchManager::unwatch(const DelayedFetch* fetch, std::span<const TableBucket> buckets) {
  std::lock_guard lock(mu_);
  for (const TableBucket& bucket : buckets) {
    auto it = watchers_.find(bucket);
    if (it == watchers_.end()) continue;
    std::erase_if(it->second, [fetch](const auto& w) { return w.get() == fetch; });
    if (it->second.empty()) watchers_.erase(it);
  }
  --waiting_;
  watches_.fetch_sub(1, std::memory_order_acq_rel);
}

void DelayedFetchManager::wake(const TableBucket& bucket) {
  // The caller's write (high watermark, leader) is before this fence; a fetch
  // registered after the load below checks its buckets after its own fence and
  // so sees that write: skipping the lock while nothing is registered loses nothing.
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (watches_.load(std::memory_order_relaxed) == 0) return;
  std::vector<std::shared_ptr<DelayedFetch>> to_wake;
  {
    std::lock_guard lock(mu_);
    auto it = watchers_.find(bucket);
    if (it == watchers_.end()) return;
    to_wake = it->second;
  }
  for (const auto& fetch : to_wake) fetch->wake();
}

void DelayedFetchManager::close() {
  closed_.store(true, std::memory_order_release);
  std::vector<std::shared_ptr<DelayedFetch>> to_wake;
  {
    std::lock_guard lock(mu_);
    for (const auto& [bucket, fetches] : watchers_) {
      to_wake.insert(to_wake.end(), fetches.begin(), fetches.end());
    }
  }
  for (const auto& fetch : to_wake) fetch->wake();
}

size_t DelayedFetchManager::waiting() const {
  std::lock_guard lock(mu_);
  return waiting_;
}

}  // namespace fluss::replication
