// SPDX-License-Identifier: Apache-2.0
#include "server/metadata/metadata_journal.h"

#include <fmt/format.h>

#include <utility>

#include "common/crc32c.h"

namespace fluss::server {
namespace {

constexpr std::string_view kSnapshotMagic = "FLSMETA1";
constexpr uint32_t kSnapshotFormatVersion = 1;
constexpr size_t kRecordHeaderBytes = 8;  // u32 length, u32 crc

constexpr uint8_t kFlagSequential = 1;
constexpr uint8_t kFlagParents = 2;
constexpr uint8_t kFlagRecursive = 4;

void append_string(ByteBuffer& out, std::string_view s) {
  out.append_le<uint32_t>(static_cast<uint32_t>(s.size()));
  out.append(s);
}

Result<std::string> read_string(ByteReader& reader) {
  FLUSS_ASSIGN_OR_RETURN(uint32_t n, reader.read_le<uint32_t>());
  FLUSS_ASSIGN_OR_RETURN(ByteView bytes, reader.read_bytes(n));
  return std::string(as_string_view(bytes));
}

Result<MetadataOp> read_op(ByteReader& reader) {
  MetadataOp op;
  FLUSS_ASSIGN_OR_RETURN(uint8_t kind, reader.read_u8());
  if (kind < 1 || kind > 4) return reader.error(fmt::format("unknown op kind {}", kind));
  op.kind = static_cast<MetadataOp::Kind>(kind);
  FLUSS_ASSIGN_OR_RETURN(uint8_t flags, reader.read_u8());
  if ((flags & ~(kFlagSequential | kFlagParents | kFlagRecursive)) != 0) {
    return reader.error(fmt::format("unknown op flags {:#x}", flags));
  }
  op.create_options.mode =
      (flags & kFlagSequential) ? CreateMode::kPersistentSequential : CreateMode::kPersistent;
  op.create_options.parents = (flags & kFlagParents) ? CreateParents::kYes : CreateParents::kNo;
  op.remove_mode = (flags & kFlagRecursive) ? RemoveMode::kRecursive : RemoveMode::kSingle;
  FLUSS_ASSIGN_OR_RETURN(op.version, reader.read_le<int32_t>());
  FLUSS_ASSIGN_OR_RETURN(op.path, read_string(reader));
  FLUSS_ASSIGN_OR_RETURN(op.data, read_string(reader));
  return op;
}

Result<JournalRecord> decode_payload(ByteView payload, const std::string& context) {
  ByteReader reader(payload, ErrorCode::kStorageException, context);
  JournalRecord record;
  FLUSS_ASSIGN_OR_RETURN(record.txn_id, reader.read_le<uint64_t>());
  FLUSS_ASSIGN_OR_RETURN(uint32_t count, reader.read_le<uint32_t>());
  // Each op takes at least 14 bytes: a count beyond that is a lie.
  if (count > reader.remaining() / 14) {
    return reader.error(fmt::format("{} ops cannot fit in {} bytes", count, reader.remaining()));
  }
  record.ops.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    FLUSS_ASSIGN_OR_RETURN(MetadataOp op, read_op(reader));
    record.ops.push_back(std::move(op));
  }
  if (!reader.at_end()) {
    return reader.error(fmt::format("{} bytes after the last op", reader.remaining()));
  }
  return record;
}

}  // namespace

void encode_journal_record(const JournalRecord& record, ByteBuffer& out) {
  ByteBuffer payload;
  payload.append_le<uint64_t>(record.txn_id);
  payload.append_le<uint32_t>(static_cast<uint32_t>(record.ops.size()));
  for (const MetadataOp& op : record.ops) {
    payload.append_u8(static_cast<uint8_t>(op.kind));
    uint8_t flags = 0;
    if (op.create_options.mode == CreateMode::kPersistentSequential) flags |= kFlagSequential;
    if (op.create_options.parents == CreateParents::kYes) flags |= kFlagParents;
    if (op.remove_mode == RemoveMode::kRecursive) flags |= kFlagRecursive;
    payload.append_u8(flags);
    payload.append_le<int32_t>(op.version);
    append_string(payload, op.path);
    append_string(payload, op.data);
  }
  out.append_le<uint32_t>(static_cast<uint32_t>(payload.size()));
  out.append_le<uint32_t>(crc32c(payload.view()));
  out.append(payload.view());
}

JournalScan scan_journal(ByteView bytes, std::string_view file) {
  JournalScan scan;
  uint64_t offset = 0;
  auto stop = [&](std::string_view why) {
    scan.tail_error = make_error(ErrorCode::kStorageException,
                                 "metadata journal {}: record at offset {}: {}", file, offset, why);
  };
  while (offset < bytes.size()) {
    const uint64_t left = bytes.size() - offset;
    if (left < kRecordHeaderBytes) {
      stop(fmt::format("torn header ({} of {} bytes)", left, kRecordHeaderBytes));
      break;
    }
    const uint32_t length = load_le<uint32_t>(bytes.data() + offset);
    const uint32_t crc = load_le<uint32_t>(bytes.data() + offset + 4);
    if (length > kMaxJournalRecordBytes) {
      stop(fmt::format("length {} exceeds the limit of {}", length, kMaxJournalRecordBytes));
      break;
    }
    if (length > left - kRecordHeaderBytes) {
      stop(fmt::format("torn payload ({} of {} bytes)", left - kRecordHeaderBytes, length));
      break;
    }
    ByteView payload = bytes.subspan(offset + kRecordHeaderBytes, length);
    const uint32_t actual = crc32c(payload);
    if (actual != crc) {
      stop(fmt::format("CRC {:#010x} does not match the stored {:#010x}", actual, crc));
      break;
    }
    Result<JournalRecord> record = decode_payload(
        payload, fmt::format("metadata journal {}: record at offset {}", file, offset));
    if (!record.ok()) {
      scan.tail_error = record.status();
      break;
    }
    scan.records.push_back(std::move(record).value());
    offset += kRecordHeaderBytes + length;
  }
  scan.valid_bytes = offset;
  return scan;
}

namespace {

void encode_node(const MetadataTree::Node& node, const std::string& path, ByteBuffer& out) {
  append_string(out, path);
  append_string(out, node.data);
  out.append_le<int32_t>(node.version);
  out.append_le<int64_t>(node.sequence);
  for (const auto& [name, child] : node.children) {
    encode_node(*child, path == "/" ? "/" + name : path + "/" + name, out);
  }
}

}  // namespace

void encode_snapshot(const MetadataTree& tree, uint64_t last_txn_id, ByteBuffer& out) {
  const size_t start = out.size();
  out.append(kSnapshotMagic);
  out.append_le<uint32_t>(kSnapshotFormatVersion);
  out.append_le<uint64_t>(last_txn_id);
  out.append_le<uint64_t>(tree.node_count());
  encode_node(tree.root(), "/", out);
  out.append_le<uint32_t>(crc32c(ByteView(out.data() + start, out.size() - start)));
}

Result<SnapshotContents> decode_snapshot(ByteView bytes, std::string_view file) {
  const std::string context = fmt::format("metadata snapshot {}", file);
  auto corrupt = [&](std::string_view why) {
    return make_error(ErrorCode::kStorageException, "{}: {}", context, why);
  };
  const size_t min_size = kSnapshotMagic.size() + 4 + 8 + 8 + 4;
  if (bytes.size() < min_size) {
    return corrupt(
        fmt::format("{} bytes is shorter than the {}-byte minimum", bytes.size(), min_size));
  }
  if (as_string_view(bytes.first(kSnapshotMagic.size())) != kSnapshotMagic) {
    return corrupt("wrong magic (not a metadata snapshot)");
  }
  const ByteView body = bytes.first(bytes.size() - 4);
  const uint32_t stored = load_le<uint32_t>(bytes.data() + body.size());
  const uint32_t actual = crc32c(body);
  if (stored != actual) {
    return corrupt(fmt::format("CRC {:#010x} does not match the stored {:#010x}", actual, stored));
  }
  ByteReader reader(body.subspan(kSnapshotMagic.size()), ErrorCode::kStorageException, context);
  FLUSS_ASSIGN_OR_RETURN(uint32_t version, reader.read_le<uint32_t>());
  if (version != kSnapshotFormatVersion) {
    return corrupt(fmt::format("unknown format version {}", version));
  }
  SnapshotContents contents;
  FLUSS_ASSIGN_OR_RETURN(contents.last_txn_id, reader.read_le<uint64_t>());
  FLUSS_ASSIGN_OR_RETURN(uint64_t count, reader.read_le<uint64_t>());
  // A node takes at least 20 bytes.
  if (count == 0 || count > reader.remaining() / 20 + 1) {
    return corrupt(
        fmt::format("node count {} does not fit in {} bytes", count, reader.remaining()));
  }
  for (uint64_t i = 0; i < count; ++i) {
    FLUSS_ASSIGN_OR_RETURN(std::string path, read_string(reader));
    FLUSS_ASSIGN_OR_RETURN(std::string data, read_string(reader));
    FLUSS_ASSIGN_OR_RETURN(int32_t node_version, reader.read_le<int32_t>());
    FLUSS_ASSIGN_OR_RETURN(int64_t sequence, reader.read_le<int64_t>());
    if ((i == 0) != (path == "/")) return corrupt(fmt::format("node {} is out of order", i));
    Status restored = contents.tree.restore(path, std::move(data), node_version, sequence);
    if (!restored.ok()) return corrupt(restored.message());
  }
  if (!reader.at_end()) {
    return corrupt(fmt::format("{} bytes after the last node", reader.remaining()));
  }
  return contents;
}

}  // namespace fluss::server
