// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "storage/fs/file_system.h"

namespace fluss::storage {

// The FileSystem of a real disk, through POSIX calls (pwrite/pread/fdatasync).
// errno becomes STORAGE_EXCEPTION naming the call's path and strerror, with the
// errno name in brackets ("[ENOSPC]", see is_no_space()). Stateless and
// thread-safe.
class PosixFileSystem final : public FileSystem {
 public:
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
};

// STORAGE_EXCEPTION "<op> <path>: <strerror> [<ERRNO NAME>]" for `error` (an errno).
Status posix_error(std::string_view op, std::string_view path, int error);

}  // namespace fluss::storage
