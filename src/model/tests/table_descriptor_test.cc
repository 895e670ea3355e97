// SPDX-License-Identifier: Apache-2.0
#include "model/table_descriptor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "common/config_options.h"
#include "model/database_descriptor.h"
#include "model/table_info.h"
#include "test_utils/status_matchers.h"

namespace fluss {
namespace {

using test::StatusIs;
using test::StatusIsWith;
using test::value_or_throw;

class TableDescriptorTest : public ::testing::Test {
 protected:
  static Schema pk_schema(std::vector<std::string> pk) {
    return value_or_throw(Schema::builder()
                              .column("id", DataType::bigint())
                              .column("dt", DataType::string())
                              .column("v", DataType::double_())
                              .primary_key(std::move(pk))
                              .build());
  }
  static Schema log_schema() {
    return value_or_throw(Schema::builder()
                              .column("id", DataType::bigint())
                              .column("dt", DataType::string())
                              .build());
  }
};

TEST_F(TableDescriptorTest, PkTableGetsThePhysicalPrimaryKeyAsBucketKey) {
  TableDescriptor d = value_or_throw(
      TableDescriptor::builder().schema(pk_schema({"id", "dt"})).partitioned_by({"dt"}).build());
  ASSERT_TRUE(d.distribution());
  EXPECT_EQ(d.bucket_keys(), std::vector<std::string>{"id"});
  EXPECT_EQ(d.bucket_count(), std::nullopt);
  EXPECT_TRUE(d.has_primary_key());
  EXPECT_TRUE(d.is_partitioned());
  EXPECT_TRUE(d.is_default_bucket_key());
  // An explicit empty bucket key is normalized the same way, keeping the count.
  d = value_or_throw(TableDescriptor::builder()
                         .schema(pk_schema({"id", "dt"}))
                         .partitioned_by({"dt"})
                         .distributed_by(8)
                         .build());
  EXPECT_EQ(d.bucket_keys(), std::vector<std::string>{"id"});
  EXPECT_EQ(d.bucket_count(), 8);
}

TEST_F(TableDescriptorTest, LogTableWithoutDistributionHasNone) {
  TableDescriptor d = value_or_throw(TableDescriptor::builder().schema(log_schema()).build());
  EXPECT_FALSE(d.distribution());
  EXPECT_TRUE(d.is_default_bucket_key());
  TableDescriptor keyed = value_or_throw(
      TableDescriptor::builder().schema(log_schema()).distributed_by(3, {"dt"}).build());
  EXPECT_FALSE(keyed.is_default_bucket_key());
  EXPECT_EQ(keyed.with_bucket_count(5).distribution(),
            (TableDistribution{.bucket_count = 5, .bucket_keys = {"dt"}}));
  EXPECT_EQ(keyed.distribution()->to_string(), "{bucketKeys=[dt] bucketCount=3}");
}

TEST_F(TableDescriptorTest, RejectsInconsistentKeysAsInvalidTable) {
  EXPECT_THAT(TableDescriptor::builder().build(),
              StatusIsWith(ErrorCode::kInvalidTableException, "schema must not be null."));
  EXPECT_THAT(TableDescriptor::builder()
                  .schema(pk_schema({"id", "dt"}))
                  .partitioned_by({"dt"})
                  .distributed_by(4, {"dt"})
                  .build(),
              StatusIsWith(ErrorCode::kInvalidTableException,
                           "Bucket key [dt] shouldn't include any column in partition keys [dt]."));
  EXPECT_THAT(TableDescriptor::builder().schema(pk_schema({"id"})).distributed_by(4, {"v"}).build(),
              StatusIsWith(ErrorCode::kInvalidTableException,
                           "Bucket keys must be a subset of primary keys excluding partition keys "
                           "for primary-key tables. The primary keys are [id], the partition keys "
                           "are [], but the user-defined bucket keys are [v]."));
  EXPECT_THAT(TableDescriptor::builder().schema(pk_schema({"id"})).partitioned_by({"dt"}).build(),
              StatusIsWith(ErrorCode::kInvalidTableException,
                           "Partitioned Primary Key Table requires partition key [dt] is a subset "
                           "of the primary key [id]."));
  EXPECT_THAT(TableDescriptor::builder().schema(pk_schema({"dt"})).partitioned_by({"dt"}).build(),
              StatusIsWith(ErrorCode::kInvalidTableException,
                           "Primary Key constraint [dt] should not be same with partition fields "
                           "[dt]."));
  EXPECT_THAT(TableDescriptor::builder().schema(log_schema()).partitioned_by({"x"}).build(),
              StatusIsWith(ErrorCode::kInvalidTableException,
                           "Partition key 'x' does not exist in the schema."));
  EXPECT_THAT(TableDescriptor::builder().schema(log_schema()).distributed_by(2, {"x"}).build(),
              StatusIsWith(ErrorCode::kInvalidTableException,
                           "Bucket key 'x' does not exist in the schema."));
}

TEST_F(TableDescriptorTest, TableConfigReadsFormatPropertiesCaseInsensitively) {
  TableDescriptor d = value_or_throw(TableDescriptor::builder()
                                         .schema(log_schema())
                                         .property("table.log.format", "compacted")
                                         .property("table.kv.format", "Indexed")
                                         .property("table.kv.format-version", "2")
                                         .property("table.log.arrow.compression.type", "lz4_frame")
                                         .property("table.log.arrow.compression.zstd.level", "9")
                                         .property("table.datalake.format", "PAIMON")
                                         .property("table.changelog.image", "wal")
                                         .property("table.merge-engine", "first_row")
                                         .property("table.delete.behavior", "Disable")
                                         .build());
  TableConfig c = d.table_config();
  EXPECT_EQ(value_or_throw(c.log_format()), LogFormat::kCompacted);
  EXPECT_EQ(value_or_throw(c.kv_format()), KvFormat::kIndexed);
  EXPECT_EQ(value_or_throw(c.kv_format_version()), 2);
  EXPECT_EQ(value_or_throw(c.arrow_compression_type()), ArrowCompressionType::kLz4Frame);
  EXPECT_EQ(value_or_throw(c.arrow_compression_zstd_level()), 9);
  EXPECT_EQ(value_or_throw(c.datalake_format()), DataLakeFormat::kPaimon);
  EXPECT_EQ(value_or_throw(c.changelog_image()), ChangelogImage::kWal);
  EXPECT_EQ(value_or_throw(c.merge_engine()), MergeEngineType::kFirstRow);
  EXPECT_EQ(value_or_throw(c.delete_behavior()), DeleteBehavior::kDisable);
  EXPECT_EQ(to_string(DataLakeFormat::kIceberg), "iceberg");
  EXPECT_EQ(to_string(ArrowCompressionType::kLz4Frame), "LZ4_FRAME");
}

TEST_F(TableDescriptorTest, TableConfigDefaultsAndErrors) {
  Properties empty;
  TableConfig c(empty);
  EXPECT_EQ(value_or_throw(c.log_format()), LogFormat::kArrow);
  EXPECT_EQ(value_or_throw(c.kv_format()), KvFormat::kCompacted);
  EXPECT_EQ(value_or_throw(c.kv_format_version()), std::nullopt);
  EXPECT_EQ(value_or_throw(c.arrow_compression_type()), ArrowCompressionType::kZstd);
  EXPECT_EQ(value_or_throw(c.arrow_compression_zstd_level()), 3);
  EXPECT_EQ(value_or_throw(c.datalake_format()), std::nullopt);
  EXPECT_EQ(value_or_throw(c.changelog_image()), ChangelogImage::kFull);
  EXPECT_EQ(value_or_throw(c.merge_engine()), std::nullopt);
  EXPECT_EQ(value_or_throw(c.delete_behavior()), DeleteBehavior::kAllow);

  Properties bad{{"table.log.format", "parquet"},
                 {"table.kv.format-version", "two"},
                 {"table.merge-engine", "newest"}};
  TableConfig b(bad);
  EXPECT_THAT(b.log_format(),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "invalid value 'parquet' for configuration 'table.log.format': "
                           "'parquet' is not one of [ARROW, INDEXED, COMPACTED]"));
  EXPECT_THAT(b.kv_format_version(),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "'two' for configuration 'table.kv.format-version'"));
  EXPECT_THAT(b.merge_engine(), StatusIsWith(ErrorCode::kInvalidConfigException, "'newest'"));
}

TEST_F(TableDescriptorTest, TableConfigReadsValuesWithFlussSyntax) {
  TableConfig c(Properties{{"table.log.ttl", "2 hours"},
                           {"table.log.local-ttl", "3min"},
                           {"table.auto-partition.enabled", "TRUE"},
                           {"table.auto-partition.num-precreate", "+7"}});
  EXPECT_EQ(value_or_throw(c.log_ttl()), std::chrono::hours(2));
  EXPECT_EQ(value_or_throw(c.log_local_ttl()), std::chrono::minutes(3));
  EXPECT_EQ(value_or_throw(c.auto_partition_enabled()), true);
  EXPECT_EQ(value_or_throw(c.auto_partition_num_precreate()), 7);
  EXPECT_EQ(value_or_throw(TableConfig(Properties{}).log_ttl()), std::chrono::days(7));
  EXPECT_EQ(value_or_throw(c.get(ConfigOptions::kTableAutoIncrementCacheSize)), 100'000);

  // As Fluss's TimeUtils.parseDuration, a duration needs a unit; Java's parseInt
  // takes no blanks and a boolean is only true or false.
  TableConfig bad(Properties{{"table.log.ttl", "500"},
                             {"table.auto-partition.num-precreate", " 7"},
                             {"table.auto-partition.enabled", "yes"},
                             {"table.log.local-ttl", "1 fortnight"}});
  EXPECT_THAT(bad.log_ttl(), StatusIsWith(ErrorCode::kInvalidConfigException, "has no unit"));
  EXPECT_THAT(bad.auto_partition_num_precreate(),
              StatusIsWith(ErrorCode::kInvalidConfigException, "is not a 32-bit integer"));
  EXPECT_THAT(bad.auto_partition_enabled(),
              StatusIsWith(ErrorCode::kInvalidConfigException, "is not a boolean"));
  EXPECT_THAT(bad.log_local_ttl(),
              StatusIsWith(ErrorCode::kInvalidConfigException, "unknown unit 'fortnight'"));
}

TEST(TableConfigEnumsTest, EveryEnumeratorRoundTripsThroughItsOptionValues) {
  // to_string/parse_* index the catalogue's enum_values by enumerator: the orders agree.
  auto round_trips = [](auto first, auto last, auto parse) {
    for (auto v = static_cast<int>(first); v <= static_cast<int>(last); ++v) {
      const auto e = static_cast<decltype(first)>(v);
      EXPECT_EQ(parse(to_string(e)), e) << to_string(e);
    }
  };
  round_trips(LogFormat::kArrow, LogFormat::kCompacted, parse_log_format);
  round_trips(KvFormat::kCompacted, KvFormat::kIndexed, parse_kv_format);
  round_trips(ArrowCompressionType::kNone, ArrowCompressionType::kZstd,
              parse_arrow_compression_type);
  round_trips(DataLakeFormat::kPaimon, DataLakeFormat::kHudi, parse_data_lake_format);
  round_trips(ChangelogImage::kFull, ChangelogImage::kWal, parse_changelog_image);
  round_trips(MergeEngineType::kFirstRow, MergeEngineType::kAggregation, parse_merge_engine_type);
  round_trips(DeleteBehavior::kAllow, DeleteBehavior::kDisable, parse_delete_behavior);
  round_trips(AutoPartitionTimeUnit::kYear, AutoPartitionTimeUnit::kHour,
              parse_auto_partition_time_unit);
  EXPECT_EQ(to_string(LogFormat::kIndexed), "INDEXED");
  EXPECT_EQ(to_string(MergeEngineType::kFirstRow), "FIRST_ROW");
  EXPECT_EQ(to_string(AutoPartitionTimeUnit::kQuarter), "QUARTER");
  EXPECT_EQ(parse_delete_behavior("disable"), DeleteBehavior::kDisable);
  EXPECT_EQ(parse_log_format("parquet"), std::nullopt);
}

TEST_F(TableDescriptorTest, WithMethodsChangeOneThing) {
  TableDescriptor d = value_or_throw(TableDescriptor::builder().schema(log_schema()).build());
  TableDescriptor r = d.with_replication_factor(3).with_data_lake_format(DataLakeFormat::kHudi);
  EXPECT_EQ(r.properties().get("table.replication.factor"), "3");
  EXPECT_EQ(r.properties().get("table.datalake.format"), "hudi");
  EXPECT_EQ(r.schema(), d.schema());
  TableDescriptor copy = value_or_throw(TableDescriptor::builder(r).build());
  EXPECT_EQ(copy, r);
}

TEST_F(TableDescriptorTest, TableInfoDerivesKeysAndRoundTripsToADescriptor) {
  TableDescriptor d = value_or_throw(TableDescriptor::builder()
                                         .schema(pk_schema({"id", "dt"}))
                                         .partitioned_by({"dt"})
                                         .distributed_by(4)
                                         .comment("orders")
                                         .property("table.replication.factor", "3")
                                         .custom_property("owner", "me")
                                         .build());
  TableInfo info = value_or_throw(
      TableInfo::of(TablePath{"db", "t"}, TableId(17), SchemaId(1), d, "/remote", 100, 200));
  EXPECT_EQ(info.primary_keys(), (std::vector<std::string>{"id", "dt"}));
  EXPECT_EQ(info.physical_primary_keys(), std::vector<std::string>{"id"});
  EXPECT_EQ(info.bucket_keys(), std::vector<std::string>{"id"});
  EXPECT_EQ(info.num_buckets(), 4);
  EXPECT_TRUE(info.has_primary_key());
  EXPECT_TRUE(info.is_partitioned());
  EXPECT_TRUE(info.is_default_bucket_key());
  EXPECT_EQ(value_or_throw(info.table_config().replication_factor()), 3);
  EXPECT_EQ(value_or_throw(info.to_table_descriptor()), d);
  TableInfo later = value_or_throw(
      TableInfo::of(TablePath{"db", "t"}, TableId(17), SchemaId(1), d, "/remote", 300, 400));
  EXPECT_EQ(info, later);  // times are not compared
  EXPECT_THAT(info.to_string(), testing::HasSubstr("tablePath=db.t, tableId=17, schemaId=1"));

  TableDescriptor no_count =
      value_or_throw(TableDescriptor::builder().schema(log_schema()).build());
  EXPECT_THAT(
      TableInfo::of(TablePath{"db", "t"}, TableId(1), SchemaId(0), no_count, std::nullopt, 0, 0),
      StatusIs(ErrorCode::kInvalidTableException));
}

TEST(DatabaseDescriptorTest, PrintsAndCompares) {
  DatabaseInfo info{.database_name = "db",
                    .descriptor = {.comment = "c", .custom_properties = {{"k", "v"}}},
                    .created_time_ms = 1,
                    .modified_time_ms = 2};
  EXPECT_EQ(fmt::format("{}", info.descriptor),
            "DatabaseDescriptor{customProperties={k=v}, comment='c'}");
  EXPECT_EQ(info, info);
}

}  // namespace
}  // namespace fluss
