// SPDX-License-Identifier: Apache-2.0
#include "storage/fs/mem_file_system.h"

#include <algorithm>

namespace fluss::storage {

struct MemFileSystem::FileState {
  std::string data;
  uint64_t synced = 0;  // invariant: synced <= data.size()
};

namespace {

Status not_found(std::string_view op, std::string_view path) {
  return make_error(ErrorCode::kStorageException, "{} {}: No such file or directory [ENOENT]", op,
                    path);
}

// "/a/b/" -> "/a/b"; "/" stays.
std::string normalize(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return std::string(path);
}

class MemRandomAccessFile final : public RandomAccessFile {
 public:
  MemRandomAccessFile(std::mutex& mu, std::shared_ptr<MemFileSystem::FileState> file)
      : mu_(mu), file_(std::move(file)) {}

  Status read_at(uint64_t offset, size_t n, ByteBuffer& out) const override {
    std::lock_guard lock(mu_);
    out.clear();
    if (offset >= file_->data.size()) return Status::OK();
    const size_t take = std::min<uint64_t>(n, file_->data.size() - offset);
    out.append(std::string_view(file_->data).substr(offset, take));
    return Status::OK();
  }

  Result<uint64_t> size() const override {
    std::lock_guard lock(mu_);
    return static_cast<uint64_t>(file_->data.size());
  }

 private:
  std::mutex& mu_;  // the file system's; it outlives its files
  std::shared_ptr<MemFileSystem::FileState> file_;
};

}  // namespace

class MemWritableFile final : public WritableFile {
 public:
  MemWritableFile(MemFileSystem& fs, std::string path,
                  std::shared_ptr<MemFileSystem::FileState> file)
      : fs_(fs), path_(std::move(path)), file_(std::move(file)) {}

  Status append(ByteView data) override {
    if (file_ == nullptr) return closed("append");
    std::lock_guard lock(fs_.mu_);
    if (fs_.space_limit_ && fs_.used_bytes() + data.size() > *fs_.space_limit_) {
      // Like write(2) on a full disk: what fits lands, then ENOSPC.
      const uint64_t room = *fs_.space_limit_ - std::min(*fs_.space_limit_, fs_.used_bytes());
      file_->data.append(as_string_view(data.first(static_cast<size_t>(room))));
      return make_error(ErrorCode::kStorageException, "append {}: No space left on device [ENOSPC]",
                        path_);
    }
    file_->data.append(as_string_view(data));
    return Status::OK();
  }

  Status sync() override {
    if (file_ == nullptr) return closed("sync");
    std::lock_guard lock(fs_.mu_);
    if (!fs_.sync_error_.ok()) return fs_.sync_error_.with_context("sync " + path_);
    file_->synced = file_->data.size();
    return Status::OK();
  }

  uint64_t size() const override {
    if (file_ == nullptr) return 0;
    std::lock_guard lock(fs_.mu_);
    return file_->data.size();
  }

  Status close() override {
    file_.reset();
    return Status::OK();
  }

 private:
  Status closed(std::string_view op) const {
    return make_error(ErrorCode::kStorageException, "{} {}: file is closed", op, path_);
  }

  MemFileSystem& fs_;  // outlives its files
  std::string path_;
  std::shared_ptr<MemFileSystem::FileState> file_;
};

MemFileSystem::MemFileSystem() { dirs_.insert("/"); }
MemFileSystem::~MemFileSystem() = default;

Status MemFileSystem::check_parent(std::string_view op, const std::string& path) const {
  const std::string parent = parent_dir(path);
  if (dirs_.contains(parent)) return Status::OK();
  return not_found(op, path);
}

uint64_t MemFileSystem::used_bytes() const {
  uint64_t total = 0;
  for (const auto& [path, file] : files_) total += file->data.size();
  return total;
}

Status MemFileSystem::create_dirs(const std::string& dir_in) {
  const std::string dir = normalize(dir_in);
  std::lock_guard lock(mu_);
  for (size_t i = 1; i <= dir.size(); ++i) {
    if (i != dir.size() && dir[i] != '/') continue;
    const std::string prefix = dir.substr(0, i);
    if (files_.contains(prefix)) {
      return make_error(ErrorCode::kStorageException,
                        "create directory {}: Not a directory [ENOTDIR]", prefix);
    }
    dirs_.insert(prefix);
  }
  return Status::OK();
}

Result<std::vector<std::string>> MemFileSystem::list(const std::string& dir_in) const {
  const std::string dir = normalize(dir_in);
  std::lock_guard lock(mu_);
  if (!dirs_.contains(dir)) return not_found("list", dir);
  const std::string prefix = dir == "/" ? dir : dir + "/";
  std::vector<std::string> names;
  auto add_children = [&](const std::string& path) {
    if (path.size() > prefix.size() && path.starts_with(prefix) &&
        path.find('/', prefix.size()) == std::string::npos) {
      names.push_back(path.substr(prefix.size()));
    }
  };
  for (const auto& d : dirs_) add_children(d);
  for (const auto& [path, file] : files_) add_children(path);
  std::sort(names.begin(), names.end());
  return names;
}

Result<bool> MemFileSystem::exists(const std::string& path) const {
  std::lock_guard lock(mu_);
  const std::string p = normalize(path);
  return files_.contains(p) || dirs_.contains(p);
}

Result<bool> MemFileSystem::is_directory(const std::string& path) const {
  std::lock_guard lock(mu_);
  return dirs_.contains(normalize(path));
}

Result<uint64_t> MemFileSystem::file_size(const std::string& path) const {
  std::lock_guard lock(mu_);
  auto it = files_.find(path);
  if (it == files_.end()) return not_found("stat", path);
  return static_cast<uint64_t>(it->second->data.size());
}

Result<std::unique_ptr<WritableFile>> MemFileSystem::open_for_append(const std::string& path) {
  std::lock_guard lock(mu_);
  FLUSS_RETURN_IF_ERROR(check_parent("open", path));
  if (dirs_.contains(path)) {
    return make_error(ErrorCode::kStorageException, "open {}: Is a directory [EISDIR]", path);
  }
  auto& file = files_[path];
  if (file == nullptr) file = std::make_shared<FileState>();
  return std::unique_ptr<WritableFile>(new MemWritableFile(*this, path, file));
}

Result<std::unique_ptr<RandomAccessFile>> MemFileSystem::open_for_read(
    const std::string& path) const {
  std::lock_guard lock(mu_);
  auto it = files_.find(path);
  if (it == files_.end()) return not_found("open", path);
  return std::unique_ptr<RandomAccessFile>(new MemRandomAccessFile(mu_, it->second));
}

Status MemFileSystem::truncate(const std::string& path, uint64_t size) {
  std::lock_guard lock(mu_);
  auto it = files_.find(path);
  if (it == files_.end()) return not_found("truncate", path);
  FileState& file = *it->second;
  if (size > file.data.size()) {
    return make_error(ErrorCode::kStorageException,
                      "truncate {}: size {} exceeds the file's {} bytes", path, size,
                      file.data.size());
  }
  file.data.resize(size);
  file.synced = std::min(file.synced, size);
  return Status::OK();
}

Status MemFileSystem::rename(const std::string& from, const std::string& to) {
  std::lock_guard lock(mu_);
  auto it = files_.find(from);
  if (it == files_.end()) return not_found("rename", fmt::format("{} -> {}", from, to));
  FLUSS_RETURN_IF_ERROR(check_parent("rename", to));
  if (dirs_.contains(to)) {
    return make_error(ErrorCode::kStorageException, "rename {} -> {}: Is a directory [EISDIR]",
                      from, to);
  }
  auto file = it->second;
  files_.erase(it);
  files_[to] = std::move(file);
  return Status::OK();
}

Status MemFileSystem::remove(const std::string& path_in) {
  const std::string path = normalize(path_in);
  std::lock_guard lock(mu_);
  if (files_.erase(path) == 1) return Status::OK();
  if (!dirs_.contains(path)) return not_found("remove", path);
  const std::string prefix = path + "/";
  auto child = [&](const std::string& p) { return p.starts_with(prefix); };
  if (std::any_of(dirs_.begin(), dirs_.end(), child) ||
      std::any_of(files_.begin(), files_.end(), [&](const auto& f) { return child(f.first); })) {
    return make_error(ErrorCode::kStorageException, "remove {}: Directory not empty [ENOTEMPTY]",
                      path);
  }
  dirs_.erase(path);
  return Status::OK();
}

Status MemFileSystem::sync_dir(const std::string& dir) {
  std::lock_guard lock(mu_);
  if (!dirs_.contains(normalize(dir))) return not_found("sync directory", dir);
  if (!sync_error_.ok()) return sync_error_.with_context("sync directory " + dir);
  return Status::OK();
}

void MemFileSystem::drop_unsynced_data(uint64_t torn_bytes) {
  std::lock_guard lock(mu_);
  for (auto& [path, file] : files_) {
    file->data.resize(std::min<uint64_t>(file->data.size(), file->synced + torn_bytes));
    file->synced = file->data.size();
  }
}

void MemFileSystem::inject_sync_error(Status error) {
  std::lock_guard lock(mu_);
  sync_error_ = std::move(error);
}

void MemFileSystem::set_space_limit(std::optional<uint64_t> bytes) {
  std::lock_guard lock(mu_);
  space_limit_ = bytes;
}

Result<std::string> MemFileSystem::contents(const std::string& path) const {
  std::lock_guard lock(mu_);
  auto it = files_.find(path);
  if (it == files_.end()) return not_found("read", path);
  return it->second->data;
}

void MemFileSystem::set_contents(const std::string& path, std::string_view bytes) {
  std::lock_guard lock(mu_);
  auto& file = files_[path];
  file = std::make_shared<FileState>();
  file->data.assign(bytes);
  file->synced = file->data.size();
}

Result<uint64_t> MemFileSystem::synced_size(const std::string& path) const {
  std::lock_guard lock(mu_);
  auto it = files_.find(path);
  if (it == files_.end()) return not_found("stat", path);
  return it->second->synced;
}

}  // namespace fluss::storage
