// SPDX-License-Identifier: Apache-2.0
// The client's write path against an in-process RPC peer that plays one Fluss server
// (coordinator and tablet server at once) for a single log table, with hooks to fail or hold
// PRODUCE_LOG requests. The real cluster tests run against test_utils' TestCluster.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>

#include "common/io_context_pool.h"
#include "fluss/client.h"
#include "model/json_serde.h"
#include "model/schema.h"
#include "model/table_descriptor.h"
#include "record/log_record_batch.h"
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
      }
      out->set_base_offset(0);
    }
    co_return to_buffer(response);
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

}  // namespace
}  // namespace fluss::client
