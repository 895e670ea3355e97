// SPDX-License-Identifier: Apache-2.0
#include "storage/fs/file_system.h"

namespace fluss::storage {

Status write_file_atomically(FileSystem& fs, const std::string& path, ByteView bytes) {
  const std::string tmp = path + ".tmp";
  if (auto exists = fs.exists(tmp); exists.ok() && *exists) {
    FLUSS_RETURN_IF_ERROR(fs.remove(tmp));  // a leftover of an earlier crash
  }
  {
    FLUSS_ASSIGN_OR_RETURN(auto file, fs.open_for_append(tmp));
    FLUSS_RETURN_IF_ERROR(file->append(bytes));
    FLUSS_RETURN_IF_ERROR(file->sync());
    FLUSS_RETURN_IF_ERROR(file->close());
  }
  FLUSS_RETURN_IF_ERROR(fs.rename(tmp, path));
  return fs.sync_dir(parent_dir(path));
}

Status remove_recursively(FileSystem& fs, const std::string& path) {
  FLUSS_ASSIGN_OR_RETURN(bool exists, fs.exists(path));
  if (!exists) return Status::OK();
  FLUSS_ASSIGN_OR_RETURN(bool is_dir, fs.is_directory(path));
  if (is_dir) {
    FLUSS_ASSIGN_OR_RETURN(auto names, fs.list(path));
    for (const auto& name : names) {
      FLUSS_RETURN_IF_ERROR(remove_recursively(fs, join_path(path, name)));
    }
  }
  return fs.remove(path);
}

Status read_file(const FileSystem& fs, const std::string& path, ByteBuffer& out) {
  FLUSS_ASSIGN_OR_RETURN(auto file, fs.open_for_read(path));
  FLUSS_ASSIGN_OR_RETURN(uint64_t size, file->size());
  return file->read_at(0, size, out);
}

bool is_no_space(const Status& status) {
  return !status.ok() && status.message().find("[ENOSPC]") != std::string_view::npos;
}

std::string join_path(std::string_view dir, std::string_view name) {
  std::string path(dir);
  if (path.empty() || path.back() != '/') path.push_back('/');
  path.append(name);
  return path;
}

std::string parent_dir(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string_view::npos) return ".";
  if (slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

}  // namespace fluss::storage
