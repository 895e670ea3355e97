// SPDX-License-Identifier: Apache-2.0
// The write path of a Connection (Fluss's WriterClient): a RecordAccumulator of per-bucket
// batches bounded by client.writer.buffer.memory-size, and a sender thread that ships ready
// batches to the bucket leaders (PRODUCE_LOG for log tables, PUT_KV for primary-key tables),
// retrying retriable errors with backoff. Up to client.writer.max-inflight-requests-per-bucket
// requests are in flight per bucket; idempotent batch sequences are stamped when a batch is first
// sent, and a batch that fails for good resets the writer id (Fluss's IdempotenceManager).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"
#include "fluss/result.h"
#include "model/table_path.h"
#include "record/generic_row.h"
#include "record/kv_record_batch.h"
#include "record/memory_log_records_builder.h"

namespace google::protobuf {
class Message;
}  // namespace google::protobuf

namespace fluss::client::detail {

class ConnectionImpl;
struct TableImpl;
class WriterClient;

// Lets response callbacks on the network thread find the writer, or learn it is gone.
struct WriterAlive {
  std::mutex mu;
  WriterClient* writer = nullptr;  // guarded by mu
};

// The outcome of one batch, shared by the WriteResults of its records.
struct WriteState {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;  // guarded by mu
  Result result;      // guarded by mu; immutable once `completed`
  // Set (release) after `result`: a wait() on a completed state reads it without the lock,
  // which a writer waiting on each of its rows' results does once per row.
  std::atomic<bool> completed{false};
  // A write of several batches (an Arrow batch split by partition or bucket): wait() waits
  // for each part too and gives the first error. Set before the state is shared.
  std::vector<std::shared_ptr<WriteState>> parts;

  void complete(Result r);
  Result wait();
};

enum class WriteKind : uint8_t { kAppend, kPutKv };

// What may share a batch: same table, partition, bucket, kind and (PUT_KV) target columns.
struct BatchKey {
  int64_t table_id = -1;
  int64_t partition_id = -1;
  int32_t bucket = 0;
  WriteKind kind = WriteKind::kAppend;
  std::vector<int> target_columns;

  auto operator<=>(const BatchKey&) const = default;
};

// One queue per physical bucket: batch sequences (idempotence) count per bucket on
// the server, so batches of one bucket -- whatever their kind or target columns --
// take consecutive sequences in queue order when they are first sent.
struct BucketKey {
  int64_t table_id = -1;
  int64_t partition_id = -1;
  int32_t bucket = 0;

  auto operator<=>(const BucketKey&) const = default;
};
inline BucketKey bucket_of(const BatchKey& key) {
  return BucketKey{key.table_id, key.partition_id, key.bucket};
}

class WriterClient {
 public:
  // `conn` outlives this (it owns it).
  explicit WriterClient(ConnectionImpl* conn);
  ~WriterClient();
  WriterClient(const WriterClient&) = delete;
  WriterClient& operator=(const WriterClient&) = delete;

  // Buffers one log record (bucket -1: the no-key assigner picks it). Blocks while the buffer
  // is full, up to client.writer.buffer.wait-timeout (then REQUEST_TIME_OUT naming the buffer).
  ::fluss::Result<std::shared_ptr<WriteState>> append(const std::shared_ptr<TableImpl>& table,
                                                      const ::fluss::GenericRow& row,
                                                      int64_t partition_id, int32_t bucket);
  // Buffers an encoded Arrow RecordBatch message of `rows` rows as a log batch of its own
  // (AppendArrowBatch); bucket -1: the no-key assigner picks it, and moves on after it. An open
  // batch of the bucket is sealed first, so the bucket's order is the order of the calls.
  ::fluss::Result<std::shared_ptr<WriteState>> append_arrow(std::shared_ptr<TableImpl> table,
                                                            ::fluss::ByteView message, int32_t rows,
                                                            int64_t partition_id, int32_t bucket);
  // Buffers one KV record: value absent = delete.
  ::fluss::Result<std::shared_ptr<WriteState>> put_kv(const std::shared_ptr<TableImpl>& table,
                                                      ::fluss::ByteView key,
                                                      std::optional<::fluss::ByteView> value,
                                                      int64_t partition_id, int32_t bucket,
                                                      const std::vector<int>& target_columns);
  // Sends every buffered batch and waits for all batches not yet complete; the first error
  // among them (or of a fire-and-forget batch failed since the last flush).
  Result flush();
  // Fails what is buffered with NETWORK_EXCEPTION "writer closed"; stops the sender.
  void close();

  // Bytes currently counted against client.writer.buffer.memory-size.
  size_t buffered_bytes();

 private:
  struct Batch;
  struct PendingStamp {
    ::fluss::WriterId writer_id;
    ::fluss::BatchSequence sequence;
  };
  // The batches of one bucket in send (and sequence) order, up to max_in_flight_ of them in
  // flight; a batch leaves when it is acknowledged or fails for good. The back one may be
  // open (a write of another kind or other target columns seals it and opens a new one).
  // Sequences count per writer generation: when the writer id was reset, the bucket starts
  // again at 0 once nothing of the old writer id is in flight.
  struct Queue {
    std::deque<std::unique_ptr<Batch>> batches;
    int in_flight = 0;
    uint64_t generation = 0;    // the writer generation next_sequence counts for
    int32_t next_sequence = 0;  // of the next batch stamped
    int32_t last_acked = -1;    // highest acknowledged sequence of `generation`
  };

  // With mu_ held: the open batch of `key`, opening one (reserving memory) when needed.
  ::fluss::Result<Batch*> open_batch(std::unique_lock<std::mutex>& lock, const BatchKey& key,
                                     const std::shared_ptr<TableImpl>& table);
  // `estimated`: the batch's estimated size now.
  void close_if_full(Batch& batch, size_t estimated);
  // With mu_ held: the bucket the no-key assigner gives a log record of `table` (sticky per
  // partition, or round robin), and moving the sticky bucket on after `bucket` got a batch.
  int32_t no_key_bucket(TableImpl& table, int64_t partition_id);
  void move_sticky_bucket(const TableImpl& table, int64_t partition_id, int32_t bucket);
  // With mu_ held, after one record went into `batch`, which was `size_before`
  // bytes: counts the record and its bytes, closes the batch if full, wakes the sender
  // without linger. The batch's WriteState.
  std::shared_ptr<WriteState> record_appended(Batch& batch, size_t size_before);
  // Finishes `batch`'s bytes, marks it closed (no more records) and drops its builders.
  static Status seal(Batch& batch);
  // With mu_ held by `lock`: waits while the buffer is full (client.writer.buffer.*);
  // REQUEST_TIME_OUT after the wait timeout, NETWORK_EXCEPTION once closed.
  Status wait_for_buffer_space(std::unique_lock<std::mutex>& lock);
  // Sender thread, mu_ not held: a writer id from INIT_WRITER for `tables`, or -1 (writing
  // without idempotence) when the servers do not grant one.
  int64_t init_writer(const std::vector<::fluss::TablePath>& tables);
  void run();
  // With mu_ held: the batch of `queue` to send next, its writer id and sequence chosen
  // (stamp() writes them), or nullptr (nothing sendable yet; `wake` lowered to when it may be).
  Batch* next_to_send(Queue& queue, std::chrono::steady_clock::time_point now,
                      std::chrono::steady_clock::time_point& wake);
  // Sender thread, mu_ not held (the batch is in flight): writes the writer state
  // next_to_send chose into the batch and sets its CRC -- a pass over all its bytes, kept out
  // of the lock the writing threads take per record.
  static Status stamp(Batch& batch);
  void send(std::vector<Batch*> batches);
  template <typename BucketRequest>
  static ::fluss::GatherBytes encode_with_records(const google::protobuf::Message& head, int field,
                                                  const std::vector<Batch*>& batches);
  void on_response(std::vector<Batch*> batches, ::fluss::Result<::fluss::ByteBuffer> response);
  // With mu_ held: `batch` (no longer in flight) failed with `status`: retried, or finished
  // with the error (and the writer id reset when its sequence was spent).
  void on_failure(Batch* batch, const Status& status, std::vector<::fluss::TablePath>& refresh);
  // With mu_ held: drops the writer id; the sender asks for a new one and every bucket's
  // sequences restart at 0 (Fluss's IdempotenceManager.resetWriterId).
  void reset_writer_id();
  void finish(Batch* batch, Result result);

  ConnectionImpl* const conn_;
  const size_t batch_size_;
  const std::chrono::milliseconds linger_;
  const size_t buffer_memory_;
  const std::chrono::milliseconds buffer_wait_;
  const std::chrono::milliseconds retry_backoff_;
  const int32_t retries_;
  const int32_t acks_;
  const bool round_robin_;
  const bool idempotent_;
  const int max_in_flight_;

  std::mutex mu_;
  std::condition_variable sender_cv_;  // work for the sender
  std::condition_variable space_cv_;   // buffer space freed / batch completed
  std::map<BucketKey, Queue> queues_;  // guarded by mu_; never erased
  Queue* last_queue_ = nullptr;        // open_batch's last lookup in queues_; mu_
  BucketKey last_queue_key_;           // mu_
  std::map<std::pair<int64_t, int64_t>, int32_t> sticky_buckets_;  // (table, partition); mu_
  size_t buffered_ = 0;                                            // guarded by mu_
  int flush_requests_ = 0;   // flushes waiting; guarded by mu_
  bool closed_ = false;      // guarded by mu_
  Result unreported_error_;  // guarded by mu_
  // The writer id and its generation (0: none yet; the sender asks for one). Batches carry the
  // generation they were stamped with, so answers for an old writer id are told apart.
  int64_t writer_id_ = -1;        // guarded by mu_
  uint64_t generation_ = 0;       // guarded by mu_
  uint64_t last_generation_ = 0;  // guarded by mu_
  std::shared_ptr<WriterAlive> alive_;
  std::thread sender_;
};

}  // namespace fluss::client::detail
