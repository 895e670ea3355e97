// SPDX-License-Identifier: Apache-2.0
// Connection, Table, its builders, writers and lookupers (fluss/connection.h, fluss/table.h).
#include "fluss/table.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <thread>

#include "common/asio.h"
#include "connection_impl.h"
#include "fluss/connection.h"
#include "handle_macros.h"
#include "record/arrow/arrow_c_data.h"
#include "record/row/row_codec.h"
#include "record/value_record_batch.h"
#include "record_decoding.h"
#include "row_internal.h"
#include "rpc/protocol/errors.h"
#include "rpc/protocol/fluss_api.pb.h"
#include "table_impl.h"
#include "type_conversion.h"
#include "writer_client.h"

namespace fluss::client {

namespace proto = ::fluss::rpc::proto;
using detail::client_error;
using detail::to_result;
using ::fluss::rpc::ApiKey;

// ---- Connection ----

Connection::Connection() = default;
Connection::~Connection() = default;
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;

Result Connection::Create(const Configuration& config, Connection& out) {
  auto impl = detail::ConnectionImpl::create(config);
  if (!impl.ok()) return to_result(impl.status());
  out.impl_ = std::move(*impl);
  return Result::Success();
}

Result Connection::GetAdmin(Admin& out) {
  if (!impl_) return client_error("Connection is not connected (moved from?)");
  out = Admin(impl_);
  return Result::Success();
}

Result Connection::GetTable(const TablePath& table_path, Table& out) {
  if (!impl_) return client_error("Connection is not connected (moved from?)");
  auto meta = impl_->table(detail::to_internal(table_path), /*refresh=*/true);
  if (!meta.ok()) return to_result(meta.status());
  auto table = detail::TableImpl::create(impl_, *meta);
  if (!table.ok()) return to_result(table.status());
  out = Table(std::move(*table));
  return Result::Success();
}

// ---- Table ----

Table::Table() = default;
Table::~Table() = default;
Table::Table(Table&&) noexcept = default;
Table& Table::operator=(Table&&) noexcept = default;
Table::Table(std::shared_ptr<detail::TableImpl> impl) : impl_(std::move(impl)) {}

GenericRow Table::NewRow() const { return detail::RowAccess::make_row(impl_->columns); }
TableAppend Table::NewAppend() { return TableAppend(impl_); }
TableUpsert Table::NewUpsert() { return TableUpsert(impl_); }
TableLookup Table::NewLookup() { return TableLookup(impl_); }
TableScan Table::NewScan() { return TableScan(impl_); }
const TableInfo& Table::GetTableInfo() const { return impl_->info; }
const TablePath& Table::GetTablePath() const { return impl_->info.table_path; }
bool Table::HasPrimaryKey() const { return impl_->info.has_primary_key; }

namespace detail {

// ---- Writers ----

struct WriterImpl {
  std::shared_ptr<TableImpl> table;
  std::vector<int> target_columns;  // PUT_KV partial update; empty = all

  // Converts, routes and buffers one row (an rvalue row gives up its strings).
  template <typename Row>
  Result write(Row&& row, bool is_delete, WriteResult* out);
  // Converts one Arrow C Data batch into an ARROW log batch and buffers it (consumes both).
  Result write_arrow(ArrowArray* array, ArrowSchema* schema, WriteResult* out);
  // One message of an ARROW log's import: a log batch, or one per (partition, bucket).
  Result write_arrow_message(::fluss::ByteView message, int64_t rows, WriteResult* out);
  // For INDEXED / COMPACTED logs: the rows of an encoded Arrow message, appended one by one.
  Result write_arrow_as_rows(::fluss::ByteView message, WriteResult* out);
  static void set_state(WriteResult& out, std::shared_ptr<WriteState> state) {
    out.state_ = std::move(state);
  }
};

template <typename Row>
Result WriterImpl::write(Row&& row, bool is_delete, WriteResult* out) {
  const TableImpl& t = *table;
  const bool kv = t.info.has_primary_key;
  // A delete may carry only the primary-key columns.
  const std::vector<int>* positions = nullptr;
  if (kv && is_delete && row.FieldCount() == t.primary_key_indexes.size() &&
      row.FieldCount() != t.columns->names.size()) {
    positions = &t.primary_key_indexes;
  }
  bool check_not_null = !kv || (target_columns.empty() && !is_delete);
  // One internal row per thread, reused: no allocation per record.
  thread_local ::fluss::GenericRow internal;
  if (::fluss::Status converted =
          to_internal_row(std::forward<Row>(row), *t.columns, positions, check_not_null, internal);
      !converted.ok()) {
    return client_error(
        fmt::format("table '{}': {}", t.info.table_path.ToString(), converted.message()));
  }
  if (kv) {
    for (int index : t.primary_key_indexes) {
      if (internal.is_null_at(static_cast<size_t>(index))) {
        return client_error(fmt::format("table '{}': primary-key column '{}' is null",
                                        t.info.table_path.ToString(),
                                        t.columns->names[static_cast<size_t>(index)]));
      }
    }
  }
  auto partition = t.partition_of(internal);
  if (!partition.ok()) return to_result(partition.status());
  auto bucket = t.bucket_of(internal);
  if (!bucket.ok()) return client_error(bucket.status());
  ::fluss::Result<std::shared_ptr<WriteState>> state = std::shared_ptr<WriteState>();
  if (kv) {
    auto key = t.key_encoder->encode_key(internal);
    if (!key.ok()) return client_error(key.status());
    std::optional<::fluss::ByteBuffer> value;
    if (!is_delete) {
      value.emplace();
      ::fluss::Status encoded = ::fluss::encode_row(t.kv_format == ::fluss::KvFormat::kIndexed
                                                        ? ::fluss::RowFormat::kIndexed
                                                        : ::fluss::RowFormat::kCompacted,
                                                    t.row_type, internal, *value);
      if (!encoded.ok()) return client_error(encoded);
    }
    state = t.conn->writer().put_kv(
        table, key->view(), value ? std::optional<::fluss::ByteView>(value->view()) : std::nullopt,
        *partition, *bucket, target_columns);
  } else {
    state = t.conn->writer().append(table, internal, *partition, *bucket);
  }
  if (!state.ok()) return to_result(state.status());
  if (out != nullptr) set_state(*out, std::move(*state));
  return Result::Success();
}

Result WriterImpl::write_arrow_as_rows(::fluss::ByteView message, WriteResult* out) {
  const TableImpl& t = *table;
  auto decoded = ::fluss::read_arrow_batch(t.row_type, message);
  if (!decoded.ok()) return to_result(decoded.status());
  // Every destination first: a missing partition fails the call before a row is queued.
  std::vector<std::pair<int64_t, int32_t>> destinations;
  for (const ::fluss::GenericRow& row : *decoded) {
    auto partition = t.partition_of(row);
    if (!partition.ok()) return to_result(partition.status());
    auto bucket = t.bucket_of(row);
    if (!bucket.ok()) return client_error(bucket.status());
    destinations.emplace_back(*partition, *bucket);
  }
  auto combined = std::make_shared<WriteState>();
  for (size_t r = 0; r < decoded->size(); ++r) {
    auto state = t.conn->writer().append(table, (*decoded)[r], destinations[r].first,
                                         destinations[r].second);
    if (!state.ok()) return to_result(state.status());
    if (combined->parts.empty() || combined->parts.back() != *state) {
      combined->parts.push_back(std::move(*state));
    }
  }
  combined->complete(Result::Success());
  if (out != nullptr) set_state(*out, std::move(combined));
  return Result::Success();
}

Result WriterImpl::write_arrow(ArrowArray* array, ArrowSchema* schema, WriteResult* out) {
  const TableImpl& t = *table;
  const std::string path = t.info.table_path.ToString();
  std::vector<::fluss::DataField> fields;
  for (size_t i = 0; i < t.row_type.size(); ++i) {
    fields.push_back(::fluss::DataField{t.columns->names[i], t.row_type[i], std::nullopt, -1});
  }
  // Consumes the structs, even when the table cannot take the batch. An ARROW log takes the
  // rows as log batches of client.writer.batch-size; another log format gets them row by row.
  const bool arrow_log = t.log_format == ::fluss::LogFormat::kArrow;
  std::vector<::fluss::ImportedArrowBatch> messages;
  ::fluss::Status imported = ::fluss::import_arrow_c_data(
      fields, schema, array,
      arrow_log ? t.compression
                : ::fluss::ArrowCompression{.type = ::fluss::ArrowCompressionType::kNone},
      arrow_log ? static_cast<size_t>(std::max(t.conn->config().writer_batch_size, 1024))
                : std::numeric_limits<size_t>::max(),
      messages);
  if (!imported.ok()) {
    if (imported.is(::fluss::ErrorCode::kInvalidArgument)) {
      return client_error(fmt::format("table '{}': {}", path, imported.message()));
    }
    return to_result(imported.with_context(fmt::format("table '{}'", path)));
  }
  if (messages.size() == 1 && messages.front().rows == 0) {
    if (out != nullptr) {
      auto done = std::make_shared<WriteState>();
      done->complete(Result::Success());
      set_state(*out, std::move(done));
    }
    return Result::Success();
  }
  if (!arrow_log) return write_arrow_as_rows(messages.front().message.view(), out);
  if (messages.size() == 1) {
    return write_arrow_message(messages.front().message.view(), messages.front().rows, out);
  }
  auto combined = std::make_shared<WriteState>();
  for (const ::fluss::ImportedArrowBatch& message : messages) {
    WriteResult part;
    if (Result r = write_arrow_message(message.message.view(), message.rows, &part); !r.Ok()) {
      return r;
    }
    combined->parts.push_back(std::move(part.state_));
  }
  combined->complete(Result::Success());
  if (out != nullptr) set_state(*out, std::move(combined));
  return Result::Success();
}

Result WriterImpl::write_arrow_message(::fluss::ByteView message, int64_t rows, WriteResult* out) {
  const TableImpl& t = *table;
  // A log batch goes to one partition and one bucket: rows that go to several are split into
  // one batch per (partition, bucket), each in the rows' order, re-encoded from rows.
  int64_t partition = -1;
  int32_t bucket = -1;
  if (t.partitioned() || !t.bucket_key_indexes.empty()) {
    auto decoded = ::fluss::read_arrow_batch(t.row_type, message);
    if (!decoded.ok()) return to_result(decoded.status());
    std::map<std::pair<int64_t, int32_t>, size_t> group_of;
    std::vector<std::pair<std::pair<int64_t, int32_t>, std::vector<size_t>>> groups;
    for (size_t r = 0; r < decoded->size(); ++r) {
      auto p = t.partition_of((*decoded)[r]);
      if (!p.ok()) return to_result(p.status());
      auto b = t.bucket_of((*decoded)[r]);
      if (!b.ok()) return client_error(b.status());
      auto [it, added] = group_of.try_emplace({*p, *b}, groups.size());
      if (added) groups.emplace_back(it->first, std::vector<size_t>{});
      groups[it->second].second.push_back(r);
    }
    if (groups.size() > 1) {
      auto combined = std::make_shared<WriteState>();
      for (const auto& [destination, members] : groups) {
        ::fluss::ArrowBatchWriter split(t.row_type, t.compression);
        for (size_t r : members) {
          if (::fluss::Status s = split.append((*decoded)[r]); !s.ok()) return to_result(s);
        }
        ::fluss::ByteBuffer part;
        if (::fluss::Status s = split.finish(part); !s.ok()) return to_result(s);
        auto state =
            t.conn->writer().append_arrow(table, part.view(), static_cast<int32_t>(members.size()),
                                          destination.first, destination.second);
        if (!state.ok()) return to_result(state.status());
        combined->parts.push_back(std::move(*state));
      }
      combined->complete(Result::Success());
      if (out != nullptr) set_state(*out, std::move(combined));
      return Result::Success();
    }
    partition = groups.front().first.first;
    bucket = groups.front().first.second;
  }
  auto state =
      t.conn->writer().append_arrow(table, message, static_cast<int32_t>(rows), partition, bucket);
  if (!state.ok()) return to_result(state.status());
  if (out != nullptr) set_state(*out, std::move(*state));
  return Result::Success();
}

}  // namespace detail

WriteResult::WriteResult() = default;
WriteResult::~WriteResult() = default;
WriteResult::WriteResult(const WriteResult&) = default;
WriteResult& WriteResult::operator=(const WriteResult&) = default;
WriteResult::WriteResult(WriteResult&&) noexcept = default;
WriteResult& WriteResult::operator=(WriteResult&&) noexcept = default;

Result WriteResult::Wait() {
  if (!state_) return client_error("WriteResult is not bound to a write");
  return state_->wait();
}

FLUSS_CLIENT_HANDLE(AppendWriter)
FLUSS_CLIENT_HANDLE(UpsertWriter)

Result AppendWriter::Append(const GenericRow& row) {
  if (!impl_) return client_error("AppendWriter is not available");
  return impl_->write(row, false, nullptr);
}
Result AppendWriter::Append(const GenericRow& row, WriteResult& out) {
  if (!impl_) return client_error("AppendWriter is not available");
  return impl_->write(row, false, &out);
}
Result AppendWriter::Append(GenericRow&& row) {
  if (!impl_) return client_error("AppendWriter is not available");
  return impl_->write(std::move(row), false, nullptr);
}
Result AppendWriter::Append(GenericRow&& row, WriteResult& out) {
  if (!impl_) return client_error("AppendWriter is not available");
  return impl_->write(std::move(row), false, &out);
}
namespace {
// The structs of an AppendArrowBatch that cannot run are released all the same.
Result release_unused(ArrowArray* array, ArrowSchema* schema) {
  if (array != nullptr && array->release != nullptr) array->release(array);
  if (schema != nullptr && schema->release != nullptr) schema->release(schema);
  return client_error("AppendWriter is not available");
}
}  // namespace

Result AppendWriter::AppendArrowBatch(ArrowArray* array, ArrowSchema* schema) {
  if (!impl_) return release_unused(array, schema);
  return impl_->write_arrow(array, schema, nullptr);
}
Result AppendWriter::AppendArrowBatch(ArrowArray* array, ArrowSchema* schema, WriteResult& out) {
  if (!impl_) return release_unused(array, schema);
  return impl_->write_arrow(array, schema, &out);
}
Result AppendWriter::Flush() {
  if (!impl_) return client_error("AppendWriter is not available");
  return impl_->table->conn->writer().flush();
}

Result UpsertWriter::Upsert(const GenericRow& row) {
  if (!impl_) return client_error("UpsertWriter is not available");
  return impl_->write(row, false, nullptr);
}
Result UpsertWriter::Upsert(const GenericRow& row, WriteResult& out) {
  if (!impl_) return client_error("UpsertWriter is not available");
  return impl_->write(row, false, &out);
}
Result UpsertWriter::Upsert(GenericRow&& row) {
  if (!impl_) return client_error("UpsertWriter is not available");
  return impl_->write(std::move(row), false, nullptr);
}
Result UpsertWriter::Upsert(GenericRow&& row, WriteResult& out) {
  if (!impl_) return client_error("UpsertWriter is not available");
  return impl_->write(std::move(row), false, &out);
}
Result UpsertWriter::Delete(const GenericRow& row) {
  if (!impl_) return client_error("UpsertWriter is not available");
  return impl_->write(row, true, nullptr);
}
Result UpsertWriter::Delete(const GenericRow& row, WriteResult& out) {
  if (!impl_) return client_error("UpsertWriter is not available");
  return impl_->write(row, true, &out);
}
Result UpsertWriter::Flush() {
  if (!impl_) return client_error("UpsertWriter is not available");
  return impl_->table->conn->writer().flush();
}

Result TableAppend::CreateWriter(AppendWriter& out) {
  if (table_->info.has_primary_key) {
    return client_error(fmt::format("table '{}' has a primary key: use NewUpsert()",
                                    table_->info.table_path.ToString()));
  }
  out.impl_ = std::make_unique<detail::WriterImpl>(detail::WriterImpl{table_, {}});
  return Result::Success();
}

TableUpsert& TableUpsert::PartialUpdateByIndex(std::vector<size_t> column_indexes) {
  target_indexes_ = std::move(column_indexes);
  return *this;
}
TableUpsert& TableUpsert::PartialUpdateByName(std::vector<std::string> column_names) {
  target_names_ = std::move(column_names);
  return *this;
}

Result TableUpsert::CreateWriter(UpsertWriter& out) {
  if (!table_->info.has_primary_key) {
    return client_error(fmt::format("table '{}' has no primary key: use NewAppend()",
                                    table_->info.table_path.ToString()));
  }
  std::vector<int> targets;
  if (target_names_) {
    auto indexes = table_->indexes_of(*target_names_);
    if (!indexes.ok()) return client_error(indexes.status());
    targets = *indexes;
  }
  if (target_indexes_) {
    for (size_t index : *target_indexes_) {
      if (index >= table_->columns->names.size()) {
        return client_error(
            fmt::format("table '{}' has no column {}", table_->info.table_path.ToString(), index));
      }
      targets.push_back(static_cast<int>(index));
    }
  }
  std::sort(targets.begin(), targets.end());
  targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
  out.impl_ = std::make_unique<detail::WriterImpl>(detail::WriterImpl{table_, targets});
  return Result::Success();
}

// ---- Lookups ----

namespace detail {

// (partition id or -1, bucket) -> positions of its keys, in request order.
using BucketPositions = std::map<std::pair<int64_t, int32_t>, std::vector<size_t>>;

// A LOOKUP or PREFIX_LOOKUP request of `table_id` with each bucket's keys; `key_at(i)` is the
// encoded key at position i.
template <typename Request, typename KeyAt>
Request bucket_keys_request(int64_t table_id, const BucketPositions& buckets, KeyAt key_at) {
  Request request;
  request.set_table_id(table_id);
  for (const auto& [id, positions] : buckets) {
    auto* b = request.add_buckets_req();
    if (id.first >= 0) b->set_partition_id(id.first);
    b->set_bucket_id(id.second);
    for (size_t i : positions) b->add_keys(std::string(::fluss::as_string_view(key_at(i))));
  }
  return request;
}

// The value a LOOKUP bucket response holds for its k-th key; null when the key has none.
const std::string* lookup_value(const proto::PbLookupRespForBucket& bucket, size_t k) {
  if (k >= static_cast<size_t>(bucket.values_size())) return nullptr;
  const auto& value = bucket.values(static_cast<int>(k));
  return value.has_values() ? &value.values() : nullptr;
}

struct LookuperImpl {
  std::shared_ptr<TableImpl> table;
  bool prefix = false;
  std::vector<int> key_columns;                  // what a short key row holds, in order
  std::unique_ptr<::fluss::KeyEncoder> encoder;  // bytes sent as the key

  struct Key {
    int64_t partition_id = -1;
    int32_t bucket = 0;
    ::fluss::ByteBuffer bytes;
  };
  ::fluss::Result<Key> encode(const GenericRow& row) const;
  // Values per key (in order): for a lookup at most one each, for a prefix lookup any number.
  Result run(const std::vector<Key>& keys, std::vector<std::vector<std::string>>& values);
  // Decodes stored values (schema id + row) into one shared RowSet.
  Result decode(const std::vector<std::string>& values, std::shared_ptr<RowSet>& out) const;

  // Runs `key` together with the keys that other callers, through any Lookuper of this
  // table, look up meanwhile (LookupBatcher); keys it could not answer go through run().
  Result combined(Key key, std::vector<std::string>& values);
  // The same without blocking: `done` gets the values (Lookuper::LookupAsync).
  void combined_async(Key key, std::function<void(Result, std::vector<std::string>)> done);
  // The table's batcher, created by the first lookup.
  LookupBatcher& batcher() const;
};

// Lookups of concurrent callers of one table share requests, as the Java client's lookup
// sender does. A caller queues its key with its bucket's leader. With fewer than
// kPipelineDepth requests in flight it sends everything queued (up to
// client.lookup.max-batch-size keys); otherwise the network thread sends what queued up when
// an earlier request completes. Keys whose request or bucket failed come back marked
// `fallback`: their caller retries them through LookuperImpl::run, which refreshes leaders.
//
// Lifetime: the batcher only uses `conn` while some queued or in-flight caller is still
// waiting (a waiting caller holds the connection through its Lookuper), so a completion
// sends the next batch first and wakes its own callers last.
class LookupBatcher : public std::enable_shared_from_this<LookupBatcher> {
 public:
  // Requests in flight per table. Measured with 8 callers on one tablet server (2 cores):
  // 1: 54 k lookups/s, 2: 64 k, 4: 92-107 k, 6: 97-102 k, 8: 79-89 k (every key alone in its
  // request, no batching left).
  static constexpr int kPipelineDepth = 4;

  struct Pending {
    LookuperImpl::Key key;
    Endpoint leader;
    std::vector<std::string> values;
    bool fallback = false;
    // Set for asynchronous callers: runs on the network thread instead of waking `cv`.
    std::function<void(Pending&)> on_done;
    // Not an atomic wait: libstdc++ spins with sched_yield before it sleeps, which costs a
    // 2-core machine more than the futex of a condition variable.
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;  // guarded by mu
  };

  LookupBatcher(ConnectionImpl* conn, int64_t table_id, size_t max_batch)
      : conn_(conn), table_id_(table_id), max_batch_(std::max<size_t>(max_batch, 1)) {}

  // Queues `pending`; without `on_done`, returns when it is answered (or marked fallback).
  void lookup(const std::shared_ptr<Pending>& pending) {
    std::vector<std::vector<std::shared_ptr<Pending>>> batches;
    {
      std::lock_guard lock(mu_);
      queue_.push_back(pending);
      take_batches(batches);
    }
    for (auto& batch : batches) send(std::move(batch));
    if (pending->on_done) return;
    std::unique_lock lock(pending->mu);
    pending->cv.wait(lock, [&] { return pending->done; });
  }

  // Runs blocking work for asynchronous callers (the retries of fallback keys) on a thread of
  // the batcher, never on the network thread.
  void run_blocking(std::function<void()> work) {
    std::call_once(blocking_once_, [this] { blocking_ = std::make_unique<asio::thread_pool>(1); });
    asio::post(*blocking_, std::move(work));
  }

 private:
  using Batch = std::vector<std::shared_ptr<Pending>>;

  // Moves queued keys into new batches while the pipeline has room. Holds mu_.
  void take_batches(std::vector<Batch>& out) {
    while (!queue_.empty() && in_flight_ < kPipelineDepth) {
      size_t n = std::min(queue_.size(), max_batch_);
      out.emplace_back(std::make_move_iterator(queue_.begin()),
                       std::make_move_iterator(queue_.begin() + static_cast<std::ptrdiff_t>(n)));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      ++in_flight_;
    }
  }

  // One LOOKUP request per leader; the batch completes when all have answered.
  void send(Batch batch) {
    std::map<int32_t, std::vector<size_t>> by_leader;
    for (size_t i = 0; i < batch.size(); ++i) by_leader[batch[i]->leader.id].push_back(i);
    struct InFlight {
      Batch batch;
      std::atomic<size_t> outstanding;
    };
    auto flight = std::make_shared<InFlight>();
    flight->batch = std::move(batch);
    flight->outstanding.store(by_leader.size());
    for (auto& [leader_id, indexes] : by_leader) {
      BucketPositions buckets;  // positions in the batch
      for (size_t i : indexes) {
        const auto& key = flight->batch[i]->key;
        buckets[{key.partition_id, key.bucket}].push_back(i);
      }
      auto request = bucket_keys_request<proto::LookupRequest>(
          table_id_, buckets, [&](size_t i) { return flight->batch[i]->key.bytes.view(); });
      const Endpoint& to = flight->batch[indexes.front()]->leader;
      conn_->call_async(to, ApiKey::kLookup, 1, request,
                        [self = shared_from_this(), flight, buckets = std::move(buckets)](
                            ::fluss::Result<::fluss::ByteBuffer> payload) {
                          self->answer(*flight, buckets, payload);
                          if (flight->outstanding.fetch_sub(1) == 1) self->complete(flight->batch);
                        });
    }
  }

  // Fills the values of the keys one response answers; everything else falls back.
  void answer(const auto& flight, const BucketPositions& buckets,
              const ::fluss::Result<::fluss::ByteBuffer>& payload) {
    auto fall_back = [&](const std::vector<size_t>& positions) {
      for (size_t i : positions) flight.batch[i]->fallback = true;
    };
    ::fluss::Result<proto::LookupResponse> response =
        payload.ok() ? ::fluss::rpc::parse<proto::LookupResponse>(payload->view(), "LOOKUP")
                     : ::fluss::Result<proto::LookupResponse>(payload.status());
    if (!response.ok()) {
      for (const auto& [id, positions] : buckets) fall_back(positions);
      return;
    }
    std::vector<bool> seen(flight.batch.size(), false);
    for (const auto& bucket_resp : response->buckets_resp()) {
      auto it = buckets.find({bucket_resp.has_partition_id() ? bucket_resp.partition_id() : -1,
                              bucket_resp.bucket_id()});
      if (it == buckets.end()) continue;
      const std::vector<size_t>& positions = it->second;
      for (size_t i : positions) seen[i] = true;
      if (!::fluss::rpc::error_of(bucket_resp).ok()) {
        fall_back(positions);
        continue;
      }
      for (size_t k = 0; k < positions.size(); ++k) {
        if (const std::string* value = lookup_value(bucket_resp, k)) {
          flight.batch[positions[k]]->values.push_back(*value);
        }
      }
    }
    for (const auto& [id, positions] : buckets) {
      for (size_t i : positions) {
        if (!seen[i]) flight.batch[i]->fallback = true;
      }
    }
  }

  // Runs the batch's asynchronous callbacks (the keys they queue go out together), sends what
  // queued, then wakes the batch's blocked callers, after which the connection may be gone if
  // no other caller waits (the callback that called this holds `this`).
  void complete(Batch& batch) {
    for (auto& pending : batch) {
      if (pending->on_done) pending->on_done(*pending);
    }
    std::vector<Batch> next;
    {
      std::lock_guard lock(mu_);
      --in_flight_;
      take_batches(next);
    }
    for (auto& b : next) send(std::move(b));
    for (auto& pending : batch) {
      if (pending->on_done) continue;
      std::lock_guard lock(pending->mu);
      pending->done = true;
      pending->cv.notify_one();
    }
  }

  ConnectionImpl* const conn_;
  const int64_t table_id_;
  const size_t max_batch_;
  std::mutex mu_;
  std::vector<std::shared_ptr<Pending>> queue_;  // guarded by mu_
  int in_flight_ = 0;                            // guarded by mu_
  std::once_flag blocking_once_;
  std::unique_ptr<asio::thread_pool> blocking_;  // joined before the members above go
};

LookupBatcher& LookuperImpl::batcher() const {
  std::call_once(table->lookup_batcher_once, [&] {
    table->lookup_batcher = std::make_shared<LookupBatcher>(
        table->conn.get(), table->table_id(), table->conn->config().lookup_max_batch_size);
  });
  return *table->lookup_batcher;
}

Result LookuperImpl::combined(Key key, std::vector<std::string>& values) {
  auto leader = table->conn->leader(table->path, key.partition_id, key.bucket);
  if (leader.ok()) {
    auto pending = std::make_shared<LookupBatcher::Pending>();
    pending->key = std::move(key);
    pending->leader = std::move(*leader);
    batcher().lookup(pending);
    if (!pending->fallback) {
      values = std::move(pending->values);
      return Result::Success();
    }
    key = std::move(pending->key);
  }
  std::vector<Key> keys;
  keys.push_back(std::move(key));
  std::vector<std::vector<std::string>> answers;
  Result r = run(keys, answers);
  if (r.Ok()) values = std::move(answers.front());
  return r;
}

void LookuperImpl::combined_async(Key key,
                                  std::function<void(Result, std::vector<std::string>)> done) {
  // Only a cached leader: resolving one may block, which the network thread (where callbacks
  // call this again) must not. Without one, the key takes the blocking path on the
  // batcher's thread.
  std::optional<Endpoint> leader =
      table->conn->cached_leader(table->path, key.partition_id, key.bucket);
  auto blocking = [this](Key key, std::function<void(Result, std::vector<std::string>)> done) {
    auto shared_key = std::make_shared<Key>(std::move(key));
    batcher().run_blocking([this, shared_key, done = std::move(done)]() mutable {
      std::vector<Key> keys;
      keys.push_back(std::move(*shared_key));
      std::vector<std::vector<std::string>> answers;
      Result r = run(keys, answers);
      done(r, r.Ok() ? std::move(answers.front()) : std::vector<std::string>{});
    });
  };
  if (!leader) {
    blocking(std::move(key), std::move(done));
    return;
  }
  auto pending = std::make_shared<LookupBatcher::Pending>();
  pending->key = std::move(key);
  pending->leader = std::move(*leader);
  pending->on_done = [blocking, done = std::move(done)](LookupBatcher::Pending& p) mutable {
    if (p.fallback) {
      blocking(std::move(p.key), std::move(done));
    } else {
      done(Result::Success(), std::move(p.values));
    }
  };
  batcher().lookup(pending);
}

::fluss::Result<LookuperImpl::Key> LookuperImpl::encode(const GenericRow& row) const {
  const TableImpl& t = *table;
  const std::vector<int>* positions = nullptr;
  if (row.FieldCount() == key_columns.size() && row.FieldCount() != t.columns->names.size()) {
    positions = &key_columns;
  }
  FLUSS_ASSIGN_OR_RETURN(auto internal, to_internal_row(row, *t.columns, positions, false));
  for (int index : key_columns) {
    if (internal.is_null_at(static_cast<size_t>(index))) {
      return ::fluss::make_error(
          ::fluss::ErrorCode::kUnknownServerError, "table '{}': key column '{}' has no value",
          t.info.table_path.ToString(), t.columns->names[static_cast<size_t>(index)]);
    }
  }
  Key key;
  FLUSS_ASSIGN_OR_RETURN(key.partition_id, t.partition_of(internal));
  FLUSS_ASSIGN_OR_RETURN(key.bucket, t.bucket_of(internal));
  FLUSS_ASSIGN_OR_RETURN(key.bytes, encoder->encode_key(internal));
  return key;
}

Result LookuperImpl::run(const std::vector<Key>& keys,
                         std::vector<std::vector<std::string>>& values) {
  values.assign(keys.size(), {});
  std::vector<bool> answered(keys.size(), false);
  Result last_retriable;
  // Leaders may be missing for a moment (a new table, a failover): retry for about a second.
  for (int attempt = 0; attempt < 50; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    // leader -> (partition, bucket) -> key indexes
    std::map<int32_t, std::pair<Endpoint, BucketPositions>> plan;
    for (size_t i = 0; i < keys.size(); ++i) {
      if (answered[i]) continue;
      auto leader =
          table->conn->leader(table->path, keys[i].partition_id, keys[i].bucket, attempt > 0);
      if (!leader.ok()) {
        Result r = to_result(leader.status());
        if (!r.IsRetriable()) return r;
        last_retriable = r;
        continue;
      }
      auto& entry = plan[leader->id];
      entry.first = *leader;
      entry.second[{keys[i].partition_id, keys[i].bucket}].push_back(i);
    }
    if (plan.empty() && last_retriable.Ok()) return Result::Success();
    bool retry = false;
    for (auto& [leader_id, entry] : plan) {
      auto& [endpoint, buckets] = entry;
      auto fill = [&, &buckets = buckets](  // clang 14 cannot capture a binding
                      const auto& bucket_resp, auto&& take) -> Result {
        std::pair<int64_t, int32_t> id{
            bucket_resp.has_partition_id() ? bucket_resp.partition_id() : -1,
            bucket_resp.bucket_id()};
        auto it = buckets.find(id);
        if (it == buckets.end()) return Result::Success();
        ::fluss::Status status = ::fluss::rpc::error_of(bucket_resp);
        if (!status.ok()) {
          Result r = to_result(status.with_context(
              fmt::format("table '{}' bucket {}", table->info.table_path.ToString(), id.second)));
          if (!r.IsRetriable()) return r;
          last_retriable = r;
          retry = true;
          return Result::Success();
        }
        take(it->second);
        return Result::Success();
      };
      if (!prefix) {
        auto request = bucket_keys_request<proto::LookupRequest>(
            table->table_id(), buckets, [&](size_t i) { return keys[i].bytes.view(); });
        auto response =
            table->conn->call<proto::LookupResponse>(endpoint, ApiKey::kLookup, 1, request);
        if (!response.ok()) {
          Result r = to_result(response.status());
          if (!r.IsRetriable()) return r;
          last_retriable = r;
          retry = true;
          continue;
        }
        for (const auto& bucket_resp : response->buckets_resp()) {
          Result r = fill(bucket_resp, [&](const std::vector<size_t>& indexes) {
            for (size_t k = 0; k < indexes.size(); ++k) {
              answered[indexes[k]] = true;
              if (const std::string* value = lookup_value(bucket_resp, k)) {
                values[indexes[k]].push_back(*value);
              }
            }
          });
          if (!r.Ok()) return r;
        }
      } else {
        auto request = bucket_keys_request<proto::PrefixLookupRequest>(
            table->table_id(), buckets, [&](size_t i) { return keys[i].bytes.view(); });
        auto response = table->conn->call<proto::PrefixLookupResponse>(
            endpoint, ApiKey::kPrefixLookup, 1, request);
        if (!response.ok()) {
          Result r = to_result(response.status());
          if (!r.IsRetriable()) return r;
          last_retriable = r;
          retry = true;
          continue;
        }
        for (const auto& bucket_resp : response->buckets_resp()) {
          Result r = fill(bucket_resp, [&](const std::vector<size_t>& indexes) {
            for (size_t k = 0; k < indexes.size(); ++k) {
              answered[indexes[k]] = true;
              if (k < static_cast<size_t>(bucket_resp.value_lists_size())) {
                for (const auto& v : bucket_resp.value_lists(static_cast<int>(k)).values()) {
                  values[indexes[k]].push_back(v);
                }
              }
            }
          });
          if (!r.Ok()) return r;
        }
      }
    }
    if (std::all_of(answered.begin(), answered.end(), [](bool b) { return b; })) {
      return Result::Success();
    }
    if (retry || !last_retriable.Ok()) table->conn->invalidate_leaders(table->path);
  }
  if (!last_retriable.Ok()) return last_retriable;
  return Result::Error(ErrorCode::REQUEST_TIME_OUT,
                       fmt::format("table '{}': lookup got no answer for some keys",
                                   table->info.table_path.ToString()));
}

Result LookuperImpl::decode(const std::vector<std::string>& values,
                            std::shared_ptr<RowSet>& out) const {
  out = std::make_shared<RowSet>();
  out->columns = table->columns;
  for (const std::string& value : values) {
    auto row = decode_stored_value(table->kv_format, ::fluss::as_bytes(value), table->row_type);
    if (!row.ok()) return to_result(row.status());
    out->rows.push_back(std::move(*row));
  }
  return Result::Success();
}

}  // namespace detail

FLUSS_CLIENT_HANDLE(Lookuper)
FLUSS_CLIENT_HANDLE(PrefixLookuper)

namespace {

// The key encoder of the primary-key rules over `columns` (fluss-wire §8.2).
::fluss::Result<std::unique_ptr<::fluss::KeyEncoder>> key_encoder_over(const detail::TableImpl& t,
                                                                       std::vector<int> columns) {
  auto kind = t.meta->info.is_default_bucket_key() ? ::fluss::BucketKeyKind::kDefault
                                                   : ::fluss::BucketKeyKind::kCustom;
  FLUSS_ASSIGN_OR_RETURN(auto encoding,
                         ::fluss::primary_key_encoding(t.lake, t.kv_format_version, kind));
  return ::fluss::KeyEncoder::create(encoding, t.row_type, std::move(columns), t.columns->names);
}

}  // namespace

Result TableLookup::CreateLookuper(Lookuper& out) {
  if (!table_->info.has_primary_key) {
    return client_error(fmt::format("table '{}' has no primary key: lookups need one",
                                    table_->info.table_path.ToString()));
  }
  auto impl = std::make_unique<detail::LookuperImpl>();
  impl->table = table_;
  impl->key_columns = table_->primary_key_indexes;
  auto encoder = key_encoder_over(*table_, table_->physical_key_indexes);
  if (!encoder.ok()) return client_error(encoder.status());
  impl->encoder = std::move(*encoder);
  out.impl_ = std::move(impl);
  return Result::Success();
}

Result Table::NewPrefixLookup(std::vector<std::string> lookup_columns, PrefixLookuper& out) {
  const TableInfo& info = impl_->info;
  if (!info.has_primary_key) {
    return client_error(fmt::format("table '{}' has no primary key: prefix lookups need one",
                                    info.table_path.ToString()));
  }
  std::vector<std::string> expected = info.partition_keys;
  expected.insert(expected.end(), info.bucket_keys.begin(), info.bucket_keys.end());
  if (lookup_columns != expected) {
    return client_error(fmt::format(
        "table '{}': prefix lookup columns must be the partition keys followed by the bucket "
        "key ({})",
        info.table_path.ToString(), fmt::join(expected, ", ")));
  }
  const auto& physical = impl_->physical_key_indexes;
  const auto& bucket = impl_->bucket_key_indexes;
  if (bucket.size() >= physical.size() ||
      !std::equal(bucket.begin(), bucket.end(), physical.begin())) {
    return client_error(fmt::format(
        "table '{}': the bucket key must be a strict prefix of the primary key (without "
        "partition keys) for prefix lookups",
        info.table_path.ToString()));
  }
  auto impl = std::make_unique<detail::LookuperImpl>();
  impl->table = impl_;
  impl->prefix = true;
  auto indexes = impl_->indexes_of(lookup_columns);
  if (!indexes.ok()) return client_error(indexes.status());
  impl->key_columns = *indexes;
  auto encoder = key_encoder_over(*impl_, bucket);
  if (!encoder.ok()) return client_error(encoder.status());
  impl->encoder = std::move(*encoder);
  out.impl_ = std::move(impl);
  return Result::Success();
}

Result Lookuper::Lookup(const GenericRow& key, LookupResult& out) {
  if (!impl_) return client_error("Lookuper is not available");
  auto encoded = impl_->encode(key);
  if (!encoded.ok()) {
    if (encoded.status().is(::fluss::ErrorCode::kPartitionNotExists)) {
      return to_result(encoded.status());
    }
    return client_error(encoded.status());
  }
  std::vector<std::string> values;
  Result r = impl_->combined(std::move(*encoded), values);
  if (!r.Ok()) return r;
  if (values.empty()) {
    out = LookupResult();
    return Result::Success();
  }
  std::shared_ptr<detail::RowSet> set;
  r = impl_->decode({values.front()}, set);
  if (!r.Ok()) return r;
  out = detail::RowAccess::lookup_result(detail::RowAccess::view(set, 0));
  return Result::Success();
}

void Lookuper::LookupAsync(const GenericRow& key, LookupCallback done) {
  if (!impl_) {
    done(client_error("Lookuper is not available"), LookupResult());
    return;
  }
  auto encoded = impl_->encode(key);
  if (!encoded.ok()) {
    done(encoded.status().is(::fluss::ErrorCode::kPartitionNotExists)
             ? to_result(encoded.status())
             : client_error(encoded.status()),
         LookupResult());
    return;
  }
  detail::LookuperImpl* impl = impl_.get();
  impl->combined_async(std::move(*encoded), [impl, done = std::move(done)](
                                                Result r, std::vector<std::string> values) {
    if (!r.Ok() || values.empty()) {
      done(r, LookupResult());
      return;
    }
    std::shared_ptr<detail::RowSet> set;
    r = impl->decode({values.front()}, set);
    if (!r.Ok()) {
      done(r, LookupResult());
      return;
    }
    done(Result::Success(), detail::RowAccess::lookup_result(detail::RowAccess::view(set, 0)));
  });
}

Result Lookuper::LookupBatch(const std::vector<const GenericRow*>& keys,
                             std::vector<LookupResult>& out) {
  if (!impl_) return client_error("Lookuper is not available");
  std::vector<detail::LookuperImpl::Key> encoded;
  for (const GenericRow* row : keys) {
    auto key = impl_->encode(*row);
    if (!key.ok()) {
      if (key.status().is(::fluss::ErrorCode::kPartitionNotExists)) {
        return to_result(key.status());
      }
      return client_error(key.status());
    }
    encoded.push_back(std::move(*key));
  }
  std::vector<std::vector<std::string>> values;
  Result r = impl_->run(encoded, values);
  if (!r.Ok()) return r;
  std::vector<std::string> found;
  std::vector<int64_t> index_of(keys.size(), -1);
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i].empty()) continue;
    index_of[i] = static_cast<int64_t>(found.size());
    found.push_back(values[i].front());
  }
  std::shared_ptr<detail::RowSet> set;
  r = impl_->decode(found, set);
  if (!r.Ok()) return r;
  out.clear();
  for (size_t i = 0; i < keys.size(); ++i) {
    if (index_of[i] < 0) {
      out.emplace_back();
    } else {
      out.push_back(detail::RowAccess::lookup_result(
          detail::RowAccess::view(set, static_cast<size_t>(index_of[i]))));
    }
  }
  return Result::Success();
}

Result PrefixLookuper::PrefixLookup(const GenericRow& prefix, PrefixLookupResult& out) {
  if (!impl_) return client_error("PrefixLookuper is not available");
  auto key = impl_->encode(prefix);
  if (!key.ok()) {
    if (key.status().is(::fluss::ErrorCode::kPartitionNotExists)) return to_result(key.status());
    return client_error(key.status());
  }
  std::vector<detail::LookuperImpl::Key> keys;
  keys.push_back(std::move(*key));
  std::vector<std::vector<std::string>> values;
  Result r = impl_->run(keys, values);
  if (!r.Ok()) return r;
  std::shared_ptr<detail::RowSet> set;
  r = impl_->decode(values.front(), set);
  if (!r.Ok()) return r;
  auto& rows = detail::RowAccess::prefix_rows(out);
  rows.clear();
  for (size_t i = 0; i < set->rows.size(); ++i) rows.push_back(detail::RowAccess::view(set, i));
  return Result::Success();
}
}  // namespace fluss::client
