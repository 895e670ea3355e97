// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/kv_tablet.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <random>

#include "common/config_options.h"
#include "common/crc32c.h"
#include "record/value_record_batch.h"
#include "storage/fs/mem_file_system.h"
#include "storage/kv/kv_manager.h"
#include "storage/kv/tests/kv_test_util.h"
#include "test_utils/seed.h"

namespace fluss::storage {
namespace {

using fluss::test::StatusIs;
using fluss::test::StatusIsWith;
using fluss::test::value_or_throw;
using test::kv_batch;
using test::Op;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

const std::string kLogDir = "/data/db/t-1/log-0";

std::string hex(ByteView bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  for (uint8_t b : bytes) {
    s += kDigits[b >> 4];
    s += kDigits[b & 15];
  }
  return s;
}

ByteBuffer unhex(std::string_view text) {
  ByteBuffer out;
  for (size_t i = 0; i + 1 < text.size(); i += 2) {
    out.append_u8(static_cast<uint8_t>(std::stoi(std::string(text.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

class KvTabletTest : public ::testing::Test {
 protected:
  void SetUp() override {
    resources_ = value_or_throw(KvSharedResources::create(Configuration()));
    log_ = value_or_throw(LogTablet::open(fs_, kLogDir, LogConfig{}));
  }

  // Opens (or reopens) the tablet; `hw` defaults to the log end.
  void open(Properties properties = {}, std::optional<LogOffset> hw = std::nullopt) {
    properties_ = properties;
    kv_.reset();
    kv_ = value_or_throw(KvTablet::open(params(hw), *log_));
  }

  KvTabletParams params(std::optional<LogOffset> hw = std::nullopt) {
    return KvTabletParams{.bucket = TableBucket(TableId(1), BucketId(0)),
                          .kv_dir = dir_.path() + "/kv-0",
                          .table = test::make_table(properties_),
                          .schema_getter = {},
                          .resources = resources_,
                          .high_watermark = hw.value_or(log_->log_end_offset())};
  }

  LogFormat log_format() const { return value_or_throw(TableConfig(properties_).log_format()); }

  LogAppendInfo put(const std::vector<Op>& ops) {
    ByteBuffer batch = kv_batch(ops);
    return value_or_throw(kv_->put_as_leader(batch.view(), std::nullopt));
  }

  // The changes of every batch from `from` on, flattened.
  std::vector<std::string> changes(LogOffset from = LogOffset(0)) {
    std::vector<std::string> out;
    for (const auto& b :
         test::read_changelog(*log_, log_format(), test::make_table().row_type(), from)) {
      out.insert(out.end(), b.changes.begin(), b.changes.end());
    }
    return out;
  }

  std::optional<std::string> lookup(int32_t a) {
    ByteBuffer key = test::compacted_int_key(a);
    ByteView keys[] = {key.view()};
    return value_or_throw(kv_->multi_get(keys))[0];
  }

  // The committed rows, as "a=b" strings in key order.
  std::vector<std::string> committed_rows() {
    std::vector<std::string> out;
    auto scanner = kv_->new_scanner();
    const RowType type = test::make_table().row_type();
    while (auto batch = value_or_throw(scanner->next_batch(1 << 20))) {
      auto view = value_or_throw(ValueRecordBatch::parse(batch->view()));
      ValueRecordReader reader(view);
      while (auto rec = value_or_throw(reader.next())) {
        out.push_back(
            value_or_throw(decode_row(RowFormat::kCompacted, type, rec->row)).to_string());
      }
    }
    return out;
  }

  void flush_all() { ASSERT_OK(kv_->flush(log_->log_end_offset())); }

  test::TempDir dir_;
  MemFileSystem fs_;
  std::shared_ptr<KvSharedResources> resources_;
  std::unique_ptr<LogTablet> log_;
  Properties properties_;
  std::unique_ptr<KvTablet> kv_;
};

// fluss-wire.md §6.6: upsert (1,"ab") then delete key 1, one 45-byte batch.
TEST_F(KvTabletTest, WorkedExampleOfSection66) {
  open({{"table.log.format", "COMPACTED"}});
  const std::string golden =
      "29000000009b30b5af010000ffffffffffffffffffffffff02000000"
      "070000000101000102616202000000"
      "0101";
  ByteBuffer built = kv_batch({{1, "ab"}, {1, std::nullopt}});
  EXPECT_EQ(hex(built.view()), golden);
  const LogAppendInfo info = value_or_throw(kv_->put_as_leader(unhex(golden).view(), std::nullopt));
  EXPECT_EQ(info.first_offset, LogOffset(0));
  EXPECT_EQ(info.last_offset, LogOffset(1));
  EXPECT_THAT(changes(), ElementsAre("+I(1, 'ab')", "-D(1, 'ab')"));
  flush_all();
  EXPECT_EQ(lookup(1), std::nullopt);
}

TEST_F(KvTabletTest, UpsertOfAnAbsentKeyIsAnInsert) {
  open();
  const LogAppendInfo info = put({{1, "a"}, {2, "b"}});
  EXPECT_EQ(info.first_offset, LogOffset(0));
  EXPECT_EQ(info.last_offset, LogOffset(1));
  EXPECT_EQ(log_->log_end_offset(), LogOffset(2));
  EXPECT_THAT(changes(), ElementsAre("+I(1, 'a')", "+I(2, 'b')"));
}

TEST_F(KvTabletTest, UpsertOfAPresentKeyIsUpdateBeforeAndAfter) {
  open();
  put({{1, "a"}});
  put({{1, "b"}, {1, "c"}});  // the second merges against the buffered first
  EXPECT_THAT(changes(),
              ElementsAre("+I(1, 'a')", "-U(1, 'a')", "+U(1, 'b')", "-U(1, 'b')", "+U(1, 'c')"));
  flush_all();
  EXPECT_EQ(lookup(1), std::optional<std::string>(std::string("\x01\x00\x00\x01\x01\x63", 6)));
}

TEST_F(KvTabletTest, WalImageEmitsOnlyUpdateAfterEvenForInserts) {
  open({{"table.changelog.image", "WAL"}});
  put({{1, "a"}});
  put({{1, "b"}});
  put({{1, std::nullopt}});
  EXPECT_THAT(changes(), ElementsAre("+U(1, 'a')", "+U(1, 'b')", "-D(1, 'b')"));
}

TEST_F(KvTabletTest, DeleteOfAPresentKeyIsDeleteWithTheOldImage) {
  open();
  put({{1, "a"}});
  flush_all();
  put({{1, std::nullopt}});
  EXPECT_THAT(changes(LogOffset(1)), ElementsAre("-D(1, 'a')"));
  EXPECT_EQ(lookup(1).has_value(), true);  // not committed yet
  flush_all();
  EXPECT_EQ(lookup(1), std::nullopt);
}

TEST_F(KvTabletTest, DeleteOfAnAbsentKeyAppendsAnEmptyBatch) {
  open();
  const LogAppendInfo info = value_or_throw(kv_->put_as_leader(
      kv_batch({{7, std::nullopt}}, SchemaId(1), WriterId(5), BatchSequence(0)).view(),
      std::nullopt));
  EXPECT_EQ(info.first_offset, LogOffset(0));
  EXPECT_EQ(log_->log_end_offset(), LogOffset(1));
  const auto batches =
      test::read_changelog(*log_, LogFormat::kArrow, test::make_table().row_type());
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(batches[0].record_count, 0);
  EXPECT_EQ(batches[0].writer_id, WriterId(5));
  EXPECT_EQ(batches[0].batch_sequence, BatchSequence(0));
}

TEST_F(KvTabletTest, DeleteIsIgnoredWithDeleteBehaviorIgnore) {
  open({{"table.delete.behavior", "IGNORE"}});
  put({{1, "a"}});
  put({{1, std::nullopt}});
  EXPECT_THAT(changes(), ElementsAre("+I(1, 'a')"));
  EXPECT_EQ(log_->log_end_offset(), LogOffset(2));  // the empty batch
}

TEST_F(KvTabletTest, DeleteWithDeleteBehaviorDisableFailsAndLeavesNothing) {
  open({{"table.delete.behavior", "DISABLE"}});
  put({{1, "a"}});
  ByteBuffer batch = kv_batch({{2, "x"}, {1, std::nullopt}});
  EXPECT_THAT(kv_->put_as_leader(batch.view(), std::nullopt),
              StatusIs(ErrorCode::kDeletionDisabledException));
  EXPECT_EQ(log_->log_end_offset(), LogOffset(1));
  EXPECT_EQ(kv_->pre_write_buffer().size(), 1u);  // (2, x) was undone
  put({{2, "y"}});
  EXPECT_THAT(changes(), ElementsAre("+I(1, 'a')", "+I(2, 'y')"));
}

TEST_F(KvTabletTest, FirstRowMergeEngineKeepsTheOldRowWithoutChangelog) {
  properties_ = {{"table.merge-engine", "first_row"}};
  auto tablet = KvTablet::open(params(), *log_);
  ASSERT_TRUE(tablet.ok()) << tablet.status();
  kv_ = std::move(tablet).value();
  put({{1, "a"}});
  put({{1, "b"}});
  EXPECT_THAT(changes(), ElementsAre("+I(1, 'a')"));
  EXPECT_EQ(log_->log_end_offset(), LogOffset(2));
}

TEST_F(KvTabletTest, SchemaIdOutsideZeroToLatestIsSchemaNotExist) {
  open();
  EXPECT_THAT(kv_->put_as_leader(kv_batch({{1, "a"}}, SchemaId(2)).view(), std::nullopt),
              StatusIsWith(ErrorCode::kSchemaNotExist, "latest schema id 1"));
  EXPECT_THAT(kv_->put_as_leader(kv_batch({{1, "a"}}, SchemaId(-1)).view(), std::nullopt),
              StatusIs(ErrorCode::kSchemaNotExist));
  EXPECT_EQ(log_->log_end_offset(), LogOffset(0));
}

TEST_F(KvTabletTest, RowsOfAnOlderSchemaArePaddedWithNullsInTheChangelog) {
  // Schema 2 = schema 1 (a, b) + c INT; the batch and the stored row use schema 1.
  auto old_schema = std::make_shared<const Schema>(test::make_table().schema());
  Schema latest = value_or_throw(
      Schema::builder().from_schema(*old_schema).column("c", DataType::int_()).build());
  TableInfo::Params tp;
  tp.table_path = TablePath{"db", "t"};
  tp.table_id = TableId(1);
  tp.schema_id = SchemaId(2);
  tp.schema = latest;
  tp.bucket_keys = {"a"};
  tp.num_buckets = 1;
  KvTabletParams p = params();
  p.table = TableInfo(std::move(tp));
  p.schema_getter = [old_schema](SchemaId id) -> Result<std::shared_ptr<const Schema>> {
    if (id == SchemaId(1)) return old_schema;
    return make_error(ErrorCode::kSchemaNotExist, "schema {}", id.value());
  };
  kv_ = value_or_throw(KvTablet::open(std::move(p), *log_));
  put({{1, "a"}});
  put({{1, "b"}});
  std::vector<std::string> out;
  for (const auto& b : test::read_changelog(*log_, LogFormat::kArrow, latest.row_type())) {
    EXPECT_EQ(b.schema_id, SchemaId(2));
    out.insert(out.end(), b.changes.begin(), b.changes.end());
  }
  EXPECT_THAT(out, ElementsAre("+I(1, 'a', NULL)", "-U(1, 'a', NULL)", "+U(1, 'b', NULL)"));
  flush_all();
  // The stored value keeps the row's own schema id (no rewrite to the latest).
  EXPECT_EQ(lookup(1), std::optional<std::string>(std::string("\x01\x00\x00\x01\x01\x62", 6)));
}

TEST_F(KvTabletTest, CorruptBatchIsRejected) {
  open();
  ByteBuffer batch = kv_batch({{1, "a"}});
  batch.data()[batch.size() - 1] ^= 0x40;
  EXPECT_THAT(kv_->put_as_leader(batch.view(), std::nullopt), StatusIs(ErrorCode::kCorruptMessage));
  EXPECT_THAT(kv_->put_as_leader(batch.view().first(10), std::nullopt),
              StatusIs(ErrorCode::kCorruptMessage));
}

// Re-seals a hand-edited KV batch: a valid CRC over lying contents.
void reseal(ByteBuffer& batch) { batch.put_le<uint32_t>(5, crc32c(batch.view().subspan(9))); }

TEST_F(KvTabletTest, LyingLengthsWithAValidCrcAreRejectedAndAppendNothing) {
  open();
  put({{1, "a"}});
  const ByteBuffer good = kv_batch({{2, "b"}, {3, "c"}});
  struct Edit {
    const char* what;
    size_t at;
    uint8_t value;
  };
  // Header 28 bytes, then record 1: int32 length, key-length varint, key, row.
  for (const Edit& edit :
       {Edit{"record length past the batch", 28, 0x7f},
        Edit{"record length too short for its key", 28, 0x01},
        Edit{"key length past the record", 32, 0x40}, Edit{"more records than present", 24, 0x03},
        Edit{"row bytes that are no CompactedRow", 36, 0xff}}) {
    SCOPED_TRACE(edit.what);
    ByteBuffer batch;
    batch.append(good.view());
    batch.data()[edit.at] = edit.value;
    reseal(batch);
    EXPECT_THAT(kv_->put_as_leader(batch.view(), std::nullopt),
                StatusIs(ErrorCode::kCorruptMessage));
    EXPECT_EQ(log_->log_end_offset(), LogOffset(1));
    EXPECT_EQ(kv_->pre_write_buffer().size(), 1u);
  }
  // Truncations at every length.
  for (size_t n = 0; n < good.size(); ++n) {
    EXPECT_FALSE(kv_->put_as_leader(good.view().first(n), std::nullopt).ok()) << n;
  }
  EXPECT_EQ(log_->log_end_offset(), LogOffset(1));
}

TEST_F(KvTabletTest, TargetColumnsGoToTheMerger) {
  open();
  put({{1, "a"}});
  const int32_t columns[] = {0, 1};
  auto result = kv_->put_as_leader(kv_batch({{1, "b"}}).view(), std::span<const int32_t>(columns));
  if (result.ok()) {
    EXPECT_THAT(changes(), ElementsAre("+I(1, 'a')", "-U(1, 'a')", "+U(1, 'b')"));
  } else {
    // The placeholder merger refuses partial updates: the error passes through
    // and nothing is appended.
    EXPECT_THAT(result, StatusIs(ErrorCode::kInvalidTargetColumn));
    EXPECT_EQ(log_->log_end_offset(), LogOffset(1));
  }
}

TEST_F(KvTabletTest, WriterIdAndSequenceAreCarriedAndDuplicatesChangeNothing) {
  open();
  ByteBuffer first = kv_batch({{1, "a"}}, SchemaId(1), WriterId(9), BatchSequence(0));
  value_or_throw(kv_->put_as_leader(first.view(), std::nullopt));
  ByteBuffer again = kv_batch({{1, "a"}}, SchemaId(1), WriterId(9), BatchSequence(0));
  const LogAppendInfo dup = value_or_throw(kv_->put_as_leader(again.view(), std::nullopt));
  EXPECT_TRUE(dup.duplicate);
  EXPECT_EQ(dup.first_offset, LogOffset(0));
  EXPECT_EQ(kv_->pre_write_buffer().size(), 1u);
  ByteBuffer next = kv_batch({{1, "b"}}, SchemaId(1), WriterId(9), BatchSequence(1));
  value_or_throw(kv_->put_as_leader(next.view(), std::nullopt));
  const auto batches =
      test::read_changelog(*log_, LogFormat::kArrow, test::make_table().row_type());
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_EQ(batches[1].writer_id, WriterId(9));
  EXPECT_EQ(batches[1].batch_sequence, BatchSequence(1));
  EXPECT_THAT(batches[1].changes, ElementsAre("-U(1, 'a')", "+U(1, 'b')"));
}

TEST_F(KvTabletTest, LookupsSeeOnlyFlushedData) {
  open();
  put({{1, "a"}, {2, "b"}});
  EXPECT_EQ(lookup(1), std::nullopt);
  ASSERT_OK(kv_->flush(LogOffset(1)));  // commits +I(1) only
  EXPECT_EQ(kv_->flushed_offset(), LogOffset(1));
  EXPECT_EQ(lookup(1), std::optional<std::string>(std::string("\x01\x00\x00\x01\x01\x61", 6)));
  EXPECT_EQ(lookup(2), std::nullopt);
  flush_all();
  EXPECT_TRUE(lookup(2).has_value());
  EXPECT_THAT(committed_rows(), ElementsAre("(1, 'a')", "(2, 'b')"));
}

TEST_F(KvTabletTest, LimitScanReturnsAValueBatchOfAtMostLimitRows) {
  open();
  put({{1, "a"}, {2, "b"}, {3, "c"}});
  flush_all();
  ByteBuffer out = value_or_throw(kv_->limit_scan(2));
  auto batch = value_or_throw(ValueRecordBatch::parse(out.view()));
  EXPECT_EQ(batch.record_count(), 2);
  ValueRecordReader reader(batch);
  auto first = value_or_throw(reader.next());
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->schema_id, SchemaId(1));
  EXPECT_EQ(value_or_throw(ValueRecordBatch::parse(value_or_throw(kv_->limit_scan(0)).view()))
                .record_count(),
            0);
}

TEST_F(KvTabletTest, ScannerReturnsBoundedBatches) {
  open();
  std::vector<Op> ops;
  for (int i = 0; i < 50; ++i) ops.push_back({i, std::string(20, 'x')});
  put(ops);
  flush_all();
  auto scanner = kv_->new_scanner();
  int rows = 0;
  int batches = 0;
  while (auto batch = value_or_throw(scanner->next_batch(200))) {
    EXPECT_LE(batch->size(), 200u);
    rows += value_or_throw(ValueRecordBatch::parse(batch->view())).record_count();
    ++batches;
  }
  EXPECT_EQ(rows, 50);
  EXPECT_GT(batches, 5);
}

TEST_F(KvTabletTest, CrashBetweenLogAppendAndApplyRestoresTheCommittedState) {
  open();
  put({{1, "a"}, {2, "b"}});
  ASSERT_OK(kv_->flush(LogOffset(2)));
  put({{1, "c"}, {3, std::nullopt}});  // offsets 2..3
  put({{4, "d"}});                     // offset 4
  // The high watermark reached 4 but the tablet died before applying: reopen.
  kv_.reset();
  log_.reset();
  log_ = value_or_throw(LogTablet::open(fs_, kLogDir, LogConfig{}));
  kv_ = value_or_throw(KvTablet::open(params(LogOffset(4)), *log_));
  EXPECT_EQ(kv_->recovery_info().from, LogOffset(2));
  EXPECT_EQ(kv_->recovery_info().records_applied, 1);   // +U(1,c); -U skipped
  EXPECT_EQ(kv_->recovery_info().records_buffered, 1);  // +I(4,d) above the HW
  EXPECT_EQ(kv_->flushed_offset(), LogOffset(4));
  EXPECT_THAT(committed_rows(), ElementsAre("(1, 'c')", "(2, 'b')"));
  // The uncommitted insert is buffered: a new write of key 4 is an update.
  put({{4, "e"}});
  EXPECT_THAT(changes(LogOffset(5)), ElementsAre("-U(4, 'd')", "+U(4, 'e')"));
  flush_all();
  EXPECT_THAT(committed_rows(), ElementsAre("(1, 'c')", "(2, 'b')", "(4, 'e')"));
}

TEST_F(KvTabletTest, RecoveryRebuildsFromTheLogWhenRocksDbIsLost) {
  for (const char* format : {"ARROW", "COMPACTED"}) {
    SCOPED_TRACE(format);
    open({{"table.log.format", format}});
    put({{1, "a"}, {2, "b"}});
    put({{2, std::nullopt}, {3, "c"}, {1, "z"}});
    kv_.reset();
    std::filesystem::remove_all(dir_.path() + "/kv-0");
    open({{"table.log.format", format}});
    EXPECT_THAT(committed_rows(), ElementsAre("(1, 'z')", "(3, 'c')"));
    kv_.reset();
    std::filesystem::remove_all(dir_.path() + "/kv-0");
    ASSERT_OK(log_->truncate_fully_and_start_at(LogOffset(0)));
  }
}

TEST_F(KvTabletTest, RowCountFollowsCommittedInsertsAndDeletes) {
  open();
  EXPECT_EQ(value_or_throw(kv_->row_count()), 0);
  put({{1, "a"}, {2, "b"}, {3, "c"}});
  EXPECT_EQ(value_or_throw(kv_->row_count()), 0);  // not committed yet
  ASSERT_OK(kv_->flush(LogOffset(2)));
  EXPECT_EQ(value_or_throw(kv_->row_count()), 2);
  flush_all();
  EXPECT_EQ(value_or_throw(kv_->row_count()), 3);
  put({{1, "z"}, {2, std::nullopt}, {9, std::nullopt}});  // update, delete, absent delete
  flush_all();
  EXPECT_EQ(value_or_throw(kv_->row_count()), 2);
  // A failed or truncated append never counted: only flushed changes do.
  put({{4, "d"}});
  kv_.reset();  // the tablet dies before the flush; the log keeps +I(4)
  open();       // the high watermark is the log end: +I(4) is replayed into RocksDB
  EXPECT_EQ(value_or_throw(kv_->row_count()), 3);
  EXPECT_EQ(committed_rows().size(), 3u);
}

TEST_F(KvTabletTest, RowCountIsRebuiltByAReplayAndBufferedAboveTheHighWatermark) {
  open();
  put({{1, "a"}, {2, "b"}});
  put({{2, std::nullopt}, {3, "c"}});  // offsets 2..3
  put({{4, "d"}});                     // offset 4
  kv_.reset();
  std::filesystem::remove_all(dir_.path() + "/kv-0");
  open({}, LogOffset(4));  // everything but +I(4) committed
  EXPECT_EQ(value_or_throw(kv_->row_count()), 2);
  flush_all();
  EXPECT_EQ(value_or_throw(kv_->row_count()), 3);
  EXPECT_EQ(committed_rows().size(), 3u);
}

TEST_F(KvTabletTest, RowCountIsDisabledWithTheWalImage) {
  open({{"table.changelog.image", "WAL"}});
  put({{1, "a"}});
  flush_all();
  EXPECT_THAT(kv_->row_count(),
              fluss::test::StatusIsWith(ErrorCode::kInvalidTableException, "Row count is disabled"));
}

TEST_F(KvTabletTest, IndexedChangelogNeedsIndexedKvFormat) {
  open({{"table.log.format", "INDEXED"}});
  EXPECT_THAT(kv_->put_as_leader(kv_batch({{1, "a"}}).view(), std::nullopt),
              StatusIs(ErrorCode::kInvalidConfigException));
  open({{"table.log.format", "INDEXED"}, {"table.kv.format", "INDEXED"}});
  ByteBuffer batch =
      kv_batch({{1, "a"}}, SchemaId(1), kNoWriterId, kNoBatchSequence, RowFormat::kIndexed);
  value_or_throw(kv_->put_as_leader(batch.view(), std::nullopt));
  EXPECT_THAT(changes(), ElementsAre("+I(1, 'a')"));
}

TEST_F(KvTabletTest, RestoreFromSnapshotDirReplaysFromTheGivenOffset) {
  open();
  put({{1, "a"}});
  flush_all();
  ASSERT_OK(kv_->rocksdb().flush_memtables());
  put({{2, "b"}});
  kv_.reset();
  // The "snapshot" is the db dir at offset 1; replay adds offset 1.
  kv_ = value_or_throw(
      KvTablet::restore_from_snapshot_dir(params(), *log_, dir_.path() + "/kv-0/db", LogOffset(1)));
  EXPECT_EQ(kv_->recovery_info().from, LogOffset(1));
  EXPECT_THAT(committed_rows(), ElementsAre("(1, 'a')", "(2, 'b')"));
}

TEST_F(KvTabletTest, RocksDbFailuresAreKvStorageExceptionsNamingTheBucket) {
  std::filesystem::create_directories(dir_.path() + "/kv-0");
  std::ofstream(dir_.path() + "/kv-0/db") << "not a directory";
  EXPECT_THAT(KvTablet::open(params(), *log_),
              StatusIsWith(ErrorCode::kKvStorageException, "TableBucket{tableId=1, bucket=0}"));
  std::filesystem::remove(dir_.path() + "/kv-0/db");
  open();
  // A second instance on the same directory fails on RocksDB's lock.
  EXPECT_THAT(KvTablet::open(params(), *log_),
              StatusIsWith(ErrorCode::kKvStorageException, "open"));
  put({{1, "a"}});
  ASSERT_OK(kv_->close());
  EXPECT_THAT(kv_->flush(LogOffset(1)), StatusIsWith(ErrorCode::kKvStorageException, "write"));
  EXPECT_EQ(kv_->pre_write_buffer().size(), 1u);  // kept for a retry
  EXPECT_THAT(kv_->put_as_leader(kv_batch({{2, "b"}}).view(), std::nullopt),
              StatusIs(ErrorCode::kKvStorageException));
}

TEST_F(KvTabletTest, PrefixLookupFindsEveryKeyWithTheBucketKeyPrefix) {
  // PK (a, c), bucket key a: the compacted key of a is a byte prefix of (a, c).
  Schema schema = value_or_throw(Schema::builder()
                                     .column("a", DataType::int_())
                                     .column("c", DataType::string())
                                     .column("v", DataType::int_())
                                     .primary_key({"a", "c"})
                                     .build());
  TableInfo::Params tp;
  tp.table_path = TablePath{"db", "p"};
  tp.table_id = TableId(2);
  tp.schema_id = SchemaId(1);
  tp.schema = schema;
  tp.bucket_keys = {"a"};
  tp.num_buckets = 1;
  tp.properties = {{"table.kv.format-version", "2"}};
  TableInfo table(std::move(tp));
  KvTabletParams p = params();
  p.table = table;
  kv_ = value_or_throw(KvTablet::open(std::move(p), *log_));
  auto encoder =
      value_or_throw(KeyEncoder::create(KeyEncoding::kCompacted, schema.row_type(), {0, 1}));
  KvRecordBatchBuilder builder({.schema_id = SchemaId(1)});
  int v = 0;
  for (int a : {1, 2, 1, 3}) {
    GenericRow row(std::vector<Datum>{a, std::string("k") + std::to_string(v), v});
    ByteBuffer key = value_or_throw(encoder->encode_key(row));
    ByteBuffer value;
    ASSERT_OK(encode_row(RowFormat::kCompacted, schema.row_type(), row, value));
    builder.append(key.view(), value.view());
    ++v;
  }
  ByteBuffer batch;
  builder.finish(batch);
  value_or_throw(kv_->put_as_leader(batch.view(), std::nullopt));
  ASSERT_OK(kv_->flush(log_->log_end_offset()));
  auto prefix_encoder =
      value_or_throw(KeyEncoder::create(KeyEncoding::kCompacted, RowType({DataType::int_()}), {0}));
  ByteBuffer prefix = value_or_throw(prefix_encoder->encode_key(GenericRow(std::vector<Datum>{1})));
  auto values = value_or_throw(kv_->prefix_lookup(prefix.view()));
  ASSERT_EQ(values.size(), 2u);
  auto row0 = value_or_throw(
      decode_row(RowFormat::kCompacted, schema.row_type(), as_bytes(values[0]).subspan(2)));
  EXPECT_EQ(row0.to_string(), "(1, 'k0', 0)");
  ByteBuffer none = value_or_throw(prefix_encoder->encode_key(GenericRow(std::vector<Datum>{9})));
  EXPECT_THAT(value_or_throw(kv_->prefix_lookup(none.view())), IsEmpty());
}

// Random upserts and deletes against a std::map; the final committed state equals
// the model, and replaying the emitted changelog rebuilds it.
TEST_F(KvTabletTest, RandomizedAgainstAMapModel) {
  const uint64_t seed = fluss::test::seed_from_env();
  SCOPED_TRACE(fluss::test::seed_trace(seed));
  std::mt19937_64 rng(seed);
  const bool wal = rng() % 2 == 0;
  open(wal ? Properties{{"table.changelog.image", "WAL"}} : Properties{});
  std::map<int32_t, std::string> model;
  for (int round = 0; round < 60; ++round) {
    std::vector<Op> ops;
    const int n = 1 + static_cast<int>(rng() % 20);
    for (int i = 0; i < n; ++i) {
      const int32_t a = static_cast<int32_t>(rng() % 40);
      if (rng() % 4 == 0) {
        ops.push_back({a, std::nullopt});
        model.erase(a);
      } else {
        std::string b = "v" + std::to_string(rng() % 1000);
        ops.push_back({a, b});
        model[a] = b;
      }
    }
    put(ops);
    if (rng() % 3 == 0) {
      const int64_t end = log_->log_end_offset().value();
      ASSERT_OK(kv_->flush(LogOffset(end - static_cast<int64_t>(rng() % 3))));
    }
    if (rng() % 10 == 0) {
      // Crash and recover with a high watermark at the log end.
      kv_.reset();
      open(properties_);
    }
  }
  flush_all();
  std::vector<std::string> expected;
  for (const auto& [a, b] : model) expected.push_back(fmt::format("({}, '{}')", a, b));
  EXPECT_EQ(committed_rows(), expected);

  // Replaying the changelog rebuilds the same state.
  std::map<std::string, std::string> replayed;
  for (const std::string& change : changes()) {
    const std::string tag = change.substr(0, 2);
    const std::string row = change.substr(2);
    const std::string key = row.substr(0, row.find(','));
    if (tag == "+I" || tag == "+U") replayed[key] = row;
    if (tag == "-D") replayed.erase(key);
  }
  std::vector<std::string> replayed_rows;
  for (const auto& [k, row] : replayed) replayed_rows.push_back(row);
  std::vector<std::string> sorted_expected = expected;
  std::sort(sorted_expected.begin(), sorted_expected.end());
  std::sort(replayed_rows.begin(), replayed_rows.end());
  EXPECT_EQ(replayed_rows, sorted_expected);
}

TEST(KvSharedResourcesTest, OneCacheAndWriteBufferBudgetFromTheKvRocksDbKeys) {
  Configuration config;
  config.set_string("kv.rocksdb.block.cache-size", "16mb");
  config.set_string("kv.rocksdb.writebuffer.size", "4mb");
  config.set_string("kv.rocksdb.writebuffer.count", "3");
  auto resources = value_or_throw(KvSharedResources::create(config));
  EXPECT_EQ(resources->block_cache_capacity(), 16u << 20);
  EXPECT_EQ(resources->write_buffer_budget(), 12u << 20);
  config.set_string("kv.rocksdb.compaction.style", "SIDEWAYS");
  EXPECT_THAT(KvSharedResources::create(config), StatusIs(ErrorCode::kInvalidConfigException));
}

TEST(KvManagerTest, OwnsTabletsSharingOneResourceSet) {
  test::TempDir dir;
  MemFileSystem fs;
  auto log0 = value_or_throw(LogTablet::open(fs, "/d/db/t-1/log-0", LogConfig{}));
  auto log1 = value_or_throw(LogTablet::open(fs, "/d/db/t-1/log-1", LogConfig{}));
  Configuration config;
  config.set_string("remote.data.dir", dir.path() + "/remote");
  auto manager = value_or_throw(KvManager::create(config, dir.path()));
  const PhysicalTablePath path{TablePath{"db", "t"}, std::nullopt};
  const TableInfo table = test::make_table();
  const TableBucket b0(TableId(1), BucketId(0));
  const TableBucket b1(TableId(1), BucketId(1));
  KvTablet* t0 =
      value_or_throw(manager->get_or_create_kv(path, b0, table, {}, *log0, LogOffset(0)));
  KvTablet* t1 =
      value_or_throw(manager->get_or_create_kv(path, b1, table, {}, *log1, LogOffset(0)));
  EXPECT_NE(t0, t1);
  EXPECT_EQ(value_or_throw(manager->get_or_create_kv(path, b0, table, {}, *log0, LogOffset(0))),
            t0);
  EXPECT_EQ(t0->kv_dir(), dir.path() + "/db/t-1/kv-0");
  EXPECT_TRUE(std::filesystem::exists(t1->kv_dir() + "/db"));
  ASSERT_OK(manager->drop_kv(b1));
  EXPECT_EQ(manager->get_kv(b1), nullptr);
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/db/t-1/kv-1"));
  ASSERT_OK(manager->close());
  EXPECT_EQ(manager->get_kv(b0), nullptr);
}

}  // namespace
}  // namespace fluss::storage
