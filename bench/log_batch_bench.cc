// SPDX-License-Identifier: Apache-2.0
// Log batch paths the server runs per produce and fetch: building a batch,
// validating a request's batches (header + CRC-32C, as on leader append), and
// walking their records. Rows are opaque 100-byte COMPACTED records.
#include <benchmark/benchmark.h>

#include <vector>

#include "record/log_record_batch.h"
#include "record/memory_log_records_builder.h"

namespace {

constexpr size_t kRowSize = 100;

fluss::ByteBuffer make_log(size_t batch_bytes, size_t total_bytes) {
  const std::vector<uint8_t> row(kRowSize, 0x5a);
  fluss::ByteBuffer out;
  while (out.size() < total_bytes) {
    fluss::MemoryLogRecordsBuilder builder({.format = fluss::LogFormat::kCompacted});
    while (builder.estimated_size_in_bytes() + kRowSize + 5 <= batch_bytes) {
      builder.append(fluss::ChangeType::kAppendOnly, row);
    }
    if (!builder.finish(out).ok()) std::abort();
  }
  return out;
}

void BM_BuildBatch(benchmark::State& state) {
  const std::vector<uint8_t> row(kRowSize, 0x5a);
  const size_t batch_bytes = static_cast<size_t>(state.range(0));
  fluss::ByteBuffer out(batch_bytes);
  for (auto _ : state) {
    out.clear();
    fluss::MemoryLogRecordsBuilder builder({.format = fluss::LogFormat::kCompacted});
    while (builder.estimated_size_in_bytes() + kRowSize + 5 <= batch_bytes) {
      builder.append(fluss::ChangeType::kAppendOnly, row);
    }
    if (!builder.finish(out).ok()) std::abort();
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}

// 1 MiB of batches of range(0) bytes: iterate and ensure_valid each.
void BM_ValidateLogRecords(benchmark::State& state) {
  const fluss::ByteBuffer log = make_log(static_cast<size_t>(state.range(0)), 1 << 20);
  for (auto _ : state) {
    fluss::LogRecords records(log.view());
    while (true) {
      auto batch = records.next_batch();
      if (!batch.ok() || !batch->has_value()) break;
      if (!(*batch)->ensure_valid().ok()) std::abort();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * log.size()));
}

// The same bytes, every record's (change type, row view) without the CRC.
void BM_IterateRowRecords(benchmark::State& state) {
  const fluss::ByteBuffer log = make_log(static_cast<size_t>(state.range(0)), 1 << 20);
  int64_t records_seen = 0;
  for (auto _ : state) {
    fluss::LogRecords records(log.view());
    while (true) {
      auto batch = records.next_batch();
      if (!batch.ok() || !batch->has_value()) break;
      fluss::RowLogRecordReader reader(**batch);
      while (true) {
        auto record = reader.next();
        if (!record.ok() || !record->has_value()) break;
        benchmark::DoNotOptimize((*record)->row.data());
        ++records_seen;
      }
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * log.size()));
  state.SetItemsProcessed(records_seen);
}

BENCHMARK(BM_BuildBatch)->Arg(16 << 10)->Arg(256 << 10);
BENCHMARK(BM_ValidateLogRecords)->Arg(16 << 10)->Arg(256 << 10);
BENCHMARK(BM_IterateRowRecords)->Arg(16 << 10)->Arg(256 << 10);

}  // namespace
