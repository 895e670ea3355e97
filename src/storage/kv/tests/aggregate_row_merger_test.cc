// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/aggregate_row_merger.h"

#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "storage/kv/roaring_bitmap.h"
#include "storage/kv/tests/row_merger_fixture.h"
#include "test_utils/seed.h"

namespace fluss::storage {
namespace {

AggFunction fn(AggFunctionType type, Properties parameters = {}) {
  return AggFunction{.type = type, .parameters = std::move(parameters)};
}

Binary rbm(std::initializer_list<uint32_t> values) {
  RoaringBitmap32 b;
  for (uint32_t v : values) b.add(v);
  std::vector<uint8_t> bytes = b.serialize();
  return Binary{std::string(bytes.begin(), bytes.end())};
}

const Properties kAggregation = {{"table.merge-engine", "aggregation"}};

// One column per function.
Schema every_function_schema() {
  auto b = Schema::builder();
  b.column("id", DataType::int_().not_null())
      .column("s_int", DataType::int_(), fn(AggFunctionType::kSum))
      .column("s_dec", DataType::decimal(5, 2), fn(AggFunctionType::kSum))
      .column("p_big", DataType::bigint(), fn(AggFunctionType::kProduct))
      .column("mx", DataType::string(), fn(AggFunctionType::kMax))
      .column("mn", DataType::double_(), fn(AggFunctionType::kMin))
      .column("lv", DataType::int_(), fn(AggFunctionType::kLastValue))
      .column("dflt", DataType::int_())
      .column("fv", DataType::int_(), fn(AggFunctionType::kFirstValue))
      .column("fvin", DataType::int_(), fn(AggFunctionType::kFirstValueIgnoreNulls))
      .column("la", DataType::string(), fn(AggFunctionType::kListagg))
      .column("sa", DataType::string(),
              fn(AggFunctionType::kStringAgg, Properties{{"delimiter", ";"}}))
      .column("band", DataType::boolean(), fn(AggFunctionType::kBoolAnd))
      .column("bor", DataType::boolean(), fn(AggFunctionType::kBoolOr))
      .column("bits", DataType::bytes(), fn(AggFunctionType::kRbm32))
      .column("lvin", DataType::int_(), fn(AggFunctionType::kLastValueIgnoreNulls))
      .primary_key({"id"});
  return build(b);
}

Decimal dec(int64_t unscaled) { return Decimal{.unscaled = unscaled, .precision = 5, .scale = 2}; }

TEST_F(RowMergerTest, AggregationAppliesEveryFunction) {
  for (KvFormat format : {KvFormat::kCompacted, KvFormat::kIndexed}) {
    SCOPED_TRACE(to_string(format));
    schemas_.clear();
    const SchemaId s = add_schema(every_function_schema());
    auto merger = create(kAggregation, format);
    EXPECT_EQ(merger->delete_behavior(), DeleteBehavior::kIgnore);
    ASSERT_OK_AND_ASSIGN(RowMerger * m,
                         merger->configure_target_columns(std::nullopt, s, schema(s)));
    OwnedValue stored =
        value(s, {1, 10, dec(150), int64_t{3}, std::string("b"), 2.5, 1, 1, 1, Null{},
                  std::string("a"), std::string("a"), true, false, rbm({1, 2}), 4});
    OwnedValue input =
        value(s, {1, 5, dec(225), int64_t{4}, std::string("c"), 1.5, Null{}, Null{}, 2, 7,
                  std::string("b"), std::string("b"), false, true, rbm({2, 100000}), Null{}});
    ASSERT_OK_AND_ASSIGN(auto first, m->merge(std::nullopt, stored.view()));
    EXPECT_EQ(first.kind, MergeOutcome::Kind::kTakeNew);
    OwnedValue merged = apply(*m, stored, input);
    EXPECT_EQ(merged.schema_id, s);
    EXPECT_EQ(row_of(merged), GenericRow({1, 15, dec(375), int64_t{12}, std::string("c"), 1.5,
                                          Null{}, 1, 1, 7, std::string("a,b"), std::string("a;b"),
                                          false, true, rbm({1, 2, 100000}), 4}));
  }
}

TEST_F(RowMergerTest, AggregationNullsTakeTheOtherSide) {
  const SchemaId s = add_schema(every_function_schema());
  auto merger = create(kAggregation);
  ASSERT_OK_AND_ASSIGN(RowMerger * m, merger->configure_target_columns(std::nullopt, s, schema(s)));
  std::vector<Datum> all_null(16, Null{});
  all_null[0] = 1;
  std::vector<Datum> full = {1,    10,    dec(150), int64_t{3}, std::string("b"), 2.5,
                             1,    1,     1,        2,          std::string("a"), std::string("a"),
                             true, false, rbm({1}), 4};
  // Stored nulls, input values: every function takes the input.
  EXPECT_EQ(row_of(apply(*m, value(s, all_null), value(s, full))), GenericRow(full));
  // Stored values, input nulls: last_value takes the null, the others keep the value.
  std::vector<Datum> kept = full;
  kept[6] = Null{};
  EXPECT_EQ(row_of(apply(*m, value(s, full), value(s, all_null))), GenericRow(kept));
}

TEST_F(RowMergerTest, AggregationArithmeticEdges) {
  auto b = Schema::builder();
  b.column("id", DataType::int_().not_null())
      .column("t", DataType::tinyint(), fn(AggFunctionType::kSum))
      .column("i", DataType::int_(), fn(AggFunctionType::kSum))
      .column("d", DataType::decimal(5, 2), fn(AggFunctionType::kSum))
      .column("pd", DataType::decimal(5, 2), fn(AggFunctionType::kProduct))
      .column("ps", DataType::smallint(), fn(AggFunctionType::kProduct))
      .column("fmax", DataType::float_(), fn(AggFunctionType::kMax))
      .column("dmin", DataType::double_(), fn(AggFunctionType::kMin))
      .primary_key({"id"});
  const SchemaId s = add_schema(build(b));
  auto merger = create(kAggregation);
  ASSERT_OK_AND_ASSIGN(RowMerger * m, merger->configure_target_columns(std::nullopt, s, schema(s)));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto row = [&](std::vector<Datum> fields) { return value(s, std::move(fields)); };
  // Integers wrap as Java's casts do; a decimal sum past its precision is null;
  // products round HALF_UP to the column's scale.
  GenericRow merged = row_of(
      apply(*m, row({1, int8_t{127}, INT32_MAX, dec(99999), dec(5), int16_t{300}, -0.0f, nan}),
            row({1, int8_t{1}, 1, dec(1), dec(10), int16_t{300}, 0.0f, 1.0})));
  EXPECT_EQ(merged,
            GenericRow({1, int8_t{-128}, INT32_MIN, Null{}, dec(1), int16_t{24464}, 0.0f, 1.0}));
  EXPECT_FALSE(std::signbit(std::get<float>(merged[6])));
  // 1.25 * 1.25 = 1.5625 -> 1.56; -0.05 * 0.10 = -0.005 -> -0.01.
  GenericRow products =
      row_of(apply(*m, row({1, Null{}, Null{}, Null{}, dec(125), Null{}, Null{}, Null{}}),
                   row({1, Null{}, Null{}, Null{}, dec(125), Null{}, Null{}, Null{}})));
  EXPECT_EQ(products[4], Datum(dec(156)));
  products = row_of(apply(*m, row({1, Null{}, Null{}, Null{}, dec(-5), Null{}, Null{}, Null{}}),
                          row({1, Null{}, Null{}, Null{}, dec(10), Null{}, Null{}, Null{}})));
  EXPECT_EQ(products[4], Datum(dec(-1)));
}

// Java's FieldAggregatorParameterizedTest vectors, and UTF-8 byte order.
TEST_F(RowMergerTest, AggregationMaxAndMinOverEveryComparableType) {
  const std::vector<std::pair<DataType, std::pair<Datum, Datum>>> cases = {
      {DataType::tinyint(), {int8_t{-10}, int8_t{-5}}},
      {DataType::smallint(), {int16_t{100}, int16_t{200}}},
      {DataType::bigint(), {int64_t{10000}, int64_t{20000}}},
      {DataType::float_(), {1.5f, 2.5f}},
      {DataType::decimal(10, 2), {Decimal{10050, 10, 2}, Decimal{20075, 10, 2}}},
      {DataType::decimal(25, 2), {Decimal{-1, 25, 2}, Decimal{1, 25, 2}}},
      {DataType::string(), {std::string("apple"), std::string("banana")}},
      {DataType::string(), {std::string(""), std::string("test")}},
      {DataType::string(), {std::string("z"), std::string("\xc3\xa9")}},  // 'z' < 'é'
      {DataType::char_(3), {std::string("ab"), std::string("abc")}},
      {DataType::date(), {int32_t{20089}, int32_t{20453}}},
      {DataType::time(), {int32_t{36000000}, int32_t{52200000}}},
      {DataType::timestamp(), {TimestampNtz{1736510400000, 0}, TimestampNtz{1736510400000, 1}}},
      {DataType::timestamp_ltz(3), {TimestampLtz{-5, 0}, TimestampLtz{5, 0}}},
  };
  for (KvFormat format : {KvFormat::kCompacted, KvFormat::kIndexed}) {
    for (const auto& [type, values] : cases) {
      SCOPED_TRACE(fmt::format("{} {}", type, to_string(format)));
      schemas_.clear();
      auto b = Schema::builder();
      b.column("id", DataType::int_().not_null())
          .column("hi", type, fn(AggFunctionType::kMax))
          .column("lo", type, fn(AggFunctionType::kMin))
          .primary_key({"id"});
      const SchemaId s = add_schema(build(b));
      auto merger = create(kAggregation, format);
      ASSERT_OK_AND_ASSIGN(RowMerger * m,
                           merger->configure_target_columns(std::nullopt, s, schema(s)));
      const auto& [small, large] = values;
      for (bool small_first : {true, false}) {
        const Datum& first = small_first ? small : large;
        const Datum& second = small_first ? large : small;
        OwnedValue merged = apply(*m, value(s, {1, first, first}), value(s, {1, second, second}));
        EXPECT_EQ(row_of(merged), GenericRow({1, large, small}));
      }
    }
  }
}

TEST_F(RowMergerTest, AggregationRejectsAFunctionForTheWrongType) {
  auto b = Schema::builder();
  b.column("id", DataType::int_().not_null())
      .column("name", DataType::string(), fn(AggFunctionType::kSum))
      .primary_key({"id"});
  const SchemaId s = add_schema(build(b));
  auto merger = create(kAggregation);
  ASSERT_OK_AND_ASSIGN(RowMerger * m, merger->configure_target_columns(std::nullopt, s, schema(s)));
  OwnedValue v = value(s, {1, std::string("x")});
  EXPECT_THAT(m->merge(v.view(), v.view()).status(),
              test::StatusIsWith(ErrorCode::kInvalidConfigException, "column 'name'"));
}

TEST_F(RowMergerTest, AggregationRbm64UnionsJavaRoaring64Bitmaps) {
  auto b = Schema::builder();
  b.column("id", DataType::int_().not_null())
      .column("bits", DataType::bytes(), fn(AggFunctionType::kRbm64))
      .primary_key({"id"});
  const SchemaId s = add_schema(build(b));
  auto merger = create(kAggregation);
  ASSERT_OK_AND_ASSIGN(RowMerger * m, merger->configure_target_columns(std::nullopt, s, schema(s)));
  auto rbm64 = [](std::initializer_list<uint64_t> values) {
    RoaringBitmap64 bitmap;
    for (uint64_t v : values) bitmap.add(v);
    std::vector<uint8_t> bytes = bitmap.serialize();
    return Binary{std::string(bytes.begin(), bytes.end())};
  };
  const uint64_t big = uint64_t{1} << 40;
  OwnedValue stored = value(s, {1, rbm64({1, big})});
  OwnedValue input = value(s, {1, rbm64({2, big + 7})});
  OwnedValue merged = apply(*m, stored, input);
  const GenericRow merged_row = row_of(merged);
  const Binary& bytes = std::get<Binary>(merged_row[1]);
  ASSERT_OK_AND_ASSIGN(auto result,
                       RoaringBitmap64::deserialize(as_bytes(std::string_view(bytes.bytes))));
  EXPECT_EQ(result.values(), (std::vector<uint64_t>{1, 2, big, big + 7}));
  // A null on either side keeps the other; a corrupt value names the column.
  EXPECT_EQ(row_of(apply(*m, stored, value(s, {1, Null{}}))), row_of(stored));
  OwnedValue corrupt = value(s, {1, Binary{std::string("\x05")}});
  EXPECT_THAT(m->merge(stored.view(), corrupt.view()).status(),
              test::StatusIsWith(ErrorCode::kCorruptMessage, "rbm64 value of column 'bits'"));
}

TEST_F(RowMergerTest, AggregationDeletes) {
  const SchemaId s = add_schema(every_function_schema());
  auto allow = create({{"table.merge-engine", "aggregation"}, {"table.delete.behavior", "allow"}});
  EXPECT_EQ(allow->delete_behavior(), DeleteBehavior::kAllow);
  OwnedValue stored = value(s, {1, 10, dec(150), int64_t{3}, std::string("b"), 2.5, 1, 1, 1, 2,
                                std::string("a"), std::string("a"), true, false, rbm({1}), 4});
  ASSERT_OK_AND_ASSIGN(auto removed, allow->remove(stored.view()));
  EXPECT_FALSE(removed.has_value());
  auto disable =
      create({{"table.merge-engine", "aggregation"}, {"table.delete.behavior", "disable"}});
  EXPECT_EQ(disable->delete_behavior(), DeleteBehavior::kDisable);
}

// id (pk), total BIGINT sum, note STRING listagg, hits INT sum.
Schema partial_schema() {
  auto b = Schema::builder();
  b.column("id", DataType::int_().not_null())
      .column("total", DataType::bigint(), fn(AggFunctionType::kSum))
      .column("note", DataType::string(), fn(AggFunctionType::kListagg))
      .column("hits", DataType::int_(), fn(AggFunctionType::kSum))
      .primary_key({"id"});
  return build(b);
}

TEST_F(RowMergerTest, PartialAggregationTouchesOnlyTargetColumns) {
  const SchemaId s = add_schema(partial_schema());
  auto merger = create({{"table.merge-engine", "aggregation"}, {"table.delete.behavior", "allow"}});
  const std::vector<int32_t> targets = {0, 1};
  ASSERT_OK_AND_ASSIGN(RowMerger * m, merger->configure_target_columns(targets, s, schema(s)));
  EXPECT_NE(m, merger.get());
  OwnedValue stored = value(s, {1, int64_t{10}, std::string("a"), 3});
  OwnedValue merged = apply(*m, stored, value(s, {1, int64_t{5}, std::string("zz"), 100}));
  EXPECT_EQ(row_of(merged), GenericRow({1, int64_t{15}, std::string("a"), 3}));

  // A partial delete nulls the target columns, or removes the row when nothing else is set.
  ASSERT_OK_AND_ASSIGN(auto after, m->remove(merged.view()));
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(row_of(*after), GenericRow({1, Null{}, std::string("a"), 3}));
  ASSERT_OK_AND_ASSIGN(auto gone, m->remove(value(s, {1, int64_t{15}, Null{}, Null{}}).view()));
  EXPECT_FALSE(gone.has_value());
}

TEST_F(RowMergerTest, PartialAggregationTargetChecks) {
  const SchemaId s = add_schema(partial_schema());
  auto merger = create(kAggregation);
  const std::vector<int32_t> no_key = {1, 2};
  EXPECT_THAT(merger->configure_target_columns(no_key, s, schema(s)).status(),
              test::StatusIsWith(ErrorCode::kInvalidTargetColumn,
                                 "The target write columns must contain the primary key columns "
                                 "[id]."));
  auto b = Schema::builder();
  b.column("id", DataType::int_().not_null())
      .column("total", DataType::bigint().not_null(), fn(AggFunctionType::kSum))
      .column("hits", DataType::int_(), fn(AggFunctionType::kSum))
      .primary_key({"id"});
  const SchemaId strict = add_schema(build(b));
  const std::vector<int32_t> targets = {0, 2};
  EXPECT_THAT(merger->configure_target_columns(targets, strict, schema(strict)).status(),
              test::StatusIsWith(ErrorCode::kInvalidTargetColumn,
                                 "Partial aggregate requires all columns except primary key to be "
                                 "nullable, but column total is NOT NULL."));
}

TEST_F(RowMergerTest, AggregationMatchesColumnsByIdAcrossSchemas) {
  auto b1 = Schema::builder();
  b1.column("id", DataType::int_().not_null())
      .column("total", DataType::bigint(), fn(AggFunctionType::kSum))
      .primary_key({"id"});
  const SchemaId s1 = add_schema(build(b1));
  auto b2 = Schema::builder();
  b2.from_schema(schema(s1)).column("hits", DataType::int_(), fn(AggFunctionType::kSum));
  const SchemaId s2 = add_schema(build(b2));
  auto merger = create(kAggregation);
  ASSERT_OK_AND_ASSIGN(RowMerger * m,
                       merger->configure_target_columns(std::nullopt, s2, schema(s2)));
  // An old row of schema 1 merged with a new one of schema 2: written in schema 2.
  OwnedValue merged = apply(*m, value(s1, {1, int64_t{10}}), value(s2, {1, int64_t{5}, 1}));
  EXPECT_EQ(merged.schema_id, s2);
  EXPECT_EQ(row_of(merged), GenericRow({1, int64_t{15}, 1}));
  // A writer still on schema 1: the column it lacks keeps the stored value.
  merged = apply(*m, merged, value(s1, {1, int64_t{1}}));
  EXPECT_EQ(row_of(merged), GenericRow({1, int64_t{16}, 1}));
}

// ---------------------------------------------------------------------------------------
// Randomized: the aggregation merger against a per-column fold over std::optional.

using Value = std::optional<int64_t>;

TEST_F(RowMergerTest, AggregationMatchesAModel) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  std::mt19937_64 rng(seed);

  struct ColumnModel {
    AggFunctionType type;
    std::function<Value(Value, Value)> fold;
  };
  auto nonnull = [](auto f) {
    return [f](Value a, Value b) -> Value {
      if (!a) return b;
      if (!b) return a;
      return f(*a, *b);
    };
  };
  const std::vector<ColumnModel> model = {
      {AggFunctionType::kSum, nonnull([](int64_t a, int64_t b) { return a + b; })},
      {AggFunctionType::kProduct, nonnull([](int64_t a, int64_t b) { return a * b; })},
      {AggFunctionType::kMax, nonnull([](int64_t a, int64_t b) { return std::max(a, b); })},
      {AggFunctionType::kMin, nonnull([](int64_t a, int64_t b) { return std::min(a, b); })},
      {AggFunctionType::kLastValue, [](Value, Value b) { return b; }},
      {AggFunctionType::kLastValueIgnoreNulls, [](Value a, Value b) { return b ? b : a; }},
      {AggFunctionType::kFirstValue, [](Value a, Value b) { return a ? a : b; }},
      {AggFunctionType::kFirstValueIgnoreNulls, [](Value a, Value b) { return a ? a : b; }},
  };
  auto b = Schema::builder();
  b.column("id", DataType::int_().not_null());
  for (size_t i = 0; i < model.size(); ++i) {
    b.column(fmt::format("c{}", i), DataType::bigint(), fn(model[i].type));
  }
  b.column("tag", DataType::string(), fn(AggFunctionType::kListagg, {{"delimiter", "|"}}));
  b.column("flag", DataType::boolean(), fn(AggFunctionType::kBoolOr));
  b.primary_key({"id"});
  const SchemaId s = add_schema(build(b));
  // The same operations on CompactedRow (field slices) and IndexedRow (GenericRows).
  for (KvFormat format : {KvFormat::kCompacted, KvFormat::kIndexed}) {
    SCOPED_TRACE(to_string(format));
    rng.seed(seed);
    auto merger =
        create({{"table.merge-engine", "aggregation"}, {"table.delete.behavior", "allow"}}, format);
    ASSERT_OK_AND_ASSIGN(RowMerger * m,
                         merger->configure_target_columns(std::nullopt, s, schema(s)));

    for (int key = 0; key < 50; ++key) {
      std::optional<OwnedValue> stored;
      std::vector<Value> expected(model.size());
      std::optional<std::string> tags;
      std::optional<bool> flag;
      const int steps = 1 + static_cast<int>(rng() % 20);
      for (int step = 0; step < steps; ++step) {
        if (stored && rng() % 10 == 0) {
          ASSERT_OK_AND_ASSIGN(auto removed, m->remove(stored->view()));
          ASSERT_FALSE(removed.has_value());
          stored.reset();
          continue;
        }
        std::vector<Value> input(model.size());
        std::vector<Datum> fields = {key};
        for (auto& v : input) {
          if (rng() % 3 != 0) v = static_cast<int64_t>(rng() % 7) - 3;
          fields.push_back(v ? Datum(*v) : Datum(Null{}));
        }
        std::optional<std::string> tag;
        if (rng() % 2) tag = std::string(1, static_cast<char>('a' + rng() % 26));
        fields.push_back(tag ? Datum(*tag) : Datum(Null{}));
        std::optional<bool> bit;
        if (rng() % 2) bit = rng() % 4 == 0;
        fields.push_back(bit ? Datum(*bit) : Datum(Null{}));

        if (!stored) {
          expected = input;
          tags = tag;
          flag = bit;
        } else {
          for (size_t i = 0; i < model.size(); ++i)
            expected[i] = model[i].fold(expected[i], input[i]);
          if (tags && tag) {
            *tags += "|" + *tag;
          } else if (!tags) {
            tags = tag;
          }
          if (flag && bit) {
            flag = *flag || *bit;
          } else if (!flag) {
            flag = bit;
          }
        }
        stored = apply(*m, stored, value(s, std::move(fields)));
      }
      if (!stored) continue;
      std::vector<Datum> want = {key};
      for (const Value& v : expected) want.push_back(v ? Datum(*v) : Datum(Null{}));
      want.push_back(tags ? Datum(*tags) : Datum(Null{}));
      want.push_back(flag ? Datum(*flag) : Datum(Null{}));
      ASSERT_EQ(row_of(*stored), GenericRow(want)) << "key " << key;
    }
  }
}

}  // namespace
}  // namespace fluss::storage
