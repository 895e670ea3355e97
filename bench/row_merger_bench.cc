// SPDX-License-Identifier: Apache-2.0
// Merges per second of the row mergers on a 20-column row (id INT key, 4 INT,
// 5 BIGINT, 5 DOUBLE, 5 STRING of 8..24 bytes), CompactedRow kv format: the
// default merger (last write wins), a partial update of 6 columns, and the
// aggregation merger (sum on the numbers, last_value_ignore_nulls on strings).
// Anchor: decoding the two rows and encoding one with row_codec, the floor of
// a merger that works on GenericRows.
#include <benchmark/benchmark.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "record/row/row_codec.h"
#include "storage/kv/row_merger.h"

namespace fluss::storage {
namespace {

std::shared_ptr<const Schema> bench_schema(bool aggregate) {
  auto b = Schema::builder();
  b.column("id", DataType::int_().not_null());
  const AggFunction sum{.type = AggFunctionType::kSum};
  for (int i = 0; i < 4; ++i) {
    aggregate ? b.column("i" + std::to_string(i), DataType::int_(), sum)
              : b.column("i" + std::to_string(i), DataType::int_());
  }
  for (int i = 0; i < 5; ++i) {
    aggregate ? b.column("l" + std::to_string(i), DataType::bigint(), sum)
              : b.column("l" + std::to_string(i), DataType::bigint());
  }
  for (int i = 0; i < 5; ++i) {
    aggregate ? b.column("d" + std::to_string(i), DataType::double_(), sum)
              : b.column("d" + std::to_string(i), DataType::double_());
  }
  for (int i = 0; i < 5; ++i) b.column("s" + std::to_string(i), DataType::string());
  b.primary_key({"id"});
  return std::make_shared<const Schema>(b.build().value());
}

OwnedValue bench_value(const Schema& schema, std::mt19937_64& rng) {
  std::vector<Datum> f = {int32_t{7}};
  for (int i = 0; i < 4; ++i) f.emplace_back(static_cast<int32_t>(rng() % 100000));
  for (int i = 0; i < 5; ++i) f.emplace_back(static_cast<int64_t>(1700000000000 + rng() % 1000));
  for (int i = 0; i < 5; ++i) f.emplace_back(static_cast<double>(rng() % 100000) / 7.0);
  for (int i = 0; i < 5; ++i) f.emplace_back(std::string(8 + rng() % 17, 'a' + i));
  ByteBuffer out;
  if (!encode_row(RowFormat::kCompacted, schema.row_type(), GenericRow(std::move(f)), out).ok()) {
    std::abort();
  }
  return OwnedValue{.schema_id = SchemaId(1), .row = out.release()};
}

void run_merger(benchmark::State& state, bool aggregate, Properties properties,
                std::optional<std::vector<int32_t>> targets) {
  auto schema = bench_schema(aggregate);
  SchemaGetter getter = [schema](SchemaId) -> Result<std::shared_ptr<const Schema>> {
    return schema;
  };
  auto merger = create_row_merger(TableConfig(properties), KvFormat::kCompacted, getter).value();
  std::optional<std::span<const int32_t>> span;
  if (targets) span = *targets;
  RowMerger* m = merger->configure_target_columns(span, SchemaId(1), *schema).value();
  std::mt19937_64 rng(1);
  std::vector<OwnedValue> inputs;
  for (int i = 0; i < 64; ++i) inputs.push_back(bench_value(*schema, rng));
  OwnedValue stored = bench_value(*schema, rng);
  size_t i = 0;
  for (auto _ : state) {
    auto outcome = m->merge(stored.view(), inputs[i++ & 63].view());
    if (outcome->kind == MergeOutcome::Kind::kMerged) stored = std::move(outcome->merged);
    benchmark::DoNotOptimize(stored);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_DefaultMerge(benchmark::State& state) { run_merger(state, false, {}, std::nullopt); }
void BM_PartialUpdate(benchmark::State& state) {
  run_merger(state, false, {}, std::vector<int32_t>{0, 1, 2, 5, 10, 15});
}
void BM_Aggregation(benchmark::State& state) {
  run_merger(state, true, {{"table.merge-engine", "aggregation"}}, std::nullopt);
}

void BM_DecodeTwoEncodeOneAnchor(benchmark::State& state) {
  auto schema = bench_schema(false);
  const RowType type = schema->row_type();
  std::mt19937_64 rng(1);
  OwnedValue a = bench_value(*schema, rng), b = bench_value(*schema, rng);
  for (auto _ : state) {
    GenericRow x = decode_row(RowFormat::kCompacted, type, a.row).value();
    GenericRow y = decode_row(RowFormat::kCompacted, type, b.row).value();
    ByteBuffer out;
    benchmark::DoNotOptimize(encode_row(RowFormat::kCompacted, type, x, out));
    benchmark::DoNotOptimize(y);
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_DefaultMerge);
BENCHMARK(BM_PartialUpdate);
BENCHMARK(BM_Aggregation);
BENCHMARK(BM_DecodeTwoEncodeOneAnchor);

}  // namespace
}  // namespace fluss::storage
