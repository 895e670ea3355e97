// SPDX-License-Identifier: Apache-2.0
// The client against a real in-process cluster (test_utils TestCluster: a coordinator and
// tablet servers of this repository): every Admin call, the quickstart flow, log scans,
// partitions, and a write retried across a tablet-server restart.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "fluss/client.h"
#include "record/arrow/arrow_batch.h"
#include "record/arrow/arrow_c_data.h"
#include "test_utils/test_cluster.h"

namespace fluss::client {
namespace {

class ClusterTest : public ::testing::Test {
 protected:
  // Segments of 256 KiB: a bigger batch is RECORD_TOO_LARGE, a batch that fails for good.
  static void SetUpTestSuite() {
    cluster_ = new test::TestCluster(
        1, ::fluss::Configuration(::fluss::Configuration::Map{{"log.segment.file-size", "256kb"}}));
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }
  void SetUp() override {
    Configuration config;
    ASSERT_TRUE(Configuration::FromMap({{"bootstrap.servers", cluster_->bootstrap_servers()},
                                        {"client.writer.batch-timeout", "5ms"}},
                                       config)
                    .Ok());
    Result r = Connection::Create(config, conn_);
    ASSERT_TRUE(r.Ok()) << r.error_message;
    ASSERT_TRUE(conn_.GetAdmin(admin_).Ok());
    // Fluss's coordinator creates the default database itself; this cluster does not (yet).
    ASSERT_TRUE(admin_.CreateDatabase("fluss", {}, /*ignore_if_exists=*/true).Ok());
  }

  static Schema orders_schema() {
    return Schema::NewBuilder()
        .AddColumn("shop_id", DataType::BigInt())
        .AddColumn("user_id", DataType::BigInt())
        .AddColumn("num_orders", DataType::Int())
        .SetPrimaryKeys({"shop_id", "user_id"})
        .Build();
  }

  // A connection with its own writer settings (Fluss keys).
  static void connect(std::map<std::string, std::string> settings, Connection& conn) {
    settings["bootstrap.servers"] = cluster_->bootstrap_servers();
    Configuration config;
    Result r = Configuration::FromMap(settings, config);
    ASSERT_TRUE(r.Ok()) << r.error_message;
    r = Connection::Create(config, conn);
    ASSERT_TRUE(r.Ok()) << r.error_message;
  }

  // Every record of the log table from the earliest offset: (bucket, id of column 0).
  static std::vector<std::pair<int32_t, int32_t>> scan_ids(Table& table, int32_t buckets,
                                                           size_t expected) {
    LogScanner scanner;
    EXPECT_TRUE(table.NewScan().CreateLogScanner(scanner).Ok());
    for (int32_t b = 0; b < buckets; ++b) EXPECT_TRUE(scanner.Subscribe(b, EARLIEST_OFFSET).Ok());
    std::vector<std::pair<int32_t, int32_t>> out;
    for (int round = 0; round < 1000 && out.size() < expected; ++round) {
      ScanRecords records;
      if (!scanner.Poll(100, records).Ok()) break;
      for (size_t i = 0; i < records.BucketCount(); ++i) {
        BucketRecords bucket = records.BucketAt(i);
        for (const ScanRecord& record : bucket) {
          out.emplace_back(bucket.Bucket().bucket_id, record.row.GetInt32(0));
        }
      }
    }
    return out;
  }

  static test::TestCluster* cluster_;
  Connection conn_;
  Admin admin_;
};

test::TestCluster* ClusterTest::cluster_ = nullptr;

#define ASSERT_OK(expr)                                                            \
  do {                                                                             \
    Result _r = (expr);                                                            \
    ASSERT_TRUE(_r.Ok()) << #expr << ": " << ErrorCode::Name(_r.error_code) << " " \
                         << _r.error_message;                                      \
  } while (0)

// Polls until `count` records arrived, or 100 polls of up to 100 ms went by.
std::vector<ScanRecord> poll_records(LogScanner& scanner, size_t count) {
  std::vector<ScanRecord> out;
  for (int round = 0; round < 100 && out.size() < count; ++round) {
    ScanRecords polled;
    Result r = scanner.Poll(100, polled);
    EXPECT_TRUE(r.Ok()) << r.error_message;
    for (const ScanRecord& record : polled) out.push_back(record);
  }
  return out;
}

TEST_F(ClusterTest, AdminManagesDatabasesAndTables) {
  ASSERT_OK(admin_.CreateDatabase("shop", DatabaseDescriptor{"the shop", {}}));
  EXPECT_EQ(admin_.CreateDatabase("shop", {}).error_code, ErrorCode::DATABASE_ALREADY_EXIST);
  ASSERT_OK(admin_.CreateDatabase("shop", {}, /*ignore_if_exists=*/true));
  std::vector<std::string> databases;
  ASSERT_OK(admin_.ListDatabases(databases));
  EXPECT_NE(std::find(databases.begin(), databases.end(), "shop"), databases.end());
  bool exists = false;
  ASSERT_OK(admin_.DatabaseExists("shop", exists));
  EXPECT_TRUE(exists);
  DatabaseInfo db;
  ASSERT_OK(admin_.GetDatabaseInfo("shop", db));
  EXPECT_EQ(db.comment, "the shop");

  TablePath path("shop", "orders");
  ASSERT_OK(admin_.CreateTable(path, TableDescriptor::NewBuilder()
                                         .SetSchema(orders_schema())
                                         .SetBucketCount(4)
                                         .SetComment("c")
                                         .Build()));
  EXPECT_EQ(
      admin_.CreateTable(path, TableDescriptor::NewBuilder().SetSchema(orders_schema()).Build())
          .error_code,
      ErrorCode::TABLE_ALREADY_EXIST);
  ASSERT_OK(admin_.TableExists(path, exists));
  EXPECT_TRUE(exists);
  std::vector<std::string> tables;
  ASSERT_OK(admin_.ListTables("shop", tables));
  EXPECT_EQ(tables, std::vector<std::string>{"orders"});
  TableInfo info;
  ASSERT_OK(admin_.GetTableInfo(path, info));
  EXPECT_EQ(info.num_buckets, 4);
  EXPECT_TRUE(info.has_primary_key);
  EXPECT_EQ(info.primary_keys, (std::vector<std::string>{"shop_id", "user_id"}));
  EXPECT_EQ(info.schema.columns.size(), 3u);

  ASSERT_OK(admin_.AlterTable(path, {TableChange::SetOption("owner", "ops")}));
  ASSERT_OK(admin_.GetTableInfo(path, info));
  EXPECT_EQ(info.custom_properties["owner"], "ops");
  ASSERT_OK(admin_.AlterTable(path, {TableChange::ResetOption("owner")}));
  ASSERT_OK(admin_.GetTableInfo(path, info));
  EXPECT_EQ(info.custom_properties.count("owner"), 0u);

  std::vector<ServerNode> nodes;
  ASSERT_OK(admin_.GetServerNodes(nodes));
  EXPECT_EQ(nodes.size(), 2u);

  ASSERT_OK(admin_.DropTable(path));
  EXPECT_EQ(admin_.GetTableInfo(path, info).error_code, ErrorCode::TABLE_NOT_EXIST);
  Table missing;
  EXPECT_EQ(conn_.GetTable(path, missing).error_code, ErrorCode::TABLE_NOT_EXIST);
  ASSERT_OK(admin_.DropTable(path, /*ignore_if_not_exists=*/true));
  ASSERT_OK(admin_.DropDatabase("shop"));
  ASSERT_OK(admin_.DatabaseExists("shop", exists));
  EXPECT_FALSE(exists);
}

TEST_F(ClusterTest, QuickstartUpsertLookupScanAndChangelog) {
  TablePath path("fluss", "pk_table");
  ASSERT_OK(admin_.CreateTable(
      path, TableDescriptor::NewBuilder().SetSchema(orders_schema()).SetBucketCount(4).Build(),
      true));
  Table table;
  ASSERT_OK(conn_.GetTable(path, table));
  UpsertWriter writer;
  ASSERT_OK(table.NewUpsert().CreateWriter(writer));
  GenericRow row = table.NewRow();
  row.Set("shop_id", int64_t{1234});
  row.Set("user_id", int64_t{1234});
  row.Set("num_orders", 1);
  WriteResult ack;
  ASSERT_OK(writer.Upsert(row, ack));
  ASSERT_OK(ack.Wait());

  Lookuper lookuper;
  ASSERT_OK(table.NewLookup().CreateLookuper(lookuper));
  GenericRow key = table.NewRow();
  key.Set("shop_id", int64_t{1234});
  key.Set("user_id", int64_t{1234});
  LookupResult found;
  ASSERT_OK(lookuper.Lookup(key, found));
  ASSERT_TRUE(found.Found());
  EXPECT_EQ(found.GetInt32("num_orders"), 1);

  row.Set("num_orders", 2);
  ASSERT_OK(writer.Upsert(row));
  ASSERT_OK(writer.Flush());
  ASSERT_OK(lookuper.Lookup(key, found));
  EXPECT_EQ(found.GetInt32("num_orders"), 2);

  BatchScanner scanner;
  ASSERT_OK(table.NewScan().CreateBatchScanner(scanner));
  std::vector<RowView> content;
  ASSERT_OK(scanner.CollectAllRows(content));
  ASSERT_EQ(content.size(), 1u);
  EXPECT_EQ(content[0].GetInt32(2), 2);

  // The changelog of the key's bucket: +I 1, -U 1, +U 2.
  LogScanner changelog;
  ASSERT_OK(table.NewScan().CreateLogScanner(changelog));
  for (int32_t b = 0; b < 4; ++b) ASSERT_OK(changelog.Subscribe(b, EARLIEST_OFFSET));
  std::vector<std::string> changes;
  for (const ScanRecord& record : poll_records(changelog, 3)) {
    changes.push_back(std::string(ChangeTypeShortString(record.change_type)) +
                      std::to_string(record.row.GetInt32(2)));
  }
  EXPECT_EQ(changes, (std::vector<std::string>{"+I1", "-U1", "+U2"}));

  ASSERT_OK(writer.Delete(key, ack));
  ASSERT_OK(ack.Wait());
  ASSERT_OK(lookuper.Lookup(key, found));
  EXPECT_FALSE(found.Found());
}

TEST_F(ClusterTest, LogTableAppendAndScanFromEarliestLatestOffsetAndTimestamp) {
  TablePath path("fluss", "events");
  ASSERT_OK(admin_.CreateTable(path, TableDescriptor::NewBuilder()
                                         .SetSchema(Schema::NewBuilder()
                                                        .AddColumn("id", DataType::Int())
                                                        .AddColumn("name", DataType::String())
                                                        .AddColumn("at", DataType::TimestampLtz(3))
                                                        .Build())
                                         .SetBucketCount(1)
                                         .Build()));
  Table table;
  ASSERT_OK(conn_.GetTable(path, table));
  AppendWriter writer;
  ASSERT_OK(table.NewAppend().CreateWriter(writer));
  for (int32_t i = 0; i < 10; ++i) {
    GenericRow row = table.NewRow();
    row.Set("id", i);
    row.Set("name", "e" + std::to_string(i));
    row.Set("at", Timestamp::FromMillis(1000 + i));
    ASSERT_OK(writer.Append(row));
  }
  ASSERT_OK(writer.Flush());

  LogScanner scanner;
  ASSERT_OK(table.NewScan().ProjectByName({"name"}).CreateLogScanner(scanner));
  ASSERT_OK(scanner.Subscribe(0, EARLIEST_OFFSET));
  std::vector<std::string> names;
  std::vector<int64_t> offsets;
  for (const ScanRecord& record : poll_records(scanner, 10)) {
    EXPECT_EQ(record.row.FieldCount(), 1u);
    names.push_back(std::string(record.row.GetString(0)));
    offsets.push_back(record.offset);
  }
  ASSERT_EQ(names.size(), 10u);
  EXPECT_EQ(names.front(), "e0");
  EXPECT_EQ(offsets.back(), 9);

  std::unordered_map<int32_t, int64_t> latest;
  ASSERT_OK(admin_.ListOffsets(path, {0}, OffsetSpec::Latest(), latest));
  EXPECT_EQ(latest[0], 10);

  LogScanner from_offset;
  ASSERT_OK(table.NewScan().CreateLogScanner(from_offset));
  ASSERT_OK(from_offset.Subscribe(0, 7));
  ScanRecords records;
  for (int round = 0; round < 100 && records.IsEmpty(); ++round) {
    ASSERT_OK(from_offset.Poll(100, records));
  }
  ASSERT_FALSE(records.IsEmpty());
  EXPECT_EQ(records.BucketAt(0)[0].offset, 7);
  EXPECT_EQ(records.BucketAt(0)[0].row.GetInt32("id"), 7);

  LogScanner tail;
  ASSERT_OK(table.NewScan().CreateLogScanner(tail));
  ASSERT_OK(tail.Subscribe(0, LATEST_OFFSET));
  ASSERT_OK(tail.Poll(0, records));
  EXPECT_TRUE(records.IsEmpty());

  LogScanner from_time;
  ASSERT_OK(table.NewScan().CreateLogScanner(from_time));
  ASSERT_OK(from_time.Subscribe(0, OffsetSpec::Timestamp(0)));  // every batch is newer
  for (int round = 0; round < 100 && records.IsEmpty(); ++round) {
    ASSERT_OK(from_time.Poll(100, records));
  }
  ASSERT_FALSE(records.IsEmpty());
  EXPECT_EQ(records.BucketAt(0)[0].offset, 0);
}

TEST_F(ClusterTest, PartitionsAreCreatedListedWrittenAndDropped) {
  TablePath path("fluss", "daily");
  ASSERT_OK(admin_.CreateTable(path, TableDescriptor::NewBuilder()
                                         .SetSchema(Schema::NewBuilder()
                                                        .AddColumn("dt", DataType::String())
                                                        .AddColumn("v", DataType::BigInt())
                                                        .Build())
                                         .SetPartitionKeys({"dt"})
                                         .SetBucketCount(1)
                                         .Build()));
  ASSERT_OK(admin_.CreatePartition(path, {{"dt", "2024-01-15"}}));
  EXPECT_EQ(admin_.CreatePartition(path, {{"dt", "2024-01-15"}}).error_code,
            ErrorCode::PARTITION_ALREADY_EXISTS);
  std::vector<PartitionInfo> partitions;
  ASSERT_OK(admin_.ListPartitionInfos(path, partitions));
  ASSERT_EQ(partitions.size(), 1u);
  EXPECT_EQ(partitions[0].partition_name, "2024-01-15");

  Table table;
  ASSERT_OK(conn_.GetTable(path, table));
  AppendWriter writer;
  ASSERT_OK(table.NewAppend().CreateWriter(writer));
  GenericRow row = table.NewRow();
  row.Set("dt", "2024-01-15");
  row.Set("v", int64_t{5});
  WriteResult ack;
  ASSERT_OK(writer.Append(row, ack));
  ASSERT_OK(ack.Wait());
  GenericRow elsewhere = table.NewRow();
  elsewhere.Set("dt", "2024-01-16");
  elsewhere.Set("v", int64_t{6});
  EXPECT_EQ(writer.Append(elsewhere).error_code, ErrorCode::PARTITION_NOT_EXISTS);

  LogScanner scanner;
  ASSERT_OK(table.NewScan().CreateLogScanner(scanner));
  ASSERT_OK(scanner.SubscribePartitionBuckets(partitions[0].partition_id, 0, EARLIEST_OFFSET));
  ScanRecords records;
  for (int round = 0; round < 100 && records.IsEmpty(); ++round) {
    ASSERT_OK(scanner.Poll(100, records));
  }
  ASSERT_EQ(records.Count(), 1u);
  EXPECT_EQ(records.Buckets()[0].partition_id, partitions[0].partition_id);
  EXPECT_EQ(records.BucketAt(0)[0].row.GetInt64("v"), 5);

  ASSERT_OK(admin_.DropPartition(path, {{"dt", "2024-01-15"}}));
  ASSERT_OK(admin_.ListPartitionInfos(path, partitions));
  EXPECT_TRUE(partitions.empty());
}

TEST_F(ClusterTest, PrefixLookupOverTheBucketKey) {
  TablePath path("fluss", "sessions");
  ASSERT_OK(admin_.CreateTable(path, TableDescriptor::NewBuilder()
                                         .SetSchema(Schema::NewBuilder()
                                                        .AddColumn("user_id", DataType::BigInt())
                                                        .AddColumn("session", DataType::Int())
                                                        .AddColumn("pages", DataType::Int())
                                                        .SetPrimaryKeys({"user_id", "session"})
                                                        .Build())
                                         .SetBucketKeys({"user_id"})
                                         .SetBucketCount(2)
                                         .Build()));
  Table table;
  ASSERT_OK(conn_.GetTable(path, table));
  UpsertWriter writer;
  ASSERT_OK(table.NewUpsert().CreateWriter(writer));
  for (auto [user, session] : {std::pair{1, 1}, {1, 2}, {2, 1}}) {
    GenericRow row = table.NewRow();
    row.Set("user_id", int64_t{user});
    row.Set("session", session);
    row.Set("pages", user * 10 + session);
    ASSERT_OK(writer.Upsert(row));
  }
  ASSERT_OK(writer.Flush());
  PrefixLookuper prefix;
  ASSERT_OK(table.NewPrefixLookup({"user_id"}, prefix));
  GenericRow user(1);
  user.SetInt64(0, 1);
  PrefixLookupResult rows;
  ASSERT_OK(prefix.PrefixLookup(user, rows));
  ASSERT_EQ(rows.Size(), 2u);
  std::set<int32_t> pages{rows.GetRow(0).GetInt32("pages"), rows.GetRow(1).GetInt32("pages")};
  EXPECT_EQ(pages, (std::set<int32_t>{11, 12}));
}

TEST_F(ClusterTest, WritesRetryAcrossATabletServerRestart) {
  TablePath path("fluss", "survivor");
  ASSERT_OK(admin_.CreateTable(
      path, TableDescriptor::NewBuilder().SetSchema(orders_schema()).SetBucketCount(1).Build()));
  Table table;
  ASSERT_OK(conn_.GetTable(path, table));
  UpsertWriter writer;
  ASSERT_OK(table.NewUpsert().CreateWriter(writer));
  auto upsert = [&](int64_t shop, int32_t orders) {
    GenericRow row = table.NewRow();
    row.Set("shop_id", shop);
    row.Set("user_id", int64_t{1});
    row.Set("num_orders", orders);
    WriteResult ack;
    Result r = writer.Upsert(row, ack);
    return r.Ok() ? ack.Wait() : r;
  };
  ASSERT_OK(upsert(1, 1));
  cluster_->restart_tablet_server(0);
  ASSERT_OK(upsert(2, 2));  // the old connection is gone: NETWORK_EXCEPTION, retried
  Lookuper lookuper;
  ASSERT_OK(table.NewLookup().CreateLookuper(lookuper));
  for (int64_t shop : {1, 2}) {
    GenericRow key(2);
    key.SetInt64(0, shop);
    key.SetInt64(1, 1);
    LookupResult found;
    ASSERT_OK(lookuper.Lookup(key, found));
    ASSERT_TRUE(found.Found()) << shop;
    EXPECT_EQ(found.GetInt32(2), shop);
  }
}

TEST_F(ClusterTest, ManyRequestsInFlightPerBucketKeepEachBucketInOrder) {
  TablePath path("fluss", "inflight");
  ASSERT_OK(admin_.CreateTable(path, TableDescriptor::NewBuilder()
                                         .SetSchema(Schema::NewBuilder()
                                                        .AddColumn("id", DataType::Int())
                                                        .AddColumn("payload", DataType::String())
                                                        .Build())
                                         .SetBucketCount(2)
                                         .Build()));
  Connection conn;
  connect({{"client.writer.batch-size", "4kb"},
           {"client.writer.batch-timeout", "0ms"},
           {"client.writer.acks", "all"},
           {"client.writer.max-inflight-requests-per-bucket", "5"}},
          conn);
  Table table;
  ASSERT_OK(conn.GetTable(path, table));
  AppendWriter writer;
  ASSERT_OK(table.NewAppend().CreateWriter(writer));
  constexpr int32_t kRows = 4000;
  const std::string payload(100, 'p');
  for (int32_t id = 0; id < kRows; ++id) {
    GenericRow row = table.NewRow();
    row.Set("id", id);
    row.Set("payload", payload);
    ASSERT_OK(writer.Append(row));
  }
  ASSERT_OK(writer.Flush());
  auto records = scan_ids(table, 2, kRows);
  ASSERT_EQ(records.size(), static_cast<size_t>(kRows));
  std::map<int32_t, int32_t> last_id;
  std::set<int32_t> ids;
  for (const auto& [bucket, id] : records) {
    auto [it, fresh] = last_id.try_emplace(bucket, -1);
    EXPECT_GT(id, it->second) << "bucket " << bucket;
    it->second = id;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), static_cast<size_t>(kRows));
}

// PUT_KV with several requests in flight per bucket: every key ends with its last upsert.
TEST_F(ClusterTest, ManyUpsertsInFlightPerBucketKeepTheLastValueOfEachKey) {
  TablePath path("fluss", "inflight_pk");
  ASSERT_OK(admin_.CreateTable(
      path, TableDescriptor::NewBuilder().SetSchema(orders_schema()).SetBucketCount(2).Build()));
  Connection conn;
  connect({{"client.writer.batch-size", "2kb"},
           {"client.writer.batch-timeout", "0ms"},
           {"client.writer.max-inflight-requests-per-bucket", "5"}},
          conn);
  Table table;
  ASSERT_OK(conn.GetTable(path, table));
  UpsertWriter writer;
  ASSERT_OK(table.NewUpsert().CreateWriter(writer));
  constexpr int64_t kKeys = 500;
  for (int32_t round = 0; round < 3; ++round) {
    for (int64_t key = 0; key < kKeys; ++key) {
      GenericRow row = table.NewRow();
      row.Set("shop_id", key);
      row.Set("user_id", key);
      row.Set("num_orders", round);
      ASSERT_OK(writer.Upsert(row));
    }
  }
  ASSERT_OK(writer.Flush());
  BatchScanner scanner;
  ASSERT_OK(table.NewScan().CreateBatchScanner(scanner));
  std::vector<RowView> content;
  ASSERT_OK(scanner.CollectAllRows(content));
  ASSERT_EQ(content.size(), static_cast<size_t>(kKeys));
  for (const RowView& row : content) EXPECT_EQ(row.GetInt32("num_orders"), 2);
}

// A batch bigger than a log segment is RECORD_TOO_LARGE: it fails for good, the writer
// takes a new writer id (the server's sequence for the old one stopped before the batch),
// and later writes succeed.
TEST_F(ClusterTest, AfterABatchFailsForGoodTheWriterWritesOn) {
  TablePath path("fluss", "too_large");
  ASSERT_OK(admin_.CreateTable(path, TableDescriptor::NewBuilder()
                                         .SetSchema(Schema::NewBuilder()
                                                        .AddColumn("id", DataType::Int())
                                                        .AddColumn("payload", DataType::String())
                                                        .Build())
                                         .SetBucketCount(1)
                                         .SetProperty("table.log.arrow.compression.type", "NONE")
                                         .Build()));
  Connection conn;
  connect({{"client.writer.batch-size", "1mb"}, {"client.writer.batch-timeout", "0ms"}}, conn);
  Table table;
  ASSERT_OK(conn.GetTable(path, table));
  AppendWriter writer;
  ASSERT_OK(table.NewAppend().CreateWriter(writer));
  auto append = [&](int32_t id, size_t size) {
    GenericRow row = table.NewRow();
    row.Set("id", id);
    row.Set("payload", std::string(size, 'x'));
    WriteResult ack;
    Result r = writer.Append(row, ack);
    return r.Ok() ? ack.Wait() : r;
  };
  ASSERT_OK(append(0, 10));
  EXPECT_EQ(append(1, 300 * 1024).error_code, ErrorCode::RECORD_TOO_LARGE_EXCEPTION);
  EXPECT_EQ(writer.Flush().error_code, ErrorCode::RECORD_TOO_LARGE_EXCEPTION);
  ASSERT_OK(append(2, 10));
  ASSERT_OK(append(3, 10));
  auto records = scan_ids(table, 1, 3);
  std::vector<int32_t> ids;
  for (const auto& record : records) ids.push_back(record.second);
  EXPECT_EQ(ids, (std::vector<int32_t>{0, 2, 3}));
}

// ARRAY, MAP and ROW columns, nested in each other, through a real table: ARROW and INDEXED
// log tables (appended, then scanned) and a primary-key table (upserted, then looked up).
Schema nested_schema(bool primary_key) {
  auto builder =
      Schema::NewBuilder()
          .AddColumn("id", DataType::Int().NotNull())
          .AddColumn("tags", DataType::Array(DataType::String()))
          .AddColumn("attrs", DataType::Map(DataType::String().NotNull(), DataType::BigInt()))
          .AddColumn("point", DataType::Row({{"x", DataType::Double()}, {"y", DataType::Double()}}))
          .AddColumn("items",
                     DataType::Array(DataType::Row({{"sku", DataType::String()},
                                                    {"qty", DataType::Array(DataType::Int())}})));
  if (primary_key) builder.SetPrimaryKeys({"id"});
  return builder.Build();
}

void set_nested(GenericRow& row, int32_t id) {
  row.Set("id", id);
  ArrayWriter tags(2);
  tags.SetString(0, "t" + std::to_string(id));
  tags.SetNull(1);
  row.Set("tags", std::move(tags));
  MapWriter attrs;
  attrs.SetKeyString("a");
  attrs.SetValueInt64(int64_t{id} * 1000);
  attrs.Commit();
  attrs.SetKeyString("b");
  attrs.SetValueNull();
  attrs.Commit();
  row.Set("attrs", std::move(attrs));
  GenericRow point(2);
  point.SetFloat64(0, id + 0.5);
  point.SetFloat64(1, -id);
  row.Set("point", std::move(point));
  ArrayWriter items(1);
  GenericRow item(2);
  item.SetString(0, "sku" + std::to_string(id));
  ArrayWriter qty(3);
  for (size_t i = 0; i < 3; ++i) qty.SetInt32(i, id + static_cast<int32_t>(i));
  item.SetArray(1, std::move(qty));
  items.SetRow(0, std::move(item));
  row.Set("items", std::move(items));
}

void expect_nested(const RowView& row, int32_t id) {
  SCOPED_TRACE(id);
  EXPECT_EQ(row.GetInt32("id"), id);
  Value tags = row.GetValue("tags");
  ASSERT_EQ(tags.Size(), 2u);
  EXPECT_EQ(tags.At(0).GetString(), "t" + std::to_string(id));
  EXPECT_TRUE(tags.At(1).IsNull());
  Value attrs = row.GetValue("attrs");
  ASSERT_EQ(attrs.Size(), 2u);
  EXPECT_EQ(attrs.KeyAt(0).GetString(), "a");
  EXPECT_EQ(attrs.ValueAt(0).GetInt64(), int64_t{id} * 1000);
  EXPECT_EQ(attrs.KeyAt(1).GetString(), "b");
  EXPECT_TRUE(attrs.ValueAt(1).IsNull());
  Value point = row.GetValue("point");
  EXPECT_EQ(point.Field("x").GetFloat64(), id + 0.5);
  EXPECT_EQ(point.Field("y").GetFloat64(), -id);
  Value item = row.GetValue("items").At(0);
  EXPECT_EQ(item.Field("sku").GetString(), "sku" + std::to_string(id));
  Value qty = item.Field("qty");
  ASSERT_EQ(qty.Size(), 3u);
  EXPECT_EQ(qty.At(2).GetInt32(), id + 2);
}

TEST_F(ClusterTest, ArrayMapAndRowValuesRoundTripThroughLogTables) {
  for (const char* format : {"ARROW", "INDEXED"}) {
    SCOPED_TRACE(format);
    TablePath path("fluss", std::string("nested_") + format);
    ASSERT_OK(admin_.CreateTable(path, TableDescriptor::NewBuilder()
                                           .SetSchema(nested_schema(false))
                                           .SetBucketCount(1)
                                           .SetLogFormat(format)
                                           .Build()));
    Table table;
    ASSERT_OK(conn_.GetTable(path, table));
    AppendWriter writer;
    ASSERT_OK(table.NewAppend().CreateWriter(writer));
    for (int32_t id = 0; id < 3; ++id) {
      GenericRow row = table.NewRow();
      set_nested(row, id);
      ASSERT_OK(writer.Append(row));
    }
    ASSERT_OK(writer.Flush());
    LogScanner scanner;
    ASSERT_OK(table.NewScan().CreateLogScanner(scanner));
    ASSERT_OK(scanner.Subscribe(0, EARLIEST_OFFSET));
    std::vector<ScanRecord> records = poll_records(scanner, 3);
    ASSERT_EQ(records.size(), 3u);
    for (int32_t id = 0; id < 3; ++id) expect_nested(records[static_cast<size_t>(id)].row, id);

    // A projection to nested columns only, in another order.
    LogScanner projected;
    ASSERT_OK(table.NewScan().ProjectByName({"items", "point"}).CreateLogScanner(projected));
    ASSERT_OK(projected.Subscribe(0, EARLIEST_OFFSET));
    std::vector<ScanRecord> rows = poll_records(projected, 3);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[2].row.FieldCount(), 2u);
    EXPECT_EQ(rows[2].row.GetValue(0).At(0).Field("qty").At(1).GetInt32(), 3);
    EXPECT_EQ(rows[2].row.GetValue("point").Field("y").GetFloat64(), -2.0);
  }
}

TEST_F(ClusterTest, ArrayMapAndRowValuesRoundTripThroughAPrimaryKeyTable) {
  TablePath path("fluss", "nested_pk");
  ASSERT_OK(admin_.CreateTable(
      path,
      TableDescriptor::NewBuilder().SetSchema(nested_schema(true)).SetBucketCount(2).Build()));
  Table table;
  ASSERT_OK(conn_.GetTable(path, table));
  UpsertWriter writer;
  ASSERT_OK(table.NewUpsert().CreateWriter(writer));
  for (int32_t id = 0; id < 3; ++id) {
    GenericRow row = table.NewRow();
    set_nested(row, id);
    ASSERT_OK(writer.Upsert(row));
  }
  ASSERT_OK(writer.Flush());
  Lookuper lookuper;
  ASSERT_OK(table.NewLookup().CreateLookuper(lookuper));
  for (int32_t id = 0; id < 3; ++id) {
    GenericRow key = table.NewRow();
    key.Set("id", id);
    LookupResult found;
    ASSERT_OK(lookuper.Lookup(key, found));
    ASSERT_TRUE(found.Found());
    expect_nested(found, id);
  }
  BatchScanner scanner;
  ASSERT_OK(table.NewScan().CreateBatchScanner(scanner));
  std::vector<RowView> content;
  ASSERT_OK(scanner.CollectAllRows(content));
  ASSERT_EQ(content.size(), 3u);
  for (const RowView& row : content) expect_nested(row, row.GetInt32("id"));
}

// Concurrent lookups share requests (one batcher per table): threads with their own Lookupers
// and LookupAsync callers each get their own key's row, and keys whose request fails (the
// tablet server restarted under them) come back through the retrying path.
TEST_F(ClusterTest, ConcurrentAndAsyncLookupsAnswerEveryKey) {
  TablePath path("fluss", "lookups");
  ASSERT_OK(admin_.CreateTable(
      path, TableDescriptor::NewBuilder().SetSchema(orders_schema()).SetBucketCount(3).Build()));
  Table table;
  ASSERT_OK(conn_.GetTable(path, table));
  UpsertWriter writer;
  ASSERT_OK(table.NewUpsert().CreateWriter(writer));
  constexpr int64_t kKeys = 200;
  for (int64_t shop = 0; shop < kKeys; ++shop) {
    GenericRow row = table.NewRow();
    row.Set("shop_id", shop);
    row.Set("user_id", int64_t{7});
    row.Set("num_orders", static_cast<int32_t>(shop * 3));
    ASSERT_OK(writer.Upsert(row));
  }
  ASSERT_OK(writer.Flush());
  auto key_of = [&](int64_t shop) {
    GenericRow key(2);
    key.SetInt64(0, shop);
    key.SetInt64(1, 7);
    return key;
  };

  // Four threads, a Lookuper each, keys 0..2*kKeys-1 (the upper half is missing).
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      Lookuper own;
      if (!table.NewLookup().CreateLookuper(own).Ok()) return wrong.fetch_add(1000), void();
      for (int64_t shop = t; shop < 2 * kKeys; shop += 4) {
        LookupResult found;
        Result r = own.Lookup(key_of(shop), found);
        bool ok = r.Ok() && found.Found() == (shop < kKeys) &&
                  (!found.Found() || found.GetInt32(2) == shop * 3);
        if (!ok) wrong.fetch_add(1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);

  // LookupAsync: every key outstanding at once, then again across a tablet-server restart
  // (their requests fail or find a closed connection; the keys are retried and answered).
  Lookuper lookuper;
  ASSERT_OK(table.NewLookup().CreateLookuper(lookuper));
  for (bool restart : {false, true}) {
    SCOPED_TRACE(restart ? "after a restart" : "steady");
    if (restart) cluster_->restart_tablet_server(0);
    std::mutex mu;
    std::condition_variable cv;
    int64_t answered = 0;
    std::vector<std::string> problems;
    for (int64_t shop = 0; shop < kKeys; ++shop) {
      lookuper.LookupAsync(key_of(shop), [&, shop](Result r, LookupResult found) {
        std::lock_guard lock(mu);
        if (!r.Ok()) {
          problems.push_back(std::to_string(shop) + ": " + r.error_message);
        } else if (!found.Found() || found.GetInt32(2) != shop * 3) {
          problems.push_back(std::to_string(shop) + ": wrong row");
        }
        if (++answered == kKeys) cv.notify_all();
      });
    }
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(60), [&] { return answered == kKeys; }));
    EXPECT_TRUE(problems.empty()) << problems.front();
  }

  // A key that does not fit the table fails at once, on the caller's thread.
  bool called = false;
  lookuper.LookupAsync(GenericRow(1), [&](Result r, LookupResult) {
    called = true;
    EXPECT_FALSE(r.Ok());
  });
  EXPECT_TRUE(called);
}

}  // namespace
}  // namespace fluss::client

namespace fluss::client {
namespace {

// Arrow batches as a user holding Arrow data would hand them over: rows encoded by our own
// writer, exported through the C Data Interface (what arrow::ExportRecordBatch gives).
struct CArrow {
  ArrowSchema schema{};
  ArrowArray array{};
  CArrow(const std::vector<::fluss::DataField>& fields,
         const std::vector<::fluss::GenericRow>& rows) {
    ::fluss::RowType type;
    for (const auto& f : fields) type.push_back(f.type);
    ::fluss::ArrowBatchWriter writer(type, {.type = ::fluss::ArrowCompressionType::kNone});
    for (const auto& row : rows) EXPECT_TRUE(writer.append(row).ok());
    ::fluss::ByteBuffer message;
    EXPECT_TRUE(writer.finish(message).ok());
    EXPECT_TRUE(::fluss::export_arrow_c_data(fields, message.view(), &schema, &array).ok());
  }
  CArrow(const CArrow&) = delete;
  CArrow& operator=(const CArrow&) = delete;
  ~CArrow() {
    if (array.release != nullptr) array.release(&array);
    if (schema.release != nullptr) schema.release(&schema);
  }
};

::fluss::DataField field(std::string name, ::fluss::DataType type) {
  return ::fluss::DataField{std::move(name), std::move(type), std::nullopt, -1};
}

// A log table of the columns of arrow_fields(), one bucket.
TableDescriptor arrow_table() {
  return TableDescriptor::NewBuilder()
      .SetSchema(Schema::NewBuilder()
                     .AddColumn("id", DataType::Int().NotNull())
                     .AddColumn("name", DataType::String())
                     .AddColumn("price", DataType::Decimal(10, 2))
                     .AddColumn("tags", DataType::Array(DataType::String()))
                     .Build())
      .SetBucketCount(1)
      .Build();
}

std::vector<::fluss::DataField> arrow_fields() {
  return {field("id", ::fluss::DataType::int_().not_null()),
          field("name", ::fluss::DataType::string()),
          field("price", ::fluss::DataType::decimal(10, 2)),
          field("tags", ::fluss::DataType::array(::fluss::DataType::string()))};
}

::fluss::GenericRow arrow_row(int32_t id) {
  std::vector<::fluss::Datum> tags = {std::string("t") + std::to_string(id), ::fluss::Null{}};
  return ::fluss::GenericRow(
      {id, id % 3 == 0 ? ::fluss::Datum(::fluss::Null{}) : ::fluss::Datum("n" + std::to_string(id)),
       ::fluss::Decimal{.unscaled = id * 101, .precision = 10, .scale = 2},
       std::make_shared<const ::fluss::GenericArray>(std::move(tags))});
}

std::vector<::fluss::GenericRow> arrow_rows(int32_t from, int32_t to) {
  std::vector<::fluss::GenericRow> rows;
  for (int32_t id = from; id < to; ++id) rows.push_back(arrow_row(id));
  return rows;
}

// Every batch PollRecordBatch returns until `rows` rows came.
std::vector<std::unique_ptr<ArrowRecordBatch>> poll_batches(LogScanner& scanner, int64_t rows) {
  std::vector<std::unique_ptr<ArrowRecordBatch>> out;
  int64_t seen = 0;
  for (int round = 0; round < 100 && seen < rows; ++round) {
    ArrowRecordBatches batches;
    Result r = scanner.PollRecordBatch(100, batches);
    EXPECT_TRUE(r.Ok()) << r.error_message;
    for (auto& batch : batches.batches) {
      seen += batch->NumRows();
      out.push_back(std::move(batch));
    }
  }
  return out;
}

TEST_F(ClusterTest, ArrowBatchesAppendedReadBackAsRowsAndAsArrowBatches) {
  TablePath path("fluss", "arrow_batches");
  ASSERT_OK(admin_.CreateTable(path, arrow_table()));
  Table table;
  ASSERT_OK(conn_.GetTable(path, table));
  AppendWriter writer;
  ASSERT_OK(table.NewAppend().CreateWriter(writer));
  const std::vector<::fluss::GenericRow> rows = arrow_rows(0, 15);
  {
    CArrow first(arrow_fields(), arrow_rows(0, 10));
    WriteResult done;
    ASSERT_OK(writer.AppendArrowBatch(&first.array, &first.schema, done));
    EXPECT_EQ(first.array.release, nullptr);  // consumed
    EXPECT_EQ(first.schema.release, nullptr);
    ASSERT_OK(done.Wait());
    CArrow second(arrow_fields(), arrow_rows(10, 15));
    ASSERT_OK(writer.AppendArrowBatch(&second.array, &second.schema));
    CArrow empty(arrow_fields(), {});
    ASSERT_OK(writer.AppendArrowBatch(&empty.array, &empty.schema));
    ASSERT_OK(writer.Flush());
  }

  // Rows.
  LogScanner scanner;
  ASSERT_OK(table.NewScan().CreateLogScanner(scanner));
  ASSERT_OK(scanner.Subscribe(0, EARLIEST_OFFSET));
  std::vector<ScanRecord> records = poll_records(scanner, 15);
  ASSERT_EQ(records.size(), 15u);
  for (int32_t id = 0; id < 15; ++id) {
    const RowView& row = records[static_cast<size_t>(id)].row;
    EXPECT_EQ(records[static_cast<size_t>(id)].offset, id);
    EXPECT_EQ(row.GetInt32("id"), id);
    EXPECT_EQ(row.IsNull(1), id % 3 == 0);
    char price[32];
    std::snprintf(price, sizeof(price), "%d.%02d", id * 101 / 100, id * 101 % 100);
    EXPECT_EQ(row.GetDecimalString(2), price);
    EXPECT_EQ(row.GetValue("tags").At(0).GetString(), "t" + std::to_string(id));
  }

  // Arrow batches: one per appended batch, the same values.
  LogScanner batch_scanner;
  ASSERT_OK(table.NewScan().CreateRecordBatchLogScanner(batch_scanner));
  ASSERT_OK(batch_scanner.Subscribe(0, EARLIEST_OFFSET));
  auto batches = poll_batches(batch_scanner, 15);
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_EQ(batches[0]->NumRows(), 10);
  EXPECT_EQ(batches[0]->GetBaseOffset(), 0);
  EXPECT_EQ(batches[0]->GetLastOffset(), 9);
  EXPECT_EQ(batches[1]->GetBaseOffset(), 10);
  EXPECT_EQ(batches[1]->GetLastOffset(), 14);
  EXPECT_EQ(batches[1]->GetBucketId(), 0);
  EXPECT_EQ(batches[1]->GetPartitionId(), -1);
  EXPECT_EQ(batches[1]->GetTableId(), table.GetTableInfo().table_id);
  ::fluss::RowType type;
  for (const auto& f : arrow_fields()) type.push_back(f.type);
  auto decoded = ::fluss::read_arrow_batch(type, ::fluss::as_bytes(batches[1]->IpcMessage()));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, arrow_rows(10, 15));
  {
    ArrowArray array{};
    ArrowSchema schema{};
    ASSERT_OK(batches[0]->Export(&array, &schema));
    EXPECT_EQ(array.length, 10);
    ASSERT_EQ(schema.n_children, 4);
    EXPECT_STREQ(schema.children[3]->name, "tags");
    EXPECT_STREQ(schema.children[2]->format, "d:10,2");
    // Back in through the same C interface: the batch's bytes.
    ::fluss::ByteBuffer again;
    int64_t n = 0;
    ASSERT_TRUE(::fluss::import_arrow_c_data(arrow_fields(), &schema, &array,
                                             {.type = ::fluss::ArrowCompressionType::kNone}, again,
                                             n)
                    .ok());
    auto back = ::fluss::read_arrow_batch(type, again.view());
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, arrow_rows(0, 10));
  }

  // From an offset inside a batch: the batch starts there.
  LogScanner mid;
  ASSERT_OK(table.NewScan().CreateRecordBatchLogScanner(mid));
  ASSERT_OK(mid.Subscribe(0, 12));
  auto tail = poll_batches(mid, 3);
  ASSERT_EQ(tail.size(), 1u);
  EXPECT_EQ(tail[0]->GetBaseOffset(), 12);
  EXPECT_EQ(tail[0]->NumRows(), 3);
  decoded = ::fluss::read_arrow_batch(type, ::fluss::as_bytes(tail[0]->IpcMessage()));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, arrow_rows(12, 15));

  // A projection in another order than the schema's (pushed down, then reordered).
  LogScanner projected;
  ASSERT_OK(table.NewScan().ProjectByName({"tags", "id"}).CreateRecordBatchLogScanner(projected));
  ASSERT_OK(projected.Subscribe(0, EARLIEST_OFFSET));
  auto narrow = poll_batches(projected, 15);
  ASSERT_FALSE(narrow.empty());
  decoded =
      ::fluss::read_arrow_batch({type[3], type[0]}, ::fluss::as_bytes(narrow[0]->IpcMessage()));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  ASSERT_EQ(decoded->size(), 10u);
  EXPECT_EQ((*decoded)[4], ::fluss::GenericRow({rows[4][3], rows[4][0]}));
  ArrowArray array{};
  ArrowSchema schema{};
  ASSERT_OK(narrow[0]->Export(&array, &schema));
  ASSERT_EQ(schema.n_children, 2);
  EXPECT_STREQ(schema.children[0]->name, "tags");
  EXPECT_STREQ(schema.children[1]->name, "id");
  array.release(&array);
  schema.release(&schema);
}

TEST_F(ClusterTest, ArrowBatchLargerThanTheBatchSizeIsWrittenAsSeveralLogBatches) {
  TablePath path("fluss", "arrow_big_batch");
  ASSERT_OK(admin_.CreateTable(path, arrow_table()));
  Connection conn;
  connect({{"client.writer.batch-size", "2kb"}}, conn);
  Table table;
  ASSERT_OK(conn.GetTable(path, table));
  AppendWriter writer;
  ASSERT_OK(table.NewAppend().CreateWriter(writer));
  // About 40 bytes a row: 500 rows are about ten times the batch size.
  CArrow batch(arrow_fields(), arrow_rows(0, 500));
  WriteResult done;
  ASSERT_OK(writer.AppendArrowBatch(&batch.array, &batch.schema, done));
  ASSERT_OK(done.Wait());

  LogScanner scanner;
  ASSERT_OK(table.NewScan().CreateRecordBatchLogScanner(scanner));
  ASSERT_OK(scanner.Subscribe(0, EARLIEST_OFFSET));
  auto batches = poll_batches(scanner, 500);
  ASSERT_GT(batches.size(), 5u);
  ::fluss::RowType type;
  for (const auto& f : arrow_fields()) type.push_back(f.type);
  std::vector<::fluss::GenericRow> rows;
  int64_t next = 0;
  for (const auto& b : batches) {
    EXPECT_EQ(b->GetBaseOffset(), next) << "the parts follow each other in the log";
    next = b->GetLastOffset() + 1;
    EXPECT_LE(b->IpcMessage().size(), 2048u + 1024u) << "a part of about the batch size";
    auto decoded = ::fluss::read_arrow_batch(type, ::fluss::as_bytes(b->IpcMessage()));
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    rows.insert(rows.end(), decoded->begin(), decoded->end());
  }
  EXPECT_EQ(rows, arrow_rows(0, 500));
}

TEST_F(ClusterTest, ArrowBatchesGoIntoIndexedLogsAsRows) {
  TablePath path("fluss", "arrow_into_indexed");
  TableDescriptor descriptor = arrow_table();
  descriptor.properties["table.log.format"] = "INDEXED";
  ASSERT_OK(admin_.CreateTable(path, descriptor));
  Table table;
  ASSERT_OK(conn_.GetTable(path, table));
  AppendWriter writer;
  ASSERT_OK(table.NewAppend().CreateWriter(writer));
  CArrow batch(arrow_fields(), arrow_rows(0, 4));
  WriteResult done;
  ASSERT_OK(writer.AppendArrowBatch(&batch.array, &batch.schema, done));
  ASSERT_OK(done.Wait());
  LogScanner scanner;
  ASSERT_OK(table.NewScan().CreateLogScanner(scanner));
  ASSERT_OK(scanner.Subscribe(0, EARLIEST_OFFSET));
  std::vector<ScanRecord> records = poll_records(scanner, 4);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[2].row.GetString("name"), "n2");
  EXPECT_EQ(records[3].row.GetValue("tags").At(0).GetString(), "t3");
  LogScanner arrow;
  Result r = table.NewScan().CreateRecordBatchLogScanner(arrow);
  EXPECT_EQ(r.error_code, ErrorCode::CLIENT_ERROR);
  EXPECT_NE(r.error_message.find("INDEXED"), std::string::npos) << r.error_message;
}

TEST_F(ClusterTest, ArrowBatchOfSeveralPartitionsIsSplitByPartition) {
  TablePath path("fluss", "arrow_daily");
  ASSERT_OK(admin_.CreateTable(path, TableDescriptor::NewBuilder()
                                         .SetSchema(Schema::NewBuilder()
                                                        .AddColumn("dt", DataType::String())
                                                        .AddColumn("v", DataType::BigInt())
                                                        .Build())
                                         .SetPartitionKeys({"dt"})
                                         .SetBucketCount(2)
                                         .Build()));
  ASSERT_OK(admin_.CreatePartition(path, {{"dt", "a"}}));
  ASSERT_OK(admin_.CreatePartition(path, {{"dt", "b"}}));
  std::vector<PartitionInfo> partitions;
  ASSERT_OK(admin_.ListPartitionInfos(path, partitions));
  ASSERT_EQ(partitions.size(), 2u);
  Table table;
  ASSERT_OK(conn_.GetTable(path, table));
  AppendWriter writer;
  ASSERT_OK(table.NewAppend().CreateWriter(writer));
  const std::vector<::fluss::DataField> fields = {field("dt", ::fluss::DataType::string()),
                                                  field("v", ::fluss::DataType::bigint())};
  auto row = [](const char* dt, int64_t v) { return ::fluss::GenericRow({std::string(dt), v}); };
  {
    CArrow batch(fields, {row("a", 1), row("b", 2), row("a", 3)});
    WriteResult done;
    ASSERT_OK(writer.AppendArrowBatch(&batch.array, &batch.schema, done));
    ASSERT_OK(done.Wait());
  }
  {
    CArrow batch(fields, {row("a", 4), row("c", 5)});
    Result r = writer.AppendArrowBatch(&batch.array, &batch.schema);
    EXPECT_EQ(r.error_code, ErrorCode::PARTITION_NOT_EXISTS) << r.error_message;
    EXPECT_EQ(batch.array.release, nullptr);
  }
  std::map<std::string, std::vector<int64_t>> values;  // partition -> v
  for (const PartitionInfo& p : partitions) {
    LogScanner scanner;
    ASSERT_OK(table.NewScan().CreateRecordBatchLogScanner(scanner));
    ASSERT_OK(scanner.SubscribePartitionBuckets(p.partition_id, 0, EARLIEST_OFFSET));
    ASSERT_OK(scanner.SubscribePartitionBuckets(p.partition_id, 1, EARLIEST_OFFSET));
    for (auto& batch : poll_batches(scanner, p.partition_name == "a" ? 2 : 1)) {
      EXPECT_EQ(batch->GetPartitionId(), p.partition_id);
      auto rows = ::fluss::read_arrow_batch({fields[0].type, fields[1].type},
                                            ::fluss::as_bytes(batch->IpcMessage()));
      ASSERT_TRUE(rows.ok()) << rows.status();
      for (const auto& r : *rows) {
        EXPECT_EQ(r[0], ::fluss::Datum(p.partition_name));
        values[p.partition_name].push_back(std::get<int64_t>(r[1]));
      }
    }
  }
  EXPECT_EQ(values["a"], (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(values["b"], (std::vector<int64_t>{2}));
}

TEST_F(ClusterTest, ArrowBatchOfTheWrongSchemaIsAClientErrorNamingTheColumn) {
  TablePath path("fluss", "arrow_wrong_schema");
  ASSERT_OK(admin_.CreateTable(path, arrow_table()));
  Table table;
  ASSERT_OK(conn_.GetTable(path, table));
  AppendWriter writer;
  ASSERT_OK(table.NewAppend().CreateWriter(writer));
  std::vector<::fluss::DataField> wrong = arrow_fields();
  wrong[2].type = ::fluss::DataType::bigint();
  std::vector<::fluss::GenericRow> rows = arrow_rows(0, 2);
  for (auto& row : rows) row.set(2, int64_t{7});
  CArrow batch(wrong, rows);
  Result r = writer.AppendArrowBatch(&batch.array, &batch.schema);
  EXPECT_EQ(r.error_code, ErrorCode::CLIENT_ERROR);
  EXPECT_NE(r.error_message.find("column 'price'"), std::string::npos) << r.error_message;
  EXPECT_NE(r.error_message.find("DECIMAL(10, 2)"), std::string::npos) << r.error_message;
  EXPECT_NE(r.error_message.find("'l'"), std::string::npos) << r.error_message;
  EXPECT_EQ(batch.array.release, nullptr);
  EXPECT_EQ(batch.schema.release, nullptr);

  // A primary-key table has no Arrow batch scanner.
  TablePath pk_path("fluss", "arrow_pk");
  ASSERT_OK(admin_.CreateTable(
      pk_path, TableDescriptor::NewBuilder().SetSchema(orders_schema()).SetBucketCount(1).Build()));
  Table pk;
  ASSERT_OK(conn_.GetTable(pk_path, pk));
  LogScanner scanner;
  r = pk.NewScan().CreateRecordBatchLogScanner(scanner);
  EXPECT_EQ(r.error_code, ErrorCode::CLIENT_ERROR);
  EXPECT_NE(r.error_message.find("fluss.arrow_pk"), std::string::npos) << r.error_message;
}

}  // namespace
}  // namespace fluss::client
