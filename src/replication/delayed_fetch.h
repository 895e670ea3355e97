// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "common/asio.h"
#include "model/ids.h"
#include "model/table_path.h"

namespace fluss::replication {

// One long-poll FetchLog parked until it can complete (Fluss's DelayedFetchLog,
// the waiting half): the coroutine that owns it waits for wake-ups and re-checks
// its buckets itself, so wakers never read logs. Shared by the waiting coroutine,
// the DelayedFetchManager's watch lists and the deadline timer's handler.
//
// Thread-safe: wake() and expire() may be called from any thread; wait() is for
// the one owning coroutine.
class DelayedFetch {
 public:
  // Wake-ups complete on `executor`, the owning coroutine's.
  explicit DelayedFetch(asio::any_io_executor executor) : wakeups_(std::move(executor), 1) {}

  // Asks the owner to re-check; wake-ups that arrive before it waits are
  // coalesced into one.
  void wake() { wakeups_.try_send(asio::error_code(), true); }
  // The deadline passed: expired() turns true, then the owner is woken.
  void expire() {
    expired_.store(true, std::memory_order_release);
    wake();
  }
  bool expired() const { return expired_.load(std::memory_order_acquire); }

  // Completes at the next wake-up (at once if one is pending).
  Task<> wait();

 private:
  std::atomic<bool> expired_{false};
  Channel<bool> wakeups_;
};

// The purgatory of parked fetches (Fluss's DelayedOperationManager for
// DelayedFetchLog): which DelayedFetch watches which bucket. The ReplicaManager
// calls wake() for a bucket whose high watermark or log end moved, whose leader
// changed or whose replica stopped; each watcher then re-checks on its own
// executor. close() wakes everyone for good: the server's stop must not wait for
// a fetch's max_wait_ms.
//
// Thread-safe; wake() is on the append path and costs one atomic load while
// nothing waits.
class DelayedFetchManager {
 public:
  // A registration; unwatches when destroyed. Move-only.
  class Watch {
   public:
    Watch(Watch&& other) noexcept
        : manager_(std::exchange(other.manager_, nullptr)),
          fetch_(std::move(other.fetch_)),
          buckets_(std::move(other.buckets_)) {}
    Watch& operator=(Watch&&) = delete;
    ~Watch();

   private:
    friend class DelayedFetchManager;
    Watch(DelayedFetchManager* manager, std::shared_ptr<DelayedFetch> fetch,
          std::vector<TableBucket> buckets)
        : manager_(manager), fetch_(std::move(fetch)), buckets_(std::move(buckets)) {}

    DelayedFetchManager* manager_;
    std::shared_ptr<DelayedFetch> fetch_;
    std::vector<TableBucket> buckets_;
  };

  DelayedFetchManager() = default;
  DelayedFetchManager(const DelayedFetchManager&) = delete;
  DelayedFetchManager& operator=(const DelayedFetchManager&) = delete;

  // Wakes `fetch` whenever one of `buckets` moves, until the Watch is destroyed
  // (which must happen before the manager is). After close() the fetch is woken
  // at once; the owner sees closed() and completes.
  [[nodiscard]] Watch watch(std::shared_ptr<DelayedFetch> fetch,
                            std::span<const TableBucket> buckets);

  // Wakes every fetch watching `bucket`.
  void wake(const TableBucket& bucket);

  // Wakes every parked fetch now and every later one at once. Idempotent.
  void close();
  bool closed() const { return closed_.load(std::memory_order_acquire); }

  // Fetches parked right now (Fluss's DelayedFetchCount metric).
  size_t waiting() const;

 private:
  void unwatch(const DelayedFetch* fetch, std::span<const TableBucket> buckets);

  std::atomic<bool> closed_{false};
  // Number of registrations; wake() skips the lock while it is 0.
  std::atomic<size_t> watches_{0};
  mutable std::mutex mu_;
  std::map<TableBucket, std::vector<std::shared_ptr<DelayedFetch>>> watchers_;  // guarded by mu_
  size_t waiting_ = 0;                                                          // guarded by mu_
};

}  // namespace fluss::replication
