// SPDX-License-Identifier: Apache-2.0
// Feeds arbitrary bytes to check_arrow_batch and export_arrow_c_data (IPC RecordBatch
// message -> Arrow C Data structs; both must agree), reads every exported buffer, imports the
// result back and releases it. The first byte picks one of a few row types (flat, nested; the same
// as arrow_batch_fuzzer's, so corpora can be shared); the rest is the message. Nothing may crash,
// leak or read out of bounds.
#include <cstddef>
#include <cstdint>

#include "record/arrow/arrow_c_data.h"

namespace {

using fluss::DataField;
using fluss::DataType;

std::vector<std::vector<DataField>> field_lists() {
  auto f = [](const char* name, DataType type) {
    return DataField{name, std::move(type), std::nullopt, -1};
  };
  return {
      {f("a", DataType::int_().not_null()), f("b", DataType::string())},
      {f("a", DataType::boolean()), f("b", DataType::bigint()), f("c", DataType::double_()),
       f("d", DataType::bytes()), f("e", DataType::decimal(20, 2)), f("f", DataType::timestamp(9)),
       f("g", DataType::time(3)), f("h", DataType::binary(3))},
      {f("a", DataType::array(DataType::int_())),
       f("b", DataType::map(DataType::string().not_null(), DataType::bigint())),
       f("c",
         DataType::row({f("x", DataType::int_()), f("y", DataType::array(DataType::string()))}))},
  };
}

// Touches the bytes an Arrow consumer would read: validity and fixed buffers
// by length, offsets by length + 1, and the data the offsets reach.
uint64_t touch(const ArrowArray& a, const char* format) {
  uint64_t sum = 0;
  for (int64_t b = 0; b < a.n_buffers; ++b) {
    if (a.buffers[b] != nullptr) sum += *static_cast<const uint8_t*>(a.buffers[b]);
  }
  const std::string_view f(format);
  if ((f == "u" || f == "z") && a.length > 0) {
    const auto* offsets = static_cast<const int32_t*>(a.buffers[1]);
    const auto* data = static_cast<const uint8_t*>(a.buffers[2]);
    for (int64_t i = offsets[0]; i < offsets[a.length]; ++i) sum += data[i];
  }
  return sum;
}

uint64_t walk(const ArrowArray& a, const ArrowSchema& s) {
  uint64_t sum = touch(a, s.format);
  for (int64_t i = 0; i < a.n_children; ++i) sum += walk(*a.children[i], *s.children[i]);
  return sum;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<std::vector<DataField>> kFields = field_lists();
  if (size < 1) return 0;
  const std::vector<DataField>& fields = kFields[data[0] % kFields.size()];
  const fluss::ByteView message(data + 1, size - 1);
  fluss::RowType type;
  for (const DataField& f : fields) type.push_back(f.type);
  const bool checked = fluss::check_arrow_batch(type, message).ok();
  ArrowSchema schema{};
  ArrowArray array{};
  const bool exported = fluss::export_arrow_c_data(fields, message, &schema, &array).ok();
  if (checked != exported) __builtin_trap();  // the same checks
  if (!exported) return 0;
  volatile uint64_t sink = walk(array, schema);
  (void)sink;
  fluss::ByteBuffer again;
  int64_t rows = 0;
  fluss::import_arrow_c_data(fields, &schema, &array,
                             fluss::ArrowCompression{.type = fluss::ArrowCompressionType::kNone},
                             again, rows)
      .ignore_error();
  return 0;
}
