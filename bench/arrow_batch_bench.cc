// SPDX-License-Identifier: Apache-2.0
// Arrow IPC record batches: encode (GenericRow -> message), decode (message ->
// GenericRow) and projection (2 of 20 columns) of ~2 MiB batches of ~1 KiB rows
// in a 20-column schema, uncompressed, ZSTD-3 and LZ4_FRAME. Anchors in the
// same run: memcpy of the message and one-shot ZSTD-3 / LZ4 frame compression
// of the uncompressed message (what the codec alone costs).
#include <benchmark/benchmark.h>
#include <zstd.h>

#include <cstring>
#include <lz4frame.h>
#include <random>
#include <string>
#include <vector>

#include "bench_rows.h"
#include "record/arrow/arrow_batch.h"

namespace {

using fluss::ArrowBatchWriter;
using fluss::ArrowCompression;
using fluss::ArrowCompressionType;
using fluss::ByteBuffer;
using fluss::GenericRow;
using fluss::RowType;

constexpr int kRowsPerBatch = 2048;  // ~2 MiB of ~1 KiB rows

RowType bench_type() { return fluss::bench::mixed_row_type(); }

std::vector<GenericRow> bench_rows(const RowType&) {
  std::mt19937_64 rng(42);
  std::vector<GenericRow> rows;
  rows.reserve(kRowsPerBatch);
  for (int r = 0; r < kRowsPerBatch; ++r) rows.push_back(fluss::bench::mixed_row(rng, r));
  return rows;
}

ArrowCompression codec(int64_t index) {
  switch (index) {
    case 1:
      return {.type = ArrowCompressionType::kZstd, .zstd_level = 3};
    case 2:
      return {.type = ArrowCompressionType::kLz4Frame};
    default:
      return {.type = ArrowCompressionType::kNone};
  }
}
const char* codec_label(int64_t index) {
  return index == 1 ? "ZSTD-3" : index == 2 ? "LZ4_FRAME" : "NONE";
}

struct Fixture {
  RowType type = bench_type();
  std::vector<GenericRow> rows = bench_rows(type);
  size_t plain_size = 0;  // uncompressed message bytes: the MB/s base of every benchmark
  Fixture() {
    ByteBuffer m = encode(type, rows, codec(0));
    plain_size = m.size();
  }
  static ByteBuffer encode(const RowType& type, const std::vector<GenericRow>& rows,
                           ArrowCompression c) {
    ArrowBatchWriter w(type, c);
    for (const GenericRow& r : rows) (void)w.append(r).ok();
    ByteBuffer out;
    (void)w.finish(out).ok();
    return out;
  }
};

const Fixture& fixture() {
  static const Fixture f;
  return f;
}

void BM_Encode(benchmark::State& state) {
  const Fixture& f = fixture();
  ArrowBatchWriter writer(f.type, codec(state.range(0)));
  ByteBuffer out;
  for (auto _ : state) {
    out.clear();
    for (const GenericRow& r : f.rows) benchmark::DoNotOptimize(writer.append(r).ok());
    benchmark::DoNotOptimize(writer.finish(out).ok());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.plain_size));
  state.SetLabel(fmt::format("{} message {} KiB of {} KiB", codec_label(state.range(0)),
                             out.size() / 1024, f.plain_size / 1024));
}

void BM_Decode(benchmark::State& state) {
  const Fixture& f = fixture();
  const ByteBuffer message = Fixture::encode(f.type, f.rows, codec(state.range(0)));
  for (auto _ : state) {
    auto rows = fluss::read_arrow_batch(f.type, message.view());
    benchmark::DoNotOptimize(rows.ok());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.plain_size));
  state.SetLabel(codec_label(state.range(0)));
}

// Projection of column 0 (INT) and 13 (the first STRING): ~10 % of the bytes.
void BM_Project2of20(benchmark::State& state) {
  const Fixture& f = fixture();
  const ByteBuffer message = Fixture::encode(f.type, f.rows, codec(state.range(0)));
  const int columns[] = {0, 13};
  ByteBuffer out;
  for (auto _ : state) {
    out.clear();
    benchmark::DoNotOptimize(fluss::project_arrow_batch(f.type, message.view(), columns, out).ok());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.plain_size));
  state.SetLabel(fmt::format("{} {} of {} KiB kept", codec_label(state.range(0)), out.size() / 1024,
                             message.size() / 1024));
}

// Anchors on the uncompressed message bytes.
void BM_AnchorMemcpy(benchmark::State& state) {
  const Fixture& f = fixture();
  const ByteBuffer message = Fixture::encode(f.type, f.rows, codec(0));
  std::vector<uint8_t> dst(message.size());
  for (auto _ : state) {
    std::memcpy(dst.data(), message.data(), message.size());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * message.size()));
}

void BM_AnchorZstd3(benchmark::State& state) {
  const Fixture& f = fixture();
  const ByteBuffer message = Fixture::encode(f.type, f.rows, codec(0));
  std::vector<uint8_t> dst(ZSTD_compressBound(message.size()));
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        ZSTD_compressCCtx(cctx, dst.data(), dst.size(), message.data(), message.size(), 3));
  }
  ZSTD_freeCCtx(cctx);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * message.size()));
}

void BM_AnchorLz4Frame(benchmark::State& state) {
  const Fixture& f = fixture();
  const ByteBuffer message = Fixture::encode(f.type, f.rows, codec(0));
  std::vector<uint8_t> dst(LZ4F_compressFrameBound(message.size(), nullptr));
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        LZ4F_compressFrame(dst.data(), dst.size(), message.data(), message.size(), nullptr));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * message.size()));
}

void BM_AnchorZstd3Decompress(benchmark::State& state) {
  const Fixture& f = fixture();
  const ByteBuffer message = Fixture::encode(f.type, f.rows, codec(0));
  std::vector<uint8_t> frame(ZSTD_compressBound(message.size()));
  frame.resize(ZSTD_compress(frame.data(), frame.size(), message.data(), message.size(), 3));
  std::vector<uint8_t> dst(message.size());
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        ZSTD_decompressDCtx(dctx, dst.data(), dst.size(), frame.data(), frame.size()));
  }
  ZSTD_freeDCtx(dctx);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * message.size()));
}

BENCHMARK(BM_Encode)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Decode)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Project2of20)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AnchorMemcpy)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AnchorZstd3)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AnchorZstd3Decompress)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AnchorLz4Frame)->Unit(benchmark::kMicrosecond);

}  // namespace
