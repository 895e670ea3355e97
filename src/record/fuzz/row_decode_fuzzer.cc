// SPDX-License-Identifier: Apache-2.0
// Feeds untrusted bytes to the row decoders. The first byte picks the decoder
// (IndexedRow, CompactedRow, AlignedRow, compacted key) and one of a few schemas;
// the rest is the row. Whatever decodes must re-encode, and re-encoding is stable
// (encode(decode(encode(x))) == encode(x)); nothing may crash or read out of bounds.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "common/check.h"
#include "record/key/key_encoder.h"
#include "record/row/row_codec.h"

namespace fluss {
namespace {

DataField field(const char* name, DataType type) { return {name, std::move(type), {}, -1}; }

const std::vector<RowType>& schemas() {
  static const std::vector<RowType> kSchemas = {
      {DataType::int_().not_null(), DataType::string()},
      {DataType::boolean(), DataType::tinyint(), DataType::smallint(), DataType::int_(),
       DataType::bigint(), DataType::float_(), DataType::double_(), DataType::char_(3),
       DataType::string(), DataType::binary(3), DataType::bytes(), DataType::decimal(10, 2),
       DataType::decimal(30, 5), DataType::date(), DataType::time(), DataType::timestamp(3),
       DataType::timestamp(9), DataType::timestamp_ltz(3), DataType::timestamp_ltz(6)},
      {DataType::array(DataType::string()),
       DataType::map(DataType::int_(), DataType::array(DataType::bigint())),
       DataType::row(
           {field("a", DataType::string()),
            field("b", DataType::array(DataType::row({field("x", DataType::int_().not_null()),
                                                      field("y", DataType::decimal(20, 1))})))})},
      {DataType::int_().not_null(), DataType::string().not_null(),
       DataType::array(DataType::int_().not_null()).not_null(),
       DataType::timestamp_ltz(9).not_null()},
  };
  return kSchemas;
}

RowType not_null(const RowType& types) {
  RowType out;
  for (const DataType& t : types) out.push_back(t.not_null());
  return out;
}

// Encodes `row` the way it was decoded; aborts if what decoded cannot be encoded.
ByteBuffer reencode(int decoder, const RowType& type, const GenericRow& row) {
  ByteBuffer out;
  if (decoder < 3) {
    const Status s = encode_row(static_cast<RowFormat>(decoder), type, row, out);
    FLUSS_CHECK(s.ok(), "decoded row does not re-encode: {}", s.to_string());
    return out;
  }
  std::vector<int> keys;
  for (size_t i = 0; i < type.size(); ++i) keys.push_back(static_cast<int>(i));
  auto encoder = KeyEncoder::create(KeyEncoding::kCompacted, type, keys);
  FLUSS_CHECK(encoder.ok(), "{}", encoder.status().to_string());
  const Status s = (*encoder)->encode_key(row, out);
  FLUSS_CHECK(s.ok(), "decoded key does not re-encode: {}", s.to_string());
  return out;
}

Result<GenericRow> decode(int decoder, const RowType& type, ByteView bytes) {
  if (decoder < 3) return decode_row(static_cast<RowFormat>(decoder), type, bytes);
  return decode_compacted_key(type, bytes);
}

}  // namespace
}  // namespace fluss

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fluss;
  if (size == 0) return 0;
  const int decoder = data[0] % 4;
  const RowType& schema = schemas()[(data[0] / 4) % schemas().size()];
  const RowType type = decoder == 3 ? not_null(schema) : schema;
  auto decoded = decode(decoder, type, ByteView(data + 1, size - 1));
  if (!decoded.ok()) {
    FLUSS_CHECK(decoded.status().code() == ErrorCode::kCorruptMessage, "{}",
                decoded.status().to_string());
    return 0;
  }
  const ByteBuffer first = reencode(decoder, type, *decoded);
  auto again = decode(decoder, type, first.view());
  FLUSS_CHECK(again.ok(), "re-encoded row does not decode: {}", again.status().to_string());
  const ByteBuffer second = reencode(decoder, type, *again);
  FLUSS_CHECK(first.string_view() == second.string_view(), "re-encoding is not stable");
  return 0;
}
