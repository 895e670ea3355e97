// SPDX-License-Identifier: Apache-2.0
// Feeds arbitrary bytes to the metadata readers: the embedded store's journal
// (scanned and replayed into a tree, as open() does) and snapshot, and every JSON
// document of zk_data.h (what a ZooKeeper store hands back as written by anyone).
// Must never crash; what decodes must re-encode to the same bytes (journal) or to
// a stable form (snapshot, JSON documents).
#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include "server/metadata/metadata_journal.h"
#include "server/metadata/zk_data.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fluss;
  using namespace fluss::server;
  const ByteView bytes(data, size);

  JournalScan scan = scan_journal(bytes, "fuzz/journal");
  if (scan.valid_bytes > size) abort();
  ByteBuffer reencoded;
  MetadataTree tree;
  for (const JournalRecord& record : scan.records) {
    encode_journal_record(record, reencoded);
    tree.apply(record.ops).status().ignore_error();
  }
  if (reencoded.size() != scan.valid_bytes ||
      !std::equal(reencoded.view().begin(), reencoded.view().end(), data)) {
    abort();
  }
  ByteBuffer snapshot;
  encode_snapshot(tree, scan.records.size(), snapshot);
  Result<SnapshotContents> reread = decode_snapshot(snapshot.view(), "fuzz/reencoded");
  if (!reread.ok() || reread->tree.node_count() != tree.node_count()) abort();

  Result<SnapshotContents> contents = decode_snapshot(bytes, "fuzz/snapshot");
  if (contents.ok()) {
    // Sibling order may differ from ours; a second round trip must be stable.
    ByteBuffer once;
    encode_snapshot(contents->tree, contents->last_txn_id, once);
    Result<SnapshotContents> again = decode_snapshot(once.view(), "fuzz/once");
    if (!again.ok()) abort();
    ByteBuffer twice;
    encode_snapshot(again->tree, again->last_txn_id, twice);
    if (once.string_view() != twice.string_view()) abort();
  }

  // A JSON document that decodes re-encodes to one that decodes to the same value.
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto stable = [](const auto& decoded, auto decode) {
    if (!decoded.ok()) return;
    auto again = decode(to_json(*decoded));
    if (!again.ok() || !(*again == *decoded)) abort();
  };
  stable(coordinator_address_from_json(text), coordinator_address_from_json);
  stable(tablet_server_registration_from_json(text), tablet_server_registration_from_json);
  stable(leader_and_isr_from_json(text), leader_and_isr_from_json);
  stable(table_assignment_from_json(text), table_assignment_from_json);
  stable(partition_assignment_from_json(text), partition_assignment_from_json);
  stable(partition_registration_from_json(text), partition_registration_from_json);
  database_registration_from_json(text).status().ignore_error();
  table_registration_from_json(text).status().ignore_error();
  decode_coordinator_epoch(text).status().ignore_error();
  return 0;
}
