// SPDX-License-Identifier: Apache-2.0
#include "writer_client.h"

#include <fmt/format.h>

#include <algorithm>
#include <random>

#include "common/check.h"
#include "common/logging.h"
#include "connection_impl.h"
#include "record/row/row_codec.h"
#include "rpc/protocol/errors.h"
#include "rpc/protocol/fluss_api.pb.h"
#include "table_impl.h"
#include "type_conversion.h"

namespace fluss::client::detail {

namespace proto = ::fluss::rpc::proto;
using ::fluss::Clock;
using ::fluss::ErrorCode;
using ::fluss::make_error;
using ::fluss::Status;

// PUT_KV v2: compacted keys for custom bucket keys, and the client understands error 72.
constexpr int16_t kPutKvVersion = 2;

void WriteState::complete(Result r) {
  {
    std::lock_guard lock(mu);
    if (done) return;
    done = true;
    result = std::move(r);
    completed.store(true, std::memory_order_release);
  }
  cv.notify_all();
}

Result WriteState::wait() {
  Result first;
  if (completed.load(std::memory_order_acquire)) {
    first = result;
  } else {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return done; });
    first = result;
  }
  for (const auto& part : parts) {
    Result r = part->wait();
    if (first.Ok() && !r.Ok()) first = r;
  }
  return first;
}

struct WriterClient::Batch {
  BatchKey key;
  std::shared_ptr<TableImpl> table;
  std::unique_ptr<::fluss::MemoryLogRecordsBuilder> log;
  std::unique_ptr<::fluss::KvRecordBatchBuilder> kv;
  std::shared_ptr<WriteState> state = std::make_shared<WriteState>();
  // The finished batch, once closed; shared with requests being written to the socket. An
  // Arrow log batch borrows its builder's column buffers (zero-copy up to the socket).
  std::shared_ptr<::fluss::GatherBytes> bytes = std::make_shared<::fluss::GatherBytes>();
  bool checksummed = false;  // the CRC is set (log batches get it when first stamped)
  // The writer state next_to_send chose for it, written (with the CRC) by stamp().
  std::optional<PendingStamp> pending_stamp;
  size_t reserved = 0;       // bytes counted in buffered_
  size_t last_estimate = 0;  // estimated() after the last record (not recomputed per record)
  Clock::time_point created = Clock::now();
  Clock::time_point retry_at{};
  int32_t attempts = 0;
  int32_t record_count = 0;
  bool closed = false;
  bool in_flight = false;
  bool awaiting_retry = false;  // sent before, failed retriably, not yet resent
  uint64_t generation = 0;      // writer generation of its stamp (0: never stamped)
  int32_t sequence = -1;        // its batch sequence in that generation

  size_t estimated() const {
    if (closed) return bytes->size();
    return log ? log->estimated_size_in_bytes() : kv->size_in_bytes();
  }
};

namespace {

int32_t acks_of(const std::string& acks) {
  if (acks == "all" || acks == "-1") return -1;
  if (acks == "0") return 0;
  return 1;
}

// Sequences wrap from INT32_MAX to 0.
int32_t sequence_after(int32_t sequence) { return sequence == INT32_MAX ? 0 : sequence + 1; }

// Whether `a` comes after `b` in the wrapping sequence space (few batches are ever
// outstanding, so "after" means less than half the space ahead).
bool later_sequence(int32_t a, int32_t b) {
  const uint32_t distance = static_cast<uint32_t>(a) - static_cast<uint32_t>(b);
  return b < 0 || (distance != 0 && (distance & 0x80000000u) == 0 && distance < (1u << 30));
}

std::chrono::milliseconds clamp_ms(uint64_t ms) {
  constexpr uint64_t kTenYears = 10ull * 365 * 24 * 3600 * 1000;
  return std::chrono::milliseconds(static_cast<int64_t>(std::min(ms, kTenYears)));
}

}  // namespace

WriterClient::WriterClient(ConnectionImpl* conn)
    : conn_(conn),
      batch_size_(static_cast<size_t>(std::max(conn->config().writer_batch_size, 1024))),
      linger_(std::max<int64_t>(conn->config().writer_batch_timeout_ms, 0)),
      buffer_memory_(std::max<size_t>(conn->config().writer_buffer_memory_size, 1024)),
      buffer_wait_(clamp_ms(conn->config().writer_buffer_wait_timeout_ms)),
      retry_backoff_(std::max<int64_t>(conn->config().writer_retry_backoff_ms, 0)),
      retries_(conn->config().writer_retries),
      acks_(acks_of(conn->config().writer_acks)),
      round_robin_(conn->config().writer_bucket_no_key_assigner == "round_robin"),
      idempotent_(conn->config().writer_enable_idempotence),
      max_in_flight_(static_cast<int>(
          std::clamp<size_t>(conn->config().writer_max_inflight_requests_per_bucket, 1, 1000))) {
  alive_ = std::make_shared<WriterAlive>();
  alive_->writer = this;
  sender_ = std::thread([this] { run(); });
}

WriterClient::~WriterClient() { close(); }

void WriterClient::close() {
  {
    std::lock_guard lock(mu_);
    if (closed_ && !sender_.joinable()) return;
    closed_ = true;
  }
  sender_cv_.notify_all();
  space_cv_.notify_all();
  if (sender_.joinable()) sender_.join();
  // Responses still on their way find no writer.
  {
    std::lock_guard lock(alive_->mu);
    alive_->writer = nullptr;
  }
  std::lock_guard lock(mu_);
  for (auto& [key, queue] : queues_) {
    for (auto& batch : queue.batches) {
      batch->state->complete(Result::Error(::fluss::client::ErrorCode::NETWORK_EXCEPTION,
                                           "the writer was closed before the batch "
                                           "was acknowledged"));
    }
    queue.batches.clear();
  }
  buffered_ = 0;
}

size_t WriterClient::buffered_bytes() {
  std::lock_guard lock(mu_);
  return buffered_;
}

int64_t WriterClient::init_writer(const std::vector<::fluss::TablePath>& tables) {
  auto server = conn_->any_tablet_server();
  if (!server.ok()) {
    FLUSS_LOG_WARN("no tablet server for INIT_WRITER ({}); writing without idempotence",
                   server.status());
    return -1;
  }
  // As Java's IdempotenceManager: the tables the writer is about to write (for authorization).
  proto::InitWriterRequest request;
  for (const ::fluss::TablePath& table : tables) {
    auto* path = request.add_table_path();
    path->set_database_name(table.database);
    path->set_table_name(table.table);
  }
  auto response = conn_->call<proto::InitWriterResponse>(*server, ::fluss::rpc::ApiKey::kInitWriter,
                                                         0, request);
  if (!response.ok()) {
    FLUSS_LOG_WARN("INIT_WRITER failed ({}); writing without idempotence", response.status());
    return -1;
  }
  return response->writer_id();
}

void WriterClient::reset_writer_id() {
  if (generation_ == 0) return;
  FLUSS_LOG_INFO("writer id {} reset after a batch failed for good; sequences restart", writer_id_);
  writer_id_ = -1;
  generation_ = 0;
  sender_cv_.notify_one();
}

Status WriterClient::seal(Batch& batch) {
  Status status = Status::OK();
  if (batch.log != nullptr) {
    // The batch borrows the builder's Arrow buffers: the builder goes back to the table's
    // pool once the batch's bytes, and every request still writing them, are gone.
    std::shared_ptr<::fluss::MemoryLogRecordsBuilder> builder(
        batch.log.release(), [table = batch.table](::fluss::MemoryLogRecordsBuilder* b) {
          table->return_log_builder(std::unique_ptr<::fluss::MemoryLogRecordsBuilder>(b));
        });
    status = builder->finish(*batch.bytes, builder);
  } else {
    ::fluss::ByteBuffer bytes;
    batch.kv->finish(bytes);
    *batch.bytes = ::fluss::GatherBytes(std::move(bytes));
    batch.checksummed = true;
  }
  batch.closed = true;
  batch.log.reset();
  batch.kv.reset();
  return status;
}

Status WriterClient::wait_for_buffer_space(std::unique_lock<std::mutex>& lock) {
  if (!closed_ && buffered_ < buffer_memory_) return Status::OK();  // no clock read per record
  auto deadline = Clock::now() + buffer_wait_;
  while (!closed_ && buffered_ >= buffer_memory_) {
    if (space_cv_.wait_until(lock, deadline) == std::cv_status::timeout &&
        buffered_ >= buffer_memory_) {
      return make_error(ErrorCode::kRequestTimeOut,
                        "the write buffer (client.writer.buffer.memory-size = {} bytes) stayed "
                        "full for client.writer.buffer.wait-timeout = {} ms",
                        buffer_memory_, buffer_wait_.count());
    }
  }
  if (closed_) return make_error(ErrorCode::kNetworkException, "the writer is closed");
  return Status::OK();
}

::fluss::Result<WriterClient::Batch*> WriterClient::open_batch(
    std::unique_lock<std::mutex>& /*lock*/, const BatchKey& key,
    const std::shared_ptr<TableImpl>& table) {
  // Queues are never erased, so the last one found stays valid: a writer mostly writes
  // into the same bucket (sticky, or its key's) many records in a row.
  const BucketKey bucket = bucket_of(key);
  if (last_queue_ == nullptr || last_queue_key_ != bucket) {
    last_queue_ = &queues_[bucket];
    last_queue_key_ = bucket;
  }
  Queue& queue = *last_queue_;
  if (!queue.batches.empty() && !queue.batches.back()->closed) {
    Batch* open = queue.batches.back().get();
    if (open->key == key) return open;
    // Another kind or other target columns: seal the open batch (it keeps its
    // place, and its sequence, in the bucket's order).
    if (Status status = seal(*open); !status.ok()) finish(open, to_result(status));
  }
  auto batch = std::make_unique<Batch>();
  batch->key = key;
  batch->table = table;
  // The writer id and sequence are stamped when the batch is first sent (next_to_send).
  if (key.kind == WriteKind::kAppend) {
    ::fluss::LogRecordBatchOptions options;
    options.format = table->log_format;
    options.schema_id = ::fluss::SchemaId(table->schema_id());
    options.append_only = true;
    batch->log = table->take_log_builder(options);
  } else {
    ::fluss::KvRecordBatchOptions options;
    options.schema_id = ::fluss::SchemaId(table->schema_id());
    batch->kv = std::make_unique<::fluss::KvRecordBatchBuilder>(options);
  }
  batch->last_estimate = batch->estimated();
  queue.batches.push_back(std::move(batch));
  // The sender may be asleep with nothing to linger on: tell it a batch opened.
  sender_cv_.notify_one();
  return queue.batches.back().get();
}

void WriterClient::close_if_full(Batch& batch, size_t estimated) {
  if (batch.closed || estimated < batch_size_) return;
  if (Status status = seal(batch); !status.ok()) {
    finish(&batch, to_result(status));
    return;
  }
  // A full batch moves the sticky assigner on to another bucket.
  if (batch.key.kind == WriteKind::kAppend) {
    move_sticky_bucket(*batch.table, batch.key.partition_id, batch.key.bucket);
  }
  sender_cv_.notify_one();
}

::fluss::Result<std::shared_ptr<WriteState>> WriterClient::append(
    const std::shared_ptr<TableImpl>& table, const ::fluss::GenericRow& row, int64_t partition_id,
    int32_t bucket) {
  ::fluss::ByteBuffer row_bytes;
  if (table->log_format != ::fluss::LogFormat::kArrow) {
    FLUSS_RETURN_IF_ERROR(::fluss::encode_row(table->log_format == ::fluss::LogFormat::kIndexed
                                                  ? ::fluss::RowFormat::kIndexed
                                                  : ::fluss::RowFormat::kCompacted,
                                              table->row_type, row, row_bytes));
  }
  std::unique_lock lock(mu_);
  FLUSS_RETURN_IF_ERROR(wait_for_buffer_space(lock));
  if (bucket < 0) bucket = no_key_bucket(*table, partition_id);
  BatchKey key{table->table_id(), partition_id, bucket, WriteKind::kAppend, {}};
  FLUSS_ASSIGN_OR_RETURN(Batch * batch, open_batch(lock, key, table));
  size_t before = batch->last_estimate;
  if (batch->log && table->log_format == ::fluss::LogFormat::kArrow) {
    FLUSS_RETURN_IF_ERROR(batch->log->append(::fluss::ChangeType::kAppendOnly, row));
  } else {
    batch->log->append(::fluss::ChangeType::kAppendOnly, row_bytes.view());
  }
  return record_appended(*batch, before);
}

int32_t WriterClient::no_key_bucket(TableImpl& table, int64_t partition_id) {
  const int32_t n = std::max(table.num_buckets(), 1);
  if (round_robin_) {
    return static_cast<int32_t>(table.round_robin.fetch_add(1) % static_cast<uint32_t>(n));
  }
  auto [it, inserted] = sticky_buckets_.try_emplace({table.table_id(), partition_id}, 0);
  if (inserted) {
    static thread_local std::minstd_rand random(std::random_device{}());
    it->second = static_cast<int32_t>(random() % static_cast<uint32_t>(n));
  }
  return it->second;
}

void WriterClient::move_sticky_bucket(const TableImpl& table, int64_t partition_id,
                                      int32_t bucket) {
  const int32_t n = table.num_buckets();
  if (round_robin_ || !table.bucket_key_indexes.empty() || n <= 1) return;
  static thread_local std::minstd_rand random(std::random_device{}());
  const int32_t next = static_cast<int32_t>(random() % static_cast<uint32_t>(n - 1));
  sticky_buckets_[{table.table_id(), partition_id}] = next >= bucket ? next + 1 : next;
}

::fluss::Result<std::shared_ptr<WriteState>> WriterClient::append_arrow(
    std::shared_ptr<TableImpl> table, ::fluss::ByteView message, int32_t rows, int64_t partition_id,
    int32_t bucket) {
  // The log batch is built outside the lock; the writer id and sequence are stamped when it
  // is first sent (next_to_send), as for any batch.
  ::fluss::LogRecordBatchOptions options;
  options.format = ::fluss::LogFormat::kArrow;
  options.schema_id = ::fluss::SchemaId(table->schema_id());
  options.append_only = true;
  ::fluss::MemoryLogRecordsBuilder builder(options);
  const std::vector<::fluss::ChangeType> change_types(static_cast<size_t>(rows),
                                                      ::fluss::ChangeType::kAppendOnly);
  builder.set_arrow_records(change_types, message);
  auto batch = std::make_unique<Batch>();
  ::fluss::ByteBuffer bytes;
  FLUSS_RETURN_IF_ERROR(builder.finish(bytes));
  *batch->bytes = ::fluss::GatherBytes(std::move(bytes));
  batch->checksummed = true;
  std::unique_lock lock(mu_);
  FLUSS_RETURN_IF_ERROR(wait_for_buffer_space(lock));
  const bool assigned = bucket < 0;
  if (assigned) bucket = no_key_bucket(*table, partition_id);
  batch->key = BatchKey{table->table_id(), partition_id, bucket, WriteKind::kAppend, {}};
  batch->table = table;
  batch->closed = true;
  batch->record_count = rows;
  batch->reserved = batch->bytes->size();
  buffered_ += batch->reserved;
  Queue& queue = queues_[bucket_of(batch->key)];
  if (!queue.batches.empty() && !queue.batches.back()->closed) {
    Batch* open = queue.batches.back().get();
    if (Status status = seal(*open); !status.ok()) finish(open, to_result(status));
  }
  std::shared_ptr<WriteState> state = batch->state;
  queue.batches.push_back(std::move(batch));
  if (assigned) move_sticky_bucket(*table, partition_id, bucket);
  sender_cv_.notify_one();
  return state;
}

::fluss::Result<std::shared_ptr<WriteState>> WriterClient::put_kv(
    const std::shared_ptr<TableImpl>& table, ::fluss::ByteView key_bytes,
    std::optional<::fluss::ByteView> value, int64_t partition_id, int32_t bucket,
    const std::vector<int>& target_columns) {
  std::unique_lock lock(mu_);
  FLUSS_RETURN_IF_ERROR(wait_for_buffer_space(lock));
  BatchKey key{table->table_id(), partition_id, bucket, WriteKind::kPutKv, target_columns};
  FLUSS_ASSIGN_OR_RETURN(Batch * batch, open_batch(lock, key, table));
  size_t before = batch->last_estimate;
  batch->kv->append(key_bytes, value);
  return record_appended(*batch, before);
}

std::shared_ptr<WriteState> WriterClient::record_appended(Batch& batch, size_t size_before) {
  ++batch.record_count;
  const size_t after = batch.estimated();
  batch.last_estimate = after;
  const size_t delta = after > size_before ? after - size_before : 0;
  batch.reserved += delta;
  buffered_ += delta;
  std::shared_ptr<WriteState> state = batch.state;
  close_if_full(batch, after);
  if (linger_.count() == 0) sender_cv_.notify_one();
  return state;
}

Result WriterClient::flush() {
  std::vector<std::shared_ptr<WriteState>> states;
  {
    std::lock_guard lock(mu_);
    for (auto& [key, queue] : queues_) {
      for (auto& batch : queue.batches) states.push_back(batch->state);
    }
    ++flush_requests_;
  }
  sender_cv_.notify_all();
  Result first;
  for (auto& state : states) {
    Result r = state->wait();
    if (first.Ok() && !r.Ok()) first = r;
  }
  std::lock_guard lock(mu_);
  --flush_requests_;
  if (first.Ok() && !unreported_error_.Ok()) first = unreported_error_;
  unreported_error_ = Result::Success();
  return first;
}

void WriterClient::on_failure(Batch* batch, const Status& status,
                              std::vector<::fluss::TablePath>& refresh) {
  const Queue& queue = queues_[bucket_of(batch->key)];
  // Whether the batch spent a sequence of the current writer id.
  const bool current = idempotent_ && writer_id_ >= 0 && batch->generation == generation_ &&
                       batch->generation == queue.generation;
  Result r = to_result(status.with_context(fmt::format(
      "table '{}' bucket {}{}", batch->table->info.table_path.ToString(), batch->key.bucket,
      batch->key.partition_id >= 0 ? fmt::format(" (partition {})", batch->key.partition_id)
                                   : "")));
  bool retry = r.IsRetriable();
  const bool refresh_leaders = retry;
  if (status.is(ErrorCode::kOutOfOrderSequenceException)) {
    // An earlier batch of the bucket is not in yet (it failed, or is still on its way):
    // this one follows it. Only the next expected sequence, refused, is the server having
    // lost the writer's state. A batch of an old writer id is stamped again.
    retry = !current || batch->sequence != sequence_after(queue.last_acked);
  } else if (status.is(ErrorCode::kUnknownWriterIdException)) {
    retry = !current;
  }
  if (retry && batch->attempts < retries_) {
    ++batch->attempts;
    batch->awaiting_retry = true;
    batch->retry_at = Clock::now() + retry_backoff_;
    if (refresh_leaders &&
        std::find(refresh.begin(), refresh.end(), batch->table->path) == refresh.end()) {
      refresh.push_back(batch->table->path);
    }
    return;
  }
  // The batch failed for good. The server's sequence for this writer and bucket may or may
  // not include it, so later batches cannot continue the sequence: start over with a new
  // writer id.
  if (current) reset_writer_id();
  finish(batch, r);
}

void WriterClient::finish(Batch* batch, Result result) {
  // mu_ held.
  batch->state->complete(result);
  if (!result.Ok() && unreported_error_.Ok()) unreported_error_ = result;
  buffered_ -= std::min(buffered_, batch->reserved);
  auto it = queues_.find(bucket_of(batch->key));
  if (it != queues_.end()) {
    auto& batches = it->second.batches;
    for (auto b = batches.begin(); b != batches.end(); ++b) {
      if (b->get() == batch) {
        batches.erase(b);
        break;
      }
    }
  }
  space_cv_.notify_all();
  sender_cv_.notify_one();
}

void WriterClient::run() {
  std::unique_lock lock(mu_);
  while (!closed_) {
    if (idempotent_ && generation_ == 0) {
      std::vector<::fluss::TablePath> tables;
      for (auto& [key, queue] : queues_) {
        for (auto& batch : queue.batches) {
          if (std::find(tables.begin(), tables.end(), batch->table->path) == tables.end()) {
            tables.push_back(batch->table->path);
          }
        }
      }
      if (!tables.empty()) {
        lock.unlock();
        int64_t id = init_writer(tables);
        lock.lock();
        writer_id_ = id;
        generation_ = ++last_generation_;
        continue;
      }
    }
    auto now = Clock::now();
    auto wake = now + std::chrono::seconds(1);
    std::vector<Batch*> ready;
    for (auto& [key, queue] : queues_) {
      if (Batch* batch = next_to_send(queue, now, wake)) ready.push_back(batch);
    }
    if (ready.empty()) {
      sender_cv_.wait_until(lock, wake);
      continue;
    }
    lock.unlock();
    send(std::move(ready));
    lock.lock();
  }
}

WriterClient::Batch* WriterClient::next_to_send(Queue& queue, Clock::time_point now,
                                                Clock::time_point& wake) {
  if (queue.batches.empty() || queue.in_flight >= max_in_flight_) return nullptr;
  if (idempotent_ && queue.generation != generation_) {
    // A new writer id: this bucket's sequences restart at 0 once every batch stamped with
    // the old one has its answer; batches not yet acknowledged are stamped again.
    if (queue.in_flight > 0) return nullptr;
    queue.generation = generation_;
    queue.next_sequence = 0;
    queue.last_acked = -1;
    for (auto& batch : queue.batches) {
      batch->generation = 0;
      batch->awaiting_retry = false;
    }
  }
  Batch* batch = nullptr;
  bool retrying = false;
  for (auto& b : queue.batches) {
    retrying = retrying || b->awaiting_retry;
    if (batch == nullptr && !b->in_flight) batch = b.get();
  }
  if (batch == nullptr) return nullptr;
  // After a retriable error, batches go out again one at a time once every earlier answer
  // is in, so the bucket's sequences reach the server in order.
  if (retrying && queue.in_flight > 0) return nullptr;
  if (!batch->closed) {
    if (now - batch->created < linger_ && flush_requests_ == 0) {
      wake = std::min(wake, batch->created + linger_);
      return nullptr;
    }
    if (Status status = seal(*batch); !status.ok()) {
      finish(batch, to_result(status));
      return nullptr;
    }
  }
  if (batch->retry_at > now) {
    wake = std::min(wake, batch->retry_at);
    return nullptr;
  }
  // Stamped when first sent with an idempotent writer id, and again after the id was reset;
  // a log batch is checksummed then (its builder leaves the CRC to the stamp). The writer id
  // and sequence are chosen here, under mu_; send() writes them and the CRC without it.
  const bool restamp = idempotent_ && batch->generation != generation_;
  if (restamp || !batch->checksummed) {
    const bool has_id = restamp && writer_id_ >= 0;
    batch->pending_stamp = PendingStamp{
        has_id ? ::fluss::WriterId(writer_id_) : ::fluss::kNoWriterId,
        has_id ? ::fluss::BatchSequence(queue.next_sequence) : ::fluss::kNoBatchSequence};
    if (restamp) {
      batch->generation = generation_;
      batch->sequence = batch->pending_stamp->sequence.value();
      if (has_id) queue.next_sequence = sequence_after(queue.next_sequence);
    }
  }
  batch->in_flight = true;
  batch->awaiting_retry = false;
  ++queue.in_flight;
  return batch;
}

namespace {
struct RequestKey {
  int32_t leader;
  int64_t table_id;
  WriteKind kind;
  std::vector<int> targets;
  auto operator<=>(const RequestKey&) const = default;
};
}  // namespace

// A PRODUCE_LOG or PUT_KV request: `head` (everything but buckets_req) as protobuf encodes
// it, then one buckets_req entry (field `field`) per batch, whose `records` field (3) borrows
// the batch's bytes instead of copying them. Field order does not matter to a protobuf parser.
template <typename BucketRequest>
::fluss::GatherBytes WriterClient::encode_with_records(const google::protobuf::Message& head,
                                                       int field,
                                                       const std::vector<Batch*>& batches) {
  constexpr uint32_t kRecordsTag = (3 << 3) | 2;
  ::fluss::GatherBytes out;
  // serialize_message fails only on missing required fields, which `head` sets.
  FLUSS_CHECK(::fluss::rpc::serialize_message(head, out.owned()).ok(), "{}",
              head.InitializationErrorString());
  for (Batch* batch : batches) {
    BucketRequest bucket;
    if (batch->key.partition_id >= 0) bucket.set_partition_id(batch->key.partition_id);
    bucket.set_bucket_id(batch->key.bucket);
    const ::fluss::GatherBytes& records = *batch->bytes;
    const size_t records_size = records.size();
    const size_t fields = bucket.ByteSizeLong();
    const size_t size = fields + ::fluss::uvarint32_size(kRecordsTag) +
                        ::fluss::uvarint64_size(records_size) + records_size;
    ::fluss::ByteBuffer& owned = out.owned();
    owned.append_uvarint32((static_cast<uint32_t>(field) << 3) | 2);
    owned.append_uvarint64(size);
    const size_t at = owned.size();
    owned.resize(at + fields);
    bucket.SerializePartialToArray(owned.data() + at, static_cast<int>(fields));
    owned.append_uvarint32(kRecordsTag);
    owned.append_uvarint64(records_size);
    // Held once, by the first piece, for all of them.
    std::shared_ptr<const void> owner = batch->bytes;
    records.for_each(
        [&](::fluss::ByteView piece) { out.append_borrowed(piece, std::exchange(owner, {})); });
  }
  return out;
}

Status WriterClient::stamp(Batch& batch) {
  if (!batch.pending_stamp) return Status::OK();
  const PendingStamp to_stamp = *std::exchange(batch.pending_stamp, std::nullopt);
  // A request of an earlier attempt may still be writing these bytes: stamp a copy then.
  if (batch.bytes.use_count() > 1) {
    batch.bytes = std::make_shared<::fluss::GatherBytes>(batch.bytes->flatten());
  }
  FLUSS_RETURN_IF_ERROR(
      batch.key.kind == WriteKind::kAppend
          ? ::fluss::stamp_log_batch(*batch.bytes, to_stamp.writer_id, to_stamp.sequence)
          : ::fluss::set_writer_state(batch.bytes->mutable_front(), to_stamp.writer_id,
                                      to_stamp.sequence));
  batch.checksummed = true;
  return Status::OK();
}

void WriterClient::send(std::vector<Batch*> batches) {
  // Sender thread, mu_ not held: the batches are in flight, so only this thread touches them
  // until their response.
  std::map<RequestKey, std::pair<Endpoint, std::vector<Batch*>>> requests;
  std::vector<std::pair<Batch*, Status>> failed;
  std::vector<std::pair<Batch*, Status>> unstamped;
  for (Batch* batch : batches) {
    if (Status stamped = stamp(*batch); !stamped.ok()) {
      unstamped.emplace_back(batch, std::move(stamped));
      continue;
    }
    auto leader = conn_->leader(batch->table->path, batch->key.partition_id, batch->key.bucket,
                                batch->attempts > 0);
    if (!leader.ok()) {
      failed.emplace_back(batch, leader.status());
      continue;
    }
    RequestKey key{leader->id, batch->key.table_id, batch->key.kind, batch->key.target_columns};
    auto& entry = requests[key];
    entry.first = *leader;
    entry.second.push_back(batch);
  }
  if (!failed.empty() || !unstamped.empty()) {
    std::lock_guard lock(mu_);
    std::vector<::fluss::TablePath> refresh;
    for (auto& [batch, status] : failed) {
      --queues_[bucket_of(batch->key)].in_flight;
      batch->in_flight = false;
      on_failure(batch, status, refresh);
    }
    for (auto& [batch, status] : unstamped) {
      --queues_[bucket_of(batch->key)].in_flight;
      batch->in_flight = false;
      // Its sequence was taken but never sent: later batches cannot follow it.
      if (idempotent_ && writer_id_ >= 0 && batch->generation == generation_) reset_writer_id();
      finish(batch, to_result(status));
    }
    sender_cv_.notify_one();
  }
  std::shared_ptr<WriterAlive> alive = alive_;
  const int32_t timeout_ms =
      static_cast<int32_t>(std::min<uint64_t>(conn_->config().request_timeout_ms, INT32_MAX));
  for (auto& [key, entry] : requests) {
    auto& [endpoint, members] = entry;
    auto callback = [alive, members = members](::fluss::Result<::fluss::ByteBuffer> response) {
      std::lock_guard lock(alive->mu);
      if (alive->writer != nullptr) alive->writer->on_response(members, std::move(response));
    };
    if (key.kind == WriteKind::kAppend) {
      proto::ProduceLogRequest request;
      request.set_acks(acks_);
      request.set_table_id(key.table_id);
      request.set_timeout_ms(timeout_ms);
      conn_->call_async(endpoint, ::fluss::rpc::ApiKey::kProduceLog, 0,
                        encode_with_records<proto::PbProduceLogReqForBucket>(
                            request, proto::ProduceLogRequest::kBucketsReqFieldNumber, members),
                        callback);
    } else {
      proto::PutKvRequest request;
      request.set_acks(acks_);
      request.set_table_id(key.table_id);
      request.set_timeout_ms(timeout_ms);
      for (int column : key.targets) request.add_target_columns(column);
      conn_->call_async(endpoint, ::fluss::rpc::ApiKey::kPutKv, kPutKvVersion,
                        encode_with_records<proto::PbPutKvReqForBucket>(
                            request, proto::PutKvRequest::kBucketsReqFieldNumber, members),
                        callback);
    }
  }
}

namespace {
template <typename Response>
std::map<std::pair<int64_t, int32_t>, Status> bucket_errors(const Response& response) {
  std::map<std::pair<int64_t, int32_t>, Status> out;
  for (const auto& bucket : response.buckets_resp()) {
    out[{bucket.has_partition_id() ? bucket.partition_id() : -1, bucket.bucket_id()}] =
        ::fluss::rpc::error_of(bucket);
  }
  return out;
}
}  // namespace

void WriterClient::on_response(std::vector<Batch*> batches,
                               ::fluss::Result<::fluss::ByteBuffer> response) {
  // Network thread. Parse before taking the lock.
  std::map<std::pair<int64_t, int32_t>, Status> errors;
  Status overall = response.status();
  if (overall.ok() && !batches.empty()) {
    if (batches.front()->key.kind == WriteKind::kAppend) {
      auto parsed =
          ::fluss::rpc::parse<proto::ProduceLogResponse>(response->view(), "PRODUCE_LOG response");
      if (parsed.ok()) errors = bucket_errors(*parsed);
      overall = parsed.status();
    } else {
      auto parsed = ::fluss::rpc::parse<proto::PutKvResponse>(response->view(), "PUT_KV response");
      if (parsed.ok()) errors = bucket_errors(*parsed);
      overall = parsed.status();
    }
  }
  std::lock_guard lock(mu_);
  // Tables whose leaders to refresh, collected before finish() frees a batch.
  std::vector<::fluss::TablePath> refresh;
  for (Batch* batch : batches) {
    Status status = overall;
    if (status.ok()) {
      auto it = errors.find({batch->key.partition_id, batch->key.bucket});
      status = it == errors.end()
                   ? make_error(ErrorCode::kUnknownServerError, "no answer for the bucket")
                   : it->second;
    }
    // A batch the server already holds (a retry of one whose answer was lost).
    if (status.is(ErrorCode::kDuplicateSequenceException)) status = Status::OK();
    auto& queue = queues_[bucket_of(batch->key)];
    --queue.in_flight;
    batch->in_flight = false;
    if (!status.ok()) {
      on_failure(batch, status, refresh);
      continue;
    }
    if (idempotent_ && batch->generation == generation_ && batch->generation == queue.generation &&
        later_sequence(batch->sequence, queue.last_acked)) {
      queue.last_acked = batch->sequence;
    }
    finish(batch, Result::Success());
  }
  for (const ::fluss::TablePath& path : refresh) conn_->invalidate_leaders(path);
  sender_cv_.notify_one();
}

}  // namespace fluss::client::detail
