// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>

#include "storage/fs/file_system.h"

namespace fluss::storage {

// Shared by OffsetIndex and TimeIndex: the error of a corrupt index file, and
// cutting an index file to `size` bytes and reopening it for append.
Status corrupt_index(const std::string& path, std::string_view what);
Result<std::unique_ptr<WritableFile>> reopen_truncated(FileSystem& fs, const std::string& path,
                                                       std::unique_ptr<WritableFile> file,
                                                       uint64_t size);
// The storage error `status` as LOG_STORAGE_EXCEPTION (the log's code for disk
// failures), message kept.
Status log_storage_error(const Status& status);

}  // namespace fluss::storage
