// SPDX-License-Identifier: Apache-2.0
#pragma once

// Helpers of the server/local tests: a small RPC caller over our client
// connection (the in-process tests; the raw-socket tests build frames by hand),
// request builders, and batches built with the record/ builders.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/io_context_pool.h"
#include "model/json_serde.h"
#include "model/table_descriptor.h"
#include "record/generic_row.h"
#include "record/log_record_batch.h"
#include "record/memory_log_records_builder.h"
#include "rpc/protocol/api_keys.h"
#include "rpc/protocol/fluss_api.pb.h"
#include "rpc/protocol/request_decoder.h"
#include "rpc/rpc_client.h"
#include "test_utils/run_sync.h"
#include "test_utils/status_matchers.h"

namespace fluss::server::test {

namespace proto = ::fluss::rpc::proto;
using fluss::test::value_or_throw;

// Calls servers on 127.0.0.1 with our ServerConnection, one connection per port.
class RpcCaller {
 public:
  RpcCaller() : pool_(1, "client") {}
  ~RpcCaller() {
    for (auto& [port, connection] : connections_) connection->close();
    connections_.clear();
    pool_.stop();
  }

  // The raw response payload or the ERROR_RESPONSE's status.
  Result<ByteBuffer> call_raw(uint16_t port, rpc::ApiKey key, int16_t version, ByteBuffer payload) {
    std::shared_ptr<rpc::ServerConnection>& connection = connections_[port];
    if (connection == nullptr || !connection->is_connected()) {
      FLUSS_ASSIGN_OR_RETURN(
          connection, fluss::test::run_on(pool_.at(0).get_executor(),
                                          rpc::ServerConnection::connect(pool_.at(0).get_executor(),
                                                                         "127.0.0.1", port)));
    }
    return fluss::test::run_on(
        pool_.at(0).get_executor(),
        connection->call(static_cast<int16_t>(key), version, std::move(payload)));
  }

  template <typename Response, typename Request>
  Result<Response> call(uint16_t port, rpc::ApiKey key, const Request& request,
                        int16_t version = 0) {
    ByteBuffer payload;
    FLUSS_RETURN_IF_ERROR(rpc::serialize_message(request, payload));
    FLUSS_ASSIGN_OR_RETURN(ByteBuffer response, call_raw(port, key, version, std::move(payload)));
    return rpc::parse<Response>(response.view(), "response");
  }

 private:
  IoContextPool pool_;
  std::map<uint16_t, std::shared_ptr<rpc::ServerConnection>> connections_;
};

inline proto::PbTablePath pb_path(const std::string& db, const std::string& table) {
  proto::PbTablePath path;
  path.set_database_name(db);
  path.set_table_name(table);
  return path;
}

inline proto::ApiVersionsRequest api_versions_request() {
  proto::ApiVersionsRequest request;
  request.set_client_software_name("fluss");
  request.set_client_software_version("0.1.0");
  return request;
}

inline proto::CreateDatabaseRequest create_database_request(const std::string& db) {
  proto::CreateDatabaseRequest request;
  request.set_database_name(db);
  request.set_ignore_if_exists(false);
  return request;
}

// A log table (a INT, b STRING) or, with `primary_key`, a primary-key table on a.
inline proto::CreateTableRequest create_table_request(const std::string& db,
                                                      const std::string& table, int32_t buckets,
                                                      bool primary_key = false) {
  auto schema = Schema::builder().column("a", DataType::int_()).column("b", DataType::string());
  if (primary_key) schema.primary_key({"a"});
  auto builder = TableDescriptor::builder();
  builder.schema(value_or_throw(schema.build())).distributed_by(buckets);
  proto::CreateTableRequest request;
  *request.mutable_table_path() = pb_path(db, table);
  request.set_table_json(to_json(value_or_throw(builder.build())));
  request.set_ignore_if_exists(false);
  return request;
}

inline RowType log_row_type() {
  return value_or_throw(Schema::builder()
                            .column("a", DataType::int_())
                            .column("b", DataType::string())
                            .build())
      .row_type();
}

// An ARROW log batch of rows (a, "v<a>") for a in [first, first + count).
inline std::string arrow_batch(int32_t first, int32_t count) {
  MemoryLogRecordsBuilder builder({.format = LogFormat::kArrow, .schema_id = SchemaId(1)},
                                  log_row_type(),
                                  ArrowCompression{.type = ArrowCompressionType::kNone});
  for (int32_t a = first; a < first + count; ++a) {
    Status s = builder.append(ChangeType::kAppendOnly,
                              GenericRow(std::vector<Datum>{a, "v" + std::to_string(a)}));
    if (!s.ok()) throw std::runtime_error(s.to_string());
  }
  ByteBuffer out;
  if (Status s = builder.finish(out); !s.ok()) throw std::runtime_error(s.to_string());
  return out.to_string();
}

inline int record_count(const std::string& records) {
  int n = 0;
  LogRecords batches(as_bytes(std::string_view(records)));
  while (auto batch = value_or_throw(batches.next_batch())) n += batch->record_count();
  return n;
}

inline proto::ProduceLogRequest produce_request(int64_t table_id, int32_t bucket,
                                                std::string records, int32_t acks = -1) {
  proto::ProduceLogRequest request;
  request.set_acks(acks);
  request.set_table_id(table_id);
  request.set_timeout_ms(30000);
  proto::PbProduceLogReqForBucket& b = *request.add_buckets_req();
  b.set_bucket_id(bucket);
  b.set_records(std::move(records));
  return request;
}

inline proto::FetchLogRequest fetch_request(int64_t table_id, int32_t bucket, int64_t offset) {
  proto::FetchLogRequest request;
  request.set_follower_server_id(-1);
  request.set_max_bytes(16 << 20);
  proto::PbFetchLogReqForTable& t = *request.add_tables_req();
  t.set_table_id(table_id);
  t.set_projection_pushdown_enabled(false);
  proto::PbFetchLogReqForBucket& b = *t.add_buckets_req();
  b.set_bucket_id(bucket);
  b.set_fetch_offset(offset);
  b.set_max_fetch_bytes(8 << 20);
  return request;
}

inline proto::GetTableInfoRequest table_info_request(const std::string& db,
                                                     const std::string& table) {
  proto::GetTableInfoRequest request;
  *request.mutable_table_path() = pb_path(db, table);
  return request;
}

}  // namespace fluss::server::test
