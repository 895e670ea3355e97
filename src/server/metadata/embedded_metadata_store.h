// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "common/result.h"
#include "server/metadata/metadata_store.h"
#include "server/metadata/metadata_tree.h"
#include "storage/fs/file_system.h"

namespace fluss::server {

// Whether open() takes an exclusive flock(2) on "<dir>/LOCK", so that a second
// process opening the same directory fails instead of corrupting it. Needs a real
// (POSIX) directory; tests on a MemFileSystem use kNone.
enum class DirLock : uint8_t { kNone, kProcessLock };

struct EmbeddedMetadataStoreOptions {
  // Where the files live: "<data.dir>/metadata". Created if missing.
  std::string dir;
  // Once the journal is larger than this, the next commit writes a snapshot and
  // starts an empty journal.
  uint64_t compact_journal_bytes = 4u << 20;
  DirLock lock = DirLock::kProcessLock;
};

// The MetadataStore of a single-node Fluss (`fluss local`, a coordinator without
// ZooKeeper): the tree lives in memory and every committed mutation is appended to
// "<dir>/journal" as one CRC-framed record and fsynced before the call returns, so
// an acknowledged change survives kill -9 and power loss. When the journal grows
// past compact_journal_bytes it is folded into "<dir>/snapshot" (written
// atomically) and emptied. open() loads the snapshot, replays the journal after
// it and cuts a torn or corrupt tail with a warning naming the file and offset.
// Formats: docs/metadata-store.md.
//
// A write that fails on disk leaves the store read-only: every later mutation
// fails with STORAGE_EXCEPTION (the journal's tail is unknown); reopen to recover.
// Thread-safe: one mutex around the tree and the journal; a commit holds it
// through its fsync, so commits are serialized (metadata changes are rare).
class EmbeddedMetadataStore final : public MetadataStore {
 public:
  // `fs` outlives the store. STORAGE_EXCEPTION naming the file for an unreadable
  // or corrupt snapshot, a locked directory, or a failing disk.
  static Result<std::unique_ptr<EmbeddedMetadataStore>> open(storage::FileSystem& fs,
                                                             EmbeddedMetadataStoreOptions options);
  ~EmbeddedMetadataStore() override;

  Result<std::string> create(const std::string& path, std::string_view data,
                             CreateOptions options = {}) override;
  Result<std::optional<NodeData>> get(const std::string& path) const override;
  Result<int32_t> set(const std::string& path, std::string_view data,
                      int32_t expected_version = kAnyVersion) override;
  Status remove(const std::string& path, RemoveMode mode = RemoveMode::kSingle,
                int32_t expected_version = kAnyVersion) override;
  Result<std::vector<std::string>> children(const std::string& path) const override;
  Result<bool> exists(const std::string& path) const override;
  Result<std::vector<MetadataOpResult>> multi(const std::vector<MetadataOp>& ops) override;

  // Writes a snapshot now and empties the journal (also done automatically).
  Status compact();

  // For tests: the journal's current size in bytes.
  uint64_t journal_bytes() const;

 private:
  EmbeddedMetadataStore(storage::FileSystem& fs, EmbeddedMetadataStoreOptions options);
  Status load();
  Status commit_locked(const std::vector<MetadataOp>& ops, std::vector<MetadataOpResult>& results);
  Status compact_locked();
  Status lock_dir();

  storage::FileSystem& fs_;
  const EmbeddedMetadataStoreOptions options_;
  const std::string journal_path_;
  const std::string snapshot_path_;

  mutable std::mutex mu_;
  MetadataTree tree_;                               // guarded by mu_
  std::unique_ptr<storage::WritableFile> journal_;  // guarded by mu_
  uint64_t last_txn_id_ = 0;                        // guarded by mu_
  Status failed_;                                   // guarded by mu_
  int lock_fd_ = -1;
};

}  // namespace fluss::server
