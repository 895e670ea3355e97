// SPDX-License-Identifier: Apache-2.0
// Decoding what servers send the client (untrusted): the log batches of FETCH_LOG and
// LIMIT_SCAN, and the value batches of LIMIT_SCAN on primary-key tables. Fuzzed by
// client_records_fuzzer.
#pragma once

#include <cstdint>
#include <vector>

#include "common/bytes.h"
#include "common/status.h"
#include "model/data_type.h"
#include "model/table_config.h"
#include "record/generic_row.h"
#include "record/log_record_batch.h"

namespace fluss::client::detail {

// Appends the records of every whole batch in `bytes` with offset >= from_offset; a trailing
// partial batch is left for the next fetch. CRCs are checked when `check_crc`
// (client.scanner.log.check-crc), which callers turn off for projected fetches: the server does
// not recompute them after projection (fluss-wire §5.3). `next_offset` (when given) moves to the
// end of the last whole batch. CORRUPT_RECORD_EXCEPTION / CORRUPT_MESSAGE on bad bytes.
::fluss::Status decode_fetched_log(::fluss::LogFormat format, ::fluss::ByteView bytes,
                                   const ::fluss::RowType& row_type, int64_t from_offset,
                                   bool check_crc, std::vector<::fluss::LogRecord>& out,
                                   int64_t* next_offset);

// The rows of a value record batch (fluss-wire §6.5) in the table's KV format.
::fluss::Status decode_value_batch(::fluss::KvFormat format, ::fluss::ByteView bytes,
                                   const ::fluss::RowType& row_type,
                                   std::vector<::fluss::GenericRow>& out);

// One stored value (schema id + row, fluss-wire §6.4) as a row.
::fluss::Result<::fluss::GenericRow> decode_stored_value(::fluss::KvFormat format,
                                                         ::fluss::ByteView value,
                                                         const ::fluss::RowType& row_type);

}  // namespace fluss::client::detail
