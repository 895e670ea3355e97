// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"

namespace fluss::storage {

// A file opened for appending (a log segment, an index, a checkpoint being
// written). Bytes appended are durable only after sync() returns OK. One owner;
// not thread-safe.
class WritableFile {
 public:
  virtual ~WritableFile() = default;

  // Appends all of `data` at the end of the file.
  virtual Status append(ByteView data) = 0;
  // Makes every byte appended so far durable (fdatasync).
  virtual Status sync() = 0;
  // Size of the file including bytes not yet synced.
  virtual uint64_t size() const = 0;
  // Closes the file without syncing it; further calls are errors. The destructor
  // closes too, ignoring errors.
  virtual Status close() = 0;
};

// A file opened for positional reads. read_at() is safe from several threads.
class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;

  // Replaces the contents of `out` with up to `n` bytes read at `offset`; fewer
  // bytes only at the end of the file (none at or past it).
  virtual Status read_at(uint64_t offset, size_t n, ByteBuffer& out) const = 0;
  // The current size of the file (it may grow while open).
  virtual Result<uint64_t> size() const = 0;
  // The OS file descriptor, for sendfile(); nullopt for files not backed by one.
  virtual std::optional<int> native_handle() const { return std::nullopt; }
};

// The narrow file system the storage engine runs on: PosixFileSystem in
// production, MemFileSystem (mem_file_system.h) in tests, where it simulates
// crashes that lose unsynced bytes. Paths are absolute, '/'-separated.
//
// Errors are STORAGE_EXCEPTION with a message naming the operation, the path
// and the OS error ("append /d/0.log: No space left on device [ENOSPC]");
// is_no_space() recognises a full disk. Implementations are thread-safe.
class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // Creates `dir` and its missing parents; OK if it exists.
  virtual Status create_dirs(const std::string& dir) = 0;
  // Names (not paths) of the entries of `dir`, sorted.
  virtual Result<std::vector<std::string>> list(const std::string& dir) const = 0;
  virtual Result<bool> exists(const std::string& path) const = 0;
  // Whether `path` is a directory; false if it is missing or a file.
  virtual Result<bool> is_directory(const std::string& path) const = 0;
  virtual Result<uint64_t> file_size(const std::string& path) const = 0;

  // Opens `path` for appending, creating it (empty) if missing; its directory
  // must exist.
  virtual Result<std::unique_ptr<WritableFile>> open_for_append(const std::string& path) = 0;
  // Opens an existing file for positional reads.
  virtual Result<std::unique_ptr<RandomAccessFile>> open_for_read(
      const std::string& path) const = 0;

  // Cuts `path` to `size` bytes (which must not exceed its size).
  virtual Status truncate(const std::string& path, uint64_t size) = 0;
  // Atomically replaces `to` (if it exists) with `from`.
  virtual Status rename(const std::string& from, const std::string& to) = 0;
  // Removes a file or an empty directory.
  virtual Status remove(const std::string& path) = 0;
  // Makes the entries of `dir` (created, renamed, removed files) durable.
  virtual Status sync_dir(const std::string& dir) = 0;
};

// Replaces `path` with `bytes` so that a crash leaves either the old or the new
// contents: writes "<path>.tmp", syncs it, renames it over `path` and syncs the
// directory.
Status write_file_atomically(FileSystem& fs, const std::string& path, ByteView bytes);

// Removes `path` and, if it is a directory, everything under it; OK if missing.
Status remove_recursively(FileSystem& fs, const std::string& path);

// Reads the whole of `path` into `out`.
Status read_file(const FileSystem& fs, const std::string& path, ByteBuffer& out);

// True for the error of a write that failed because the disk is full (ENOSPC),
// also after a layer above changed its code.
bool is_no_space(const Status& status);

// "<dir>/<name>"; the directory part of a path ("/a/b" -> "/a").
std::string join_path(std::string_view dir, std::string_view name);
std::string parent_dir(std::string_view path);

}  // namespace fluss::storage
