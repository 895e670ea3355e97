// SPDX-License-Identifier: Apache-2.0
#include "record_decoding.h"

#include <algorithm>

#include "record/row/row_codec.h"
#include "record/value_record_batch.h"

namespace fluss::client::detail {

namespace {
::fluss::RowFormat row_format_of(::fluss::KvFormat format) {
  return format == ::fluss::KvFormat::kIndexed ? ::fluss::RowFormat::kIndexed
                                               : ::fluss::RowFormat::kCompacted;
}
}  // namespace

::fluss::Status decode_fetched_log(::fluss::LogFormat format, ::fluss::ByteView bytes,
                                   const ::fluss::RowType& row_type, int64_t from_offset,
                                   bool check_crc, std::vector<::fluss::LogRecord>& out,
                                   int64_t* next_offset) {
  ::fluss::LogRecords records(bytes);
  while (true) {
    FLUSS_ASSIGN_OR_RETURN(auto batch, records.next_batch());
    if (!batch) break;
    if (check_crc) FLUSS_RETURN_IF_ERROR(batch->ensure_valid());
    if (batch->record_count() > 0) {
      FLUSS_ASSIGN_OR_RETURN(auto decoded, ::fluss::decode_log_records(*batch, format, row_type));
      for (auto& record : decoded) {
        if (record.offset.value() < from_offset) continue;
        out.push_back(std::move(record));
      }
    }
    if (next_offset != nullptr) {
      *next_offset = std::max(*next_offset, batch->next_offset().value());
    }
  }
  return ::fluss::Status::OK();
}

::fluss::Status decode_value_batch(::fluss::KvFormat format, ::fluss::ByteView bytes,
                                   const ::fluss::RowType& row_type,
                                   std::vector<::fluss::GenericRow>& out) {
  FLUSS_ASSIGN_OR_RETURN(auto batch, ::fluss::ValueRecordBatch::parse(bytes));
  ::fluss::ValueRecordReader reader(batch);
  while (true) {
    FLUSS_ASSIGN_OR_RETURN(auto record, reader.next());
    if (!record) break;
    FLUSS_ASSIGN_OR_RETURN(auto row,
                           ::fluss::decode_row(row_format_of(format), row_type, record->row));
    out.push_back(std::move(row));
  }
  return ::fluss::Status::OK();
}

::fluss::Result<::fluss::GenericRow> decode_stored_value(::fluss::KvFormat format,
                                                         ::fluss::ByteView value,
                                                         const ::fluss::RowType& row_type) {
  FLUSS_ASSIGN_OR_RETURN(auto record, ::fluss::decode_value(value));
  return ::fluss::decode_row(row_format_of(format), row_type, record.row);
}

}  // namespace fluss::client::detail
