// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <filesystem>
#include <stdlib.h>
#include <string>
#include <utility>
#include <vector>

#include "common/bytes.h"
#include "model/schema.h"
#include "model/table_info.h"
#include "record/generic_row.h"
#include "record/kv_record_batch.h"
#include "record/log_record_batch.h"
#include "record/row/row_codec.h"
#include "storage/log/log_tablet.h"
#include "test_utils/status_matchers.h"

namespace fluss::storage::test {

// A fresh directory under the system temp dir, removed with its contents.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "fluss-kv-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Table 1 "db.t": a INT (primary key), b STRING, schema id 1, one bucket.
inline TableInfo make_table(Properties properties = {}, SchemaId schema_id = SchemaId(1)) {
  Schema schema = fluss::test::value_or_throw(Schema::builder()
                                                  .column("a", DataType::int_())
                                                  .column("b", DataType::string())
                                                  .primary_key({"a"})
                                                  .build());
  TableInfo::Params p;
  p.table_path = TablePath{"db", "t"};
  p.table_id = TableId(1);
  p.schema_id = schema_id;
  p.schema = std::move(schema);
  p.bucket_keys = {"a"};
  p.num_buckets = 1;
  p.properties = std::move(properties);
  return TableInfo(std::move(p));
}

// One KV record to put: (a, b) or a delete of key a.
struct Op {
  int32_t a;
  std::optional<std::string> b;  // nullopt: delete
};

inline ByteBuffer compacted_int_key(int32_t a) {
  ByteBuffer key;
  key.append_uvarint32(static_cast<uint32_t>(a));
  return key;
}

// A KV batch of `ops` over the table of make_table() (COMPACTED kv format).
inline ByteBuffer kv_batch(const std::vector<Op>& ops, SchemaId schema_id = SchemaId(1),
                           WriterId writer = kNoWriterId, BatchSequence sequence = kNoBatchSequence,
                           RowFormat format = RowFormat::kCompacted) {
  KvRecordBatchBuilder builder(
      {.schema_id = schema_id, .writer_id = writer, .batch_sequence = sequence});
  const RowType type = make_table().row_type();
  for (const Op& op : ops) {
    ByteBuffer key = compacted_int_key(op.a);
    if (op.b) {
      ByteBuffer row;
      const Status s = encode_row(format, type, GenericRow(std::vector<Datum>{op.a, *op.b}), row);
      if (!s.ok()) throw std::runtime_error(s.to_string());
      builder.append(key.view(), row.view());
    } else {
      builder.append(key.view(), std::nullopt);
    }
  }
  ByteBuffer out;
  builder.finish(out);
  return out;
}

// One changelog row as read back from the log: "+I(1, 'ab')".
inline std::string change_string(ChangeType type, const GenericRow& row) {
  static constexpr const char* kNames[] = {"+A", "+I", "-U", "+U", "-D"};
  return std::string(kNames[static_cast<int>(type)]) + row.to_string();
}

// Every log batch from `from` to the log end.
struct ReadBatch {
  LogOffset base_offset;
  int32_t record_count;
  WriterId writer_id;
  BatchSequence batch_sequence;
  SchemaId schema_id;
  std::vector<std::string> changes;
};

inline std::vector<ReadBatch> read_changelog(const LogTablet& log, LogFormat format,
                                             const RowType& type, LogOffset from = LogOffset(0)) {
  std::vector<ReadBatch> out;
  LogOffset offset = from;
  while (offset < log.log_end_offset()) {
    FetchDataInfo fetch = fluss::test::value_or_throw(log.read(offset, 1 << 24));
    if (!fetch.slice) break;
    ByteBuffer bytes;
    if (!read_slice(*fetch.slice, bytes).ok()) throw std::runtime_error("read_slice");
    LogRecords records(bytes.view());
    for (;;) {
      std::optional<LogRecordBatch> batch = fluss::test::value_or_throw(records.next_batch());
      if (!batch) break;
      if (batch->next_offset() <= offset) continue;
      if (!batch->is_valid()) throw std::runtime_error("invalid batch");
      ReadBatch rb{batch->base_offset(),    batch->record_count(), batch->writer_id(),
                   batch->batch_sequence(), batch->schema_id(),    {}};
      for (const LogRecord& r :
           fluss::test::value_or_throw(decode_log_records(*batch, format, type))) {
        rb.changes.push_back(change_string(r.change_type, r.row));
      }
      out.push_back(std::move(rb));
      offset = batch->next_offset();
    }
  }
  return out;
}

}  // namespace fluss::storage::test
