// SPDX-License-Identifier: Apache-2.0
// TableScan, LogScanner (FETCH_LOG) and BatchScanner (LIMIT_SCAN) (fluss/table.h).
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <future>
#include <map>
#include <thread>

#include "connection_impl.h"
#include "fluss/table.h"
#include "handle_macros.h"
#include "record/arrow/arrow_c_data.h"
#include "record/log_record_batch.h"
#include "record/row/row_codec.h"
#include "record/value_record_batch.h"
#include "record_decoding.h"
#include "row_internal.h"
#include "rpc/protocol/errors.h"
#include "rpc/protocol/fluss_api.pb.h"
#include "table_impl.h"
#include "type_conversion.h"

namespace fluss::client {

namespace proto = ::fluss::rpc::proto;
using detail::client_error;
using detail::to_result;
using ::fluss::rpc::ApiKey;

namespace detail {

// The columns a scan returns: all, or a projection in the user's order.
struct Projection {
  std::optional<std::vector<int>> columns;  // schema positions, user order
  std::shared_ptr<const ColumnMap> out;     // names and types of the returned rows

  static ::fluss::Result<Projection> make(const TableImpl& t,
                                          const std::optional<std::vector<size_t>>& indexes,
                                          const std::optional<std::vector<std::string>>& names) {
    Projection p;
    if (!indexes && !names) {
      p.out = t.columns;
      return p;
    }
    std::vector<int> columns;
    if (names) {
      FLUSS_ASSIGN_OR_RETURN(columns, t.indexes_of(*names));
    }
    if (indexes) {
      for (size_t i : *indexes) {
        if (i >= t.columns->names.size()) {
          return ::fluss::make_error(::fluss::ErrorCode::kInvalidColumnProjection,
                                     "table '{}' has no column {}", t.info.table_path.ToString(),
                                     i);
        }
        columns.push_back(static_cast<int>(i));
      }
    }
    std::vector<std::string> out_names;
    ::fluss::RowType out_types;
    for (int c : columns) {
      out_names.push_back(t.columns->names[static_cast<size_t>(c)]);
      out_types.push_back(t.row_type[static_cast<size_t>(c)]);
    }
    p.columns = std::move(columns);
    p.out = ColumnMap::make(std::move(out_names), std::move(out_types));
    return p;
  }

  // Sorted, distinct schema positions (what FETCH_LOG pushdown wants).
  std::vector<int> pushdown() const {
    std::vector<int> sorted = *columns;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    return sorted;
  }

  // A full row (or a row of the pushed-down columns when `pushed`) in the output order.
  ::fluss::GenericRow apply(::fluss::GenericRow row, bool pushed) const {
    if (!columns) return row;
    std::vector<int> sorted = pushed ? pushdown() : std::vector<int>{};
    ::fluss::GenericRow out(columns->size());
    for (size_t i = 0; i < columns->size(); ++i) {
      int c = (*columns)[i];
      size_t from = static_cast<size_t>(c);
      if (pushed) {
        from =
            static_cast<size_t>(std::lower_bound(sorted.begin(), sorted.end(), c) - sorted.begin());
      }
      if (from < row.arity()) out.set(i, row[from]);
    }
    return out;
  }
};

struct LogScannerImpl {
  std::shared_ptr<TableImpl> table;
  Projection projection;
  // (partition id or -1, bucket) -> next offset to fetch.
  std::map<std::pair<int64_t, int32_t>, int64_t> offsets;

  bool pushdown() const {
    return projection.columns.has_value() && table->log_format == ::fluss::LogFormat::kArrow;
  }
  Result subscribe(int64_t partition_id, int32_t bucket, std::optional<int64_t> offset,
                   std::optional<OffsetSpec> spec);
  Result poll(int64_t timeout_ms, ScanRecords& out);
  Result poll_batches(int64_t timeout_ms, ArrowRecordBatches& out);

  using BucketKey = std::pair<int64_t, int32_t>;  // (partition id or -1, bucket)
  // Takes what it wants of the records fetched for a bucket at `offset` and moves `offset`
  // past it.
  using Consumer =
      std::function<Result(const BucketKey&, ::fluss::ByteView records, int64_t& offset)>;
  // FETCH_LOG rounds to the leaders of the subscribed buckets until `enough` says so or
  // timeout_ms passed; the records of each bucket go to `consume`. Retriable errors refresh
  // the leaders and retry.
  Result fetch(int64_t timeout_ms, const Consumer& consume, const std::function<bool()>& enough);
  // The row type of what the server sends: the table's, or the pushed-down columns.
  ::fluss::RowType fetched_row_type() const;
  // A CLIENT_ERROR unless the table can be read as Arrow batches.
  Result check_batch_mode() const;
};

namespace {

// The offset an OffsetSpec names for one bucket, from its leader.
::fluss::Result<int64_t> resolve_offset(TableImpl& t, int64_t partition_id, int32_t bucket,
                                        const OffsetSpec& spec) {
  constexpr int kAttempts = 50;  // about a second: leaders of a new table may lag
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    auto leader = t.conn->leader(t.path, partition_id, bucket, attempt > 0);
    if (!leader.ok()) {
      if (!leader.status().is_retriable() || attempt + 1 == kAttempts) return leader.status();
      continue;
    }
    proto::ListOffsetsRequest request;
    request.set_follower_server_id(-1);
    request.set_offset_type(static_cast<int32_t>(spec.type));
    request.set_table_id(t.table_id());
    if (partition_id >= 0) request.set_partition_id(partition_id);
    request.add_bucket_id(bucket);
    if (spec.type == OffsetType::Timestamp) request.set_starttimestamp(spec.timestamp);
    auto response =
        t.conn->call<proto::ListOffsetsResponse>(*leader, ApiKey::kListOffsets, 0, request);
    ::fluss::Status status = response.status();
    if (status.ok()) {
      for (const auto& b : response->buckets_resp()) {
        if (b.bucket_id() != bucket) continue;
        status = ::fluss::rpc::error_of(b);
        if (status.ok()) return b.offset();
      }
      if (status.ok()) {
        status = ::fluss::make_error(::fluss::ErrorCode::kUnknownServerError,
                                     "LIST_OFFSETS did not answer for the bucket");
      }
    }
    if (!status.is_retriable() || attempt + 1 == kAttempts) {
      return status.with_context(
          fmt::format("offsets of bucket {} of table '{}'", bucket, t.info.table_path.ToString()));
    }
    t.conn->invalidate_leaders(t.path);
  }
  return ::fluss::make_error(::fluss::ErrorCode::kUnknownServerError, "unreachable");
}

}  // namespace

Result LogScannerImpl::subscribe(int64_t partition_id, int32_t bucket,
                                 std::optional<int64_t> offset, std::optional<OffsetSpec> spec) {
  if (partition_id < 0 && table->partitioned()) {
    return client_error(fmt::format("table '{}' is partitioned: use SubscribePartitionBuckets",
                                    table->info.table_path.ToString()));
  }
  if (partition_id >= 0 && !table->partitioned()) {
    return Result::Error(
        ErrorCode::TABLE_NOT_PARTITIONED_EXCEPTION,
        fmt::format("table '{}' is not partitioned", table->info.table_path.ToString()));
  }
  if (bucket < 0 || bucket >= table->num_buckets()) {
    return Result::Error(
        ErrorCode::UNKNOWN_TABLE_OR_BUCKET_EXCEPTION,
        fmt::format("table '{}' has no bucket {}", table->info.table_path.ToString(), bucket));
  }
  if (offset && *offset == EARLIEST_OFFSET) spec = OffsetSpec::Earliest();
  if (offset && *offset == LATEST_OFFSET) spec = OffsetSpec::Latest();
  int64_t start = offset.value_or(0);
  if (spec) {
    auto resolved = resolve_offset(*table, partition_id, bucket, *spec);
    if (!resolved.ok()) return to_result(resolved.status());
    start = *resolved;
  } else if (start < 0) {
    return client_error(fmt::format("bad start offset {} for bucket {}", start, bucket));
  }
  offsets[{partition_id, bucket}] = start;
  return Result::Success();
}

::fluss::RowType LogScannerImpl::fetched_row_type() const {
  if (!pushdown()) return table->row_type;
  ::fluss::RowType types;
  for (int c : projection.pushdown()) types.push_back(table->row_type[static_cast<size_t>(c)]);
  return types;
}

Result LogScannerImpl::fetch(int64_t timeout_ms, const Consumer& consume,
                             const std::function<bool()>& enough) {
  const Configuration& config = table->conn->config();
  auto deadline =
      ::fluss::Clock::now() + std::chrono::milliseconds(std::max<int64_t>(timeout_ms, 0));
  bool refresh = false;
  while (true) {
    auto remaining =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - ::fluss::Clock::now())
            .count();
    // Group the buckets by leader.
    std::map<int32_t, std::pair<Endpoint, std::vector<BucketKey>>> plan;
    for (const auto& [id, offset] : offsets) {
      auto leader = table->conn->leader(table->path, id.first, id.second, refresh);
      if (!leader.ok()) {
        Result r = to_result(leader.status());
        if (!r.IsRetriable()) return r;
        continue;
      }
      auto& entry = plan[leader->id];
      entry.first = *leader;
      entry.second.push_back(id);
    }
    refresh = false;
    std::vector<
        std::pair<std::future<::fluss::Result<::fluss::ByteBuffer>>, std::vector<BucketKey>>>
        pending;
    for (auto& [leader_id, entry] : plan) {
      proto::FetchLogRequest request;
      request.set_follower_server_id(-1);
      request.set_max_bytes(config.scanner_log_fetch_max_bytes);
      request.set_min_bytes(config.scanner_log_fetch_min_bytes);
      request.set_max_wait_ms(static_cast<int32_t>(std::clamp<int64_t>(
          std::min<int64_t>(remaining, config.scanner_log_fetch_wait_max_time_ms), 0, INT32_MAX)));
      auto* t = request.add_tables_req();
      t->set_table_id(table->table_id());
      t->set_projection_pushdown_enabled(pushdown());
      if (pushdown()) {
        for (int c : projection.pushdown()) t->add_projected_fields(c);
      }
      for (const auto& id : entry.second) {
        auto* b = t->add_buckets_req();
        if (id.first >= 0) b->set_partition_id(id.first);
        b->set_bucket_id(id.second);
        b->set_fetch_offset(offsets[id]);
        b->set_max_fetch_bytes(config.scanner_log_fetch_max_bytes_for_bucket);
      }
      auto promise = std::make_shared<std::promise<::fluss::Result<::fluss::ByteBuffer>>>();
      pending.emplace_back(promise->get_future(), entry.second);
      table->conn->call_async(entry.first, ApiKey::kFetchLog, 0, request,
                              [promise](::fluss::Result<::fluss::ByteBuffer> response) {
                                promise->set_value(std::move(response));
                              });
    }
    for (auto& [future, ids] : pending) {
      auto payload = future.get();
      if (!payload.ok()) {
        Result r = to_result(payload.status());
        if (!r.IsRetriable()) return r;
        refresh = true;
        continue;
      }
      auto response =
          ::fluss::rpc::parse<proto::FetchLogResponse>(payload->view(), "FETCH_LOG response");
      if (!response.ok()) return to_result(response.status());
      for (const auto& table_resp : response->tables_resp()) {
        for (const auto& b : table_resp.buckets_resp()) {
          BucketKey id{b.has_partition_id() ? b.partition_id() : -1, b.bucket_id()};
          auto offset_it = offsets.find(id);
          if (offset_it == offsets.end()) continue;
          ::fluss::Status status = ::fluss::rpc::error_of(b);
          if (!status.ok()) {
            Result r = to_result(status.with_context(
                fmt::format("table '{}' bucket {}", table->info.table_path.ToString(), id.second)));
            if (!r.IsRetriable()) return r;
            refresh = true;
            continue;
          }
          if (!b.has_records()) continue;
          Result r = consume(id, ::fluss::as_bytes(b.records()), offset_it->second);
          if (!r.Ok()) return r;
        }
      }
    }
    if (refresh) table->conn->invalidate_leaders(table->path);
    if (enough() || ::fluss::Clock::now() >= deadline) return Result::Success();
    if (plan.empty() || refresh) {
      // Nothing to ask (no leader yet) or a retriable error: back off a little.
      std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(
          std::chrono::milliseconds(50),
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - ::fluss::Clock::now())));
    }
  }
}

Result LogScannerImpl::poll(int64_t timeout_ms, ScanRecords& out) {
  out = ScanRecords();
  if (offsets.empty()) return Result::Success();
  const Configuration& config = table->conn->config();
  const ::fluss::RowType decode_type = fetched_row_type();
  size_t budget = std::max<size_t>(config.scanner_log_max_poll_records, 1);
  auto consume = [&](const BucketKey& id, ::fluss::ByteView bytes, int64_t& offset) -> Result {
    if (budget == 0) return Result::Success();
    std::vector<::fluss::LogRecord> records;
    int64_t next = offset;
    ::fluss::Status decoded =
        decode_fetched_log(table->log_format, bytes, decode_type, offset,
                           config.scanner_log_check_crc && !pushdown(), records, &next);
    if (!decoded.ok()) {
      return to_result(decoded.with_context(
          fmt::format("table '{}' bucket {}", table->info.table_path.ToString(), id.second)));
    }
    if (records.size() > budget) {
      records.resize(budget);
      next = records.back().offset.value() + 1;
    }
    budget -= records.size();
    offset = std::max(offset, next);
    if (records.empty()) return Result::Success();
    auto set = std::make_shared<RowSet>();
    set->columns = projection.out;
    std::vector<ScanRecord> scan_records;
    for (auto& record : records) {
      set->rows.push_back(projection.apply(std::move(record.row), pushdown()));
    }
    for (size_t i = 0; i < records.size(); ++i) {
      scan_records.push_back(ScanRecord{records[i].offset.value(), records[i].timestamp,
                                        static_cast<ChangeType>(records[i].change_type),
                                        RowAccess::view(set, i)});
    }
    RowAccess::add_bucket(
        out,
        TableBucket(table->table_id(), id.second,
                    id.first >= 0 ? std::optional<int64_t>(id.first) : std::nullopt),
        std::move(scan_records));
    return Result::Success();
  };
  return fetch(timeout_ms, consume, [&] { return !out.IsEmpty(); });
}

Result LogScannerImpl::check_batch_mode() const {
  if (table->info.has_primary_key) {
    return client_error(fmt::format(
        "table '{}' has a primary key: Arrow record batches read log tables only (a changelog "
        "carries change types)",
        table->info.table_path.ToString()));
  }
  if (table->log_format != ::fluss::LogFormat::kArrow) {
    return client_error(fmt::format("table '{}' has log format {}: Arrow record batches need ARROW",
                                    table->info.table_path.ToString(),
                                    ::fluss::to_string(table->log_format)));
  }
  return Result::Success();
}

namespace {

// Both structs of one exported batch, released at scope exit unless consumed.
struct CBatch {
  ArrowSchema schema{};
  ArrowArray array{};
  CBatch() = default;
  CBatch(const CBatch&) = delete;
  CBatch& operator=(const CBatch&) = delete;
  ~CBatch() {
    if (array.release != nullptr) array.release(&array);
    if (schema.release != nullptr) schema.release(&schema);
  }
};

std::vector<::fluss::DataField> fields_of(const ColumnMap& columns) {
  std::vector<::fluss::DataField> fields;
  for (size_t i = 0; i < columns.names.size(); ++i) {
    fields.push_back(::fluss::DataField{columns.names[i], columns.types[i], std::nullopt, -1});
  }
  return fields;
}

}  // namespace

Result LogScannerImpl::poll_batches(int64_t timeout_ms, ArrowRecordBatches& out) {
  out.batches.clear();
  if (Result r = check_batch_mode(); !r.Ok()) return r;
  if (offsets.empty()) return Result::Success();
  const Configuration& config = table->conn->config();
  // The columns of the fetched messages (schema order) and of the batches handed out (scan
  // order), and where each of the latter is in the former.
  std::vector<int> fetched_columns;
  if (pushdown()) {
    fetched_columns = projection.pushdown();
  } else {
    for (size_t c = 0; c < table->row_type.size(); ++c)
      fetched_columns.push_back(static_cast<int>(c));
  }
  std::vector<::fluss::DataField> fetched_fields;
  for (int c : fetched_columns) {
    fetched_fields.push_back(::fluss::DataField{table->columns->names[static_cast<size_t>(c)],
                                                table->row_type[static_cast<size_t>(c)],
                                                std::nullopt, -1});
  }
  const std::vector<::fluss::DataField> out_fields = fields_of(*projection.out);
  std::vector<size_t> order;
  for (size_t i = 0; i < out_fields.size(); ++i) {
    const int c = projection.columns ? (*projection.columns)[i] : static_cast<int>(i);
    order.push_back(
        static_cast<size_t>(std::lower_bound(fetched_columns.begin(), fetched_columns.end(), c) -
                            fetched_columns.begin()));
  }
  bool reordered = order.size() != fetched_columns.size();
  for (size_t i = 0; i < order.size() && !reordered; ++i) reordered = order[i] != i;
  const bool check_crc = config.scanner_log_check_crc && !pushdown();
  const ::fluss::RowType fetched_type = fetched_row_type();
  int64_t budget = static_cast<int64_t>(std::max<size_t>(config.scanner_log_max_poll_records, 1));

  auto consume = [&](const BucketKey& id, ::fluss::ByteView bytes, int64_t& offset) -> Result {
    const std::string context =
        fmt::format("table '{}' bucket {}", table->info.table_path.ToString(), id.second);
    ::fluss::LogRecords records(bytes);
    while (budget > 0) {
      auto next = records.next_batch();
      if (!next.ok()) return to_result(next.status().with_context(context));
      if (!next->has_value()) break;
      const ::fluss::LogRecordBatch& batch = **next;
      if (check_crc) {
        if (::fluss::Status s = batch.ensure_valid(); !s.ok()) {
          return to_result(s.with_context(context));
        }
      }
      const int64_t base = batch.base_offset().value();
      const int64_t count = batch.record_count();
      const int64_t end = batch.next_offset().value();
      const int64_t skip = std::max<int64_t>(offset - base, 0);
      if (end <= offset || count <= 0 || skip >= count) {
        offset = std::max(offset, end);
        continue;
      }
      auto arrow = batch.arrow_records();
      if (!arrow.ok()) return to_result(arrow.status().with_context(context));
      // Every byte of the message is checked; the rows before `offset` and a scan order other
      // than the schema's take a re-encoding of the batch.
      auto checked_rows = ::fluss::check_arrow_batch(fetched_type, arrow->arrow_message);
      if (!checked_rows.ok()) return to_result(checked_rows.status().with_context(context));
      if (*checked_rows != count) {
        return to_result(::fluss::make_error(
            ::fluss::ErrorCode::kCorruptRecordException,
            "{}: log batch at offset {} has RecordCount {} but its Arrow message {} rows", context,
            base, count, *checked_rows));
      }
      auto result = std::make_unique<ArrowRecordBatch>();
      if (skip == 0 && !reordered) {
        result->ipc_message_ = std::string(::fluss::as_string_view(arrow->arrow_message));
      } else {
        CBatch c;
        ::fluss::Status exported =
            ::fluss::export_arrow_c_data(fetched_fields, arrow->arrow_message, &c.schema, &c.array);
        if (!exported.ok()) return to_result(exported.with_context(context));
        std::vector<ArrowArray*> arrays;
        std::vector<ArrowSchema*> schemas;
        for (size_t i : order) {
          arrays.push_back(c.array.children[i]);
          schemas.push_back(c.schema.children[i]);
        }
        // Our export releases through its private data, never through these pointers.
        c.array.children = arrays.data();
        c.array.n_children = static_cast<int64_t>(arrays.size());
        c.schema.children = schemas.data();
        c.schema.n_children = static_cast<int64_t>(schemas.size());
        c.array.offset = skip;
        c.array.length = count - skip;
        ::fluss::ByteBuffer message;
        int64_t rows = 0;
        ::fluss::Status imported = ::fluss::import_arrow_c_data(
            out_fields, &c.schema, &c.array,
            ::fluss::ArrowCompression{.type = ::fluss::ArrowCompressionType::kNone}, message, rows);
        if (!imported.ok()) {
          return to_result(::fluss::make_error(::fluss::ErrorCode::kCorruptMessage, "{}: {}",
                                               context, imported.message()));
        }
        result->ipc_message_ = message.to_string();
      }
      result->columns_ = projection.out;
      result->num_rows_ = count - skip;
      result->table_id_ = table->table_id();
      result->partition_id_ = id.first;
      result->bucket_id_ = id.second;
      result->base_offset_ = base + skip;
      budget -= count - skip;
      offset = std::max(offset, end);
      out.batches.push_back(std::move(result));
    }
    return Result::Success();
  };
  return fetch(timeout_ms, consume, [&] { return !out.batches.empty(); });
}

struct BatchScannerImpl {
  std::shared_ptr<TableImpl> table;
  Projection projection;
  int32_t limit = 0;
  std::vector<TableBucket> buckets;
  size_t next = 0;

  Result scan(const TableBucket& bucket, std::vector<RowView>& out);
};

Result BatchScannerImpl::scan(const TableBucket& bucket, std::vector<RowView>& out) {
  int64_t partition_id = bucket.partition_id.value_or(-1);
  constexpr int kAttempts = 50;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    auto leader = table->conn->leader(table->path, partition_id, bucket.bucket_id, attempt > 0);
    if (!leader.ok()) {
      Result r = to_result(leader.status());
      if (!r.IsRetriable() || attempt + 1 == kAttempts) return r;
      continue;
    }
    proto::LimitScanRequest request;
    request.set_table_id(table->table_id());
    if (partition_id >= 0) request.set_partition_id(partition_id);
    request.set_bucket_id(bucket.bucket_id);
    request.set_limit(limit);
    auto response =
        table->conn->call<proto::LimitScanResponse>(*leader, ApiKey::kLimitScan, 0, request);
    ::fluss::Status status = response.status();
    if (status.ok()) status = ::fluss::rpc::error_of(*response);
    if (!status.ok()) {
      Result r = to_result(status.with_context(fmt::format(
          "table '{}' bucket {}", table->info.table_path.ToString(), bucket.bucket_id)));
      if (!r.IsRetriable() || attempt + 1 == kAttempts) return r;
      table->conn->invalidate_leaders(table->path);
      continue;
    }
    auto set = std::make_shared<RowSet>();
    set->columns = projection.out;
    if (response->has_records() && !response->records().empty()) {
      ::fluss::ByteView bytes = ::fluss::as_bytes(response->records());
      if (response->is_log_table()) {
        std::vector<::fluss::LogRecord> records;
        ::fluss::Status decoded =
            decode_fetched_log(table->log_format, bytes, table->row_type, 0,
                               table->conn->config().scanner_log_check_crc, records, nullptr);
        if (!decoded.ok()) return to_result(decoded);
        for (auto& record : records) {
          set->rows.push_back(projection.apply(std::move(record.row), false));
        }
      } else {
        std::vector<::fluss::GenericRow> rows;
        ::fluss::Status decoded =
            decode_value_batch(table->kv_format, bytes, table->row_type, rows);
        if (!decoded.ok()) return to_result(decoded);
        for (auto& row : rows) set->rows.push_back(projection.apply(std::move(row), false));
      }
    }
    out.clear();
    for (size_t i = 0; i < set->rows.size(); ++i) out.push_back(RowAccess::view(set, i));
    return Result::Success();
  }
  return Result::Success();
}

}  // namespace detail

FLUSS_CLIENT_HANDLE(LogScanner)
FLUSS_CLIENT_HANDLE(BatchScanner)

namespace {
Result not_available() { return client_error("LogScanner is not available"); }
}  // namespace

Result LogScanner::Subscribe(int32_t bucket_id, int64_t start_offset) {
  if (!impl_) return not_available();
  return impl_->subscribe(-1, bucket_id, start_offset, std::nullopt);
}
Result LogScanner::Subscribe(int32_t bucket_id, const OffsetSpec& start) {
  if (!impl_) return not_available();
  return impl_->subscribe(-1, bucket_id, std::nullopt, start);
}
Result LogScanner::Subscribe(const std::vector<BucketSubscription>& buckets) {
  for (const auto& b : buckets) {
    Result r = Subscribe(b.bucket_id, b.offset);
    if (!r.Ok()) return r;
  }
  return Result::Success();
}
Result LogScanner::SubscribePartitionBuckets(int64_t partition_id, int32_t bucket_id,
                                             int64_t start_offset) {
  if (!impl_) return not_available();
  return impl_->subscribe(partition_id, bucket_id, start_offset, std::nullopt);
}
Result LogScanner::SubscribePartitionBuckets(int64_t partition_id, int32_t bucket_id,
                                             const OffsetSpec& start) {
  if (!impl_) return not_available();
  return impl_->subscribe(partition_id, bucket_id, std::nullopt, start);
}
Result LogScanner::SubscribePartitionBuckets(
    const std::vector<PartitionBucketSubscription>& buckets) {
  for (const auto& b : buckets) {
    Result r = SubscribePartitionBuckets(b.partition_id, b.bucket_id, b.offset);
    if (!r.Ok()) return r;
  }
  return Result::Success();
}
Result LogScanner::Unsubscribe(int32_t bucket_id) {
  if (!impl_) return not_available();
  impl_->offsets.erase({-1, bucket_id});
  return Result::Success();
}
Result LogScanner::UnsubscribePartition(int64_t partition_id, int32_t bucket_id) {
  if (!impl_) return not_available();
  impl_->offsets.erase({partition_id, bucket_id});
  return Result::Success();
}
Result LogScanner::Poll(int64_t timeout_ms, ScanRecords& out) {
  if (!impl_) return not_available();
  return impl_->poll(timeout_ms, out);
}
Result LogScanner::PollRecordBatch(int64_t timeout_ms, ArrowRecordBatches& out) {
  if (!impl_) return not_available();
  return impl_->poll_batches(timeout_ms, out);
}

ArrowRecordBatch::ArrowRecordBatch() = default;
ArrowRecordBatch::~ArrowRecordBatch() = default;
ArrowRecordBatch::ArrowRecordBatch(ArrowRecordBatch&&) noexcept = default;
ArrowRecordBatch& ArrowRecordBatch::operator=(ArrowRecordBatch&&) noexcept = default;

Result ArrowRecordBatch::Export(ArrowArray* out, ArrowSchema* out_schema) const {
  if (columns_ == nullptr) return client_error("ArrowRecordBatch is not available");
  ::fluss::Status exported = ::fluss::export_arrow_c_data(
      detail::fields_of(*columns_), ::fluss::as_bytes(ipc_message_), out_schema, out);
  if (exported.is(::fluss::ErrorCode::kInvalidArgument)) return client_error(exported);
  return to_result(exported);
}

Result BatchScanner::NextRows(std::vector<RowView>& out) {
  out.clear();
  if (!impl_) return client_error("BatchScanner is not available");
  if (impl_->next >= impl_->buckets.size()) return Result::Success();
  return impl_->scan(impl_->buckets[impl_->next++], out);
}

Result BatchScanner::CollectAllRows(std::vector<RowView>& out) {
  out.clear();
  if (!impl_) return client_error("BatchScanner is not available");
  while (impl_->next < impl_->buckets.size()) {
    std::vector<RowView> rows;
    Result r = impl_->scan(impl_->buckets[impl_->next++], rows);
    if (!r.Ok()) return r;
    out.insert(out.end(), rows.begin(), rows.end());
  }
  return Result::Success();
}

TableScan& TableScan::ProjectByIndex(std::vector<size_t> column_indexes) {
  project_indexes_ = std::move(column_indexes);
  return *this;
}
TableScan& TableScan::ProjectByName(std::vector<std::string> column_names) {
  project_names_ = std::move(column_names);
  return *this;
}
TableScan& TableScan::Limit(int32_t row_number) {
  limit_ = row_number;
  return *this;
}

Result TableScan::CreateLogScanner(LogScanner& out) {
  if (limit_) return client_error("Limit applies to batch scanners, not to a LogScanner");
  auto projection = detail::Projection::make(*table_, project_indexes_, project_names_);
  if (!projection.ok()) return to_result(projection.status());
  auto impl = std::make_unique<detail::LogScannerImpl>();
  impl->table = table_;
  impl->projection = std::move(*projection);
  out.impl_ = std::move(impl);
  return Result::Success();
}

Result TableScan::CreateRecordBatchLogScanner(LogScanner& out) {
  LogScanner scanner;
  if (Result r = CreateLogScanner(scanner); !r.Ok()) return r;
  if (Result r = scanner.impl_->check_batch_mode(); !r.Ok()) return r;
  out = std::move(scanner);
  return Result::Success();
}

namespace {
constexpr int32_t kDefaultBatchScanLimit = 1000000;
}  // namespace

Result TableScan::CreateBucketBatchScanner(const TableBucket& bucket, BatchScanner& out) {
  if (!limit_) return client_error("a bucket batch scanner needs Limit(n)");
  auto projection = detail::Projection::make(*table_, project_indexes_, project_names_);
  if (!projection.ok()) return to_result(projection.status());
  auto impl = std::make_unique<detail::BatchScannerImpl>();
  impl->table = table_;
  impl->projection = std::move(*projection);
  impl->limit = *limit_;
  impl->buckets.push_back(bucket);
  out.impl_ = std::move(impl);
  return Result::Success();
}

Result TableScan::CreateBatchScanner(BatchScanner& out) {
  auto projection = detail::Projection::make(*table_, project_indexes_, project_names_);
  if (!projection.ok()) return to_result(projection.status());
  auto impl = std::make_unique<detail::BatchScannerImpl>();
  impl->table = table_;
  impl->projection = std::move(*projection);
  impl->limit = limit_.value_or(kDefaultBatchScanLimit);
  std::vector<std::optional<int64_t>> partitions;
  if (table_->partitioned()) {
    proto::ListPartitionInfosRequest request;
    request.mutable_table_path()->set_database_name(table_->path.database);
    request.mutable_table_path()->set_table_name(table_->path.table);
    auto response = table_->conn->call_coordinator<proto::ListPartitionInfosResponse>(
        ApiKey::kListPartitionInfos, request);
    if (!response.ok()) return to_result(response.status());
    for (const auto& p : response->partitions_info()) {
      std::string name;
      for (const auto& kv : p.partition_spec().partition_key_values()) {
        if (!name.empty()) name += '$';
        name += kv.value();
      }
      // Teach the cache the partition's name, so leader() can refresh it.
      auto id = table_->conn->partition_id(table_->path, name);
      if (!id.ok()) return to_result(id.status());
      partitions.push_back(p.partition_id());
    }
  } else {
    partitions.push_back(std::nullopt);
  }
  for (const auto& partition : partitions) {
    for (int32_t b = 0; b < table_->num_buckets(); ++b) {
      impl->buckets.emplace_back(table_->table_id(), b, partition);
    }
  }
  out.impl_ = std::move(impl);
  return Result::Success();
}

}  // namespace fluss::client
