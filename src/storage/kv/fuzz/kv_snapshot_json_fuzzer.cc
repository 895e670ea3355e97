// SPDX-License-Identifier: Apache-2.0
// Parses arbitrary bytes as a kv snapshot _METADATA document. Must never crash; whatever
// parses must survive a write/read round trip unchanged, and its local paths must be
// plain file names.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "storage/kv/kv_snapshot.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fluss;
  using namespace fluss::storage;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<CompletedSnapshot> snapshot = completed_snapshot_from_json(text, "fuzz");
  if (!snapshot.ok()) return 0;
  for (const auto* files : {&snapshot->kv_snapshot_handle.shared_file_handles,
                            &snapshot->kv_snapshot_handle.private_file_handles}) {
    for (const KvFileHandleAndLocalPath& f : *files) {
      if (f.local_path.empty() || f.local_path.find('/') != std::string::npos) abort();
    }
  }
  const std::string written = to_json(*snapshot);
  Result<CompletedSnapshot> reread = completed_snapshot_from_json(written, "fuzz");
  if (!reread.ok() || !(*reread == *snapshot) || to_json(*reread) != written) abort();
  return 0;
}
