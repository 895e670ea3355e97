// SPDX-License-Identifier: Apache-2.0
// The client's write path against an in-process RPC peer that plays one Fluss server
// (coordinator and tablet server at once) for a single log table, with hooks to fail or hold
// PRODUCE_LOG requests. The real cluster tests run against test_utils' TestCluster.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>
#include <set>

#include "common/io_context_pool.h"
#include "fluss/client.h"
#include "model/json_serde.h"
#include "model/schema.h"
#include "model/table_descriptor.h"
#include "record/log_record_batch.h"
#include "record/memory_log_records_builder.h"
#include "rpc/protocol/errors.h"
#include "rpc/protocol/fluss_api.pb.h"
#include "rpc/protocol/request_decoder.h"
#include "rpc/rpc_server.h"

namespace fluss::client {
namespace {

namespace proto = ::fluss::rpc::proto;

constexpr int64_t kTableId = 17;
constexpr int32_t kBuckets = 2;

::fluss::ByteBuffer to_buffer(const google::protobuf::Message& message) {
  std::string bytes = message.SerializeAsString();
  ::fluss::ByteBuffer out;
  out.append(std::string_view(bytes));
  return out;
}

// One Fluss server for table fluss.logs (id INT NOT NULL, name STRING), ARROW, 2 buckets.
class FakeServer : public ::fluss::rpc::RequestHandler {
 public:
  FakeServer() : pool_(1, "fake-server"), gate_(pool_.at(0).get_executor(), 100000) {
    ::fluss::rpc::RpcServerOptions options;
    auto started = ::fluss::rpc::RpcServer::start(pool_, *this, options);
    server_ = std::move(*started);
  }
  ~FakeServer() override {
    release();
    asio::co_spawn(pool_.at(0), server_->stop(), asio::use_future).get();
    pool_.stop();
  }

  std::string address() const { return "127.0.0.1:" + std::to_string(server_->port()); }

  ::fluss::Task<::fluss::Result<::fluss::ByteBuffer>> handle(
      ::fluss::rpc::Request request) override {
    auto key = static_cast<::fluss::rpc::ApiKey>(request.header.api_key);
    switch (key) {
      case ::fluss::rpc::ApiKey::kGetMetadata:
        ++metadata_requests;
        co_return metadata();
      case ::fluss::rpc::ApiKey::kInitWriter: {
        proto::InitWriterResponse response;
        response.set_writer_id(1234);
        co_return to_buffer(response);
      }
      case ::fluss::rpc::ApiKey::kProduceLog:
        co_return co_await produce(std::move(request));
      case ::fluss::rpc::ApiKey::kFetchLog:
        co_return fetch(request);
      case ::fluss::rpc::ApiKey::kListOffsets:
        co_return list_offsets(request);
      default:
        co_return ::fluss::make_error(::fluss::ErrorCode::kUnsupportedVersion, "not served");
    }
  }

  // Holds every PRODUCE_LOG until release().
  void hold() { held_ = true; }
  void release() {
    held_ = false;
    for (int i = 0; i < 1000; ++i) (void)gate_.try_send(asio::error_code(), 0);
  }

  std::atomic<int> metadata_requests{0};
  std::atomic<int> produce_requests{0};
  std::atomic<int> fail_next_produce{0};  // answer NOT_LEADER_OR_FOLLOWER this many times
  std::atomic<int> fatal_produce{0};      // answer RECORD_TOO_LARGE this many times

  std::mutex mu;
  std::vector<::fluss::GenericRow> rows;  // guarded by mu
  std::vector<int64_t> writer_ids;        // guarded by mu
  std::vector<int32_t> sequences;         // guarded by mu
  // The stored log of each bucket: whole batches with their assigned offsets.
  struct Stored {
    int64_t base_offset;
    int64_t next_offset;
    int64_t timestamp;
    std::vector<uint8_t> bytes;
  };
  std::vector<Stored> logs[kBuckets];  // guarded by mu
  int64_t next_timestamp = 1000;       // guarded by mu

 private:
  ::fluss::ByteBuffer metadata() {
    proto::MetadataResponse response;
    auto* coordinator = response.mutable_coordinator_server();
    coordinator->set_node_id(0);
    coordinator->set_host("127.0.0.1");
    coordinator->set_port(server_->port());
    auto* tablet = response.add_tablet_servers();
    tablet->set_node_id(0);
    tablet->set_host("127.0.0.1");
    tablet->set_port(server_->port());
    auto schema = ::fluss::Schema::builder()
                      .column("id", ::fluss::DataType::int_().not_null())
                      .column("name", ::fluss::DataType::string())
                      .build();
    auto descriptor = ::fluss::TableDescriptor::builder()
                          .schema(*schema)
                          .distributed_by(kBuckets)
                          .property("table.log.arrow.compression.type", "NONE")
                          .build();
    auto* table = response.add_table_metadata();
    table->mutable_table_path()->set_database_name("fluss");
    table->mutable_table_path()->set_table_name("logs");
    table->set_table_id(kTableId);
    table->set_schema_id(0);
    table->set_table_json(::fluss::to_json(*descriptor));
    table->set_created_time(1);
    table->set_modified_time(1);
    for (int32_t b = 0; b < kBuckets; ++b) {
      auto* bucket = table->add_bucket_metadata();
      bucket->set_bucket_id(b);
      bucket->set_leader_id(0);
      bucket->add_replica_id(0);
    }
    return to_buffer(response);
  }

  ::fluss::Task<::fluss::Result<::fluss::ByteBuffer>> produce(::fluss::rpc::Request request) {
    ++produce_requests;
    if (held_) co_await gate_.async_receive(::fluss::kNoThrow);
    auto parsed = ::fluss::rpc::parse<proto::ProduceLogRequest>(request.payload.view(), "produce");
    if (!parsed.ok()) co_return parsed.status();
    proto::ProduceLogResponse response;
    for (const auto& bucket : parsed->buckets_req()) {
      auto* out = response.add_buckets_resp();
      out->set_bucket_id(bucket.bucket_id());
      if (fail_next_produce > 0) {
        --fail_next_produce;
        ::fluss::rpc::set_error(
            *out, ::fluss::make_error(::fluss::ErrorCode::kNotLeaderOrFollower, "moved"));
        continue;
      }
      if (fatal_produce > 0) {
        --fatal_produce;
        ::fluss::rpc::set_error(
            *out, ::fluss::make_error(::fluss::ErrorCode::kRecordTooLargeException, "too big"));
        continue;
      }
      ::fluss::LogRecords records(::fluss::as_bytes(bucket.records()));
      std::lock_guard lock(mu);
      while (true) {
        auto batch = records.next_batch();
        if (!batch.ok() || !*batch) break;
        writer_ids.push_back((*batch)->writer_id().value());
        sequences.push_back((*batch)->batch_sequence().value());
        auto decoded = ::fluss::decode_log_records(
            **batch, ::fluss::LogFormat::kArrow,
            {::fluss::DataType::int_().not_null(), ::fluss::DataType::string()});
        if (!decoded.ok()) co_return decoded.status();
        for (auto& record : *decoded) rows.push_back(record.row);
        auto& log = logs[bucket.bucket_id()];
        Stored stored;
        stored.base_offset = log.empty() ? 0 : log.back().next_offset;
        stored.next_offset = stored.base_offset + (*batch)->record_count();
        stored.timestamp = next_timestamp;
        next_timestamp += 1000;
        auto view = (*batch)->bytes();
        stored.bytes.assign(view.begin(), view.end());
        auto mutable_batch = ::fluss::MutableLogRecordBatch::parse(stored.bytes);
        mutable_batch->set_base_offset(::fluss::LogOffset(stored.base_offset));
        mutable_batch->set_commit_timestamp(stored.timestamp);
        log.push_back(std::move(stored));
      }
      out->set_base_offset(0);
    }
    co_return to_buffer(response);
  }

  ::fluss::Result<::fluss::ByteBuffer> list_offsets(const ::fluss::rpc::Request& request) {
    auto parsed = ::fluss::rpc::parse<proto::ListOffsetsRequest>(request.payload.view(), "list");
    if (!parsed.ok()) return parsed.status();
    proto::ListOffsetsResponse response;
    std::lock_guard lock(mu);
    for (int32_t bucket : parsed->bucket_id()) {
      const auto& log = logs[bucket];
      int64_t end = log.empty() ? 0 : log.back().next_offset;
      int64_t offset = parsed->offset_type() == 0 ? 0 : end;
      if (parsed->offset_type() == 2) {
        for (const auto& stored : log) {
          if (stored.timestamp >= parsed->starttimestamp()) {
            offset = stored.base_offset;
            break;
          }
        }
      }
      auto* out = response.add_buckets_resp();
      out->set_bucket_id(bucket);
      out->set_offset(offset);
    }
    return to_buffer(response);
  }

  // Answers at once (no long poll); projects ARROW batches when asked to.
  ::fluss::Result<::fluss::ByteBuffer> fetch(const ::fluss::rpc::Request& request) {
    auto parsed = ::fluss::rpc::parse<proto::FetchLogRequest>(request.payload.view(), "fetch");
    if (!parsed.ok()) return parsed.status();
    proto::FetchLogResponse response;
    std::lock_guard lock(mu);
    for (const auto& table : parsed->tables_req()) {
      auto* table_out = response.add_tables_resp();
      table_out->set_table_id(table.table_id());
      std::vector<int> projection(table.projected_fields().begin(), table.projected_fields().end());
      ::fluss::RowType full{::fluss::DataType::int_().not_null(), ::fluss::DataType::string()};
      for (const auto& bucket : table.buckets_req()) {
        auto* out = table_out->add_buckets_resp();
        out->set_bucket_id(bucket.bucket_id());
        const auto& log = logs[bucket.bucket_id()];
        out->set_high_watermark(log.empty() ? 0 : log.back().next_offset);
        std::string records;
        for (const auto& stored : log) {
          if (stored.next_offset <= bucket.fetch_offset()) continue;
          if (!table.projection_pushdown_enabled()) {
            records.append(stored.bytes.begin(), stored.bytes.end());
            continue;
          }
          auto batch = ::fluss::LogRecordBatch::parse(stored.bytes);
          auto decoded = ::fluss::decode_log_records(*batch, ::fluss::LogFormat::kArrow, full);
          ::fluss::RowType types;
          for (int c : projection) types.push_back(full[static_cast<size_t>(c)]);
          ::fluss::LogRecordBatchOptions options;
          options.base_offset = ::fluss::LogOffset(stored.base_offset);
          ::fluss::MemoryLogRecordsBuilder builder(
              options, types, ::fluss::ArrowCompression{::fluss::ArrowCompressionType::kNone, 0});
          for (const auto& record : *decoded) {
            ::fluss::GenericRow row(projection.size());
            for (size_t i = 0; i < projection.size(); ++i) {
              row.set(i, record.row[static_cast<size_t>(projection[i])]);
            }
            (void)builder.append(::fluss::ChangeType::kAppendOnly, row);
          }
          ::fluss::ByteBuffer bytes;
          (void)builder.finish(bytes);
          auto mutable_batch =
              ::fluss::MutableLogRecordBatch::parse(std::span<uint8_t>(bytes.data(), bytes.size()));
          mutable_batch->set_commit_timestamp(stored.timestamp);
          records.append(bytes.string_view());
        }
        out->set_records(records);
      }
    }
    return to_buffer(response);
  }

  ::fluss::IoContextPool pool_;
  ::fluss::Channel<int> gate_;
  std::atomic<bool> held_{false};
  std::unique_ptr<::fluss::rpc::RpcServer> server_;
};

class WritePathTest : public ::testing::Test {
 protected:
  Configuration config() {
    Configuration c;
    c.bootstrap_servers = server_.address();
    c.writer_batch_timeout_ms = 5;
    c.writer_retry_backoff_ms = 1;
    return c;
  }
  void connect(const Configuration& c) {
    Result r = Connection::Create(c, connection_);
    ASSERT_TRUE(r.Ok()) << r.error_message;
    r = connection_.GetTable(TablePath("fluss", "logs"), table_);
    ASSERT_TRUE(r.Ok()) << r.error_message;
    r = table_.NewAppend().CreateWriter(writer_);
    ASSERT_TRUE(r.Ok()) << r.error_message;
  }
  GenericRow row(int32_t id) {
    GenericRow r = table_.NewRow();
    r.Set("id", id);
    r.Set("name", "n" + std::to_string(id));
    return r;
  }

  FakeServer server_;
  Connection connection_;
  Table table_;
  AppendWriter writer_;
};

TEST_F(WritePathTest, AppendedRowsArriveAsIdempotentArrowBatches) {
  connect(config());
  EXPECT_EQ(table_.GetTableInfo().num_buckets, kBuckets);
  EXPECT_FALSE(table_.HasPrimaryKey());
  for (int32_t i = 0; i < 100; ++i) ASSERT_TRUE(writer_.Append(row(i)).Ok());
  WriteResult last;
  ASSERT_TRUE(writer_.Append(row(100), last).Ok());
  ASSERT_TRUE(writer_.Flush().Ok());
  EXPECT_TRUE(last.Wait().Ok());
  std::lock_guard lock(server_.mu);
  ASSERT_EQ(server_.rows.size(), 101u);
  std::vector<bool> seen(101, false);
  for (const auto& r : server_.rows) seen[static_cast<size_t>(std::get<int32_t>(r[0]))] = true;
  EXPECT_TRUE(std::all_of(seen.begin(), seen.end(), [](bool b) { return b; }));
  for (int64_t id : server_.writer_ids) EXPECT_EQ(id, 1234);
}

TEST_F(WritePathTest, RetriableErrorsAreRetriedAfterAMetadataRefresh) {
  connect(config());
  int metadata_before = server_.metadata_requests;
  server_.fail_next_produce = 2;
  WriteResult result;
  ASSERT_TRUE(writer_.Append(row(1), result).Ok());
  Result r = result.Wait();
  EXPECT_TRUE(r.Ok()) << r.error_message;
  EXPECT_GE(server_.produce_requests.load(), 3);
  EXPECT_GT(server_.metadata_requests.load(), metadata_before);
  std::lock_guard lock(server_.mu);
  EXPECT_EQ(server_.rows.size(), 1u);
}

TEST_F(WritePathTest, FatalErrorsReachTheWriteResultWithTheirCodeAndTable) {
  connect(config());
  server_.fatal_produce = 1;
  WriteResult result;
  ASSERT_TRUE(writer_.Append(row(1), result).Ok());
  Result r = result.Wait();
  EXPECT_EQ(r.error_code, ErrorCode::RECORD_TOO_LARGE_EXCEPTION);
  EXPECT_NE(r.error_message.find("fluss.logs"), std::string::npos) << r.error_message;
  EXPECT_EQ(writer_.Flush().error_code, ErrorCode::RECORD_TOO_LARGE_EXCEPTION);
  EXPECT_TRUE(writer_.Flush().Ok());  // reported once
}

TEST_F(WritePathTest, RetriesGiveUpAfterClientWriterRetries) {
  Configuration c = config();
  c.writer_retries = 1;
  connect(c);
  server_.fail_next_produce = 5;
  WriteResult result;
  ASSERT_TRUE(writer_.Append(row(1), result).Ok());
  EXPECT_EQ(result.Wait().error_code, ErrorCode::NOT_LEADER_OR_FOLLOWER);
}

TEST_F(WritePathTest, AFullBufferBlocksTheWriterUntilSpaceFrees) {
  Configuration c = config();
  c.writer_buffer_memory_size = 2048;
  c.writer_batch_size = 1024;
  c.writer_buffer_wait_timeout_ms = 100;
  connect(c);
  server_.hold();
  // The server holds every batch, so the buffer fills and Append times out waiting for space.
  Result r;
  int appended = 0;
  for (; appended < 10000; ++appended) {
    r = writer_.Append(row(appended));
    if (!r.Ok()) break;
  }
  EXPECT_EQ(r.error_code, ErrorCode::REQUEST_TIME_OUT) << r.error_message;
  EXPECT_NE(r.error_message.find("client.writer.buffer.memory-size"), std::string::npos);
  EXPECT_LT(appended, 10000);
  // Once the server answers, space frees and writes proceed.
  server_.release();
  ASSERT_TRUE(writer_.Flush().Ok());
  WriteResult result;
  ASSERT_TRUE(writer_.Append(row(-1), result).Ok());
  EXPECT_TRUE(result.Wait().Ok());
  std::lock_guard lock(server_.mu);
  EXPECT_EQ(server_.rows.size(), static_cast<size_t>(appended) + 1);
}

TEST_F(WritePathTest, RowsThatDoNotFitTheSchemaAreClientErrors) {
  connect(config());
  GenericRow bad = table_.NewRow();
  bad.Set("name", "no id");  // id is NOT NULL
  Result r = writer_.Append(bad);
  EXPECT_EQ(r.error_code, ErrorCode::CLIENT_ERROR);
  EXPECT_NE(r.error_message.find("'id'"), std::string::npos) << r.error_message;
  UpsertWriter upsert;
  EXPECT_EQ(table_.NewUpsert().CreateWriter(upsert).error_code, ErrorCode::CLIENT_ERROR);
  Lookuper lookuper;
  EXPECT_EQ(table_.NewLookup().CreateLookuper(lookuper).error_code, ErrorCode::CLIENT_ERROR);
  LogScanner scanner;
  EXPECT_EQ(table_.NewScan().Limit(3).CreateLogScanner(scanner).error_code,
            ErrorCode::CLIENT_ERROR);
}

// Polls until `count` records arrived (each Poll waits at most a little; the fake server
// answers fetches at once).
std::vector<ScanRecord> poll_records(LogScanner& scanner, size_t count) {
  std::vector<ScanRecord> out;
  for (int round = 0; round < 1000 && out.size() < count; ++round) {
    ScanRecords records;
    Result r = scanner.Poll(100, records);
    EXPECT_TRUE(r.Ok()) << r.error_message;
    for (const ScanRecord& record : records) out.push_back(record);
  }
  return out;
}

TEST_F(WritePathTest, LogScannerReadsFromEarliestLatestOffsetAndTimestamp) {
  connect(config());
  for (int32_t i = 0; i < 10; ++i) ASSERT_TRUE(writer_.Append(row(i)).Ok());
  ASSERT_TRUE(writer_.Flush().Ok());

  LogScanner scanner;
  ASSERT_TRUE(table_.NewScan().CreateLogScanner(scanner).Ok());
  ASSERT_TRUE(scanner.Subscribe({{0, EARLIEST_OFFSET}, {1, EARLIEST_OFFSET}}).Ok());
  auto records = poll_records(scanner, 10);
  ASSERT_EQ(records.size(), 10u);
  std::set<int32_t> ids;
  for (const auto& record : records) {
    ids.insert(record.row.GetInt32("id"));
    EXPECT_EQ(record.row.GetString(1), "n" + std::to_string(record.row.GetInt32(0)));
    EXPECT_EQ(record.change_type, ChangeType::AppendOnly);
    EXPECT_GE(record.timestamp, 1000);
  }
  EXPECT_EQ(ids.size(), 10u);

  // From the latest offset: only what comes after.
  LogScanner tail;
  ASSERT_TRUE(table_.NewScan().CreateLogScanner(tail).Ok());
  ASSERT_TRUE(tail.Subscribe(0, LATEST_OFFSET).Ok());
  ASSERT_TRUE(tail.Subscribe(1, OffsetSpec::Latest()).Ok());
  ScanRecords none;
  ASSERT_TRUE(tail.Poll(0, none).Ok());
  EXPECT_TRUE(none.IsEmpty());
  ASSERT_TRUE(writer_.Append(row(100)).Ok());
  ASSERT_TRUE(writer_.Flush().Ok());
  auto tailed = poll_records(tail, 1);
  ASSERT_EQ(tailed.size(), 1u);
  EXPECT_EQ(tailed[0].row.GetInt32(0), 100);

  // From an offset, and from a timestamp (the fake stamps batch k with 1000 * (k + 1)).
  int32_t bucket = -1;
  int64_t end = 0;
  {
    std::lock_guard lock(server_.mu);
    for (int32_t b = 0; b < kBuckets; ++b) {
      if (!server_.logs[b].empty() && server_.logs[b].back().next_offset > end) {
        bucket = b;
        end = server_.logs[b].back().next_offset;
      }
    }
  }
  ASSERT_GE(bucket, 0);
  LogScanner from_offset;
  ASSERT_TRUE(table_.NewScan().CreateLogScanner(from_offset).Ok());
  ASSERT_TRUE(from_offset.Subscribe(bucket, end - 1).Ok());
  auto last = poll_records(from_offset, 1);
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0].offset, end - 1);

  LogScanner from_time;
  ASSERT_TRUE(table_.NewScan().CreateLogScanner(from_time).Ok());
  ASSERT_TRUE(from_time.Subscribe(bucket, OffsetSpec::Timestamp(1 << 30)).Ok());
  ASSERT_TRUE(from_time.Poll(0, none).Ok());
  EXPECT_TRUE(none.IsEmpty());
}

TEST_F(WritePathTest, LogScannerProjectsAndCapsRecordsPerPoll) {
  Configuration c = config();
  c.scanner_log_max_poll_records = 3;
  c.writer_bucket_no_key_assigner = "round_robin";
  connect(c);
  for (int32_t i = 0; i < 8; ++i) ASSERT_TRUE(writer_.Append(row(i)).Ok());
  ASSERT_TRUE(writer_.Flush().Ok());
  LogScanner scanner;
  ASSERT_TRUE(table_.NewScan().ProjectByName({"name", "id"}).CreateLogScanner(scanner).Ok());
  ASSERT_TRUE(scanner.Subscribe({{0, 0}, {1, 0}}).Ok());
  size_t total = 0;
  for (int round = 0; round < 100 && total < 8; ++round) {
    ScanRecords records;
    ASSERT_TRUE(scanner.Poll(100, records).Ok());
    EXPECT_LE(records.Count(), 3u);
    for (const ScanRecord& record : records) {
      ASSERT_EQ(record.row.FieldCount(), 2u);
      EXPECT_EQ(record.row.ColumnName(0), "name");
      EXPECT_EQ(record.row.GetString(0), "n" + std::to_string(record.row.GetInt32(1)));
    }
    total += records.Count();
  }
  EXPECT_EQ(total, 8u);
  // Round robin spread the rows over both buckets.
  std::lock_guard lock(server_.mu);
  EXPECT_FALSE(server_.logs[0].empty());
  EXPECT_FALSE(server_.logs[1].empty());
}

TEST_F(WritePathTest, AdminListOffsetsAndServerNodes) {
  connect(config());
  for (int32_t i = 0; i < 5; ++i) ASSERT_TRUE(writer_.Append(row(i)).Ok());
  ASSERT_TRUE(writer_.Flush().Ok());
  Admin admin;
  ASSERT_TRUE(connection_.GetAdmin(admin).Ok());
  std::unordered_map<int32_t, int64_t> offsets;
  ASSERT_TRUE(
      admin.ListOffsets(TablePath("fluss", "logs"), {}, OffsetSpec::Latest(), offsets).Ok());
  ASSERT_EQ(offsets.size(), 2u);
  EXPECT_EQ(offsets[0] + offsets[1], 5);
  std::vector<ServerNode> nodes;
  ASSERT_TRUE(admin.GetServerNodes(nodes).Ok());
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[0].server_type, "CoordinatorServer");
  EXPECT_EQ(nodes[1].uid, "ts-0");
}

}  // namespace
}  // namespace fluss::client
