// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/kv_snapshot_uploader.h"

#include <algorithm>

namespace fluss::storage {

KvSnapshotUploader::KvSnapshotUploader(int32_t threads) {
  for (int32_t i = 0; i < std::max(threads, 1); ++i) threads_.emplace_back([this] { run(); });
}

KvSnapshotUploader::~KvSnapshotUploader() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void KvSnapshotUploader::submit(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
  }
  wake_.notify_one();
}

void KvSnapshotUploader::run() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;  // stopping, and nothing left to run
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

}  // namespace fluss::storage
