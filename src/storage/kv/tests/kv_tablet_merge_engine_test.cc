// SPDX-License-Identifier: Apache-2.0
// The merge engines through KvTablet::put_as_leader: hand-computed changelogs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "record/value_record_batch.h"
#include "storage/fs/mem_file_system.h"
#include "storage/kv/kv_tablet.h"
#include "storage/kv/tests/kv_test_util.h"
#include "test_utils/status_matchers.h"

namespace fluss::storage {
namespace {

using fluss::test::StatusIs;
using fluss::test::value_or_throw;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// (a, v, s); nullopt v / s are nulls; `deleted` makes a delete of key a.
struct Row {
  int32_t a;
  std::optional<int64_t> v;
  std::optional<std::string> s;
  bool deleted = false;
};
Row del(int32_t a) { return Row{a, std::nullopt, std::nullopt, true}; }

// Table 1 "db.t": a INT (primary key), v BIGINT, s STRING; `v_agg` is v's aggregate function.
TableInfo make_table(Properties properties, std::optional<AggFunction> v_agg = std::nullopt) {
  auto builder = Schema::builder();
  builder.column("a", DataType::int_().not_null());
  if (v_agg) {
    builder.column("v", DataType::bigint(), *v_agg);
  } else {
    builder.column("v", DataType::bigint());
  }
  builder.column("s", DataType::string()).primary_key({"a"});
  TableInfo::Params p;
  p.table_path = TablePath{"db", "t"};
  p.table_id = TableId(1);
  p.schema_id = SchemaId(1);
  p.schema = value_or_throw(builder.build());
  p.bucket_keys = {"a"};
  p.num_buckets = 1;
  p.properties = std::move(properties);
  return TableInfo(std::move(p));
}

class KvTabletMergeEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    resources_ = value_or_throw(KvSharedResources::create(Configuration()));
    log_ = value_or_throw(LogTablet::open(fs_, "/d/db/t-1/log-0", LogConfig{}));
  }

  void open(Properties properties, std::optional<AggFunction> v_agg = std::nullopt) {
    table_.emplace(make_table(std::move(properties), v_agg));
    kv_ =
        value_or_throw(KvTablet::open(KvTabletParams{.bucket = TableBucket(TableId(1), BucketId(0)),
                                                     .kv_dir = dir_.path() + "/kv-0",
                                                     .table = *table_,
                                                     .schema_getter = {},
                                                     .resources = resources_,
                                                     .high_watermark = LogOffset(0)},
                                      *log_));
  }

  ByteBuffer batch(const std::vector<Row>& rows) {
    KvRecordBatchBuilder builder(
        {.schema_id = SchemaId(1), .writer_id = kNoWriterId, .batch_sequence = kNoBatchSequence});
    const RowType type = table_->row_type();
    for (const Row& r : rows) {
      ByteBuffer key = test::compacted_int_key(r.a);
      if (r.deleted) {
        builder.append(key.view(), std::nullopt);
        continue;
      }
      ByteBuffer row;
      const Datum v = r.v ? Datum(*r.v) : Datum(Null{});
      const Datum s = r.s ? Datum(*r.s) : Datum(Null{});
      if (!encode_row(RowFormat::kCompacted, type, GenericRow(std::vector<Datum>{r.a, v, s}), row)
               .ok()) {
        throw std::runtime_error("encode_row");
      }
      builder.append(key.view(), row.view());
    }
    ByteBuffer out;
    builder.finish(out);
    return out;
  }

  // Puts `rows` (with `target_columns` for a partial update) and returns the changes
  // it appended; then commits them.
  std::vector<std::string> put(const std::vector<Row>& rows,
                               std::optional<std::vector<int32_t>> target_columns = std::nullopt) {
    const LogOffset before = log_->log_end_offset();
    ByteBuffer bytes = batch(rows);
    std::optional<std::span<const int32_t>> targets;
    if (target_columns) targets = std::span<const int32_t>(*target_columns);
    value_or_throw(kv_->put_as_leader(bytes.view(), targets));
    std::vector<std::string> out;
    for (const auto& b : test::read_changelog(*log_, log_format(), table_->row_type(), before)) {
      out.insert(out.end(), b.changes.begin(), b.changes.end());
    }
    EXPECT_TRUE(kv_->flush(log_->log_end_offset()).ok());
    return out;
  }

  LogFormat log_format() const { return value_or_throw(table_->table_config().log_format()); }

  std::vector<std::string> committed_rows() {
    std::vector<std::string> out;
    auto scanner = kv_->new_scanner();
    while (auto b = value_or_throw(scanner->next_batch(1 << 20))) {
      auto view = value_or_throw(ValueRecordBatch::parse(b->view()));
      ValueRecordReader reader(view);
      while (auto rec = value_or_throw(reader.next())) {
        out.push_back(
            value_or_throw(decode_row(RowFormat::kCompacted, table_->row_type(), rec->row))
                .to_string());
      }
    }
    return out;
  }

  test::TempDir dir_;
  MemFileSystem fs_;
  std::shared_ptr<KvSharedResources> resources_;
  std::unique_ptr<LogTablet> log_;
  std::optional<TableInfo> table_;
  std::unique_ptr<KvTablet> kv_;
};

TEST_F(KvTabletMergeEngineTest, FirstRowKeepsTheFirstRowAndIgnoresDeletes) {
  for (const char* format : {"ARROW", "COMPACTED"}) {
    SCOPED_TRACE(format);
    open({{"table.merge-engine", "first_row"}, {"table.log.format", format}});
    EXPECT_THAT(put({{1, 10, "a"}, {1, 20, "b"}, {2, 5, "c"}}),
                ElementsAre("+I(1, 10, 'a')", "+I(2, 5, 'c')"));
    EXPECT_THAT(put({{1, 30, "d"}, del(2)}), IsEmpty());
    EXPECT_THAT(put({{3, std::nullopt, "e"}}), ElementsAre("+I(3, NULL, 'e')"));
    EXPECT_THAT(committed_rows(), ElementsAre("(1, 10, 'a')", "(2, 5, 'c')", "(3, NULL, 'e')"));
    const int32_t targets[] = {0, 1};
    EXPECT_THAT(kv_->put_as_leader(batch({{1, 1, "x"}}).view(), std::span<const int32_t>(targets)),
                StatusIs(ErrorCode::kInvalidTargetColumn));
    kv_.reset();
    std::filesystem::remove_all(dir_.path() + "/kv-0");
    ASSERT_OK(log_->truncate_fully_and_start_at(LogOffset(0)));
  }
}

TEST_F(KvTabletMergeEngineTest, VersionedTakesTheRowWithTheHigherOrEqualVersion) {
  open({{"table.merge-engine", "versioned"}, {"table.merge-engine.versioned.ver-column", "v"}});
  EXPECT_THAT(put({{1, 10, "a"}}), ElementsAre("+I(1, 10, 'a')"));
  EXPECT_THAT(put({{1, 5, "older"}}), IsEmpty());
  EXPECT_THAT(
      put({{1, 10, "tie"}, {1, 20, "new"}}),
      ElementsAre("-U(1, 10, 'a')", "+U(1, 10, 'tie')", "-U(1, 10, 'tie')", "+U(1, 20, 'new')"));
  // A null version is the minimum; deletes are ignored.
  EXPECT_THAT(put({{1, std::nullopt, "null"}, del(1)}), IsEmpty());
  EXPECT_THAT(committed_rows(), ElementsAre("(1, 20, 'new')"));
}

TEST_F(KvTabletMergeEngineTest, AggregationSumsAndPartialUpdatesAggregateOnlyTheTargets) {
  open({{"table.merge-engine", "aggregation"}}, AggFunction{.type = AggFunctionType::kSum});
  EXPECT_THAT(put({{1, 10, "a"}}), ElementsAre("+I(1, 10, 'a')"));
  // s is last_value_ignore_nulls: a null keeps 'a'.
  EXPECT_THAT(put({{1, 5, std::nullopt}, {1, 1, "b"}}),
              ElementsAre("-U(1, 10, 'a')", "+U(1, 15, 'a')", "-U(1, 15, 'a')", "+U(1, 16, 'b')"));
  // Target columns (a, v): v aggregates, s keeps its stored value.
  EXPECT_THAT(put({{1, 7, "ignored"}}, std::vector<int32_t>{0, 1}),
              ElementsAre("-U(1, 16, 'b')", "+U(1, 23, 'b')"));
  // Target columns (a, s) on a new key: inserted as it came (a client's partial row has
  // nulls outside its targets).
  EXPECT_THAT(put({{2, std::nullopt, "x"}}, std::vector<int32_t>{0, 2}),
              ElementsAre("+I(2, NULL, 'x')"));
  // Deletes are ignored by default.
  EXPECT_THAT(put({del(1)}), IsEmpty());
  EXPECT_THAT(committed_rows(), ElementsAre("(1, 23, 'b')", "(2, NULL, 'x')"));
}

TEST_F(KvTabletMergeEngineTest, AggregationWithDeleteAllowedRemovesTheRow) {
  open({{"table.merge-engine", "aggregation"}, {"table.delete.behavior", "ALLOW"}},
       AggFunction{.type = AggFunctionType::kSum});
  EXPECT_THAT(put({{1, 10, "a"}, {1, 2, "b"}, del(1)}),
              ElementsAre("+I(1, 10, 'a')", "-U(1, 10, 'a')", "+U(1, 12, 'b')", "-D(1, 12, 'b')"));
  EXPECT_THAT(put({{1, 3, "c"}}), ElementsAre("+I(1, 3, 'c')"));
}

TEST_F(KvTabletMergeEngineTest, DefaultMergerPartialUpdateKeepsTheOtherColumns) {
  open({});
  EXPECT_THAT(put({{1, 10, "a"}}), ElementsAre("+I(1, 10, 'a')"));
  EXPECT_THAT(put({{1, 99, "b"}}, std::vector<int32_t>{0, 2}),
              ElementsAre("-U(1, 10, 'a')", "+U(1, 10, 'b')"));
  EXPECT_THAT(put({del(1)}, std::vector<int32_t>{0, 2}),
              ElementsAre("-U(1, 10, 'b')", "+U(1, 10, NULL)"));
  EXPECT_THAT(committed_rows(), ElementsAre("(1, 10, NULL)"));
}

// The WAL image skips reading old values only for the default merger's whole rows.
TEST_F(KvTabletMergeEngineTest, WalImageShortcutOnlyForTheDefaultMergerOnWholeRows) {
  open({{"table.changelog.image", "WAL"}});
  EXPECT_THAT(put({{1, 10, "a"}}), ElementsAre("+U(1, 10, 'a')"));
  // A partial update merges with the stored row: no shortcut.
  EXPECT_THAT(put({{1, 99, "b"}}, std::vector<int32_t>{0, 2}), ElementsAre("+U(1, 10, 'b')"));
  // Target columns naming every column are a whole-row write: the shortcut again.
  EXPECT_THAT(put({{2, 1, "c"}}, std::vector<int32_t>{0, 1, 2}), ElementsAre("+U(2, 1, 'c')"));
  EXPECT_THAT(committed_rows(), ElementsAre("(1, 10, 'b')", "(2, 1, 'c')"));
}

TEST_F(KvTabletMergeEngineTest, WalImageWithAggregationReadsTheOldValue) {
  open({{"table.merge-engine", "aggregation"}, {"table.changelog.image", "WAL"}},
       AggFunction{.type = AggFunctionType::kSum});
  EXPECT_THAT(put({{1, 10, "a"}}), ElementsAre("+I(1, 10, 'a')"));
  EXPECT_THAT(put({{1, 5, "b"}}), ElementsAre("+U(1, 15, 'b')"));
  EXPECT_THAT(committed_rows(), ElementsAre("(1, 15, 'b')"));
}

}  // namespace
}  // namespace fluss::storage
