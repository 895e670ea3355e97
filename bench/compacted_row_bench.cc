// SPDX-License-Identifier: Apache-2.0
// CompactedRow encode and decode of a 20-column mixed row (5 INT, 5 BIGINT,
// 5 DOUBLE, 5 STRING of 8..24 bytes): through the field-level
// CompactedRowWriter/Reader (the client and KV hot path) and through GenericRow
// (encode_row / decode_row), beside a memcpy of the row bytes. Items are rows.
#include <benchmark/benchmark.h>

#include <cstring>
#include <string>
#include <vector>

#include "record/row/compacted_row.h"
#include "record/row/row_codec.h"

namespace {

using namespace fluss;

constexpr int kColumns = 20;

RowType row_type() {
  RowType type;
  for (int i = 0; i < 5; ++i) type.push_back(DataType::int_());
  for (int i = 0; i < 5; ++i) type.push_back(DataType::bigint());
  for (int i = 0; i < 5; ++i) type.push_back(DataType::double_());
  for (int i = 0; i < 5; ++i) type.push_back(DataType::string());
  return type;
}

struct Values {
  int32_t ints[5];
  int64_t longs[5];
  double doubles[5];
  std::string strings[5];
};

Values values() {
  Values v;
  for (int i = 0; i < 5; ++i) {
    v.ints[i] = i * 1000 - 3;
    v.longs[i] = int64_t{1748662955428} + i * 7919;
    v.doubles[i] = 3.25 * i + 0.1;
    v.strings[i] = std::string(8 + 4 * i, static_cast<char>('a' + i));
  }
  return v;
}

GenericRow generic_row(const Values& v) {
  GenericRow row(kColumns);
  for (int i = 0; i < 5; ++i) {
    row.set(i, v.ints[i]);
    row.set(5 + i, v.longs[i]);
    row.set(10 + i, v.doubles[i]);
    row.set(15 + i, v.strings[i]);
  }
  return row;
}

void write_fields(CompactedRowWriter& w, const Values& v) {
  w.reset();
  for (int32_t x : v.ints) w.write_int(x);
  for (int64_t x : v.longs) w.write_long(x);
  for (double x : v.doubles) w.write_double(x);
  for (const std::string& s : v.strings) w.write_string(s);
}

void BM_CompactedRowWriter(benchmark::State& state) {
  const Values v = values();
  CompactedRowWriter w(kColumns);
  for (auto _ : state) {
    write_fields(w, v);
    benchmark::DoNotOptimize(w.view().data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(w.size()));
}
BENCHMARK(BM_CompactedRowWriter);

// The anchor: copying the finished row's bytes into a reused buffer, the least
// any encoder must do per row.
void BM_CopyRowBytes(benchmark::State& state) {
  CompactedRowWriter w(kColumns);
  write_fields(w, values());
  const std::vector<uint8_t> row(w.view().begin(), w.view().end());
  std::vector<uint8_t> target(row.size());
  for (auto _ : state) {
    benchmark::DoNotOptimize(row.data());
    std::memcpy(target.data(), row.data(), row.size());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(row.size()));
}
BENCHMARK(BM_CopyRowBytes);

void BM_CompactedRowReader(benchmark::State& state) {
  const Values v = values();
  CompactedRowWriter w(kColumns);
  write_fields(w, v);
  const std::vector<uint8_t> row(w.view().begin(), w.view().end());
  CompactedRowReader r(kColumns);
  for (auto _ : state) {
    if (!r.point_to(row).ok()) state.SkipWithError("bad row");
    int64_t sum = 0;
    for (int i = 0; i < 5; ++i) sum += r.is_null_at(i) ? 0 : r.read_int();
    for (int i = 5; i < 10; ++i) sum += r.is_null_at(i) ? 0 : r.read_long();
    for (int i = 10; i < 15; ++i)
      sum += r.is_null_at(i) ? 0 : static_cast<int64_t>(r.read_double());
    for (int i = 15; i < 20; ++i)
      sum += r.is_null_at(i) ? 0 : static_cast<int64_t>(r.read_string().size());
    if (!r.ok()) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(row.size()));
}
BENCHMARK(BM_CompactedRowReader);

void BM_EncodeGenericRow(benchmark::State& state) {
  const RowType type = row_type();
  const GenericRow row = generic_row(values());
  ByteBuffer out;
  for (auto _ : state) {
    out.clear();
    if (!encode_row(RowFormat::kCompacted, type, row, out).ok()) state.SkipWithError("encode");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EncodeGenericRow);

void BM_DecodeGenericRow(benchmark::State& state) {
  const RowType type = row_type();
  ByteBuffer bytes;
  if (!encode_row(RowFormat::kCompacted, type, generic_row(values()), bytes).ok()) {
    state.SkipWithError("encode");
    return;
  }
  for (auto _ : state) {
    auto row = decode_row(RowFormat::kCompacted, type, bytes.view());
    if (!row.ok()) state.SkipWithError("decode");
    benchmark::DoNotOptimize(row);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecodeGenericRow);

}  // namespace
