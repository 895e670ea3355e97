// SPDX-License-Identifier: Apache-2.0
// Tests of the client's values without a server: configuration, error codes, dates, rows.
#include <gtest/gtest.h>

#include <random>

#include "connection_impl.h"
#include "fluss/client.h"
#include "row_internal.h"
#include "test_utils/seed.h"

namespace fluss::client {
namespace {

TEST(ConfigurationTest, FromMapReadsFlussClientKeysWithUnits) {
  Configuration config;
  Result r = Configuration::FromMap({{"bootstrap.servers", "h1:9123,h2:9124"},
                                     {"type", "fluss"},
                                     {"client.writer.batch-size", "1mb"},
                                     {"client.writer.batch-timeout", "50 ms"},
                                     {"client.writer.buffer.memory-size", "4096"},
                                     {"writer.acks", "1"},
                                     {"client.writer.enable-idempotence", "false"},
                                     {"client.scanner.log.max-poll-records", "7"},
                                     {"client.lookup.batch-timeout", "2s"}},
                                    config);
  ASSERT_TRUE(r.Ok()) << r.error_message;
  EXPECT_EQ(config.bootstrap_servers, "h1:9123,h2:9124");
  EXPECT_EQ(config.writer_batch_size, 1024 * 1024);
  EXPECT_EQ(config.writer_batch_timeout_ms, 50);
  EXPECT_EQ(config.writer_buffer_memory_size, 4096u);
  EXPECT_EQ(config.writer_acks, "1");
  EXPECT_FALSE(config.writer_enable_idempotence);
  EXPECT_EQ(config.scanner_log_max_poll_records, 7u);
  EXPECT_EQ(config.lookup_batch_timeout_ms, 2000u);
}

TEST(ConfigurationTest, FromMapRejectsABadValueNamingTheKey) {
  Configuration config;
  Result r = Configuration::FromMap({{"client.writer.batch-size", "lots"}}, config);
  EXPECT_EQ(r.error_code, ErrorCode::INVALID_CONFIG_EXCEPTION);
  EXPECT_NE(r.error_message.find("client.writer.batch-size"), std::string::npos);
  r = Configuration::FromMap({{"client.writer.acks", "2"}}, config);
  EXPECT_EQ(r.error_code, ErrorCode::INVALID_CONFIG_EXCEPTION);
  r = Configuration::FromMap({{"client.writer.bucket.no-key-assigner", "random"}}, config);
  EXPECT_EQ(r.error_code, ErrorCode::INVALID_CONFIG_EXCEPTION);
}

TEST(ConfigurationTest, BootstrapServersParse) {
  auto servers = detail::parse_bootstrap_servers(" a:1, [::1]:9123 ,b:65535");
  ASSERT_TRUE(servers.ok());
  ASSERT_EQ(servers->size(), 3u);
  EXPECT_EQ((*servers)[1].host, "::1");
  EXPECT_EQ((*servers)[1].port, 9123);
  EXPECT_FALSE(detail::parse_bootstrap_servers("nohost").ok());
  EXPECT_FALSE(detail::parse_bootstrap_servers("a:0").ok());
  EXPECT_FALSE(detail::parse_bootstrap_servers("a:99999").ok());
  EXPECT_FALSE(detail::parse_bootstrap_servers("").ok());
}

TEST(ErrorCodeTest, NamesAndRetriableSetMatchFluss) {
  EXPECT_EQ(ErrorCode::Name(ErrorCode::TABLE_NOT_EXIST), "TABLE_NOT_EXIST");
  EXPECT_EQ(ErrorCode::Name(ErrorCode::CLIENT_ERROR), "CLIENT_ERROR");
  EXPECT_EQ(ErrorCode::Name(999), "UNKNOWN_ERROR_999");
  for (int code : {1, 3, 9, 10, 11, 12, 14, 21, 25, 26, 28, 29, 44, 72}) {
    EXPECT_TRUE(ErrorCode::IsRetriable(code)) << code;
  }
  for (int code : {-2, -1, 0, 2, 7, 13, 31, 36, 46}) {
    EXPECT_FALSE(ErrorCode::IsRetriable(code)) << code;
  }
  EXPECT_TRUE(Result::Error(12, "x").IsRetriable());
  EXPECT_FALSE(Result::Error(ErrorCode::CLIENT_ERROR, "x").IsRetriable());
}

TEST(DateTest, CivilDatesRoundTrip) {
  EXPECT_EQ(Date::FromYMD(1970, 1, 1).days_since_epoch, 0);
  EXPECT_EQ(Date::FromYMD(2024, 1, 15).days_since_epoch, 19737);
  EXPECT_EQ(Date::FromYMD(1969, 12, 31).days_since_epoch, -1);
  uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  std::mt19937_64 random(seed);
  for (int i = 0; i < 1000; ++i) {
    int32_t days = static_cast<int32_t>(random() % 2000000) - 1000000;
    Date date{days};
    EXPECT_EQ(Date::FromYMD(date.Year(), date.Month(), date.Day()).days_since_epoch, days);
  }
  EXPECT_EQ(Time::FromHMS(1, 2, 3, 4).Minute(), 2);
  Timestamp ts =
      Timestamp::FromTimePoint(std::chrono::system_clock::time_point(std::chrono::nanoseconds(-1)));
  EXPECT_EQ(ts.epoch_millis, -1);
  EXPECT_EQ(ts.nano_of_millisecond, 999999);
}

TEST(DataTypeTest, PrintsSqlAndPrimaryKeysBecomeNotNull) {
  EXPECT_EQ(DataType::Decimal(10, 2).NotNull().ToString(), "DECIMAL(10, 2) NOT NULL");
  EXPECT_EQ(DataType::Map(DataType::String(), DataType::Array(DataType::Int())).ToString(),
            "MAP<STRING, ARRAY<INT>>");
  Schema schema = Schema::NewBuilder()
                      .AddColumn("id", DataType::BigInt())
                      .AddColumn("v", DataType::String())
                      .SetPrimaryKeys({"id"})
                      .Build();
  EXPECT_FALSE(schema.columns[0].data_type.nullable());
  EXPECT_TRUE(schema.columns[1].data_type.nullable());
  EXPECT_EQ(ChangeTypeShortString(ChangeType::UpdateBefore), std::string("-U"));
}

// A schema with every scalar type.
std::shared_ptr<const detail::ColumnMap> all_types() {
  return detail::ColumnMap::make(
      {"b", "ti", "si", "i", "bi", "f", "d", "s", "by", "dec", "dt", "tm", "ts", "ltz", "c", "bin"},
      {::fluss::DataType::boolean(), ::fluss::DataType::tinyint(), ::fluss::DataType::smallint(),
       ::fluss::DataType::int_().not_null(), ::fluss::DataType::bigint(),
       ::fluss::DataType::float_(), ::fluss::DataType::double_(), ::fluss::DataType::string(),
       ::fluss::DataType::bytes(), ::fluss::DataType::decimal(10, 2), ::fluss::DataType::date(),
       ::fluss::DataType::time(3), ::fluss::DataType::timestamp(6),
       ::fluss::DataType::timestamp_ltz(3), ::fluss::DataType::char_(3),
       ::fluss::DataType::binary(2)});
}

RowView view_of(const detail::ColumnMap& columns, ::fluss::GenericRow row,
                std::shared_ptr<const detail::ColumnMap> shared) {
  (void)columns;
  auto set = std::make_shared<detail::RowSet>();
  set->columns = std::move(shared);
  set->rows.push_back(std::move(row));
  return detail::RowAccess::view(set, 0);
}

TEST(RowTest, EveryTypeRoundTripsThroughTheInternalRow) {
  auto columns = all_types();
  GenericRow row = detail::RowAccess::make_row(columns);
  row.Set("b", true);
  row.Set("ti", int32_t{-7});
  row.Set("si", int32_t{300});
  row.Set("i", int32_t{42});
  row.Set("bi", int64_t{1} << 40);
  row.Set("f", 1.5f);
  row.Set("d", 2.25);
  row.Set("s", "hello");
  row.Set("by", std::vector<uint8_t>{0x0a, 0xff});
  row.Set("dec", "123.456");  // rounds half up to the scale
  row.Set("dt", Date::FromYMD(2024, 1, 15));
  row.Set("tm", Time::FromHMS(10, 20, 30, 123));
  row.Set("ts", Timestamp::FromMillisNanos(1700000000123, 456000));
  row.Set("ltz", Timestamp::FromMillis(-1));
  row.Set("c", std::string("abc"));
  row.SetBytes(15, {1, 2});
  auto internal = detail::to_internal_row(row, *columns, nullptr, true);
  ASSERT_TRUE(internal.ok()) << internal.status();
  RowView view = view_of(*columns, std::move(*internal), columns);
  EXPECT_EQ(view.FieldCount(), 16u);
  EXPECT_TRUE(view.GetBool("b"));
  EXPECT_EQ(view.GetInt32("ti"), -7);
  EXPECT_EQ(view.GetInt32("si"), 300);
  EXPECT_EQ(view.GetInt32("i"), 42);
  EXPECT_EQ(view.GetInt64("bi"), int64_t{1} << 40);
  EXPECT_EQ(view.GetInt64("i"), 42);
  EXPECT_EQ(view.GetFloat32("f"), 1.5f);
  EXPECT_EQ(view.GetFloat64("d"), 2.25);
  EXPECT_EQ(view.GetString("s"), "hello");
  auto [data, size] = view.GetBytes("by");
  ASSERT_EQ(size, 2u);
  EXPECT_EQ(data[1], 0xff);
  EXPECT_TRUE(view.IsDecimal(9));
  EXPECT_EQ(view.GetDecimalString("dec"), "123.46");
  EXPECT_EQ(view.GetDate("dt").Day(), 15);
  EXPECT_EQ(view.GetTime("tm").Millis(), 123);
  EXPECT_EQ(view.GetTimestamp("ts").nano_of_millisecond, 456000);
  EXPECT_EQ(view.GetTimestamp("ltz").epoch_millis, -1);
  EXPECT_EQ(view.GetType(13), TypeId::TimestampLtz);
  EXPECT_EQ(view.GetAsString("dt"), "2024-01-15");
  EXPECT_EQ(view.GetAsString("tm"), "10:20:30.123");
  EXPECT_EQ(view.GetAsString("ltz"), "1969-12-31 23:59:59.999");
  EXPECT_EQ(view.GetAsString("by"), "x'0aff'");
  EXPECT_EQ(view.GetAsString("b"), "TRUE");
  EXPECT_THROW(view.GetString("i"), std::runtime_error);
  EXPECT_THROW(view.GetInt32("nope"), std::runtime_error);
}

TEST(RowTest, MismatchesAndRangesFailNamingTheColumn) {
  auto columns = all_types();
  GenericRow row = detail::RowAccess::make_row(columns);
  row.SetInt32(3, 1);
  row.SetInt32(1, 1000);  // TINYINT out of range
  auto internal = detail::to_internal_row(row, *columns, nullptr, true);
  ASSERT_FALSE(internal.ok());
  EXPECT_NE(internal.status().message().find("'ti'"), std::string_view::npos);

  GenericRow wrong = detail::RowAccess::make_row(columns);
  wrong.SetInt32(3, 1);
  wrong.SetString(0, "yes");  // BOOLEAN column
  internal = detail::to_internal_row(wrong, *columns, nullptr, true);
  ASSERT_FALSE(internal.ok());
  EXPECT_NE(internal.status().message().find("'b'"), std::string_view::npos);

  GenericRow missing = detail::RowAccess::make_row(columns);  // NOT NULL 'i' unset
  internal = detail::to_internal_row(missing, *columns, nullptr, true);
  ASSERT_FALSE(internal.ok());
  EXPECT_NE(internal.status().message().find("'i'"), std::string_view::npos);

  GenericRow decimal = detail::RowAccess::make_row(columns);
  decimal.SetInt32(3, 1);
  decimal.SetDecimal(9, "123456789.5");  // more than 10 digits at scale 2
  EXPECT_FALSE(detail::to_internal_row(decimal, *columns, nullptr, true).ok());

  EXPECT_THROW(missing.Set("unknown", int32_t{1}), std::runtime_error);
  GenericRow plain(2);
  EXPECT_THROW(plain.Set("x", int32_t{1}), std::runtime_error);
}

std::shared_ptr<const detail::ColumnMap> nested_types() {
  using ::fluss::DataType;
  return detail::ColumnMap::make(
      {"tags", "attrs", "point", "nested"},
      {DataType::array(DataType::string().not_null()),
       DataType::map(DataType::string().not_null(), DataType::int_()),
       DataType::row({{"x", DataType::double_()}, {"y", DataType::double_()}}),
       DataType::array(
           DataType::row({{"a", DataType::int_()}, {"b", DataType::array(DataType::bigint())}}))});
}

TEST(RowTest, ArrayMapAndRowValuesRoundTripThroughTheInternalRow) {
  auto columns = nested_types();
  GenericRow row = detail::RowAccess::make_row(columns);
  ArrayWriter tags(2);
  tags.SetString(0, "red");
  tags.SetString(1, "blue");
  row.Set("tags", std::move(tags));
  MapWriter attrs;
  attrs.SetKeyString("k1");
  attrs.SetValueInt32(1);
  attrs.Commit();
  attrs.SetKeyString("k2");
  attrs.Commit();  // value null
  row.Set("attrs", std::move(attrs));
  GenericRow point(2);
  point.SetFloat64(0, 1.5);
  point.SetFloat64(1, -2.0);
  row.Set("point", std::move(point));
  ArrayWriter nested(1);
  GenericRow inner(2);
  inner.SetInt32(0, 7);
  ArrayWriter longs(2);
  longs.SetInt64(0, int64_t{1} << 40);
  inner.SetArray(1, std::move(longs));  // element 1 stays null
  nested.SetRow(0, std::move(inner));
  row.Set("nested", std::move(nested));

  auto internal = detail::to_internal_row(row, *columns, nullptr, true);
  ASSERT_TRUE(internal.ok()) << internal.status();
  RowView view = view_of(*columns, std::move(*internal), columns);
  EXPECT_EQ(view.GetType(0), TypeId::Array);
  Value got_tags = view.GetValue("tags");
  ASSERT_EQ(got_tags.Size(), 2u);
  EXPECT_EQ(got_tags.At(1).GetString(), "blue");
  EXPECT_EQ(got_tags.ToString(), "[red, blue]");
  EXPECT_EQ(view.GetAsString("attrs"), "{k1=1, k2=NULL}");
  EXPECT_EQ(view.GetAsString("point"), "(1.5, -2)");
  EXPECT_EQ(view.GetAsString("nested"), "[(7, [1099511627776, NULL])]");
  Value got_attrs = view.GetValue("attrs");
  ASSERT_EQ(got_attrs.Size(), 2u);
  EXPECT_EQ(got_attrs.KeyAt(0).GetString(), "k1");
  EXPECT_EQ(got_attrs.ValueAt(0).GetInt32(), 1);
  EXPECT_TRUE(got_attrs.ValueAt(1).IsNull());
  EXPECT_THROW(got_attrs.ValueAt(1).GetInt32(), std::runtime_error);  // null
  Value got_point = view.GetValue("point");
  EXPECT_EQ(got_point.Type(), TypeId::Row);
  EXPECT_EQ(got_point.FieldCount(), 2u);
  EXPECT_EQ(got_point.Field("y").GetFloat64(), -2.0);
  Value got_inner = view.GetValue("nested").At(0);
  EXPECT_EQ(got_inner.Field("a").GetInt32(), 7);
  EXPECT_EQ(got_inner.Field(1).At(0).GetInt64(), int64_t{1} << 40);
  EXPECT_TRUE(got_inner.Field(1).At(1).IsNull());
  // Navigation mistakes are exceptions, never out-of-bounds reads.
  EXPECT_THROW(got_tags.At(2), std::out_of_range);
  EXPECT_THROW(got_tags.Field(0), std::runtime_error);
  EXPECT_THROW(got_point.Field("z"), std::runtime_error);
  EXPECT_THROW(got_tags.At(0).GetInt32(), std::runtime_error);
  EXPECT_THROW(got_tags.At(0).Size(), std::runtime_error);
  EXPECT_THROW(Value().IsNull(), std::runtime_error);
}

TEST(RowTest, NestedValuesThatDoNotFitTheirTypeFailNamingTheElement) {
  auto columns = nested_types();
  auto error_of = [&](GenericRow& row) {
    auto internal = detail::to_internal_row(row, *columns, nullptr, true);
    return internal.ok() ? std::string("ok") : std::string(internal.status().message());
  };
  GenericRow null_element = detail::RowAccess::make_row(columns);
  ArrayWriter tags(2);
  tags.SetString(0, "x");  // element 1 is null in ARRAY<STRING NOT NULL>
  null_element.Set("tags", std::move(tags));
  EXPECT_NE(error_of(null_element).find("'tags[1]'"), std::string::npos) << error_of(null_element);

  GenericRow wrong_element = detail::RowAccess::make_row(columns);
  MapWriter attrs;
  attrs.SetKeyString("k");
  attrs.SetValueString("not an int");
  attrs.Commit();
  wrong_element.Set("attrs", std::move(attrs));
  EXPECT_NE(error_of(wrong_element).find("attrs value 0"), std::string::npos)
      << error_of(wrong_element);

  GenericRow short_row = detail::RowAccess::make_row(columns);
  short_row.Set("point", GenericRow(1));
  EXPECT_NE(error_of(short_row).find("takes 2 fields"), std::string::npos) << error_of(short_row);

  GenericRow array_for_row = detail::RowAccess::make_row(columns);
  array_for_row.Set("point", ArrayWriter(2));
  EXPECT_NE(error_of(array_for_row).find("'point'"), std::string::npos);

  MapWriter no_key;
  EXPECT_THROW(no_key.Commit(), std::logic_error);
  ArrayWriter small(1);
  EXPECT_THROW(small.SetInt32(1, 0), std::out_of_range);
}

TEST(RowTest, KeyRowsMapToTheirColumns) {
  auto columns = all_types();
  GenericRow key(2);
  key.SetInt32(0, 5);
  key.SetString(1, "k");
  std::vector<int> positions{3, 7};
  auto internal = detail::to_internal_row(key, *columns, &positions, false);
  ASSERT_TRUE(internal.ok()) << internal.status();
  EXPECT_EQ(std::get<int32_t>((*internal)[3]), 5);
  EXPECT_EQ(std::get<std::string>((*internal)[7]), "k");
  EXPECT_TRUE(internal->is_null_at(0));
}

TEST(RowTest, DecimalTextRoundTrips) {
  uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  std::mt19937_64 random(seed);
  for (int i = 0; i < 1000; ++i) {
    int64_t unscaled = static_cast<int64_t>(random() % 2000000000000ull) - 1000000000000ll;
    int scale = static_cast<int>(random() % 6);
    ::fluss::Decimal d{unscaled, 18, scale};
    std::string text = detail::decimal_to_string(d);
    auto parsed = detail::parse_decimal(text, 18, scale);
    ASSERT_TRUE(parsed.ok()) << text;
    EXPECT_EQ(parsed->unscaled, d.unscaled) << text;
  }
  EXPECT_EQ(detail::decimal_to_string(*detail::parse_decimal("-0.5", 3, 1)), "-0.5");
  EXPECT_EQ(detail::decimal_to_string(*detail::parse_decimal("7", 3, 2)), "7.00");
  EXPECT_FALSE(detail::parse_decimal("1.2.3", 5, 1).ok());
  EXPECT_FALSE(detail::parse_decimal("", 5, 1).ok());
  EXPECT_FALSE(detail::parse_decimal("abc", 5, 1).ok());
}

TEST(ScanRecordsTest, GroupsRecordsByBucket) {
  auto columns = detail::ColumnMap::make({"a"}, {::fluss::DataType::int_()});
  auto set = std::make_shared<detail::RowSet>();
  set->columns = columns;
  for (int i = 0; i < 3; ++i) set->rows.push_back(::fluss::GenericRow({::fluss::Datum(i)}));
  ScanRecords records;
  detail::RowAccess::add_bucket(
      records, TableBucket(1, 0),
      {ScanRecord{0, 10, ChangeType::Insert, detail::RowAccess::view(set, 0)},
       ScanRecord{1, 11, ChangeType::Delete, detail::RowAccess::view(set, 1)}});
  detail::RowAccess::add_bucket(
      records, TableBucket(1, 2, 5),
      {ScanRecord{7, 12, ChangeType::AppendOnly, detail::RowAccess::view(set, 2)}});
  EXPECT_EQ(records.Count(), 3u);
  EXPECT_EQ(records.BucketCount(), 2u);
  EXPECT_EQ(records.Buckets()[1].partition_id, std::optional<int64_t>(5));
  EXPECT_EQ(records.Records(TableBucket(1, 0)).Size(), 2u);
  EXPECT_EQ(records.Records(TableBucket(1, 9)).Size(), 0u);
  EXPECT_EQ(records.BucketAt(1)[0].row.GetInt32(0), 2);
  EXPECT_THROW(records.BucketAt(2), std::out_of_range);
  int64_t sum = 0;
  for (const ScanRecord& r : records) sum += r.offset;
  EXPECT_EQ(sum, 8);
  // Views outlive the ScanRecords.
  RowView kept = records.BucketAt(0)[1].row;
  records = ScanRecords();
  EXPECT_EQ(kept.GetInt32(0), 1);
}

TEST(ConnectionTest, NoServerAnsweringIsANetworkException) {
  Configuration config;
  config.bootstrap_servers = "127.0.0.1:1";
  config.request_timeout_ms = 5000;
  Connection connection;
  Result r = Connection::Create(config, connection);
  EXPECT_EQ(r.error_code, ErrorCode::NETWORK_EXCEPTION) << r.error_message;
  EXPECT_FALSE(connection.Available());
  Admin admin;
  EXPECT_EQ(connection.GetAdmin(admin).error_code, ErrorCode::CLIENT_ERROR);
  std::vector<std::string> names;
  EXPECT_EQ(admin.ListDatabases(names).error_code, ErrorCode::CLIENT_ERROR);
  config.bootstrap_servers = "nonsense";
  EXPECT_EQ(Connection::Create(config, connection).error_code, ErrorCode::INVALID_CONFIG_EXCEPTION);
}

}  // namespace
}  // namespace fluss::client
