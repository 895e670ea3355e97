// SPDX-License-Identifier: Apache-2.0
#include "model/table_descriptor_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "model/json_serde.h"
#include "test_utils/status_matchers.h"

namespace fluss {
namespace {

using test::StatusIs;
using test::StatusIsWith;
using test::value_or_throw;

class TableDescriptorValidationTest : public ::testing::Test {
 protected:
  // id BIGINT, dt STRING, ver INT, ts TIMESTAMP_LTZ, name STRING, tags ARRAY<STRING>, amount
  // DECIMAL
  static Schema::Builder columns() {
    Schema::Builder b = Schema::builder();
    b.column("id", DataType::bigint())
        .column("dt", DataType::string())
        .column("ver", DataType::int_())
        .column("ts", DataType::timestamp_ltz())
        .column("name", DataType::string())
        .column("tags", DataType::array(DataType::string()))
        .column("amount", DataType::decimal(10, 2));
    return b;
  }
  static Schema pk_schema() { return value_or_throw(columns().primary_key({"id"}).build()); }
  static Schema log_schema() { return value_or_throw(columns().build()); }

  // A descriptor that passes, with `properties` added.
  static TableDescriptor pk_table(Properties properties = {}) {
    return value_or_throw(TableDescriptor::builder()
                              .schema(pk_schema())
                              .distributed_by(4)
                              .property("table.replication.factor", "1")
                              .properties(properties)
                              .build());
  }
  static TableDescriptor log_table(Properties properties = {}) {
    return value_or_throw(TableDescriptor::builder()
                              .schema(log_schema())
                              .distributed_by(4)
                              .property("table.replication.factor", "1")
                              .properties(properties)
                              .build());
  }
};

TEST_F(TableDescriptorValidationTest, AcceptsValidTables) {
  EXPECT_OK(validate_table_descriptor(pk_table()));
  EXPECT_OK(validate_table_descriptor(log_table({{"table.log.format", "indexed"},
                                                 {"table.log.ttl", "3 d"},
                                                 {"table.statistics.columns", "id, name"}})));
  EXPECT_OK(validate_table_descriptor(pk_table({{"table.merge-engine", "versioned"},
                                                {"table.merge-engine.versioned.ver-column", "ts"},
                                                {"table.delete.behavior", "IGNORE"}})));
}

TEST_F(TableDescriptorValidationTest, PropertiesMustBeKnownTableOptionsWithValidValues) {
  EXPECT_THAT(validate_table_descriptor(pk_table({{"owner", "me"}})),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "'owner' is not a Fluss table property. Please use "
                           "'.customProperty(..)' to set custom properties."));
  EXPECT_THAT(validate_table_descriptor(pk_table({{"table.future.option", "1"}})),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "'table.future.option' is not a recognized Fluss table property"));
  EXPECT_THAT(validate_table_descriptor(pk_table({{"table.log.format", "parquet"}})),
              StatusIsWith(ErrorCode::kInvalidConfigException, "'table.log.format'"));
  EXPECT_THAT(validate_table_descriptor(pk_table({{"table.auto-partition.enabled", "yes"}})),
              StatusIsWith(ErrorCode::kInvalidConfigException, "'table.auto-partition.enabled'"));
  EXPECT_THAT(validate_table_descriptor(pk_table({{"table.log.ttl", "soon"}})),
              StatusIsWith(ErrorCode::kInvalidConfigException, "'table.log.ttl'"));
  EXPECT_THAT(validate_table_descriptor(pk_table({{"table.auto-increment.cache-size", "x"}})),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "Invalid value for config 'table.auto-increment.cache-size'. Reason: "));
  // Fluss's TimeUtils requires a unit: a bare number is not a duration.
  EXPECT_THAT(validate_table_descriptor(pk_table({{"table.log.ttl", "500"}})),
              StatusIsWith(ErrorCode::kInvalidConfigException, "has no unit"));
}

TEST_F(TableDescriptorValidationTest, DistributionRules) {
  TableDescriptor no_distribution =
      value_or_throw(TableDescriptor::builder().schema(log_schema()).build());
  EXPECT_THAT(validate_table_descriptor(no_distribution),
              StatusIsWith(ErrorCode::kInvalidTableException, "Table distribution is required."));
  TableDescriptor no_count = value_or_throw(TableDescriptor::builder().schema(pk_schema()).build());
  EXPECT_THAT(validate_table_descriptor(no_count),
              StatusIsWith(ErrorCode::kInvalidTableException, "Bucket number must be set."));
  EXPECT_THAT(
      validate_table_descriptor(pk_table().with_bucket_count(0)),
      StatusIsWith(ErrorCode::kInvalidTableException, "Number of buckets must be larger than 0"));
  EXPECT_THAT(validate_table_descriptor(pk_table().with_bucket_count(11), {.max_bucket_num = 10}),
              StatusIsWith(ErrorCode::kBucketMaxNumException,
                           "Bucket count 11 exceeds the maximum limit 10"));
  TableDescriptor array_key = value_or_throw(TableDescriptor::builder()
                                                 .schema(log_schema())
                                                 .distributed_by(2, {"tags"})
                                                 .property("table.replication.factor", "1")
                                                 .build());
  EXPECT_THAT(validate_table_descriptor(array_key),
              StatusIsWith(ErrorCode::kInvalidTableException,
                           "Bucket key column 'tags' has unsupported data type ARRAY<STRING>."));
}

TEST_F(TableDescriptorValidationTest, PrimaryKeyColumnsCannotBeNested) {
  TableDescriptor d =
      value_or_throw(TableDescriptor::builder()
                         .schema(value_or_throw(columns().primary_key({"id", "tags"}).build()))
                         .distributed_by(2, {"id"})
                         .property("table.replication.factor", "1")
                         .build());
  EXPECT_THAT(validate_table_descriptor(d),
              StatusIsWith(ErrorCode::kInvalidTableException,
                           "Primary key column 'tags' has unsupported data type"));
}

TEST_F(TableDescriptorValidationTest, ReplicationFactorIsRequiredAndPositive) {
  TableDescriptor d =
      value_or_throw(TableDescriptor::builder().schema(log_schema()).distributed_by(1).build());
  EXPECT_THAT(validate_table_descriptor(d),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "Missing required table property 'table.replication.factor'."));
  EXPECT_THAT(validate_table_descriptor(log_table({{"table.replication.factor", "0"}})),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "'table.replication.factor' must be greater than 0."));
}

TEST_F(TableDescriptorValidationTest, LogFormatAndCompression) {
  EXPECT_THAT(validate_table_descriptor(pk_table({{"table.log.format", "INDEXED"}})),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "Primary Key Table supports ARROW or COMPACTED log format"));
  EXPECT_OK(validate_table_descriptor(pk_table({{"table.log.format", "compacted"}})));
  EXPECT_THAT(
      validate_table_descriptor(log_table({{"table.log.arrow.compression.zstd.level", "23"}})),
      StatusIsWith(ErrorCode::kInvalidConfigException,
                   "Invalid ZSTD compression level: 23. Expected a value between 1 and 22."));
}

TEST_F(TableDescriptorValidationTest, MergeEngineRules) {
  EXPECT_THAT(validate_table_descriptor(log_table({{"table.merge-engine", "first_row"}})),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "Merge engine is only supported in primary key table."));
  EXPECT_THAT(validate_table_descriptor(pk_table({{"table.merge-engine", "versioned"}})),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "'table.merge-engine.versioned.ver-column' must be set"));
  EXPECT_THAT(
      validate_table_descriptor(pk_table({{"table.merge-engine", "versioned"},
                                          {"table.merge-engine.versioned.ver-column", "nope"}})),
      StatusIsWith(ErrorCode::kInvalidConfigException,
                   "The version column 'nope' for versioned merge engine doesn't exist"));
  EXPECT_THAT(
      validate_table_descriptor(pk_table({{"table.merge-engine", "versioned"},
                                          {"table.merge-engine.versioned.ver-column", "name"}})),
      StatusIsWith(ErrorCode::kInvalidConfigException,
                   "The version column 'name' for versioned merge engine must be one type "
                   "of [INT, BIGINT, TIMESTAMP, TIMESTAMP_LTZ], but got STRING."));
  EXPECT_OK(validate_table_descriptor(pk_table(
      {{"table.merge-engine", "versioned"}, {"table.merge-engine.versioned.ver-column", "ver"}})));
  EXPECT_THAT(validate_table_descriptor(pk_table(
                  {{"table.merge-engine", "aggregation"}, {"table.changelog.image", "WAL"}})),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "does not support 'WAL' changelog image mode"));
}

TEST_F(TableDescriptorValidationTest, AggregateFunctionsNeedTheAggregationEngine) {
  auto with_agg = [](AggFunction f, std::string column) {
    Schema::Builder b = Schema::builder();
    b.column("id", DataType::bigint()).primary_key({"id"});
    b.column(std::move(column), DataType::string(), std::move(f));
    return value_or_throw(TableDescriptor::builder()
                              .schema(value_or_throw(b.build()))
                              .distributed_by(1)
                              .property("table.replication.factor", "1")
                              .build());
  };
  TableDescriptor listagg = with_agg(
      AggFunction{.type = AggFunctionType::kListagg, .parameters = {{"delimiter", ","}}}, "s");
  EXPECT_THAT(
      validate_table_descriptor(listagg),
      StatusIsWith(ErrorCode::kInvalidConfigException,
                   "Aggregation function is only supported for aggregation merge engine "
                   "table, but column 's' has aggregation function 'listagg{delimiter=,}'."));
  Properties agg_engine{{"table.merge-engine", "aggregation"}};
  Properties props = listagg.properties();
  props.set_all(agg_engine);
  EXPECT_OK(validate_table_descriptor(listagg.with_properties(props)));
  TableDescriptor sum = with_agg(AggFunction{.type = AggFunctionType::kSum, .parameters = {}}, "s");
  props = sum.properties();
  props.set_all(agg_engine);
  EXPECT_THAT(
      validate_table_descriptor(sum.with_properties(props)),
      StatusIsWith(ErrorCode::kInvalidConfigException,
                   "Invalid aggregation function for column 's': Data type for sum column"));
}

TEST_F(TableDescriptorValidationTest, DeleteBehaviorRules) {
  EXPECT_THAT(validate_table_descriptor(log_table({{"table.delete.behavior", "ignore"}})),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "The 'table.delete.behavior' configuration is only supported for "
                           "primary key tables."));
  EXPECT_THAT(validate_table_descriptor(pk_table(
                  {{"table.merge-engine", "first_row"}, {"table.delete.behavior", "allow"}})),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "Table with 'FIRST_ROW' merge engine does not support delete"));
}

TEST_F(TableDescriptorValidationTest, TieredLogRules) {
  EXPECT_THAT(validate_table_descriptor(log_table({{"table.log.tiered.local-segments", "0"}})),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "'table.log.tiered.local-segments' must be greater than 0."));
  EXPECT_THAT(validate_table_descriptor(
                  log_table({{"table.log.ttl", "1 d"}, {"table.log.local-ttl", "2 d"}})),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "'table.log.local-ttl' must be less than or equal to 'table.log.ttl'."));
}

TEST_F(TableDescriptorValidationTest,
       HistoricalPartitionLookupsNeedAnAutoPartitionedPaimonPkTable) {
  const Properties lake_partitions{{"table.datalake.historical-partition.enabled", "true"},
                                   {"table.auto-partition.enabled", "true"},
                                   {"table.datalake.enabled", "true"},
                                   {"table.datalake.format", "paimon"}};
  TableDescriptor ok =
      value_or_throw(TableDescriptor::builder()
                         .schema(value_or_throw(columns().primary_key({"id", "dt"}).build()))
                         .partitioned_by({"dt"})
                         .distributed_by(1)
                         .property("table.replication.factor", "1")
                         .properties(lake_partitions)
                         .build());
  EXPECT_OK(validate_table_descriptor(ok));
  EXPECT_THAT(
      validate_table_descriptor(
          log_table({{"table.datalake.historical-partition.enabled", "true"}})),
      StatusIsWith(ErrorCode::kInvalidConfigException,
                   "'table.datalake.historical-partition.enabled' has unmet requirements: "
                   "'table.auto-partition.enabled' must be set to true; 'table.datalake.enabled' "
                   "must be set to true; 'table.datalake.format' must be set to 'paimon' "
                   "(currently not set); the table must define a primary key; the table must "
                   "define exactly one partition key (found 0)."));
  Properties iceberg = ok.properties();
  iceberg.set("table.datalake.format", "iceberg");
  EXPECT_THAT(validate_table_descriptor(ok.with_properties(iceberg)),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "'table.datalake.format' must be set to 'paimon' (currently "
                           "'iceberg')."));
}

TEST_F(TableDescriptorValidationTest, PartitionRules) {
  auto partitioned = [](std::vector<std::string> keys, Properties properties = {}) {
    return value_or_throw(TableDescriptor::builder()
                              .schema(value_or_throw(columns().build()))
                              .partitioned_by(std::move(keys))
                              .distributed_by(1)
                              .property("table.replication.factor", "1")
                              .properties(properties)
                              .build());
  };
  EXPECT_OK(validate_table_descriptor(partitioned({"dt"})));
  EXPECT_THAT(validate_table_descriptor(partitioned({"amount"})),
              StatusIsWith(ErrorCode::kInvalidTableException,
                           "but got partition key 'amount' with data type DECIMAL(10, 2)."));
  EXPECT_THAT(validate_table_descriptor(log_table({{"table.auto-partition.enabled", "true"}})),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "auto partition is only supported for partitioned table"));
  EXPECT_THAT(validate_table_descriptor(
                  partitioned({"dt", "name"}, {{"table.auto-partition.enabled", "true"}})),
              StatusIsWith(ErrorCode::kInvalidTableException,
                           "Please set table property 'table.auto-partition.key'."));
  EXPECT_THAT(validate_table_descriptor(partitioned(
                  {"dt", "name"},
                  {{"table.auto-partition.enabled", "true"}, {"table.auto-partition.key", "id"}})),
              StatusIsWith(ErrorCode::kInvalidTableException,
                           "Your key 'id' is not in key list [dt, name]"));
  EXPECT_THAT(validate_table_descriptor(partitioned(
                  {"dt", "name"},
                  {{"table.auto-partition.enabled", "true"}, {"table.auto-partition.key", "dt"}})),
              StatusIsWith(ErrorCode::kInvalidTableException,
                           "auto pre-create is unsupported and this value must be set to 0, but "
                           "is 2"));
  EXPECT_OK(validate_table_descriptor(
      partitioned({"dt", "name"}, {{"table.auto-partition.enabled", "true"},
                                   {"table.auto-partition.key", "dt"},
                                   {"table.auto-partition.num-precreate", "0"}})));
}

TEST_F(TableDescriptorValidationTest, ReservedColumnNamesAreRefused) {
  TableDescriptor d =
      value_or_throw(TableDescriptor::builder()
                         .schema(value_or_throw(Schema::builder()
                                                    .column("__offset", DataType::bigint())
                                                    .column("_change_type", DataType::string())
                                                    .build()))
                         .distributed_by(1)
                         .property("table.replication.factor", "1")
                         .build());
  EXPECT_THAT(validate_table_descriptor(d),
              StatusIsWith(ErrorCode::kInvalidTableException,
                           "__offset, _change_type cannot be used as column names"));
}

TEST_F(TableDescriptorValidationTest, StatisticsColumnsRules) {
  EXPECT_THAT(validate_table_descriptor(pk_table({{"table.statistics.columns", "*"}})),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "Statistics columns are not supported for primary key tables."));
  EXPECT_THAT(validate_table_descriptor(log_table({{"table.statistics.columns", "id,nope"}})),
              StatusIsWith(ErrorCode::kInvalidConfigException, "'nope'"));
  EXPECT_THAT(validate_table_descriptor(log_table({{"table.statistics.columns", " , "}})),
              StatusIsWith(ErrorCode::kInvalidConfigException, "cannot be empty"));
}

TEST_F(TableDescriptorValidationTest, LakeFormatMustMatchTheCluster) {
  TableDescriptor d =
      log_table({{"table.datalake.enabled", "true"}, {"table.datalake.format", "iceberg"}});
  EXPECT_OK(validate_table_descriptor(d));
  EXPECT_THAT(validate_table_descriptor(d, {.cluster_datalake_format = DataLakeFormat::kPaimon}),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "'table.datalake.format' ('iceberg') must match cluster "
                           "'datalake.format' ('paimon')"));
}

// ---------------------------------------------------------------------------------------
// apply_system_defaults

TEST_F(TableDescriptorValidationTest, DefaultsFillBucketsReplicationAndKvSettings) {
  TableDescriptor d = value_or_throw(TableDescriptor::builder().schema(pk_schema()).build());
  TableDescriptor out = value_or_throw(
      apply_system_defaults(d, {.default_bucket_number = 3, .default_replication_factor = 2}));
  EXPECT_EQ(out.bucket_count(), 3);
  EXPECT_EQ(out.bucket_keys(), std::vector<std::string>{"id"});
  EXPECT_EQ(out.properties().get("table.replication.factor"), "2");
  EXPECT_EQ(out.properties().get("table.kv.format-version"), "2");
  EXPECT_EQ(out.properties().get("table.kv.standby-replica.enabled"), "true");
  EXPECT_FALSE(out.properties().contains("table.delete.behavior"));
  EXPECT_OK(validate_table_descriptor(out));

  // A log table gets neither KV setting; what the user set is kept.
  TableDescriptor log = value_or_throw(TableDescriptor::builder()
                                           .schema(log_schema())
                                           .distributed_by(5)
                                           .property("table.replication.factor", "3")
                                           .build());
  out = value_or_throw(apply_system_defaults(log, {}));
  EXPECT_EQ(out.bucket_count(), 5);
  EXPECT_EQ(out.properties(), (Properties{{"table.replication.factor", "3"}}));
}

TEST_F(TableDescriptorValidationTest, DefaultsForMergeEnginesPartitionsAndLake) {
  TableDescriptor first_row = value_or_throw(TableDescriptor::builder()
                                                 .schema(pk_schema())
                                                 .property("table.merge-engine", "FIRST_ROW")
                                                 .build());
  TableDescriptor out = value_or_throw(
      apply_system_defaults(first_row, {.cluster_datalake_format = DataLakeFormat::kPaimon}));
  EXPECT_EQ(out.properties().get("table.delete.behavior"), "IGNORE");
  EXPECT_EQ(out.properties().get("table.datalake.format"), "paimon");

  TableDescriptor multi = value_or_throw(TableDescriptor::builder()
                                             .schema(log_schema())
                                             .partitioned_by({"dt", "name"})
                                             .property("table.auto-partition.enabled", "true")
                                             .build());
  out = value_or_throw(apply_system_defaults(multi, {}));
  EXPECT_EQ(out.properties().get("table.auto-partition.num-precreate"), "0");

  TableDescriptor lake = log_table({{"table.datalake.enabled", "TRUE"}});
  EXPECT_THAT(apply_system_defaults(lake, {}),
              StatusIsWith(ErrorCode::kInvalidTableException,
                           "'table.datalake.enabled' is enabled for the table, but the Fluss "
                           "cluster doesn't enable datalake tables."));
  EXPECT_OK(apply_system_defaults(lake, {.cluster_datalake_table_enabled = true}));

  TableDescriptor future = pk_table({{"table.kv.format-version", "3"}});
  EXPECT_THAT(apply_system_defaults(future, {}),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "Unsupported kv format version 3. The maximum supported version is 2."));
}

TEST_F(TableDescriptorValidationTest, DefaultedDocumentMatchesJavaPropertyOrder) {
  // What a Java coordinator stores for this request: properties in HashMap order
  // (buckets 1, 7 and 14 of 16 for these keys).
  TableDescriptor d = value_or_throw(table_descriptor_from_json(
      R"({"version":1,"schema":{"version":1,"columns":[{"name":"a","data_type":{"type":"INTEGER"},"id":0}],"primary_key":["a"],"highest_field_id":0},"partition_key":[],"properties":{},"custom_properties":{}})"));
  TableDescriptor out = value_or_throw(apply_system_defaults(d, {}));
  EXPECT_THAT(
      to_json(out),
      testing::HasSubstr(
          R"("bucket_key":["a"],"bucket_count":1,"properties":{"table.replication.factor":"1","table.kv.standby-replica.enabled":"true","table.kv.format-version":"2"})"));
}

}  // namespace
}  // namespace fluss
