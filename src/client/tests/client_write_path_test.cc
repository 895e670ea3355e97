// SPDX-License-Identifier: Apache-2.0
// The client's write path against an in-process RPC peer that plays one Fluss server
// (coordinator and tablet server at once) for a single log table, with hooks to fail or hold
// PRODUCE_LOG requests. The real cluster tests run against test_utils' TestCluster.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "common/io_context_pool.h"
#include "fluss/client.h"
#include "model/json_serde.h"
#include "model/schema.h"
#include "model/table_descriptor.h"
#include "record/kv_record_batch.h"
#include "record/log_record_batch.h"
#include "record/memory_log_records_builder.h"
#include "record/value_record_batch.h"
#include "rpc/protocol/errors.h"
#include "rpc/protocol/fluss_api.pb.h"
#include "rpc/protocol/request_decoder.h"
#include "rpc/rpc_server.h"

namespace fluss::client {
namespace {

namespace proto = ::fluss::rpc::proto;

constexpr int64_t kTableId = 17;
constexpr int32_t kBuckets = 2;
constexpr int64_t kPkTableId = 18;
constexpr int32_t kPkBuckets = 3;

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
    int expected = -1;
    first_request_key.compare_exchange_strong(expected, request.header.api_key);
    switch (key) {
      case ::fluss::rpc::ApiKey::kApiVersions:
        ++api_versions_requests;
        if (refuse_api_versions) {
          co_return ::fluss::make_error(::fluss::ErrorCode::kUnsupportedVersion, "no handshake");
        }
        co_return api_versions();
      case ::fluss::rpc::ApiKey::kGetMetadata:
        ++metadata_requests;
        co_return metadata();
      case ::fluss::rpc::ApiKey::kInitWriter: {
        auto parsed =
            ::fluss::rpc::parse<proto::InitWriterRequest>(request.payload.view(), "init_writer");
        if (!parsed.ok()) co_return parsed.status();
        {
          std::lock_guard lock(mu);
          init_writer_tables.clear();
          for (const auto& path : parsed->table_path()) {
            init_writer_tables.push_back(path.database_name() + "." + path.table_name());
          }
        }
        proto::InitWriterResponse response;
        response.set_writer_id(1234 + init_writer_requests++);
        co_return to_buffer(response);
      }
      case ::fluss::rpc::ApiKey::kProduceLog:
        co_return co_await produce(std::move(request));
      case ::fluss::rpc::ApiKey::kFetchLog:
        co_return fetch(request);
      case ::fluss::rpc::ApiKey::kListOffsets:
        co_return list_offsets(request);
      case ::fluss::rpc::ApiKey::kPutKv:
        co_return put_kv(request);
      case ::fluss::rpc::ApiKey::kLookup:
        co_return lookup(request);
      case ::fluss::rpc::ApiKey::kPrefixLookup:
        co_return prefix_lookup(request);
      case ::fluss::rpc::ApiKey::kLimitScan:
        co_return limit_scan(request);
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

  std::atomic<int> first_request_key{-1};  // the API key of the first request served
  std::atomic<int> api_versions_requests{0};
  // What API_VERSIONS advertises: every public API with its versions, except `withheld_api`,
  // and PUT_KV up to `put_kv_max_version`.
  std::atomic<int> withheld_api{-1};
  std::atomic<bool> refuse_api_versions{false};  // answer API_VERSIONS with an error
  std::atomic<int> put_kv_max_version{2};
  std::atomic<int> metadata_requests{0};
  std::atomic<int> init_writer_requests{0};  // the n-th INIT_WRITER grants writer id 1234 + n
  std::atomic<int> produce_requests{0};
  std::atomic<int> fail_next_produce{0};       // answer NOT_LEADER_OR_FOLLOWER this many times
  std::atomic<int> fatal_produce{0};           // answer RECORD_TOO_LARGE this many times
  std::atomic<int> out_of_order_produce{0};    // answer OUT_OF_ORDER_SEQUENCE this many times
  std::atomic<int> unknown_writer_produce{0};  // answer UNKNOWN_WRITER_ID this many times
  std::atomic<int> flip_fetch_byte{-1};        // flips this byte of every fetched `records`
  std::atomic<int> truncate_fetch{-1};         // cuts every fetched `records` to this size

  std::mutex mu;
  std::vector<::fluss::GenericRow> rows;        // guarded by mu
  std::vector<int64_t> writer_ids;              // guarded by mu
  std::vector<int32_t> sequences;               // guarded by mu
  std::vector<int32_t> row_buckets;             // the bucket of each of `rows`; guarded by mu
  std::vector<std::string> init_writer_tables;  // of the last INIT_WRITER; guarded by mu
  // The stored log of each bucket: whole batches with their assigned offsets.
  struct Stored {
    int64_t base_offset;
    int64_t next_offset;
    int64_t timestamp;
    std::vector<uint8_t> bytes;
  };
  std::vector<Stored> logs[kBuckets];         // guarded by mu
  int64_t next_timestamp = 1000;              // guarded by mu
  std::map<std::string, std::string> kvs[3];  // per pk bucket; guarded by mu
  std::vector<int32_t> target_columns;        // of the last PUT_KV; guarded by mu
  int lookup_requests = 0;                    // guarded by mu
  // Idempotence as a Fluss leader checks it: the last sequence per (writer id, bucket); a
  // batch at or below it is a duplicate (acknowledged, not stored), one past the next is
  // OUT_OF_ORDER_SEQUENCE.
  std::map<std::pair<int64_t, int32_t>, int32_t> last_sequence;  // guarded by mu
  // PRODUCE_LOG bucket entries held at once, now and at most, per bucket.
  int held_now[kBuckets] = {};  // guarded by mu
  int held_max[kBuckets] = {};  // guarded by mu
  std::condition_variable held_cv;

 private:
  ::fluss::ByteBuffer api_versions() {
    proto::ApiVersionsResponse response;
    response.set_server_type(static_cast<int32_t>(::fluss::rpc::ServerType::kTabletServer));
    for (const ::fluss::rpc::ApiInfo& api : ::fluss::rpc::all_apis()) {
      if (api.visibility != ::fluss::rpc::ApiVisibility::kPublic || api.id() == withheld_api) {
        continue;
      }
      auto* version = response.add_api_versions();
      version->set_api_key(api.id());
      version->set_min_version(api.min_version);
      version->set_max_version(api.key == ::fluss::rpc::ApiKey::kPutKv ? put_kv_max_version.load()
                                                                       : api.max_version);
    }
    return to_buffer(response);
  }

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
    auto pk_schema = ::fluss::Schema::builder()
                         .column("shop_id", ::fluss::DataType::bigint())
                         .column("user_id", ::fluss::DataType::bigint())
                         .column("num_orders", ::fluss::DataType::int_())
                         .primary_key({"shop_id", "user_id"})
                         .build();
    auto pk_descriptor = ::fluss::TableDescriptor::builder()
                             .schema(*pk_schema)
                             .distributed_by(kPkBuckets, {"shop_id"})
                             .build();
    auto* pk = response.add_table_metadata();
    pk->mutable_table_path()->set_database_name("fluss");
    pk->mutable_table_path()->set_table_name("pk");
    pk->set_table_id(kPkTableId);
    pk->set_schema_id(0);
    pk->set_table_json(::fluss::to_json(*pk_descriptor));
    pk->set_created_time(1);
    pk->set_modified_time(1);
    for (int32_t b = 0; b < kPkBuckets; ++b) {
      auto* bucket = pk->add_bucket_metadata();
      bucket->set_bucket_id(b);
      bucket->set_leader_id(0);
    }
    return to_buffer(response);
  }

  // PUT_KV: keeps key -> stored value (schema id + row) per bucket.
  ::fluss::Result<::fluss::ByteBuffer> put_kv(const ::fluss::rpc::Request& request) {
    auto parsed = ::fluss::rpc::parse<proto::PutKvRequest>(request.payload.view(), "put_kv");
    if (!parsed.ok()) return parsed.status();
    proto::PutKvResponse response;
    std::lock_guard lock(mu);
    target_columns.assign(parsed->target_columns().begin(), parsed->target_columns().end());
    for (const auto& bucket : parsed->buckets_req()) {
      auto batch = ::fluss::KvRecordBatch::parse(::fluss::as_bytes(bucket.records()));
      if (!batch.ok()) return batch.status();
      FLUSS_RETURN_IF_ERROR(batch->ensure_valid());
      ::fluss::KvRecordReader reader(*batch);
      auto& kv = kvs[bucket.bucket_id()];
      while (true) {
        auto record = reader.next();
        if (!record.ok()) return record.status();
        if (!*record) break;
        std::string key(::fluss::as_string_view((*record)->key));
        if ((*record)->value) {
          ::fluss::ByteBuffer value;
          ::fluss::encode_value(::fluss::SchemaId(0), *(*record)->value, value);
          kv[key] = value.to_string();
        } else {
          kv.erase(key);
        }
      }
      auto* out = response.add_buckets_resp();
      out->set_bucket_id(bucket.bucket_id());
    }
    return to_buffer(response);
  }

  ::fluss::Result<::fluss::ByteBuffer> lookup(const ::fluss::rpc::Request& request) {
    auto parsed = ::fluss::rpc::parse<proto::LookupRequest>(request.payload.view(), "lookup");
    if (!parsed.ok()) return parsed.status();
    proto::LookupResponse response;
    std::lock_guard lock(mu);
    ++lookup_requests;
    for (const auto& bucket : parsed->buckets_req()) {
      auto* out = response.add_buckets_resp();
      out->set_bucket_id(bucket.bucket_id());
      for (const auto& key : bucket.keys()) {
        auto* value = out->add_values();
        auto it = kvs[bucket.bucket_id()].find(key);
        if (it != kvs[bucket.bucket_id()].end()) value->set_values(it->second);
      }
    }
    return to_buffer(response);
  }

  ::fluss::Result<::fluss::ByteBuffer> prefix_lookup(const ::fluss::rpc::Request& request) {
    auto parsed = ::fluss::rpc::parse<proto::PrefixLookupRequest>(request.payload.view(), "prefix");
    if (!parsed.ok()) return parsed.status();
    proto::PrefixLookupResponse response;
    std::lock_guard lock(mu);
    for (const auto& bucket : parsed->buckets_req()) {
      auto* out = response.add_buckets_resp();
      out->set_bucket_id(bucket.bucket_id());
      for (const auto& prefix : bucket.keys()) {
        auto* list = out->add_value_lists();
        for (const auto& [key, value] : kvs[bucket.bucket_id()]) {
          if (key.compare(0, prefix.size(), prefix) == 0) list->add_values(value);
        }
      }
    }
    return to_buffer(response);
  }

  ::fluss::Result<::fluss::ByteBuffer> limit_scan(const ::fluss::rpc::Request& request) {
    auto parsed = ::fluss::rpc::parse<proto::LimitScanRequest>(request.payload.view(), "scan");
    if (!parsed.ok()) return parsed.status();
    proto::LimitScanResponse response;
    std::lock_guard lock(mu);
    ::fluss::ValueRecordBatchBuilder builder;
    int32_t n = 0;
    for (const auto& [key, value] : kvs[parsed->bucket_id()]) {
      if (n++ >= parsed->limit()) break;
      FLUSS_RETURN_IF_ERROR(builder.append_value(::fluss::as_bytes(value)));
    }
    ::fluss::ByteBuffer bytes;
    builder.finish(bytes);
    response.set_is_log_table(false);
    response.set_records(bytes.to_string());
    return to_buffer(response);
  }

  ::fluss::Task<::fluss::Result<::fluss::ByteBuffer>> produce(::fluss::rpc::Request request) {
    ++produce_requests;
    auto parsed = ::fluss::rpc::parse<proto::ProduceLogRequest>(request.payload.view(), "produce");
    if (!parsed.ok()) co_return parsed.status();
    if (held_) {
      {
        std::lock_guard lock(mu);
        for (const auto& bucket : parsed->buckets_req()) {
          int b = bucket.bucket_id();
          held_max[b] = std::max(held_max[b], ++held_now[b]);
        }
      }
      held_cv.notify_all();
      co_await gate_.async_receive(::fluss::kNoThrow);
      std::lock_guard lock(mu);
      for (const auto& bucket : parsed->buckets_req()) --held_now[bucket.bucket_id()];
    }
    proto::ProduceLogResponse response;
    for (const auto& bucket : parsed->buckets_req()) {
      auto* out = response.add_buckets_resp();
      out->set_bucket_id(bucket.bucket_id());
      if (out_of_order_produce > 0) {
        --out_of_order_produce;
        ::fluss::rpc::set_error(
            *out, ::fluss::make_error(::fluss::ErrorCode::kOutOfOrderSequenceException, "gap"));
        continue;
      }
      if (unknown_writer_produce > 0) {
        --unknown_writer_produce;
        ::fluss::rpc::set_error(
            *out, ::fluss::make_error(::fluss::ErrorCode::kUnknownWriterIdException, "unknown"));
        continue;
      }
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
        if (!(*batch)->is_valid())
          co_return ::fluss::make_error(::fluss::ErrorCode::kCorruptMessage, "crc");
        if ((*batch)->writer_id() != ::fluss::kNoWriterId) {
          auto [it, fresh] =
              last_sequence.try_emplace({(*batch)->writer_id().value(), bucket.bucket_id()}, -1);
          int32_t sequence = (*batch)->batch_sequence().value();
          if (sequence <= it->second) break;  // a duplicate: acknowledged, not stored
          if (sequence != it->second + 1) {
            ::fluss::rpc::set_error(
                *out, ::fluss::make_error(::fluss::ErrorCode::kOutOfOrderSequenceException,
                                          "expected {} got {}", it->second + 1, sequence));
            break;
          }
          it->second = sequence;
        }
        writer_ids.push_back((*batch)->writer_id().value());
        sequences.push_back((*batch)->batch_sequence().value());
        auto decoded = ::fluss::decode_log_records(
            **batch, ::fluss::LogFormat::kArrow,
            {::fluss::DataType::int_().not_null(), ::fluss::DataType::string()});
        if (!decoded.ok()) co_return decoded.status();
        for (auto& record : *decoded) {
          rows.push_back(record.row);
          row_buckets.push_back(bucket.bucket_id());
        }
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
        if (flip_fetch_byte >= 0 && static_cast<size_t>(flip_fetch_byte) < records.size()) {
          records[static_cast<size_t>(flip_fetch_byte.load())] ^= 0x10;
        }
        if (truncate_fetch >= 0 && static_cast<size_t>(truncate_fetch) < records.size()) {
          records.resize(static_cast<size_t>(truncate_fetch.load()));
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
  EXPECT_EQ(server_.init_writer_tables, std::vector<std::string>{"fluss.logs"});
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

// Small batches, so that a few thousand rows make dozens of them per bucket.
Configuration small_batches(Configuration c, size_t max_in_flight) {
  c.writer_batch_size = 1024;
  c.writer_max_inflight_requests_per_bucket = max_in_flight;
  return c;
}

// With the server holding every request: waits until `n` bucket entries are held.
bool wait_until_held(FakeServer& server, int n) {
  std::unique_lock lock(server.mu);
  return server.held_cv.wait_for(lock, std::chrono::seconds(60), [&] {
    int held = 0;
    for (int count : server.held_now) held += count;
    return held >= n;
  });
}

TEST_F(WritePathTest, UpToMaxInflightRequestsPerBucketAreInFlightAtOnce) {
  connect(small_batches(config(), 3));
  server_.hold();
  constexpr int32_t kRows = 3000;
  for (int32_t id = 0; id < kRows; ++id) ASSERT_TRUE(writer_.Append(row(id)).Ok());
  ASSERT_TRUE(wait_until_held(server_, kBuckets * 3));
  server_.release();
  ASSERT_TRUE(writer_.Flush().Ok());
  std::lock_guard lock(server_.mu);
  for (int32_t b = 0; b < kBuckets; ++b) EXPECT_EQ(server_.held_max[b], 3) << "bucket " << b;
  EXPECT_EQ(server_.rows.size(), static_cast<size_t>(kRows));
  // The fake refuses sequence gaps, so every batch arrived in order, once.
  for (const auto& [writer_bucket, last] : server_.last_sequence) {
    EXPECT_EQ(writer_bucket.first, 1234);
    EXPECT_GE(last, 3);
  }
}

TEST_F(WritePathTest, ARetriableErrorResendsEveryLaterBatchOfTheBucketInOrder) {
  connect(small_batches(config(), 5));
  server_.hold();
  constexpr int32_t kRows = 3000;
  for (int32_t id = 0; id < kRows; ++id) ASSERT_TRUE(writer_.Append(row(id)).Ok());
  ASSERT_TRUE(wait_until_held(server_, kBuckets * 5));
  // The first bucket entry answered fails; the batches behind it in its bucket then reach
  // the server out of order, and are resent after it.
  server_.fail_next_produce = 1;
  server_.release();
  Result r = writer_.Flush();
  ASSERT_TRUE(r.Ok()) << r.error_message;
  std::lock_guard lock(server_.mu);
  ASSERT_EQ(server_.rows.size(), static_cast<size_t>(kRows));
  std::vector<int32_t> last_id(kBuckets, -1);
  std::set<int32_t> ids;
  for (size_t i = 0; i < server_.rows.size(); ++i) {
    int32_t id = std::get<int32_t>(server_.rows[i][0]);
    int32_t bucket = server_.row_buckets[i];
    EXPECT_GT(id, last_id[static_cast<size_t>(bucket)]) << "bucket " << bucket;
    last_id[static_cast<size_t>(bucket)] = id;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), static_cast<size_t>(kRows));
  EXPECT_EQ(server_.init_writer_requests.load(), 1);
}

// Fluss's IdempotenceManager: a batch that fails for good leaves the server's sequence for
// the writer unknown, so the writer takes a new writer id and restarts its sequences at 0.
TEST_F(WritePathTest, ABatchThatFailsForGoodResetsTheWriterIdAndLaterWritesSucceed) {
  connect(config());
  WriteResult first;
  ASSERT_TRUE(writer_.Append(row(0), first).Ok());
  ASSERT_TRUE(first.Wait().Ok());
  struct Case {
    std::atomic<int>* inject;
    int32_t code;
  };
  const Case cases[] = {
      {&server_.out_of_order_produce, ErrorCode::OUT_OF_ORDER_SEQUENCE_EXCEPTION},
      {&server_.unknown_writer_produce, ErrorCode::UNKNOWN_WRITER_ID_EXCEPTION},
      {&server_.fatal_produce, ErrorCode::RECORD_TOO_LARGE_EXCEPTION},
  };
  int32_t id = 1;
  int64_t writer_id = 1234;
  for (const Case& c : cases) {
    SCOPED_TRACE(ErrorCode::Name(c.code));
    *c.inject = 1;
    WriteResult lost;
    ASSERT_TRUE(writer_.Append(row(id++), lost).Ok());
    EXPECT_EQ(lost.Wait().error_code, c.code);
    EXPECT_EQ(writer_.Flush().error_code, c.code);
    WriteResult later;
    ASSERT_TRUE(writer_.Append(row(id++), later).Ok());
    Result r = later.Wait();
    ASSERT_TRUE(r.Ok()) << r.error_message;
    ++writer_id;
    std::lock_guard lock(server_.mu);
    EXPECT_EQ(server_.writer_ids.back(), writer_id);
    EXPECT_EQ(server_.sequences.back(), 0);
  }
  EXPECT_EQ(server_.init_writer_requests.load(), 4);
  std::lock_guard lock(server_.mu);
  EXPECT_EQ(server_.rows.size(), 4u);
}

// A reset while other batches are in flight: those of other buckets finish under the old writer
// id, those behind the failed batch in its bucket are stamped again under the new one; nothing
// but the failed batch is lost, nothing is written twice, and each bucket stays in order.
TEST_F(WritePathTest, AResetWithBatchesInFlightLosesOnlyTheFailedBatch) {
  connect(small_batches(config(), 5));
  server_.hold();
  constexpr int32_t kRows = 3000;
  for (int32_t id = 0; id < kRows; ++id) ASSERT_TRUE(writer_.Append(row(id)).Ok());
  ASSERT_TRUE(wait_until_held(server_, kBuckets * 5));
  server_.fatal_produce = 1;
  server_.release();
  EXPECT_EQ(writer_.Flush().error_code, ErrorCode::RECORD_TOO_LARGE_EXCEPTION);
  ASSERT_TRUE(writer_.Append(row(kRows)).Ok());
  ASSERT_TRUE(writer_.Flush().Ok());
  std::lock_guard lock(server_.mu);
  EXPECT_EQ(server_.init_writer_requests.load(), 2);
  std::set<int32_t> ids;
  std::vector<int32_t> last_id(kBuckets, -1);
  for (size_t i = 0; i < server_.rows.size(); ++i) {
    int32_t id = std::get<int32_t>(server_.rows[i][0]);
    auto bucket = static_cast<size_t>(server_.row_buckets[i]);
    EXPECT_GT(id, last_id[bucket]) << "bucket " << bucket;
    last_id[bucket] = id;
    EXPECT_TRUE(ids.insert(id).second) << "written twice: " << id;
  }
  // One batch of about 1 KiB is missing: fewer than 200 rows of this schema.
  EXPECT_LT(ids.size(), static_cast<size_t>(kRows) + 1);
  EXPECT_GT(ids.size(), static_cast<size_t>(kRows) + 1 - 200);
  EXPECT_EQ(ids.count(kRows), 1u);
  EXPECT_EQ(server_.writer_ids.back(), 1235);
}

// fluss-wire §1.4-1.5: API_VERSIONS is the first request on a connection, and calls the
// server does not serve fail locally with UNSUPPORTED_VERSION naming the API.
TEST_F(WritePathTest, EveryConnectionStartsWithApiVersions) {
  connect(config());
  EXPECT_EQ(server_.first_request_key.load(), static_cast<int>(::fluss::rpc::ApiKey::kApiVersions));
  EXPECT_GE(server_.api_versions_requests.load(), 1);
  ASSERT_TRUE(writer_.Append(row(1)).Ok());
  ASSERT_TRUE(writer_.Flush().Ok());
}

TEST_F(WritePathTest, AServerThatRefusesApiVersionsFailsTheConnection) {
  server_.refuse_api_versions = true;
  Connection connection;
  Result r = Connection::Create(config(), connection);
  EXPECT_EQ(r.error_code, ErrorCode::UNSUPPORTED_VERSION);
  EXPECT_NE(r.error_message.find("API_VERSIONS handshake with 127.0.0.1:"), std::string::npos)
      << r.error_message;
  EXPECT_EQ(server_.metadata_requests.load(), 0);
}

TEST_F(WritePathTest, AnApiTheServerDoesNotServeIsAClearError) {
  server_.withheld_api = static_cast<int>(::fluss::rpc::ApiKey::kProduceLog);
  connect(config());
  WriteResult result;
  ASSERT_TRUE(writer_.Append(row(1), result).Ok());
  Result r = result.Wait();
  EXPECT_EQ(r.error_code, ErrorCode::UNSUPPORTED_VERSION);
  EXPECT_NE(r.error_message.find("does not serve PRODUCE_LOG"), std::string::npos)
      << r.error_message;
  std::lock_guard lock(server_.mu);
  EXPECT_EQ(server_.produce_requests.load(), 0);  // refused before sending
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

TEST_F(WritePathTest, CorruptOrTruncatedFetchesAreErrorsOrNothingNeverACrash) {
  connect(config());
  ASSERT_TRUE(writer_.Append(row(1)).Ok());
  ASSERT_TRUE(writer_.Flush().Ok());
  int32_t bucket = 0;
  {
    std::lock_guard lock(server_.mu);
    if (server_.logs[0].empty()) bucket = 1;
  }
  // A flipped bit inside the CRC-covered bytes.
  server_.flip_fetch_byte = 60;
  LogScanner scanner;
  ASSERT_TRUE(table_.NewScan().CreateLogScanner(scanner).Ok());
  ASSERT_TRUE(scanner.Subscribe(bucket, EARLIEST_OFFSET).Ok());
  ScanRecords records;
  Result r = scanner.Poll(100, records);
  EXPECT_FALSE(r.Ok());
  EXPECT_EQ(r.error_code, ErrorCode::CORRUPT_RECORD_EXCEPTION) << r.error_message;
  EXPECT_NE(r.error_message.find("fluss.logs"), std::string::npos) << r.error_message;
  // A batch cut short is a partial batch: nothing yet, no error.
  server_.flip_fetch_byte = -1;
  for (int cut : {0, 5, 11, 30, 47, 60}) {
    server_.truncate_fetch = cut;
    LogScanner partial;
    ASSERT_TRUE(table_.NewScan().CreateLogScanner(partial).Ok());
    ASSERT_TRUE(partial.Subscribe(bucket, EARLIEST_OFFSET).Ok());
    r = partial.Poll(0, records);
    EXPECT_TRUE(r.Ok() || r.error_code == ErrorCode::CORRUPT_RECORD_EXCEPTION) << r.error_message;
    EXPECT_TRUE(records.IsEmpty());
  }
  server_.truncate_fetch = -1;
  LogScanner whole;
  ASSERT_TRUE(table_.NewScan().CreateLogScanner(whole).Ok());
  ASSERT_TRUE(whole.Subscribe(bucket, EARLIEST_OFFSET).Ok());
  EXPECT_EQ(poll_records(whole, 1).size(), 1u);
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

class PrimaryKeyTableTest : public WritePathTest {
 protected:
  void SetUp() override {
    connect(config());
    ASSERT_TRUE(connection_.GetTable(TablePath("fluss", "pk"), pk_).Ok());
    ASSERT_TRUE(pk_.NewUpsert().CreateWriter(upsert_).Ok());
    ASSERT_TRUE(pk_.NewLookup().CreateLookuper(lookuper_).Ok());
  }
  GenericRow order(int64_t shop, int64_t user, int32_t orders) {
    GenericRow r = pk_.NewRow();
    r.Set("shop_id", shop);
    r.Set("user_id", user);
    r.Set("num_orders", orders);
    return r;
  }
  LookupResult find(int64_t shop, int64_t user) {
    GenericRow key(2);  // the key columns only, in primary-key order
    key.SetInt64(0, shop);
    key.SetInt64(1, user);
    LookupResult result;
    Result r = lookuper_.Lookup(key, result);
    EXPECT_TRUE(r.Ok()) << r.error_message;
    return result;
  }

  Table pk_;
  UpsertWriter upsert_;
  Lookuper lookuper_;
};

TEST_F(PrimaryKeyTableTest, QuickstartUpsertThenLookup) {
  WriteResult ack;
  ASSERT_TRUE(upsert_.Upsert(order(1234, 1234, 1), ack).Ok());
  ASSERT_TRUE(ack.Wait().Ok());
  LookupResult found = find(1234, 1234);
  ASSERT_TRUE(found.Found());
  EXPECT_EQ(found.GetInt64("shop_id"), 1234);
  EXPECT_EQ(found.GetInt32("num_orders"), 1);
  EXPECT_FALSE(find(1234, 1).Found());

  ASSERT_TRUE(upsert_.Upsert(order(1234, 1234, 2)).Ok());
  ASSERT_TRUE(upsert_.Flush().Ok());
  EXPECT_EQ(find(1234, 1234).GetInt32(2), 2);

  GenericRow key = pk_.NewRow();  // a full-width row works as a key too
  key.Set("shop_id", int64_t{1234});
  key.Set("user_id", int64_t{1234});
  ASSERT_TRUE(upsert_.Delete(key, ack).Ok());
  ASSERT_TRUE(ack.Wait().Ok());
  EXPECT_FALSE(find(1234, 1234).Found());

  GenericRow null_key = pk_.NewRow();
  null_key.Set("shop_id", int64_t{1});
  EXPECT_EQ(upsert_.Upsert(null_key).error_code, ErrorCode::CLIENT_ERROR);
}

TEST_F(PrimaryKeyTableTest, PartialUpdatesSendTheirTargetColumns) {
  UpsertWriter partial;
  ASSERT_TRUE(pk_.NewUpsert()
                  .PartialUpdateByName({"num_orders", "shop_id", "user_id"})
                  .CreateWriter(partial)
                  .Ok());
  GenericRow r = pk_.NewRow();
  r.Set("shop_id", int64_t{5});
  r.Set("user_id", int64_t{6});
  r.Set("num_orders", 7);
  ASSERT_TRUE(partial.Upsert(r).Ok());
  ASSERT_TRUE(partial.Flush().Ok());
  {
    std::lock_guard lock(server_.mu);
    EXPECT_EQ(server_.target_columns, (std::vector<int32_t>{0, 1, 2}));
  }
  UpsertWriter bad;
  EXPECT_EQ(pk_.NewUpsert().PartialUpdateByName({"nope"}).CreateWriter(bad).error_code,
            ErrorCode::CLIENT_ERROR);
}

TEST_F(PrimaryKeyTableTest, AServerWithoutTheNeededApiVersionIsAClearError) {
  server_.put_kv_max_version = 1;  // PUT_KV v2 is what this client speaks
  connection_ = Connection();      // a fresh connection, so a fresh handshake
  Configuration c = config();
  ASSERT_TRUE(Connection::Create(c, connection_).Ok());
  Table pk;
  ASSERT_TRUE(connection_.GetTable(TablePath("fluss", "pk"), pk).Ok());
  UpsertWriter writer;
  ASSERT_TRUE(pk.NewUpsert().CreateWriter(writer).Ok());
  GenericRow r = pk.NewRow();
  r.Set("shop_id", int64_t{1});
  r.Set("user_id", int64_t{2});
  r.Set("num_orders", 3);
  WriteResult ack;
  ASSERT_TRUE(writer.Upsert(r, ack).Ok());
  Result result = ack.Wait();
  EXPECT_EQ(result.error_code, ErrorCode::UNSUPPORTED_VERSION);
  EXPECT_NE(result.error_message.find("serves PUT_KV versions [0, 1]"), std::string::npos)
      << result.error_message;
}

TEST_F(PrimaryKeyTableTest, LookupBatchPrefixLookupAndCurrentContent) {
  ASSERT_TRUE(upsert_.Upsert(order(1, 1, 10)).Ok());
  ASSERT_TRUE(upsert_.Upsert(order(1, 2, 20)).Ok());
  ASSERT_TRUE(upsert_.Upsert(order(2, 1, 30)).Ok());
  ASSERT_TRUE(upsert_.Flush().Ok());

  std::vector<GenericRow> keys;
  for (auto [shop, user] : {std::pair{1, 1}, {1, 2}, {3, 3}, {2, 1}}) {
    GenericRow key(2);
    key.SetInt64(0, shop);
    key.SetInt64(1, user);
    keys.push_back(std::move(key));
  }
  std::vector<const GenericRow*> pointers;
  for (const auto& key : keys) pointers.push_back(&key);
  std::vector<LookupResult> results;
  ASSERT_TRUE(lookuper_.LookupBatch(pointers, results).Ok());
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[0].GetInt32(2), 10);
  EXPECT_EQ(results[1].GetInt32(2), 20);
  EXPECT_FALSE(results[2].Found());
  EXPECT_EQ(results[3].GetInt32(2), 30);

  PrefixLookuper prefix;
  ASSERT_TRUE(pk_.NewPrefixLookup({"shop_id"}, prefix).Ok());
  GenericRow shop(1);
  shop.SetInt64(0, 1);
  PrefixLookupResult rows;
  ASSERT_TRUE(prefix.PrefixLookup(shop, rows).Ok());
  ASSERT_EQ(rows.Size(), 2u);
  EXPECT_EQ(rows.GetRow(0).GetInt32("num_orders") + rows.GetRow(1).GetInt32("num_orders"), 30);
  EXPECT_THROW(rows.GetRow(2), std::out_of_range);
  PrefixLookuper wrong;
  EXPECT_EQ(pk_.NewPrefixLookup({"user_id"}, wrong).error_code, ErrorCode::CLIENT_ERROR);

  BatchScanner scanner;
  ASSERT_TRUE(pk_.NewScan().ProjectByName({"num_orders"}).CreateBatchScanner(scanner).Ok());
  std::vector<RowView> content;
  ASSERT_TRUE(scanner.CollectAllRows(content).Ok());
  ASSERT_EQ(content.size(), 3u);
  int32_t sum = 0;
  for (const RowView& row : content) {
    EXPECT_EQ(row.FieldCount(), 1u);
    sum += row.GetInt32(0);
  }
  EXPECT_EQ(sum, 60);
  BatchScanner one;
  EXPECT_EQ(pk_.NewScan().CreateBucketBatchScanner(TableBucket(kPkTableId, 0), one).error_code,
            ErrorCode::CLIENT_ERROR);  // needs Limit
}

TEST_F(PrimaryKeyTableTest, ConcurrentLookupsFromManyThreadsAllAnswer) {
  for (int64_t i = 0; i < 20; ++i)
    ASSERT_TRUE(upsert_.Upsert(order(i, i, static_cast<int32_t>(i))).Ok());
  ASSERT_TRUE(upsert_.Flush().Ok());
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int64_t i = 0; i < 20; ++i) {
        int64_t k = (i + t) % 25;  // keys 20..24 are absent
        LookupResult result = find(k, k);
        bool ok = k < 20 ? result.Found() && result.GetInt32(2) == k : !result.Found();
        if (!ok) ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
  std::lock_guard lock(server_.mu);
  EXPECT_LE(server_.lookup_requests, 8 * 20);
}

}  // namespace
}  // namespace fluss::client
