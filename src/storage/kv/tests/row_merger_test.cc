// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/row_merger.h"

#include <random>
#include <string>
#include <vector>

#include "storage/kv/tests/row_merger_fixture.h"
#include "test_utils/seed.h"

namespace fluss::storage {
namespace {

// ---------------------------------------------------------------------------------------
// Default merger and partial updates

TEST_F(RowMergerTest, DefaultMergerTakesNewRowAndDeletes) {
  const SchemaId s = add_schema(simple_schema());
  auto merger = create({});
  EXPECT_EQ(merger->delete_behavior(), DeleteBehavior::kAllow);
  ASSERT_OK_AND_ASSIGN(RowMerger * m, merger->configure_target_columns(std::nullopt, s, schema(s)));
  EXPECT_EQ(m, merger.get());
  OwnedValue v1 = value(s, {1, 10, std::string("x"), int64_t{5}});
  OwnedValue v2 = value(s, {1, 20, Null{}, Null{}});
  ASSERT_OK_AND_ASSIGN(auto outcome, m->merge(v1.view(), v2.view()));
  EXPECT_EQ(outcome.kind, Kind::kTakeNew);
  ASSERT_OK_AND_ASSIGN(auto removed, m->remove(v1.view()));
  EXPECT_FALSE(removed.has_value());
}

TEST_F(RowMergerTest, DeleteBehaviorComesFromTheTableConfig) {
  EXPECT_EQ(create({{"table.delete.behavior", "IGNORE"}})->delete_behavior(),
            DeleteBehavior::kIgnore);
  EXPECT_EQ(create({{"table.delete.behavior", "disable"}})->delete_behavior(),
            DeleteBehavior::kDisable);
  auto bad = create_row_merger(TableConfig({{"table.delete.behavior", "sometimes"}}),
                               KvFormat::kCompacted, getter());
  EXPECT_THAT(bad.status(), StatusIs(ErrorCode::kInvalidConfigException));
}

TEST_F(RowMergerTest, PartialUpdateKeepsTheOtherColumns) {
  const SchemaId s = add_schema(simple_schema());
  auto merger = create({});
  const std::vector<int32_t> targets = {0, 1};
  ASSERT_OK_AND_ASSIGN(RowMerger * m, merger->configure_target_columns(targets, s, schema(s)));
  EXPECT_NE(m, merger.get());
  // The same column set gives the same merger.
  ASSERT_OK_AND_ASSIGN(RowMerger * again, merger->configure_target_columns(targets, s, schema(s)));
  EXPECT_EQ(m, again);

  OwnedValue stored = value(s, {1, 10, std::string("x"), int64_t{5}});
  OwnedValue partial = value(s, {1, 20, std::string("ignored"), Null{}});
  OwnedValue merged = apply(*m, stored, partial);
  EXPECT_EQ(row_of(merged), GenericRow({1, 20, std::string("x"), int64_t{5}}));
  // A first write of a partial row: the other columns are null.
  EXPECT_EQ(row_of(apply(*m, std::nullopt, partial)), GenericRow({1, 20, Null{}, Null{}}));
}

TEST_F(RowMergerTest, PartialDeleteNullsTargetsOrRemovesTheRow) {
  const SchemaId s = add_schema(simple_schema());
  auto merger = create({});
  const std::vector<int32_t> targets = {0, 1};
  ASSERT_OK_AND_ASSIGN(RowMerger * m, merger->configure_target_columns(targets, s, schema(s)));
  OwnedValue full = value(s, {1, 10, std::string("x"), int64_t{5}});
  ASSERT_OK_AND_ASSIGN(auto after, m->remove(full.view()));
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(row_of(*after), GenericRow({1, Null{}, std::string("x"), int64_t{5}}));
  // Only target columns set: the row goes.
  OwnedValue only_targets = value(s, {1, 10, Null{}, Null{}});
  ASSERT_OK_AND_ASSIGN(auto gone, m->remove(only_targets.view()));
  EXPECT_FALSE(gone.has_value());
}

TEST_F(RowMergerTest, PartialUpdateOfThePrimaryKeyOnlyLeavesTheRowUnchanged) {
  const SchemaId s = add_schema(simple_schema());
  auto merger = create({});
  const std::vector<int32_t> targets = {0};
  ASSERT_OK_AND_ASSIGN(RowMerger * m, merger->configure_target_columns(targets, s, schema(s)));
  OwnedValue stored = value(s, {1, 10, std::string("x"), int64_t{5}});
  ASSERT_OK_AND_ASSIGN(auto outcome,
                       m->merge(stored.view(), value(s, {1, 0, Null{}, Null{}}).view()));
  EXPECT_EQ(outcome.kind, Kind::kUnchanged);
}

TEST_F(RowMergerTest, TargetColumnsNamingEveryColumnAreAFullUpdate) {
  const SchemaId s = add_schema(simple_schema());
  auto merger = create({});
  const std::vector<int32_t> targets = {3, 2, 1, 0};
  ASSERT_OK_AND_ASSIGN(RowMerger * m, merger->configure_target_columns(targets, s, schema(s)));
  EXPECT_EQ(m, merger.get());
}

TEST_F(RowMergerTest, PartialUpdateTargetsMustHoldThePrimaryKey) {
  const SchemaId s = add_schema(simple_schema());
  auto merger = create({});
  const std::vector<int32_t> targets = {1, 2};
  EXPECT_THAT(merger->configure_target_columns(targets, s, schema(s)).status(),
              StatusIsWith(ErrorCode::kInvalidTargetColumn,
                           "The target write columns [a, b] must contain the primary key "
                           "columns [id]."));
  const std::vector<int32_t> out_of_range = {0, 9};
  EXPECT_THAT(merger->configure_target_columns(out_of_range, s, schema(s)).status(),
              StatusIs(ErrorCode::kInvalidTargetColumn));
}

TEST_F(RowMergerTest, PartialUpdateNeedsNullableNonKeyColumns) {
  auto b = Schema::builder();
  b.column("id", DataType::int_().not_null())
      .column("a", DataType::int_())
      .column("strict", DataType::string().not_null())
      .primary_key({"id"});
  const SchemaId s = add_schema(build(b));
  auto merger = create({});
  const std::vector<int32_t> targets = {0, 1};
  EXPECT_THAT(merger->configure_target_columns(targets, s, schema(s)).status(),
              StatusIsWith(ErrorCode::kInvalidTargetColumn,
                           "Partial Update requires all columns except primary key to be "
                           "nullable, but column strict is NOT NULL."));
}

TEST_F(RowMergerTest, PartialUpdatePadsRowsOfAnOlderSchemaWithNulls) {
  auto b1 = Schema::builder();
  b1.column("id", DataType::int_().not_null()).column("a", DataType::int_()).primary_key({"id"});
  const SchemaId s1 = add_schema(build(b1));
  auto b2 = Schema::builder();
  b2.from_schema(schema(s1)).column("c", DataType::string());
  const SchemaId s2 = add_schema(build(b2));
  auto merger = create({});
  const std::vector<int32_t> targets = {0, 2};
  ASSERT_OK_AND_ASSIGN(RowMerger * m, merger->configure_target_columns(targets, s2, schema(s2)));
  OwnedValue old = value(s1, {1, 7});
  OwnedValue merged = apply(*m, old, value(s2, {1, Null{}, std::string("new")}));
  EXPECT_EQ(merged.schema_id, s2);
  EXPECT_EQ(row_of(merged), GenericRow({1, 7, std::string("new")}));
}

TEST_F(RowMergerTest, PartialUpdateWorksOnIndexedRows) {
  const SchemaId s = add_schema(simple_schema());
  auto merger = create({}, KvFormat::kIndexed);
  const std::vector<int32_t> targets = {0, 3};
  ASSERT_OK_AND_ASSIGN(RowMerger * m, merger->configure_target_columns(targets, s, schema(s)));
  OwnedValue merged = apply(*m, value(s, {1, 10, std::string("x"), int64_t{5}}),
                            value(s, {1, Null{}, Null{}, int64_t{6}}));
  EXPECT_EQ(row_of(merged), GenericRow({1, 10, std::string("x"), int64_t{6}}));
}

TEST_F(RowMergerTest, CorruptStoredRowIsAnError) {
  const SchemaId s = add_schema(simple_schema());
  auto merger = create({});
  const std::vector<int32_t> targets = {0, 1};
  ASSERT_OK_AND_ASSIGN(RowMerger * m, merger->configure_target_columns(targets, s, schema(s)));
  OwnedValue stored = value(s, {1, 10, std::string("xyz"), int64_t{5}});
  stored.row.resize(stored.row.size() - 3);
  EXPECT_THAT(m->merge(stored.view(), value(s, {1, 2, Null{}, Null{}}).view()).status(),
              StatusIs(ErrorCode::kCorruptMessage));
  const OwnedValue unknown_schema{.schema_id = SchemaId(42), .row = {0}};
  EXPECT_THAT(m->merge(unknown_schema.view(), value(s, {1, 2, Null{}, Null{}}).view()).status(),
              StatusIs(ErrorCode::kSchemaNotExist));
}

TEST_F(RowMergerTest, NotNullColumnsAreReadWhateverTheirNullBitSays) {
  const SchemaId s = add_schema(simple_schema());
  auto merger = create({});
  const std::vector<int32_t> targets = {0, 1};
  ASSERT_OK_AND_ASSIGN(RowMerger * m, merger->configure_target_columns(targets, s, schema(s)));
  OwnedValue partial = value(s, {1, 2, Null{}, Null{}});
  partial.row[0] |= 1;  // the null bit of the NOT NULL key, as Java ignores it
  OwnedValue merged = apply(*m, value(s, {1, 10, std::string("x"), int64_t{5}}), partial);
  EXPECT_EQ(row_of(merged), GenericRow({1, 2, std::string("x"), int64_t{5}}));
}

TEST_F(RowMergerTest, TrailingBytesInAStoredRowAreAnError) {
  const SchemaId s = add_schema(simple_schema());
  auto merger = create({});
  const std::vector<int32_t> targets = {0, 1};
  ASSERT_OK_AND_ASSIGN(RowMerger * m, merger->configure_target_columns(targets, s, schema(s)));
  OwnedValue stored = value(s, {1, 10, std::string("xyz"), int64_t{5}});
  stored.row.push_back(0);
  EXPECT_THAT(m->merge(stored.view(), value(s, {1, 2, Null{}, Null{}}).view()).status(),
              StatusIsWith(ErrorCode::kCorruptMessage, "after the last field"));
}

// CompactedRow partial updates splice field bytes; IndexedRow ones go through
// GenericRows. Both must give the same rows, and match a model.
TEST_F(RowMergerTest, PartialUpdatesMatchAModelInBothKvFormats) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  std::mt19937_64 rng(seed);
  auto b = Schema::builder();
  b.column("id", DataType::int_().not_null())
      .column("k2", DataType::string().not_null())
      .column("flag", DataType::boolean())
      .column("tiny", DataType::tinyint())
      .column("small", DataType::smallint())
      .column("big", DataType::bigint())
      .column("f", DataType::float_())
      .column("d", DataType::double_())
      .column("dec", DataType::decimal(20, 3))
      .column("cdec", DataType::decimal(9, 2))
      .column("day", DataType::date())
      .column("ts", DataType::timestamp(9))
      .column("ltz", DataType::timestamp_ltz(3))
      .column("bin", DataType::bytes())
      .primary_key({"id", "k2"});
  const SchemaId s = add_schema(build(b));
  auto random_field = [&](int i) -> Datum {
    if (i >= 2 && rng() % 4 == 0) return Null{};
    switch (i) {
      case 0:
        return static_cast<int32_t>(rng() % 3);
      case 1:
        return std::string(rng() % 3, 'k');
      case 2:
        return rng() % 2 == 0;
      case 3:
        return static_cast<int8_t>(rng());
      case 4:
        return static_cast<int16_t>(rng());
      case 5:
        return static_cast<int64_t>(rng());
      case 6:
        return static_cast<float>(rng() % 1000) / 8;
      case 7:
        return static_cast<double>(rng() % 100000) / 16;
      case 8:
        return Decimal{
            .unscaled = static_cast<int64_t>(rng() % 1000000000), .precision = 20, .scale = 3};
      case 9:
        return Decimal{
            .unscaled = static_cast<int64_t>(rng() % 1000000), .precision = 9, .scale = 2};
      case 10:
        return static_cast<int32_t>(rng() % 30000);
      case 11:
        return TimestampNtz{static_cast<int64_t>(rng() % 1000000),
                            static_cast<int32_t>(rng() % 1000000)};
      case 12:
        return TimestampLtz{static_cast<int64_t>(rng() % 1000000), 0};
      default:
        return Binary{std::string(rng() % 5, 'b')};
    }
  };
  const int n = 14;
  for (int round = 0; round < 200; ++round) {
    std::vector<int32_t> targets = {0, 1};
    for (int i = 2; i < n; ++i) {
      if (rng() % 2) targets.push_back(i);
    }
    std::vector<Datum> old_fields, new_fields;
    for (int i = 0; i < n; ++i) old_fields.push_back(random_field(i));
    for (int i = 0; i < n; ++i) new_fields.push_back(random_field(i));
    std::vector<Datum> want(n);
    for (int i = 0; i < n; ++i) {
      const bool target = std::find(targets.begin(), targets.end(), i) != targets.end();
      want[i] = target ? new_fields[i] : old_fields[i];
    }
    for (KvFormat format : {KvFormat::kCompacted, KvFormat::kIndexed}) {
      SCOPED_TRACE(to_string(format));
      auto merger = create({}, format);
      ASSERT_OK_AND_ASSIGN(RowMerger * m, merger->configure_target_columns(targets, s, schema(s)));
      const bool key_only = targets.size() == 2;
      OwnedValue merged = apply(*m, value(s, old_fields), value(s, new_fields));
      ASSERT_EQ(row_of(merged), GenericRow(key_only ? old_fields : want)) << "round " << round;
    }
  }
}

// ---------------------------------------------------------------------------------------
// first_row

TEST_F(RowMergerTest, FirstRowKeepsTheFirstRow) {
  const SchemaId s = add_schema(simple_schema());
  auto merger = create({{"table.merge-engine", "first_row"}});
  EXPECT_EQ(merger->delete_behavior(), DeleteBehavior::kIgnore);
  OwnedValue v1 = value(s, {1, 10, Null{}, Null{}});
  OwnedValue v2 = value(s, {1, 20, Null{}, Null{}});
  ASSERT_OK_AND_ASSIGN(auto first, merger->merge(std::nullopt, v1.view()));
  EXPECT_EQ(first.kind, Kind::kTakeNew);
  ASSERT_OK_AND_ASSIGN(auto second, merger->merge(v1.view(), v2.view()));
  EXPECT_EQ(second.kind, Kind::kUnchanged);
}

TEST_F(RowMergerTest, FirstRowRefusesDeletesAndPartialUpdates) {
  const SchemaId s = add_schema(simple_schema());
  auto allow = create_row_merger(
      TableConfig({{"table.merge-engine", "first_row"}, {"table.delete.behavior", "ALLOW"}}),
      KvFormat::kCompacted, getter());
  EXPECT_THAT(allow.status(),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "DELETE is not supported for the first_row merge engine."));
  auto merger = create({{"table.merge-engine", "first_row"}, {"table.delete.behavior", "disable"}});
  EXPECT_EQ(merger->delete_behavior(), DeleteBehavior::kDisable);
  const std::vector<int32_t> targets = {0, 1};
  EXPECT_THAT(merger->configure_target_columns(targets, s, schema(s)).status(),
              StatusIsWith(ErrorCode::kInvalidTargetColumn,
                           "Partial update is not supported for the first_row merge engine."));
}

// ---------------------------------------------------------------------------------------
// versioned

Schema versioned_schema(DataType version_type) {
  auto b = Schema::builder();
  b.column("id", DataType::int_().not_null())
      .column("ver", version_type)
      .column("v", DataType::string())
      .primary_key({"id"});
  return build(b);
}

TEST_F(RowMergerTest, VersionedKeepsTheHigherVersion) {
  const SchemaId s = add_schema(versioned_schema(DataType::bigint()));
  auto merger = create(
      {{"table.merge-engine", "versioned"}, {"table.merge-engine.versioned.ver-column", "ver"}});
  EXPECT_EQ(merger->delete_behavior(), DeleteBehavior::kIgnore);
  ASSERT_OK_AND_ASSIGN(RowMerger * m, merger->configure_target_columns(std::nullopt, s, schema(s)));
  auto v = [&](std::optional<int64_t> ver) {
    return value(s, {1, ver ? Datum(*ver) : Datum(Null{}), std::string("x")});
  };
  auto kind = [&](std::optional<int64_t> old_ver, std::optional<int64_t> new_ver) {
    auto outcome = m->merge(v(old_ver).view(), v(new_ver).view());
    EXPECT_OK(outcome.status());
    return outcome.ok() ? outcome->kind : Kind::kMerged;
  };
  ASSERT_OK_AND_ASSIGN(auto first, m->merge(std::nullopt, v(3).view()));
  EXPECT_EQ(first.kind, Kind::kTakeNew);
  EXPECT_EQ(kind(3, 5), Kind::kTakeNew);
  EXPECT_EQ(kind(5, 5), Kind::kTakeNew);  // equal versions: the new row wins
  EXPECT_EQ(kind(5, 3), Kind::kUnchanged);
  EXPECT_EQ(kind(std::nullopt, -100), Kind::kTakeNew);
  EXPECT_EQ(kind(-100, std::nullopt), Kind::kUnchanged);
  EXPECT_EQ(kind(std::nullopt, std::nullopt), Kind::kTakeNew);
  EXPECT_EQ(kind(INT64_MIN, std::nullopt), Kind::kTakeNew);  // null is Long.MIN_VALUE
}

TEST_F(RowMergerTest, VersionedComparesTimestampsAndInts) {
  const SchemaId ts = add_schema(versioned_schema(DataType::timestamp(6)));
  auto merger = create(
      {{"table.merge-engine", "versioned"}, {"table.merge-engine.versioned.ver-column", "ver"}});
  ASSERT_OK_AND_ASSIGN(RowMerger * m,
                       merger->configure_target_columns(std::nullopt, ts, schema(ts)));
  OwnedValue older = value(ts, {1, TimestampNtz{1000, 5}, Null{}});
  OwnedValue newer = value(ts, {1, TimestampNtz{1000, 6}, Null{}});
  ASSERT_OK_AND_ASSIGN(auto forward, m->merge(older.view(), newer.view()));
  EXPECT_EQ(forward.kind, Kind::kTakeNew);
  ASSERT_OK_AND_ASSIGN(auto backward, m->merge(newer.view(), older.view()));
  EXPECT_EQ(backward.kind, Kind::kUnchanged);

  const SchemaId ltz = add_schema(versioned_schema(DataType::timestamp_ltz(3)));
  ASSERT_OK_AND_ASSIGN(m, merger->configure_target_columns(std::nullopt, ltz, schema(ltz)));
  ASSERT_OK_AND_ASSIGN(auto ltz_back, m->merge(value(ltz, {1, TimestampLtz{9, 0}, Null{}}).view(),
                                               value(ltz, {1, TimestampLtz{8, 0}, Null{}}).view()));
  EXPECT_EQ(ltz_back.kind, Kind::kUnchanged);

  const SchemaId i = add_schema(versioned_schema(DataType::int_()));
  ASSERT_OK_AND_ASSIGN(m, merger->configure_target_columns(std::nullopt, i, schema(i)));
  ASSERT_OK_AND_ASSIGN(auto int_back,
                       m->merge(value(i, {1, 2, Null{}}).view(), value(i, {1, -2, Null{}}).view()));
  EXPECT_EQ(int_back.kind, Kind::kUnchanged);
}

TEST_F(RowMergerTest, VersionedConfigurationErrors) {
  auto missing = create_row_merger(TableConfig({{"table.merge-engine", "versioned"}}),
                                   KvFormat::kCompacted, getter());
  EXPECT_THAT(missing.status(),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "'table.merge-engine.versioned.ver-column' must be set for versioned "
                           "merge engine."));
  auto allow = create_row_merger(TableConfig({{"table.merge-engine", "versioned"},
                                              {"table.merge-engine.versioned.ver-column", "ver"},
                                              {"table.delete.behavior", "allow"}}),
                                 KvFormat::kCompacted, getter());
  EXPECT_THAT(allow.status(),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "DELETE is not supported for the versioned merge engine."));

  auto merger = create(
      {{"table.merge-engine", "versioned"}, {"table.merge-engine.versioned.ver-column", "nope"}});
  const SchemaId s = add_schema(versioned_schema(DataType::bigint()));
  EXPECT_THAT(merger->configure_target_columns(std::nullopt, s, schema(s)).status(),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "The version column 'nope' for versioned merge engine doesn't exist "
                           "in schema."));
  auto wrong_type = create(
      {{"table.merge-engine", "versioned"}, {"table.merge-engine.versioned.ver-column", "v"}});
  EXPECT_THAT(wrong_type->configure_target_columns(std::nullopt, s, schema(s)).status(),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "must be one type of [INT, BIGINT, TIMESTAMP, TIMESTAMP_LTZ], but is "
                           "STRING."));
  const std::vector<int32_t> targets = {0, 1};
  EXPECT_THAT(merger->configure_target_columns(targets, s, schema(s)).status(),
              StatusIsWith(ErrorCode::kInvalidTargetColumn,
                           "Partial update is not supported for the versioned merge engine."));
}

}  // namespace
}  // namespace fluss::storage
