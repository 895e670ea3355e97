// SPDX-License-Identifier: Apache-2.0
// LogTablet on a real disk (PosixFileSystem, a directory under $TMPDIR or /tmp)
// against the plain system calls that bound it, in the same run:
//  - append of ~1 MiB ARROW batches of ~1 KiB rows vs write(2) of the same bytes,
//    without and with a flush every N MiB (vs write + fdatasync at that cadence);
//  - read of the whole log from the page cache in max_bytes fetches (bytes of each
//    returned slice read with pread, or sendfile'd to /dev/null) vs read(2) /
//    sendfile of the .log file in chunks of the same size;
//  - recovery (LogTablet::open scanning every batch) vs read(2) + CRC-32C of the
//    same file, and CRC-32C of an in-memory batch.
// MB/s are of log bytes.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <sys/sendfile.h>
#include <unistd.h>
#include <vector>

#include "bench_rows.h"
#include "common/crc32c.h"
#include "record/memory_log_records_builder.h"
#include "storage/fs/posix_file_system.h"
#include "storage/log/log_segment.h"
#include "storage/log/log_tablet.h"

namespace {

using fluss::ByteBuffer;
using fluss::GenericRow;
using fluss::LogOffset;
using fluss::RowType;
using fluss::storage::LogConfig;
using fluss::storage::LogTablet;
using fluss::storage::PosixFileSystem;

constexpr size_t kMiB = 1 << 20;
constexpr int kAppendMiB = 512;  // per append benchmark run: below one 1 GiB segment
constexpr int kLogMiB = 512;     // the log read and recovered

void check(const fluss::Status& status) {
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", status.to_string().c_str());
    std::abort();
  }
}

RowType row_type() { return fluss::bench::mixed_row_type(); }

GenericRow make_row(std::mt19937_64& rng, int r) { return fluss::bench::mixed_row(rng, r); }

// One ARROW batch (NONE) of ~1 KiB rows filling just under 1 MiB. Appends only
// patch BaseOffset and CommitTimestamp, which the CRC does not cover, so the
// same buffer is appended again and again.
struct Batch {
  ByteBuffer bytes;
  int rows = 0;
  Batch() {
    std::mt19937_64 rng(42);
    fluss::MemoryLogRecordsBuilder builder({.format = fluss::LogFormat::kArrow}, row_type(),
                                           {.type = fluss::ArrowCompressionType::kNone});
    while (builder.estimated_size_in_bytes() + 2048 < kMiB) {
      check(builder.append(fluss::ChangeType::kAppendOnly, make_row(rng, rows++)));
    }
    check(builder.finish(bytes));
  }
};

const Batch& batch() {
  static const Batch b;
  return b;
}

std::string bench_dir(const std::string& name) {
  const char* tmp = std::getenv("TMPDIR");
  return std::string(tmp != nullptr ? tmp : "/tmp") + "/fluss_log_tablet_bench_" +
         std::to_string(::getpid()) + "/" + name;
}

// A directory removed (with the dirty pages of its files) when it goes.
struct ScratchDir {
  std::string path;
  explicit ScratchDir(const std::string& name) : path(bench_dir(name)) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~ScratchDir() { std::filesystem::remove_all(path); }
};

// Removes the (by then empty) per-process directory at exit, after the
// function-local fixtures below have removed theirs.
struct RemoveRootAtExit {
  ~RemoveRootAtExit() { std::filesystem::remove_all(bench_dir("")); }
} remove_root_at_exit;

std::unique_ptr<LogTablet> open_tablet(PosixFileSystem& fs, const std::string& dir) {
  auto tablet = LogTablet::open(fs, dir, LogConfig{});
  check(tablet.status());
  return std::move(*tablet);
}

void append_batches(LogTablet& tablet, ByteBuffer& bytes, int count) {
  for (int i = 0; i < count; ++i) check(tablet.append({bytes.data(), bytes.size()}).status());
}

// One iteration = one ~1 MiB append; range(0) = flush every N appends (0: never).
void BM_TabletAppend(benchmark::State& state) {
  ByteBuffer bytes = batch().bytes;
  const int64_t flush_every = state.range(0);
  PosixFileSystem fs;
  ScratchDir dir("append");
  auto tablet = open_tablet(fs, dir.path);
  int64_t n = 0;
  for (auto _ : state) {
    check(tablet->append({bytes.data(), bytes.size()}).status());
    if (flush_every > 0 && ++n % flush_every == 0) check(tablet->flush());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
  state.SetLabel(std::to_string(bytes.size()) + " B batches of " + std::to_string(batch().rows) +
                 " rows");
}

// The anchor: write(2) of the same bytes to one file, fdatasync at the same cadence.
void BM_AnchorWrite(benchmark::State& state) {
  const ByteBuffer& bytes = batch().bytes;
  const int64_t sync_every = state.range(0);
  ScratchDir dir("write");
  const std::string path = dir.path + "/anchor.log";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
  if (fd < 0) std::abort();
  int64_t n = 0;
  for (auto _ : state) {
    size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t w = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (w <= 0) std::abort();
      done += static_cast<size_t>(w);
    }
    if (sync_every > 0 && ++n % sync_every == 0 && ::fdatasync(fd) != 0) std::abort();
  }
  ::close(fd);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
}

// The durability a LogTablet flush gives, on plain files: per ~1 MiB write one
// 8-byte entry to an "offset index" and one 12-byte entry to a "time index"
// file (a batch is larger than log.index.interval-size), and fdatasync all three
// files at the cadence of range(0) appends (Fluss's LogSegment.flush syncs the
// log and both indexes).
void BM_AnchorWriteThreeFiles(benchmark::State& state) {
  const ByteBuffer& bytes = batch().bytes;
  const int64_t sync_every = state.range(0);
  ScratchDir dir("write3");
  int fds[3];
  const char* names[] = {"/anchor.log", "/anchor.index", "/anchor.timeindex"};
  for (int i = 0; i < 3; ++i) {
    fds[i] = ::open((dir.path + names[i]).c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
    if (fds[i] < 0) std::abort();
  }
  const uint8_t entry[12] = {};
  int64_t n = 0;
  for (auto _ : state) {
    size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t w = ::write(fds[0], bytes.data() + done, bytes.size() - done);
      if (w <= 0) std::abort();
      done += static_cast<size_t>(w);
    }
    if (::write(fds[1], entry, 8) != 8 || ::write(fds[2], entry, 12) != 12) std::abort();
    if (sync_every > 0 && ++n % sync_every == 0) {
      for (int fd : fds) {
        if (::fdatasync(fd) != 0) std::abort();
      }
    }
  }
  for (int fd : fds) ::close(fd);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
}

// A tablet of kLogMiB written once (in the page cache) for the read benchmarks.
struct ReadLog {
  PosixFileSystem fs;
  ScratchDir dir{"read"};
  std::unique_ptr<LogTablet> tablet;
  std::vector<std::string> log_files;
  uint64_t bytes = 0;
  ReadLog() {
    ByteBuffer b = batch().bytes;
    tablet = open_tablet(fs, dir.path);
    append_batches(*tablet, b, kLogMiB);
    check(tablet->flush());
    for (const auto& entry : std::filesystem::directory_iterator(dir.path)) {
      if (entry.path().extension() == ".log") log_files.push_back(entry.path());
    }
    std::sort(log_files.begin(), log_files.end());
    bytes = static_cast<uint64_t>(kLogMiB) * batch().bytes.size();
  }
};

ReadLog& read_log() {
  static ReadLog log;
  return log;
}

// Every batch is the same size and row count, so the next fetch offset follows
// from the slice size.
LogOffset after(LogOffset offset, uint64_t slice_size) {
  const uint64_t batch_size = batch().bytes.size();
  if (slice_size == 0 || slice_size % batch_size != 0) std::abort();
  return offset + static_cast<int64_t>(slice_size / batch_size * batch().rows);
}

// range(0) = max_bytes; range(1) = 0: pread the slice, 1: sendfile it to /dev/null.
void BM_TabletRead(benchmark::State& state) {
  ReadLog& log = read_log();
  const uint64_t max_bytes = static_cast<uint64_t>(state.range(0));
  const bool use_sendfile = state.range(1) == 1;
  const int null_fd = ::open("/dev/null", O_WRONLY);
  ByteBuffer out;
  for (auto _ : state) {
    LogOffset offset = log.tablet->log_start_offset();
    const LogOffset end = log.tablet->log_end_offset();
    while (offset < end) {
      auto fetched = log.tablet->read(offset, max_bytes);
      check(fetched.status());
      const fluss::storage::FileSlice& slice = *fetched->slice;
      if (use_sendfile) {
        off_t position = static_cast<off_t>(slice.position);
        size_t left = slice.size;
        while (left > 0) {
          const ssize_t s = ::sendfile(null_fd, *slice.file->native_handle(), &position, left);
          if (s <= 0) std::abort();
          left -= static_cast<size_t>(s);
        }
      } else {
        check(fluss::storage::read_slice(slice, out));
        benchmark::DoNotOptimize(out.data());
      }
      offset = after(offset, slice.size);
    }
  }
  ::close(null_fd);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * log.bytes));
  state.SetLabel(use_sendfile ? "sendfile" : "pread");
}

// The anchor: the same .log files with read(2) (or sendfile) in max_bytes chunks.
void BM_AnchorRead(benchmark::State& state) {
  ReadLog& log = read_log();
  const size_t chunk = static_cast<size_t>(state.range(0));
  const bool use_sendfile = state.range(1) == 1;
  const int null_fd = ::open("/dev/null", O_WRONLY);
  std::vector<uint8_t> buffer(chunk);
  uint64_t total = 0;
  for (auto _ : state) {
    for (const std::string& path : log.log_files) {
      const int fd = ::open(path.c_str(), O_RDONLY);
      if (fd < 0) std::abort();
      while (true) {
        const ssize_t r = use_sendfile ? ::sendfile(null_fd, fd, nullptr, chunk)
                                       : ::read(fd, buffer.data(), chunk);
        if (r < 0) std::abort();
        if (r == 0) break;
        total += static_cast<uint64_t>(r);
        benchmark::DoNotOptimize(buffer.data());
      }
      ::close(fd);
    }
  }
  ::close(null_fd);
  state.SetBytesProcessed(static_cast<int64_t>(total));
  state.SetLabel(use_sendfile ? "sendfile" : "read");
}

// A tablet of kLogMiB written and dropped without a flush, for recovery.
struct RecoverLog {
  PosixFileSystem fs;
  ScratchDir dir{"recover"};
  uint64_t bytes = 0;
  std::vector<std::string> log_files;
  RecoverLog() {
    ByteBuffer b = batch().bytes;
    auto tablet = open_tablet(fs, dir.path);
    append_batches(*tablet, b, kLogMiB);
    tablet.reset();
    for (const auto& entry : std::filesystem::directory_iterator(dir.path)) {
      if (entry.path().extension() == ".log") log_files.push_back(entry.path());
    }
    bytes = static_cast<uint64_t>(kLogMiB) * batch().bytes.size();
  }
};

RecoverLog& recover_log() {
  static RecoverLog log;
  return log;
}

void set_recovery_counters(benchmark::State& state, uint64_t bytes) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  // Seconds per GiB (the counter is inverted: iterations per second x GiB per iteration).
  state.counters["s_per_GiB"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(bytes) /
                             static_cast<double>(1ull << 30),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// LogTablet::open: every segment recovered (all batches read and CRC-checked,
// indexes rebuilt).
void BM_TabletRecover(benchmark::State& state) {
  RecoverLog& log = recover_log();
  for (auto _ : state) {
    auto tablet = open_tablet(log.fs, log.dir.path);
    if (tablet->log_end_offset() == LogOffset(0)) std::abort();
  }
  set_recovery_counters(state, log.bytes);
}

// A 1 GiB tablet (1,029 appends of ~1 MiB: two segments), written and dropped
// without a flush or close, as after kill -9.
struct KilledLog {
  PosixFileSystem fs;
  ScratchDir dir{"killed"};
  uint64_t bytes = 0;
  LogOffset last_segment_base;
  KilledLog() {
    ByteBuffer b = batch().bytes;
    auto tablet = open_tablet(fs, dir.path);
    const int count = static_cast<int>((1ull << 30) / b.size()) + 1;
    append_batches(*tablet, b, count);
    last_segment_base = tablet->segment_base_offsets().back();
    tablet.reset();
    bytes = static_cast<uint64_t>(count) * b.size();
  }
};

KilledLog& killed_log() {
  static KilledLog log;
  return log;
}

// Opening the 1 GiB tablet. Arg 0: after kill -9 with no recovery point (every
// segment CRC-recovered); 1: after kill -9 with the recovery point at the last
// segment's base (the LogManager's checkpoint after a roll: only that segment
// recovered); 2: after close() (clean-shutdown marker: nothing recovered). The
// close() of mode 2 is outside the timing.
void BM_TabletOpen1GiB(benchmark::State& state) {
  KilledLog& log = killed_log();
  const int mode = static_cast<int>(state.range(0));
  std::optional<LogOffset> recovery_point;
  if (mode == 1) recovery_point = log.last_segment_base;
  if (mode == 2) check(open_tablet(log.fs, log.dir.path)->close());
  size_t recovered = 0;
  for (auto _ : state) {
    auto tablet = LogTablet::open(log.fs, log.dir.path, LogConfig{},
                                  fluss::storage::system_clock_ms, recovery_point);
    check(tablet.status());
    if ((*tablet)->log_end_offset() == LogOffset(0)) std::abort();
    recovered = (*tablet)->segments_recovered();
    if (mode == 2) {
      state.PauseTiming();
      check((*tablet)->close());
      state.ResumeTiming();
    }
  }
  set_recovery_counters(state, log.bytes);
  state.SetLabel(std::to_string(recovered) + " segments recovered");
}

// The limit of recovery: read(2) of the same files in 1 MiB chunks + CRC-32C.
void BM_AnchorReadCrc(benchmark::State& state) {
  RecoverLog& log = recover_log();
  std::vector<uint8_t> buffer(kMiB);
  uint32_t crc = 0;
  for (auto _ : state) {
    for (const std::string& path : log.log_files) {
      const int fd = ::open(path.c_str(), O_RDONLY);
      if (fd < 0) std::abort();
      while (true) {
        const ssize_t r = ::read(fd, buffer.data(), buffer.size());
        if (r < 0) std::abort();
        if (r == 0) break;
        crc = fluss::crc32c_extend(crc, {buffer.data(), static_cast<size_t>(r)});
      }
      ::close(fd);
    }
  }
  benchmark::DoNotOptimize(crc);
  set_recovery_counters(state, log.bytes);
}

// CRC-32C alone, of the ~1 MiB batch in memory.
void BM_AnchorCrc32c(benchmark::State& state) {
  const ByteBuffer& bytes = batch().bytes;
  for (auto _ : state) benchmark::DoNotOptimize(fluss::crc32c(bytes.view()));
  set_recovery_counters(state, bytes.size());
}

// 512 appends of ~1 MiB per run (one segment, no roll); flush every 0 / 16 appends.
BENCHMARK(BM_TabletAppend)->Arg(0)->Arg(16)->Iterations(kAppendMiB)->UseRealTime();
BENCHMARK(BM_AnchorWrite)->Arg(0)->Arg(16)->Iterations(kAppendMiB)->UseRealTime();
BENCHMARK(BM_AnchorWriteThreeFiles)->Arg(16)->Iterations(kAppendMiB)->UseRealTime();
BENCHMARK(BM_TabletRead)->ArgsProduct({{1 << 20, 8 << 20}, {0, 1}})->UseRealTime();
BENCHMARK(BM_AnchorRead)->ArgsProduct({{1 << 20, 8 << 20}, {0, 1}})->UseRealTime();
BENCHMARK(BM_TabletRecover)->Iterations(3)->UseRealTime();
BENCHMARK(BM_TabletOpen1GiB)->Arg(0)->Arg(1)->Arg(2)->Iterations(3)->UseRealTime();
BENCHMARK(BM_AnchorReadCrc)->Iterations(3)->UseRealTime();
BENCHMARK(BM_AnchorCrc32c)->UseRealTime();

}  // namespace
