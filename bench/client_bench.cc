// SPDX-License-Identifier: Apache-2.0
// The client's batch building, the CPU work of AppendWriter/UpsertWriter before the network:
// public GenericRows (~1 KiB mixed rows, bench_rows.h) checked and converted to internal rows,
// then an ARROW log batch (PRODUCE_LOG) or a KV batch with compacted keys and rows (PUT_KV).
#include <benchmark/benchmark.h>

#include <random>

#include "bench_rows.h"
#include "client/row_internal.h"
#include "record/key/key_encoder.h"
#include "record/kv_record_batch.h"
#include "record/memory_log_records_builder.h"
#include "record/row/row_codec.h"

namespace fluss::bench {
namespace {

constexpr int kRows = 2000;

// The public rows of one batch, set through the index setters.
std::vector<client::GenericRow> public_rows(const RowType& type) {
  std::mt19937_64 rng(42);
  std::vector<client::GenericRow> rows;
  for (int r = 0; r < kRows; ++r) {
    GenericRow internal = mixed_row(rng, r);
    client::GenericRow row(type.size());
    for (size_t i = 0; i < type.size(); ++i) {
      const Datum& d = internal[i];
      if (auto v = std::get_if<int32_t>(&d)) row.SetInt32(i, *v);
      if (auto v = std::get_if<int64_t>(&d)) row.SetInt64(i, *v);
      if (auto v = std::get_if<double>(&d)) row.SetFloat64(i, *v);
      if (auto v = std::get_if<bool>(&d)) row.SetBool(i, *v);
      if (auto v = std::get_if<std::string>(&d)) row.SetString(i, *v);
      if (auto v = std::get_if<TimestampNtz>(&d)) {
        row.SetTimestampNtz(i, client::Timestamp::FromMillis(v->millisecond));
      }
      if (auto v = std::get_if<Decimal>(&d))
        row.SetDecimal(i, client::detail::decimal_to_string(*v));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::shared_ptr<const client::detail::ColumnMap> columns_of(const RowType& type) {
  std::vector<std::string> names;
  for (size_t i = 0; i < type.size(); ++i) names.push_back("c" + std::to_string(i));
  return client::detail::ColumnMap::make(std::move(names), type);
}

void BM_ClientRowsToArrowBatch(benchmark::State& state) {
  RowType type = mixed_row_type();
  auto columns = columns_of(type);
  auto rows = public_rows(type);
  ArrowCompression compression{
      state.range(0) == 0 ? ArrowCompressionType::kNone : ArrowCompressionType::kZstd, 3};
  size_t bytes = 0;
  for (auto _ : state) {
    LogRecordBatchOptions options;
    MemoryLogRecordsBuilder builder(options, type, compression);
    for (const auto& row : rows) {
      auto internal = client::detail::to_internal_row(row, *columns, nullptr, true);
      benchmark::DoNotOptimize(builder.append(ChangeType::kAppendOnly, *internal));
    }
    ByteBuffer out;
    benchmark::DoNotOptimize(builder.finish(out));
    bytes += out.size();
  }
  state.SetItemsProcessed(state.iterations() * kRows);
  state.counters["batch_bytes"] =
      benchmark::Counter(static_cast<double>(bytes) / static_cast<double>(state.iterations()));
}
BENCHMARK(BM_ClientRowsToArrowBatch)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_ClientRowsToKvBatch(benchmark::State& state) {
  RowType type = mixed_row_type();
  auto columns = columns_of(type);
  auto rows = public_rows(type);
  auto created = KeyEncoder::create(KeyEncoding::kCompacted, type, {4, 0});
  std::unique_ptr<KeyEncoder> encoder = std::move(*created);
  for (auto _ : state) {
    KvRecordBatchBuilder builder(KvRecordBatchOptions{});
    for (const auto& row : rows) {
      auto internal = client::detail::to_internal_row(row, *columns, nullptr, true);
      auto key = encoder->encode_key(*internal);
      ByteBuffer value;
      benchmark::DoNotOptimize(encode_row(RowFormat::kCompacted, type, *internal, value));
      builder.append(key->view(), value.view());
    }
    ByteBuffer out;
    builder.finish(out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_ClientRowsToKvBatch)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace fluss::bench
