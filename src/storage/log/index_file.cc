// SPDX-License-Identifier: Apache-2.0
#include "storage/log/index_file.h"

namespace fluss::storage {

Status corrupt_index(const std::string& path, std::string_view what) {
  return make_error(ErrorCode::kCorruptRecordException, "index file {}: {}", path, what);
}

Status log_storage_error(const Status& status) {
  if (!status.is(ErrorCode::kStorageException)) return status;
  return Status(ErrorCode::kLogStorageException, std::string(status.message()));
}

Result<std::unique_ptr<WritableFile>> reopen_truncated(FileSystem& fs, const std::string& path,
                                                       std::unique_ptr<WritableFile> file,
                                                       uint64_t size) {
  if (file != nullptr) FLUSS_RETURN_IF_ERROR(log_storage_error(file->close()));
  file.reset();
  FLUSS_RETURN_IF_ERROR(log_storage_error(fs.truncate(path, size)));
  auto reopened = fs.open_for_append(path);
  if (!reopened.ok()) return log_storage_error(reopened.status());
  return std::move(reopened).value();
}

}  // namespace fluss::storage
