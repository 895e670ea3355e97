// SPDX-License-Identifier: Apache-2.0
// Feeds arbitrary bytes to the Arrow RecordBatch reader, projection and stream
// reader. The first byte picks one of a few row types (flat, nested); the rest
// is the message. Nothing may crash, leak or read out of bounds.
#include <cstddef>
#include <cstdint>

#include "record/arrow/arrow_batch.h"
#include "record/arrow/arrow_ipc_stream.h"

namespace {

std::vector<fluss::RowType> row_types() {
  using fluss::DataField;
  using fluss::DataType;
  return {
      {DataType::int_().not_null(), DataType::string()},
      {DataType::boolean(), DataType::bigint(), DataType::double_(), DataType::bytes(),
       DataType::decimal(20, 2), DataType::timestamp(9), DataType::time(3), DataType::binary(3)},
      {DataType::array(DataType::int_()),
       DataType::map(DataType::string().not_null(), DataType::bigint()),
       DataType::row({DataField{"a", DataType::int_(), std::nullopt, -1},
                      DataField{"b", DataType::array(DataType::string()), std::nullopt, -1}})},
  };
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<fluss::RowType> kTypes = row_types();
  if (size < 1) return 0;
  const fluss::RowType& type = kTypes[data[0] % kTypes.size()];
  fluss::ByteView message(data + 1, size - 1);
  auto rows = fluss::read_arrow_batch(type, message);
  if (rows.ok()) {
    for (const auto& r : *rows) (void)r.to_string();
  }
  const int columns[] = {0, static_cast<int>(type.size()) - 1};
  fluss::ByteBuffer projected;
  if (fluss::project_arrow_batch(type, message, std::span<const int>(columns, 2), projected).ok()) {
    fluss::RowType kept = {type.front(), type.back()};
    fluss::read_arrow_batch(kept, projected.view()).status().ignore_error();
  }
  fluss::read_arrow_stream(message).status().ignore_error();
  return 0;
}
