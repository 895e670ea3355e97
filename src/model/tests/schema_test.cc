// SPDX-License-Identifier: Apache-2.0
#include "model/schema.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_utils/status_matchers.h"

namespace fluss {
namespace {

using test::StatusIsWith;
using test::value_or_throw;

DataField field(std::string name, DataType type, int32_t id = -1) {
  return DataField{.name = std::move(name),
                   .type = std::move(type),
                   .description = std::nullopt,
                   .field_id = id};
}

Column column(std::string name, DataType type, int32_t id = Column::kUnknownColumnId) {
  return Column{.name = std::move(name),
                .type = std::move(type),
                .comment = std::nullopt,
                .agg_function = std::nullopt,
                .id = id};
}

TEST(SchemaTest, BuilderAssignsIdsDepthFirstLikeJava) {
  DataType nested =
      DataType::row({field("x", DataType::int_(), 77),
                     field("y", DataType::array(DataType::row({field("z", DataType::string())})))});
  Schema s =
      value_or_throw(Schema::builder()
                         .column("a", DataType::int_())
                         .column("b", nested)
                         .column("c", DataType::map(DataType::string(),
                                                    DataType::row({field("v", DataType::int_())})))
                         .build());
  EXPECT_EQ(s.column_ids(), (std::vector<int32_t>{0, 1, 5}));
  const DataType& b = s.columns()[1].type;
  EXPECT_EQ(b.fields()[0].field_id, 2);
  EXPECT_EQ(b.fields()[1].field_id, 3);
  EXPECT_EQ(b.fields()[1].type.element_type().fields()[0].field_id, 4);
  EXPECT_EQ(s.columns()[2].type.value_type().fields()[0].field_id, 6);
  EXPECT_EQ(s.highest_field_id(), 6);
}

TEST(SchemaTest, PrimaryKeyColumnsBecomeNotNull) {
  Schema s = value_or_throw(Schema::builder()
                                .column("id", DataType::bigint())
                                .column("dt", DataType::string())
                                .column("v", DataType::double_())
                                .primary_key({"dt", "id"})
                                .build());
  EXPECT_FALSE(s.columns()[0].type.nullable());
  EXPECT_FALSE(s.columns()[1].type.nullable());
  EXPECT_TRUE(s.columns()[2].type.nullable());
  EXPECT_EQ(s.primary_key()->constraint_name, "PK_dt_id");
  EXPECT_EQ(s.primary_key_indexes(), (std::vector<int>{1, 0}));
  EXPECT_EQ(physical_primary_key(s.primary_key_column_names(), {"dt"}),
            std::vector<std::string>{"id"});
  EXPECT_EQ(s.row_type(), (RowType{DataType::bigint().not_null(), DataType::string().not_null(),
                                   DataType::double_()}));
  EXPECT_EQ(s.row_data_type().fields()[2].name, "v");
  EXPECT_EQ(s.column("v")->id, 2);
  EXPECT_EQ(s.column("nope"), nullptr);
  EXPECT_EQ(value_or_throw(s.column_indexes({"v", "id"})), (std::vector<int>{2, 0}));
  EXPECT_THAT(s.column_indexes({"nope"}),
              StatusIsWith(ErrorCode::kInvalidTableException, "Column nope does not exist"));
  EXPECT_EQ(s.to_string(),
            "Schema{columns=[id BIGINT NOT NULL, dt STRING NOT NULL, v DOUBLE], "
            "primaryKey=CONSTRAINT PK_dt_id PRIMARY KEY (dt, id), autoIncrementColumnNames=[], "
            "highestFieldId=2}");
}

TEST(SchemaTest, FromColumnsKeepsIdsOrNumbersInOrder) {
  Schema kept = value_or_throw(
      Schema::builder()
          .from_columns({column("a", DataType::int_(), 4),
                         column("b", DataType::row({field("n", DataType::int_(), 9)}), 2)})
          .build());
  EXPECT_EQ(kept.column_ids(), (std::vector<int32_t>{4, 2}));
  EXPECT_EQ(kept.highest_field_id(), 9);
  Schema numbered = value_or_throw(
      Schema::builder()
          .from_columns({column("a", DataType::int_()), column("b", DataType::int_())})
          .build());
  EXPECT_EQ(numbered.column_ids(), (std::vector<int32_t>{0, 1}));
  Schema copy = value_or_throw(Schema::builder().from_schema(kept).build());
  EXPECT_EQ(copy, kept);
}

TEST(SchemaTest, RejectsInvalidSchemasAsInvalidTable) {
  auto expect_invalid = [](Schema::Builder& b, std::string_view message) {
    EXPECT_THAT(b.build(), StatusIsWith(ErrorCode::kInvalidTableException, message));
  };
  {
    auto b = Schema::builder().column("a", DataType::int_()).column("a", DataType::string());
    expect_invalid(b, "Table column [a, a] must not contain duplicate fields. Found: [a]");
  }
  {
    auto b = Schema::builder().column("a", DataType::int_()).primary_key({"b"});
    expect_invalid(b, "Table column [a] should include all primary key constraint [b]");
  }
  {
    auto b = Schema::builder().column("a", DataType::int_()).primary_key({"a", "a"});
    expect_invalid(b, "must not contain duplicate columns. Found: [a]");
  }
  {
    auto b = Schema::builder().column("a", DataType::int_()).primary_key({"a"}).primary_key({"a"});
    expect_invalid(b, "Multiple primary keys are not supported.");
  }
  {
    auto b = Schema::builder().column("a", DataType::int_()).primary_key({});
    expect_invalid(b, "at least a single column");
  }
  {
    auto b = Schema::builder().with_comment("x");
    expect_invalid(b, "must be called after a column definition");
  }
  {
    auto b = Schema::builder().column("a", DataType::int_()).enable_auto_increment("a");
    expect_invalid(b, "Auto increment column can only be used in primary-key table.");
  }
  {
    auto b = Schema::builder()
                 .column("a", DataType::int_())
                 .column("b", DataType::string())
                 .primary_key({"a"})
                 .enable_auto_increment("b");
    expect_invalid(b, "The data type of auto increment column must be INT or BIGINT.");
  }
  {
    auto b = Schema::builder()
                 .column("a", DataType::int_())
                 .primary_key({"a"})
                 .enable_auto_increment("a");
    expect_invalid(b, "Auto increment column can not be used as the primary key.");
  }
  {
    auto b = Schema::builder()
                 .column("a", DataType::int_())
                 .primary_key({"a"})
                 .enable_auto_increment("x");
    expect_invalid(b, "Auto increment column x does not exist in table columns [a].");
  }
  {
    auto b = Schema::builder()
                 .column("a", DataType::int_(),
                         AggFunction{.type = AggFunctionType::kSum, .parameters = {}})
                 .primary_key({"a"});
    expect_invalid(b, "Cannot set aggregation function for primary key column 'a'.");
  }
  {
    auto b = Schema::builder().from_columns(
        {column("a", DataType::row({field("x", DataType::int_(), 0)}), 0)});
    expect_invalid(b, "All field IDs (including nested fields) must be unique.");
  }
  {
    auto b = Schema::builder()
                 .column("a", DataType::int_())
                 .from_columns({column("b", DataType::int_(), 3)});
    expect_invalid(b, "should be the first API");
  }
}

TEST(AggFunctionTest, ParsesNamesLenientlyAndValidates) {
  EXPECT_EQ(agg_function_type_from_string(" Last-Value-Ignore-Nulls "),
            AggFunctionType::kLastValueIgnoreNulls);
  EXPECT_EQ(agg_function_type_from_string("RBM64"), AggFunctionType::kRbm64);
  EXPECT_EQ(agg_function_type_from_string("median"), std::nullopt);
  EXPECT_EQ(agg_function_type_name(AggFunctionType::kBoolAnd), "bool_and");

  AggFunction listagg{.type = AggFunctionType::kListagg, .parameters = {{"delimiter", ";"}}};
  EXPECT_OK(listagg.validate_parameters());
  EXPECT_EQ(listagg.to_string(), "listagg{delimiter=;}");
  AggFunction empty_delimiter{.type = AggFunctionType::kListagg, .parameters = {{"delimiter", ""}}};
  EXPECT_THAT(empty_delimiter.validate_parameters(),
              StatusIsWith(ErrorCode::kInvalidConfigException, "must be a non-empty string"));
  AggFunction sum_with_param{.type = AggFunctionType::kSum, .parameters = {{"x", "1"}}};
  EXPECT_THAT(sum_with_param.validate_parameters(),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "Parameter 'x' is not supported for aggregation function 'sum'"));
  AggFunction sum{.type = AggFunctionType::kSum, .parameters = {}};
  EXPECT_OK(sum.validate_data_type(DataType::decimal(10, 2)));
  EXPECT_THAT(sum.validate_data_type(DataType::string()),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "Data type for sum column must be part of [TINYINT, SMALLINT, INTEGER"));
  AggFunction last{.type = AggFunctionType::kLastValue, .parameters = {}};
  EXPECT_OK(last.validate_data_type(DataType::map(DataType::int_(), DataType::int_())));
}

TEST(ColumnTest, PrintsLikeJava) {
  Column c = column("note", DataType::string().not_null());
  c.comment = "it's";
  EXPECT_EQ(fmt::format("{}", c), "note STRING NOT NULL COMMENT 'it''s'");
}

}  // namespace
}  // namespace fluss
