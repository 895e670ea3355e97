// SPDX-License-Identifier: Apache-2.0
// CRC-32C throughput beside memcpy of the same buffer: memcpy is the memory
// bandwidth limit a checksum pass over a batch cannot beat.
#include <benchmark/benchmark.h>

#include <cstring>
#include <vector>

#include "common/crc32c.h"

namespace {

std::vector<uint8_t> make_buffer(size_t size) {
  std::vector<uint8_t> buf(size);
  for (size_t i = 0; i < size; ++i) buf[i] = static_cast<uint8_t>(i * 131 + 7);
  return buf;
}

void BM_Crc32c(benchmark::State& state) {
  const auto buf = make_buffer(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(fluss::crc32c(fluss::ByteView(buf.data(), buf.size())));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}

// Bit-serial SSE4.2 crc32 instruction, 8 bytes at a time: what a plain
// hardware implementation without ISA-L's folding reaches.
__attribute__((target("sse4.2"))) uint32_t crc32c_sse42(const uint8_t* p, size_t n) {
  uint64_t crc = 0xFFFFFFFF;
  for (; n >= 8; n -= 8, p += 8) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    crc = __builtin_ia32_crc32di(crc, v);
  }
  uint32_t c = static_cast<uint32_t>(crc);
  for (; n > 0; --n, ++p) c = __builtin_ia32_crc32qi(c, *p);
  return ~c;
}

void BM_Crc32cSse42Serial(benchmark::State& state) {
  const auto buf = make_buffer(static_cast<size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(crc32c_sse42(buf.data(), buf.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}

void BM_Memcpy(benchmark::State& state) {
  const auto src = make_buffer(static_cast<size_t>(state.range(0)));
  std::vector<uint8_t> dst(src.size());
  for (auto _ : state) {
    std::memcpy(dst.data(), src.data(), src.size());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}

// 4 KiB (a small batch), 1 MiB (a typical produce batch, L2-resident), 64 MiB (memory-bound).
BENCHMARK(BM_Crc32c)->Arg(4 << 10)->Arg(1 << 20)->Arg(64 << 20);
BENCHMARK(BM_Crc32cSse42Serial)->Arg(4 << 10)->Arg(1 << 20)->Arg(64 << 20);
BENCHMARK(BM_Memcpy)->Arg(4 << 10)->Arg(1 << 20)->Arg(64 << 20);

}  // namespace
