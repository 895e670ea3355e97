// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

#include "storage/fs/file_system.h"

namespace fluss::storage {

// An in-memory FileSystem for tests and fuzzers that breaks things on purpose.
// It keeps, per file, the bytes written and how many of them a sync() made
// durable, so a test can simulate power loss (drop_unsynced_data), a failing
// fsync (inject_sync_error) and a full disk (set_space_limit).
//
// Simplifications: directory operations (create, rename, remove, truncate) are
// durable at once; sync_dir() only reports an injected sync error. Open handles
// keep working after their file is removed or renamed, as on POSIX.
// Thread-safe (one mutex).
class MemFileSystem final : public FileSystem {
 public:
  MemFileSystem();
  ~MemFileSystem() override;

  Status create_dirs(const std::string& dir) override;
  Result<std::vector<std::string>> list(const std::string& dir) const override;
  Result<bool> exists(const std::string& path) const override;
  Result<bool> is_directory(const std::string& path) const override;
  Result<uint64_t> file_size(const std::string& path) const override;
  Result<std::unique_ptr<WritableFile>> open_for_append(const std::string& path) override;
  Result<std::unique_ptr<RandomAccessFile>> open_for_read(const std::string& path) const override;
  Status truncate(const std::string& path, uint64_t size) override;
  Status rename(const std::string& from, const std::string& to) override;
  Status remove(const std::string& path) override;
  Status sync_dir(const std::string& dir) override;

  // Power loss: every file keeps its synced bytes plus at most `torn_bytes` of
  // what followed them (a write cut in the middle).
  void drop_unsynced_data(uint64_t torn_bytes = 0);
  // Every later sync() and sync_dir() fails with `error` (OK clears it). The
  // bytes of a failed sync stay unsynced.
  void inject_sync_error(Status error);
  // Appends that would make the total size of all files exceed `bytes` write
  // what fits and fail with an ENOSPC error (is_no_space()), as write(2) does on
  // a full disk; nullopt removes the limit.
  void set_space_limit(std::optional<uint64_t> bytes);

  // Test helpers: the whole current contents of a file, and replacing it (the new
  // bytes count as synced).
  Result<std::string> contents(const std::string& path) const;
  void set_contents(const std::string& path, std::string_view bytes);
  // Bytes of `path` that a sync made durable.
  Result<uint64_t> synced_size(const std::string& path) const;

  struct FileState;  // shared by the map and open handles

 private:
  friend class MemWritableFile;
  Status check_parent(std::string_view op, const std::string& path) const;
  uint64_t used_bytes() const;

  mutable std::mutex mu_;
  std::set<std::string> dirs_;
  std::map<std::string, std::shared_ptr<FileState>> files_;
  Status sync_error_;
  std::optional<uint64_t> space_limit_;
};

}  // namespace fluss::storage
