// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"
#include "server/metadata/metadata_store.h"
#include "server/metadata/metadata_tree.h"

namespace fluss::server {

// The byte formats of EmbeddedMetadataStore's files (docs/metadata-store.md): the
// journal, a sequence of CRC-framed transaction records, and the snapshot, the
// whole tree with a trailing CRC. Readers take untrusted bytes. Thread-safe (no state).

// One committed transaction: its number (1, 2, ... in commit order) and its ops.
struct JournalRecord {
  uint64_t txn_id = 0;
  std::vector<MetadataOp> ops;

  friend bool operator==(const JournalRecord&, const JournalRecord&) = default;
};

// Largest payload a journal record may declare; anything larger is corrupt.
inline constexpr uint32_t kMaxJournalRecordBytes = 64u << 20;

// Appends the framed record to `out`.
void encode_journal_record(const JournalRecord& record, ByteBuffer& out);

// The records of a journal, up to the first one that is torn or corrupt.
struct JournalScan {
  std::vector<JournalRecord> records;
  // Bytes of whole, valid records from the start; the rest is to be cut.
  uint64_t valid_bytes = 0;
  // Why the scan stopped before the end (STORAGE_EXCEPTION naming `file` and the
  // offset), OK if every byte was read.
  Status tail_error;
};
JournalScan scan_journal(ByteView bytes, std::string_view file);

// A snapshot: every node of `tree` and the number of the last transaction it holds.
void encode_snapshot(const MetadataTree& tree, uint64_t last_txn_id, ByteBuffer& out);

struct SnapshotContents {
  MetadataTree tree;
  uint64_t last_txn_id = 0;
};
// STORAGE_EXCEPTION naming `file` and what is wrong (magic, version, CRC, a length
// past the end, a node before its parent, ...).
Result<SnapshotContents> decode_snapshot(ByteView bytes, std::string_view file);

}  // namespace fluss::server
