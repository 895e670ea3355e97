// SPDX-License-Identifier: Apache-2.0
// Feeds arbitrary bytes to KvTablet::put_as_leader as the KV batch of a PUT_KV
// request (table: a INT primary key, b STRING; ARROW changelog, FULL image), with
// the CRC recomputed so that mutations reach the records. Must never crash; an
// accepted batch advances the log end (unless a duplicate), a rejected one leaves
// log end and pre-write buffer as they were. The first input byte's low bit asks for a flush
// afterwards. One tablet lives across inputs (RocksDB in a temp dir, the log in memory).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdlib.h>
#include <string>

#include "common/bytes.h"
#include "common/configuration.h"
#include "common/crc32c.h"
#include "model/schema.h"
#include "model/table_info.h"
#include "storage/fs/mem_file_system.h"
#include "storage/kv/kv_tablet.h"
#include "storage/log/log_tablet.h"

namespace {

using namespace fluss;
using namespace fluss::storage;

template <typename T>
T must(Result<T> r) {
  if (!r.ok()) {
    std::fprintf(stderr, "%s\n", r.status().to_string().c_str());
    abort();
  }
  return std::move(r).value();
}

struct Tablet {
  std::string dir;
  MemFileSystem fs;
  std::unique_ptr<LogTablet> log;
  std::unique_ptr<KvTablet> kv;

  Tablet() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "fluss-kv-fuzz-XXXXXX").string();
    dir = ::mkdtemp(tmpl.data());
    log = must(LogTablet::open(fs, "/data/db/t-1/log-0", LogConfig{}));
    TableInfo::Params p;
    p.table_path = TablePath{"db", "t"};
    p.table_id = TableId(1);
    p.schema_id = SchemaId(1);
    p.schema = must(Schema::builder()
                        .column("a", DataType::int_())
                        .column("b", DataType::string())
                        .primary_key({"a"})
                        .build());
    p.bucket_keys = {"a"};
    p.num_buckets = 1;
    kv = must(
        KvTablet::open(KvTabletParams{.bucket = TableBucket(TableId(1), BucketId(0)),
                                      .kv_dir = dir + "/kv-0",
                                      .table = TableInfo(std::move(p)),
                                      .schema_getter = {},
                                      .resources = must(KvSharedResources::create(Configuration())),
                                      .high_watermark = LogOffset(0)},
                       *log));
  }
  ~Tablet() {
    kv.reset();
    log.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Tablet tablet;
  if (size == 0) return 0;
  const bool flush = (data[0] & 1) != 0;
  ByteBuffer batch;
  batch.append(ByteView(data + 1, size - 1));
  if (batch.size() >= 28) batch.put_le<uint32_t>(5, crc32c(batch.view().subspan(9)));
  const LogOffset end_before = tablet.log->log_end_offset();
  const size_t buffered_before = tablet.kv->pre_write_buffer().size();
  Result<LogAppendInfo> info = tablet.kv->put_as_leader(batch.view(), std::nullopt);
  if (info.ok()) {
    // A batch of an idempotent writer may repeat an earlier one: nothing appended.
    if (!info->duplicate && tablet.log->log_end_offset() <= end_before) abort();
  } else if (tablet.log->log_end_offset() != end_before ||
             tablet.kv->pre_write_buffer().size() != buffered_before) {
    abort();
  }
  if (flush && !tablet.kv->flush(tablet.log->log_end_offset()).ok()) abort();
  return 0;
}
