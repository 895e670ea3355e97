// SPDX-License-Identifier: Apache-2.0
// Feeds arbitrary bytes as a stored and an incoming CompactedRow to the
// partial-update and aggregation mergers (their field-slice path) and checks
// them against the row decoder: a merge succeeds exactly when both rows
// decode, and its result decodes to the row the GenericRow path (IndexedRow
// table) builds from the decoded values. Input: u16 length of the stored row,
// the stored row, the incoming row.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

#include "record/row/row_codec.h"
#include "storage/kv/row_merger.h"

namespace {

using namespace fluss;
using namespace fluss::storage;

std::shared_ptr<const Schema> fuzz_schema() {
  auto b = Schema::builder();
  b.column("id", DataType::int_().not_null())
      .column("s", DataType::string(), AggFunction{.type = AggFunctionType::kListagg})
      .column("d", DataType::decimal(20, 2), AggFunction{.type = AggFunctionType::kSum})
      .column("c", DataType::decimal(9, 2), AggFunction{.type = AggFunctionType::kProduct})
      .column("t", DataType::timestamp(9), AggFunction{.type = AggFunctionType::kMax})
      .column("l", DataType::timestamp_ltz(3), AggFunction{.type = AggFunctionType::kMin})
      .column("b", DataType::boolean(), AggFunction{.type = AggFunctionType::kBoolOr})
      .column("f", DataType::float_(), AggFunction{.type = AggFunctionType::kSum})
      .column("x", DataType::bigint(), AggFunction{.type = AggFunctionType::kFirstValue})
      .column("bits", DataType::bytes(), AggFunction{.type = AggFunctionType::kRbm32})
      .primary_key({"id"});
  return std::make_shared<const Schema>(b.build().value());
}

// The merged row of `format` for the same values, or the error.
Result<GenericRow> merge_in(KvFormat format, RowMerger* merger, const Schema& schema,
                            const GenericRow& old_row, const GenericRow& new_row) {
  const RowFormat rf = format == KvFormat::kCompacted ? RowFormat::kCompacted : RowFormat::kIndexed;
  ByteBuffer old_bytes, new_bytes;
  FLUSS_RETURN_IF_ERROR(encode_row(rf, schema.row_type(), old_row, old_bytes));
  FLUSS_RETURN_IF_ERROR(encode_row(rf, schema.row_type(), new_row, new_bytes));
  FLUSS_ASSIGN_OR_RETURN(MergeOutcome outcome,
                         merger->merge(BinaryValue{SchemaId(1), old_bytes.view()},
                                       BinaryValue{SchemaId(1), new_bytes.view()}));
  if (outcome.kind != MergeOutcome::Kind::kMerged) abort();
  return decode_row(rf, schema.row_type(), outcome.merged.row);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::shared_ptr<const Schema> schema = fuzz_schema();
  if (size < 2) return 0;
  const size_t old_size = std::min<size_t>(data[0] | data[1] << 8, size - 2);
  const ByteView old_row(data + 2, old_size);
  const ByteView new_row(data + 2 + old_size, size - 2 - old_size);
  const RowType type = schema->row_type();
  const auto old_decoded = decode_row(RowFormat::kCompacted, type, old_row);
  const auto new_decoded = decode_row(RowFormat::kCompacted, type, new_row);
  const bool both_decode = old_decoded.ok() && new_decoded.ok();

  SchemaGetter getter = [](SchemaId) -> Result<std::shared_ptr<const Schema>> { return schema; };
  const std::vector<int32_t> targets = {0, 1, 4, 6, 9};
  for (int engine = 0; engine < 2; ++engine) {
    Properties props;
    if (engine == 1) props.set("table.merge-engine", "aggregation");
    auto merger = create_row_merger(TableConfig(props), KvFormat::kCompacted, getter).value();
    auto indexed = create_row_merger(TableConfig(props), KvFormat::kIndexed, getter).value();
    RowMerger* m = merger->configure_target_columns(targets, SchemaId(1), *schema).value();
    RowMerger* mi = indexed->configure_target_columns(targets, SchemaId(1), *schema).value();
    auto outcome = m->merge(BinaryValue{SchemaId(1), old_row}, BinaryValue{SchemaId(1), new_row});
    if (outcome.ok() != both_decode) {
      // rbm32 values may still be bad bitmaps when both rows decode.
      if (!(engine == 1 && both_decode)) abort();
    }
    if (!outcome.ok()) continue;
    if (outcome->kind != MergeOutcome::Kind::kMerged) abort();
    auto merged = decode_row(RowFormat::kCompacted, type, outcome->merged.row);
    if (!merged.ok()) abort();
    auto generic = merge_in(KvFormat::kIndexed, mi, *schema, *old_decoded, *new_decoded);
    if (generic.ok() && !(*generic == *merged)) abort();
  }
  return 0;
}
