// SPDX-License-Identifier: Apache-2.0
// Feeds arbitrary bytes to the embedded metadata store's readers: as a journal
// (scanned and replayed into a tree, as open() does) and as a snapshot; and to the
// znode JSON readers (zk_data.h: what a ZooKeeper store hands back). Must never
// crash; what decodes must re-encode to the same bytes (journal) or to a stable
// form (snapshot, JSON documents).
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

  // The znode documents: every reader must fail cleanly or round-trip.
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  if (Result<CoordinatorAddress> address = coordinator_address_from_json(json); address.ok()) {
    Result<CoordinatorAddress> again = coordinator_address_from_json(to_json(*address));
    if (!again.ok() || !(*again == *address)) abort();
  }
  if (Result<TabletServerRegistration> server = tablet_server_registration_from_json(json);
      server.ok()) {
    Result<TabletServerRegistration> again = tablet_server_registration_from_json(to_json(*server));
    if (!again.ok() || again->listeners != server->listeners) abort();
  }
  if (Result<LeaderAndIsr> leader = leader_and_isr_from_json(json); leader.ok()) {
    Result<LeaderAndIsr> again = leader_and_isr_from_json(to_json(*leader));
    if (!again.ok() || !(*again == *leader)) abort();
  }
  database_registration_from_json(json).status().ignore_error();
  table_registration_from_json(json).status().ignore_error();
  partition_registration_from_json(json).status().ignore_error();
  table_assignment_from_json(json).status().ignore_error();
  partition_assignment_from_json(json).status().ignore_error();
  return 0;
}
