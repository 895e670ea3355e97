// SPDX-License-Identifier: Apache-2.0
#include "storage/fs/posix_file_system.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fluss::storage {
namespace {

std::string_view errno_name(int error) {
  switch (error) {
    case ENOSPC:
      return "ENOSPC";
    case ENOENT:
      return "ENOENT";
    case EEXIST:
      return "EEXIST";
    case EACCES:
      return "EACCES";
    case EIO:
      return "EIO";
    case ENOTDIR:
      return "ENOTDIR";
    case EISDIR:
      return "EISDIR";
    case ENOTEMPTY:
      return "ENOTEMPTY";
    case EDQUOT:
      return "EDQUOT";
    case EROFS:
      return "EROFS";
    case EBADF:
      return "EBADF";
    case EINVAL:
      return "EINVAL";
    default:
      return "";
  }
}

class PosixWritableFile final : public WritableFile {
 public:
  PosixWritableFile(std::string path, int fd, uint64_t size)
      : path_(std::move(path)), fd_(fd), size_(size) {}
  ~PosixWritableFile() override { close().ignore_error(); }

  Status append(ByteView data) override {
    if (fd_ < 0) return closed("append");
    while (!data.empty()) {
      const ssize_t n = ::write(fd_, data.data(), data.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return posix_error("append", path_, errno);
      }
      data = data.subspan(static_cast<size_t>(n));
      size_ += static_cast<uint64_t>(n);
    }
    return Status::OK();
  }

  Status sync() override {
    if (fd_ < 0) return closed("sync");
    if (::fdatasync(fd_) != 0) return posix_error("sync", path_, errno);
    return Status::OK();
  }

  uint64_t size() const override { return size_; }

  Status close() override {
    if (fd_ < 0) return Status::OK();
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) return posix_error("close", path_, errno);
    return Status::OK();
  }

 private:
  Status closed(std::string_view op) const {
    return make_error(ErrorCode::kStorageException, "{} {}: file is closed", op, path_);
  }

  std::string path_;
  int fd_;
  uint64_t size_;
};

class PosixRandomAccessFile final : public RandomAccessFile {
 public:
  PosixRandomAccessFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~PosixRandomAccessFile() override { ::close(fd_); }

  Status read_at(uint64_t offset, size_t n, ByteBuffer& out) const override {
    out.resize(n);
    size_t done = 0;
    while (done < n) {
      const ssize_t r =
          ::pread(fd_, out.data() + done, n - done, static_cast<off_t>(offset + done));
      if (r < 0) {
        if (errno == EINTR) continue;
        out.clear();
        return posix_error("read", path_, errno);
      }
      if (r == 0) break;  // end of file
      done += static_cast<size_t>(r);
    }
    out.resize(done);
    return Status::OK();
  }

  Result<uint64_t> size() const override {
    struct stat st;
    if (::fstat(fd_, &st) != 0) return posix_error("stat", path_, errno);
    return static_cast<uint64_t>(st.st_size);
  }

  std::optional<int> native_handle() const override { return fd_; }

 private:
  std::string path_;
  int fd_;
};

}  // namespace

Status posix_error(std::string_view op, std::string_view path, int error) {
  const std::string_view name = errno_name(error);
  if (name.empty()) {
    return make_error(ErrorCode::kStorageException, "{} {}: {} [errno {}]", op, path,
                      std::strerror(error), error);
  }
  return make_error(ErrorCode::kStorageException, "{} {}: {} [{}]", op, path, std::strerror(error),
                    name);
}

Status PosixFileSystem::create_dirs(const std::string& dir) {
  // mkdir each prefix in turn; EEXIST on a directory is fine.
  for (size_t i = 1; i <= dir.size(); ++i) {
    if (i != dir.size() && dir[i] != '/') continue;
    const std::string prefix = dir.substr(0, i);
    if (::mkdir(prefix.c_str(), 0755) == 0) continue;
    const int error = errno;
    struct stat st;
    if (error == EEXIST && ::stat(prefix.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) continue;
    return posix_error("create directory", prefix, error == EEXIST ? ENOTDIR : error);
  }
  return Status::OK();
}

Result<std::vector<std::string>> PosixFileSystem::list(const std::string& dir) const {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return posix_error("list", dir, errno);
  std::vector<std::string> names;
  errno = 0;
  while (const dirent* entry = ::readdir(d)) {
    const std::string_view name = entry->d_name;
    if (name != "." && name != "..") names.emplace_back(name);
  }
  const int error = errno;
  ::closedir(d);
  if (error != 0) return posix_error("list", dir, error);
  std::sort(names.begin(), names.end());
  return names;
}

Result<bool> PosixFileSystem::exists(const std::string& path) const {
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) return true;
  if (errno == ENOENT || errno == ENOTDIR) return false;
  return posix_error("stat", path, errno);
}

Result<bool> PosixFileSystem::is_directory(const std::string& path) const {
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) return S_ISDIR(st.st_mode);
  if (errno == ENOENT || errno == ENOTDIR) return false;
  return posix_error("stat", path, errno);
}

Result<uint64_t> PosixFileSystem::file_size(const std::string& path) const {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return posix_error("stat", path, errno);
  return static_cast<uint64_t>(st.st_size);
}

Result<std::unique_ptr<WritableFile>> PosixFileSystem::open_for_append(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return posix_error("open", path, errno);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    const int error = errno;
    ::close(fd);
    return posix_error("stat", path, error);
  }
  return std::unique_ptr<WritableFile>(
      new PosixWritableFile(path, fd, static_cast<uint64_t>(st.st_size)));
}

Result<std::unique_ptr<RandomAccessFile>> PosixFileSystem::open_for_read(
    const std::string& path) const {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return posix_error("open", path, errno);
  return std::unique_ptr<RandomAccessFile>(new PosixRandomAccessFile(path, fd));
}

Status PosixFileSystem::truncate(const std::string& path, uint64_t size) {
  FLUSS_ASSIGN_OR_RETURN(uint64_t current, file_size(path));
  if (size > current) {
    return make_error(ErrorCode::kStorageException,
                      "truncate {}: size {} exceeds the file's {} bytes", path, size, current);
  }
  if (::truncate(path.c_str(), static_cast<off_t>(size)) != 0) {
    return posix_error("truncate", path, errno);
  }
  return Status::OK();
}

Status PosixFileSystem::rename(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) {
    return posix_error("rename", fmt::format("{} -> {}", from, to), errno);
  }
  return Status::OK();
}

Status PosixFileSystem::remove(const std::string& path) {
  if (::remove(path.c_str()) != 0) return posix_error("remove", path, errno);
  return Status::OK();
}

Status PosixFileSystem::sync_dir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return posix_error("open directory", dir, errno);
  const int r = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (r != 0) return posix_error("sync directory", dir, error);
  return Status::OK();
}

}  // namespace fluss::storage
