// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace fluss::storage {

// The threads that copy KV snapshots to the snapshot store (Fluss's snapshot transfer
// pool, kv.snapshot.transfer-thread-num), owned by the KvManager. A tablet checkpoints
// RocksDB on its writer's thread and hands the upload here, so writers wait only for
// the checkpoint. Plain threads rather than the server's asio blocking pool: uploads
// are long file copies that would starve the short fsyncs queued there, and the
// storage module does not depend on asio.
//
// Thread-safe. The destructor runs every task already submitted, then joins.
class KvSnapshotUploader {
 public:
  explicit KvSnapshotUploader(int32_t threads);
  ~KvSnapshotUploader();
  KvSnapshotUploader(const KvSnapshotUploader&) = delete;
  KvSnapshotUploader& operator=(const KvSnapshotUploader&) = delete;

  // Queues `task`; it runs on one of the threads.
  void submit(std::function<void()> task);

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;  // guarded by mutex_
  bool stopping_ = false;                    // guarded by mutex_
  std::vector<std::thread> threads_;
};

}  // namespace fluss::storage
