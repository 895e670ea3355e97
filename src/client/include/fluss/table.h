// SPDX-License-Identifier: Apache-2.0
// Public fluss-cpp client API: Table and what it makes -- writers (AppendWriter, UpsertWriter),
// lookups (Lookuper, PrefixLookuper) and readers (LogScanner, BatchScanner) -- through the
// builders TableAppend, TableUpsert, TableLookup and TableScan.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fluss/arrow_c_abi.h"
#include "fluss/result.h"
#include "fluss/row.h"
#include "fluss/types.h"

namespace fluss::client {

namespace detail {
struct TableImpl;
struct WriterImpl;
struct WriteState;
struct LookuperImpl;
struct LogScannerImpl;
struct BatchScannerImpl;
struct ColumnMap;
}  // namespace detail

// The acknowledgement of one write. Wait() blocks until the server acknowledged the batch that
// carried the row (per client.writer.acks) or the write failed for good; dropping a WriteResult
// without waiting makes the write fire-and-forget. Copyable (all copies share one state).
class WriteResult {
 public:
  WriteResult();
  ~WriteResult();
  WriteResult(const WriteResult&);
  WriteResult& operator=(const WriteResult&);
  WriteResult(WriteResult&&) noexcept;
  WriteResult& operator=(WriteResult&&) noexcept;

  bool Available() const { return state_ != nullptr; }
  Result Wait();

 private:
  friend struct detail::WriterImpl;
  std::shared_ptr<detail::WriteState> state_;
};

// Writes rows to a log table (no primary key). Rows are batched per bucket in the connection's
// write buffer and sent by its sender; Append returns once the row is buffered, blocking while
// the buffer is full (client.writer.buffer.memory-size) for up to
// client.writer.buffer.wait-timeout (then BUFFER_EXHAUSTED as REQUEST_TIME_OUT). A row of a
// partitioned table goes to the partition named by its partition columns, which must exist
// (PARTITION_NOT_EXISTS). Thread-safe; move-only.
class AppendWriter {
 public:
  AppendWriter();
  ~AppendWriter();
  AppendWriter(AppendWriter&&) noexcept;
  AppendWriter& operator=(AppendWriter&&) noexcept;
  AppendWriter(const AppendWriter&) = delete;
  AppendWriter& operator=(const AppendWriter&) = delete;

  bool Available() const { return impl_ != nullptr; }
  // CLIENT_ERROR when the row does not fit the schema (names the column).
  Result Append(const GenericRow& row);
  Result Append(const GenericRow& row, WriteResult& out);
  // A row given up (std::move) hands its STRING values to the batch instead of copying them.
  Result Append(GenericRow&& row);
  Result Append(GenericRow&& row, WriteResult& out);
  // Appends an Arrow record batch through the Arrow C Data Interface: `array` a struct array
  // with one child per table column in schema order (matched by position, not name) and
  // `schema` its type, as arrow::ExportRecordBatch makes them. Both are consumed: released
  // before the call returns, whatever the outcome. The rows go to the server as one log batch
  // of their own, to the bucket the no-key assigner picks (on an INDEXED or COMPACTED log they
  // are appended as rows, batched as Append's); rows of several partitions (all must exist) or
  // bucket-key buckets become one batch per partition and bucket, in the rows' order, and `out`
  // waits for all of them (a failure after the first is queued leaves the others written).
  // CLIENT_ERROR names the column and both types when a column does not fit (formats in
  // docs/client.md), or a null in a NOT NULL column. An empty batch writes nothing.
  Result AppendArrowBatch(ArrowArray* array, ArrowSchema* schema);
  Result AppendArrowBatch(ArrowArray* array, ArrowSchema* schema, WriteResult& out);
  // Sends everything buffered by this writer and waits for the acknowledgements; returns the
  // first error of those writes.
  Result Flush();

 private:
  friend class TableAppend;
  std::unique_ptr<detail::WriterImpl> impl_;
};

// Writes to a primary-key table: Upsert inserts or replaces the row with the same key (only the
// target columns with a partial update); Delete removes the row of the key (only the key
// columns of the row need values). Thread-safe; move-only.
class UpsertWriter {
 public:
  UpsertWriter();
  ~UpsertWriter();
  UpsertWriter(UpsertWriter&&) noexcept;
  UpsertWriter& operator=(UpsertWriter&&) noexcept;
  UpsertWriter(const UpsertWriter&) = delete;
  UpsertWriter& operator=(const UpsertWriter&) = delete;

  bool Available() const { return impl_ != nullptr; }
  Result Upsert(const GenericRow& row);
  Result Upsert(const GenericRow& row, WriteResult& out);
  // A row given up (std::move) hands its STRING values over instead of copying them.
  Result Upsert(GenericRow&& row);
  Result Upsert(GenericRow&& row, WriteResult& out);
  Result Delete(const GenericRow& row);
  Result Delete(const GenericRow& row, WriteResult& out);
  Result Flush();

 private:
  friend class TableUpsert;
  std::unique_ptr<detail::WriterImpl> impl_;
};

// Point lookups by primary key. The key row is either a full-width row (Table::NewRow) with the
// key columns set, or a row with exactly the key columns in primary-key order. Concurrent
// lookups (several threads, or LookupBatch) to one bucket go to the server as one request.
// Thread-safe; move-only.
class Lookuper {
 public:
  Lookuper();
  ~Lookuper();
  Lookuper(Lookuper&&) noexcept;
  Lookuper& operator=(Lookuper&&) noexcept;
  Lookuper(const Lookuper&) = delete;
  Lookuper& operator=(const Lookuper&) = delete;

  bool Available() const { return impl_ != nullptr; }
  Result Lookup(const GenericRow& key, LookupResult& out);
  // The asynchronous form (the Java client's CompletableFuture lookup): `done` runs once, on
  // the client's network thread, or on a client thread when the key needed retries (a moved
  // leader). It must not block; it may call LookupAsync again. The Lookuper and its Connection
  // must outlive every call still pending.
  using LookupCallback = std::function<void(Result, LookupResult)>;
  void LookupAsync(const GenericRow& key, LookupCallback done);
  // Looks up many keys at once; out[i] answers keys[i].
  Result LookupBatch(const std::vector<const GenericRow*>& keys, std::vector<LookupResult>& out);

 private:
  friend class TableLookup;
  std::unique_ptr<detail::LookuperImpl> impl_;
};

// Lookups of every row whose key starts with a prefix (the partition keys plus the bucket key,
// a strict prefix of the primary key). The prefix row is full-width or holds exactly the lookup
// columns in their declared order. Rows come back in key order. Thread-safe; move-only.
class PrefixLookuper {
 public:
  PrefixLookuper();
  ~PrefixLookuper();
  PrefixLookuper(PrefixLookuper&&) noexcept;
  PrefixLookuper& operator=(PrefixLookuper&&) noexcept;
  PrefixLookuper(const PrefixLookuper&) = delete;
  PrefixLookuper& operator=(const PrefixLookuper&) = delete;

  bool Available() const { return impl_ != nullptr; }
  Result PrefixLookup(const GenericRow& prefix, PrefixLookupResult& out);

 private:
  friend class Table;
  std::unique_ptr<detail::LookuperImpl> impl_;
};

// One Arrow record batch read by LogScanner::PollRecordBatch: the rows of one log batch of one
// bucket (from the subscribed offset on), in the scan's columns and order. Move-only.
class ArrowRecordBatch {
 public:
  ArrowRecordBatch();
  ~ArrowRecordBatch();
  ArrowRecordBatch(ArrowRecordBatch&&) noexcept;
  ArrowRecordBatch& operator=(ArrowRecordBatch&&) noexcept;
  ArrowRecordBatch(const ArrowRecordBatch&) = delete;
  ArrowRecordBatch& operator=(const ArrowRecordBatch&) = delete;

  bool Available() const { return columns_ != nullptr; }
  int64_t NumRows() const { return num_rows_; }
  int64_t GetTableId() const { return table_id_; }
  // -1 for a table without partitions.
  int64_t GetPartitionId() const { return partition_id_; }
  int32_t GetBucketId() const { return bucket_id_; }
  // Log offsets of the first and the last row.
  int64_t GetBaseOffset() const { return base_offset_; }
  int64_t GetLastOffset() const { return base_offset_ + num_rows_ - 1; }
  // Fills `out` (a struct array, one child per column) and `out_schema` (field names = column
  // names) through the Arrow C Data Interface; the caller owns both and calls their release
  // (arrow::ImportRecordBatch does). Each call makes a new copy of the buffers.
  Result Export(ArrowArray* out, ArrowSchema* out_schema) const;
  // The batch as one Arrow IPC encapsulated RecordBatch message (no Schema message; body
  // compressed as the table's log, or not), e.g. for an IPC stream reader after a Schema.
  std::string_view IpcMessage() const { return ipc_message_; }

 private:
  friend struct detail::LogScannerImpl;
  std::shared_ptr<const detail::ColumnMap> columns_;
  std::string ipc_message_;
  int64_t num_rows_{0};
  int64_t table_id_{-1};
  int64_t partition_id_{-1};
  int32_t bucket_id_{-1};
  int64_t base_offset_{-1};
};

// The Arrow batches of one PollRecordBatch, bucket by bucket in offset order.
struct ArrowRecordBatches {
  std::vector<std::unique_ptr<ArrowRecordBatch>> batches;

  size_t Size() const { return batches.size(); }
  bool Empty() const { return batches.empty(); }
  const ArrowRecordBatch& operator[](size_t i) const { return *batches[i]; }
  auto begin() const { return batches.begin(); }
  auto end() const { return batches.end(); }
};

struct BucketSubscription {
  int32_t bucket_id{0};
  int64_t offset{EARLIEST_OFFSET};
};

struct PartitionBucketSubscription {
  int64_t partition_id{0};
  int32_t bucket_id{0};
  int64_t offset{EARLIEST_OFFSET};
};

// Reads a table's log: the appended rows of a log table, the changelog (+I/-U/+U/-D) of a
// primary-key table. Subscribe buckets at an offset (EARLIEST_OFFSET, LATEST_OFFSET, or a log
// offset) or at an OffsetSpec (earliest, latest, first offset at/after a timestamp), then Poll.
// One thread at a time; move-only.
class LogScanner {
 public:
  LogScanner();
  ~LogScanner();
  LogScanner(LogScanner&&) noexcept;
  LogScanner& operator=(LogScanner&&) noexcept;
  LogScanner(const LogScanner&) = delete;
  LogScanner& operator=(const LogScanner&) = delete;

  bool Available() const { return impl_ != nullptr; }

  Result Subscribe(int32_t bucket_id, int64_t start_offset);
  Result Subscribe(int32_t bucket_id, const OffsetSpec& start);
  Result Subscribe(const std::vector<BucketSubscription>& buckets);
  Result SubscribePartitionBuckets(int64_t partition_id, int32_t bucket_id, int64_t start_offset);
  Result SubscribePartitionBuckets(int64_t partition_id, int32_t bucket_id,
                                   const OffsetSpec& start);
  Result SubscribePartitionBuckets(const std::vector<PartitionBucketSubscription>& buckets);
  Result Unsubscribe(int32_t bucket_id);
  Result UnsubscribePartition(int64_t partition_id, int32_t bucket_id);

  // Waits up to timeout_ms for records of the subscribed buckets and returns at most
  // client.scanner.log.max-poll-records of them (empty on timeout). A bucket's next poll
  // continues after its last returned record.
  Result Poll(int64_t timeout_ms, ScanRecords& out);
  // The batch mode of Poll (TableScan::CreateRecordBatchLogScanner): whole log batches as
  // Arrow batches, until at least client.scanner.log.max-poll-records rows are taken or
  // timeout_ms passed (batches are never split, so more rows may come). Log tables in the
  // ARROW format only: CLIENT_ERROR naming the table otherwise.
  Result PollRecordBatch(int64_t timeout_ms, ArrowRecordBatches& out);

 private:
  friend class TableScan;
  std::unique_ptr<detail::LogScannerImpl> impl_;
};

// A bounded read of the current content of buckets: for a primary-key table the live rows
// (one per key), for a log table the first rows of the log. Up to TableScan::Limit rows per
// bucket. One thread at a time; move-only.
class BatchScanner {
 public:
  BatchScanner();
  ~BatchScanner();
  BatchScanner(BatchScanner&&) noexcept;
  BatchScanner& operator=(BatchScanner&&) noexcept;
  BatchScanner(const BatchScanner&) = delete;
  BatchScanner& operator=(const BatchScanner&) = delete;

  bool Available() const { return impl_ != nullptr; }
  // The rows of the next bucket to read; empty `out` (and Ok) when every bucket was read.
  Result NextRows(std::vector<RowView>& out);
  // The rows of every remaining bucket.
  Result CollectAllRows(std::vector<RowView>& out);

 private:
  friend class TableScan;
  std::unique_ptr<detail::BatchScannerImpl> impl_;
};

// Builder of AppendWriters (Table::NewAppend). Move-only.
class TableAppend {
 public:
  // CLIENT_ERROR on a primary-key table.
  Result CreateWriter(AppendWriter& out);

 private:
  friend class Table;
  explicit TableAppend(std::shared_ptr<detail::TableImpl> table) : table_(std::move(table)) {}
  std::shared_ptr<detail::TableImpl> table_;
};

// Builder of UpsertWriters (Table::NewUpsert). Partial updates name the target columns, which
// must include the primary key (INVALID_TARGET_COLUMN otherwise, found by the server).
class TableUpsert {
 public:
  TableUpsert& PartialUpdateByIndex(std::vector<size_t> column_indexes);
  TableUpsert& PartialUpdateByName(std::vector<std::string> column_names);
  // CLIENT_ERROR on a log table or an unknown column name/index.
  Result CreateWriter(UpsertWriter& out);

 private:
  friend class Table;
  explicit TableUpsert(std::shared_ptr<detail::TableImpl> table) : table_(std::move(table)) {}
  std::shared_ptr<detail::TableImpl> table_;
  std::optional<std::vector<size_t>> target_indexes_;
  std::optional<std::vector<std::string>> target_names_;
};

// Builder of Lookupers (Table::NewLookup).
class TableLookup {
 public:
  // CLIENT_ERROR on a log table.
  Result CreateLookuper(Lookuper& out);

 private:
  friend class Table;
  explicit TableLookup(std::shared_ptr<detail::TableImpl> table) : table_(std::move(table)) {}
  std::shared_ptr<detail::TableImpl> table_;
};

// Builder of scanners (Table::NewScan). Projection applies to both scanners (pushed down to the
// server for ARROW logs); rows then have the projected columns in the given order.
class TableScan {
 public:
  TableScan& ProjectByIndex(std::vector<size_t> column_indexes);
  TableScan& ProjectByName(std::vector<std::string> column_names);
  // Rows per bucket for the batch scanners; log scanners reject it.
  TableScan& Limit(int32_t row_number);

  Result CreateLogScanner(LogScanner& out);
  // A LogScanner for PollRecordBatch; CLIENT_ERROR naming the table for a primary-key table
  // (its changelog has change types an Arrow batch cannot carry) or a log format other than
  // ARROW.
  Result CreateRecordBatchLogScanner(LogScanner& out);
  // Reads one bucket; needs Limit.
  Result CreateBucketBatchScanner(const TableBucket& bucket, BatchScanner& out);
  // Reads every bucket of the table (of every partition of a partitioned table), Limit rows per
  // bucket when set, else all of them (client-side cap: 1,000,000 rows per bucket).
  Result CreateBatchScanner(BatchScanner& out);

 private:
  friend class Table;
  explicit TableScan(std::shared_ptr<detail::TableImpl> table) : table_(std::move(table)) {}
  std::shared_ptr<detail::TableImpl> table_;
  std::optional<std::vector<size_t>> project_indexes_;
  std::optional<std::vector<std::string>> project_names_;
  std::optional<int32_t> limit_;
};

// A table of a Connection (Connection::GetTable): its metadata and the builders of its readers
// and writers. Move-only; keeps the connection's shared state alive.
class Table {
 public:
  Table();
  ~Table();
  Table(Table&&) noexcept;
  Table& operator=(Table&&) noexcept;
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;

  bool Available() const { return impl_ != nullptr; }

  // A full-width row that knows the schema (name-based Set works).
  GenericRow NewRow() const;
  TableAppend NewAppend();
  TableUpsert NewUpsert();
  TableLookup NewLookup();
  TableScan NewScan();
  // lookup_columns = partition keys ++ bucket key, the bucket key a strict prefix of the
  // primary key without partition keys; CLIENT_ERROR otherwise.
  Result NewPrefixLookup(std::vector<std::string> lookup_columns, PrefixLookuper& out);

  const TableInfo& GetTableInfo() const;
  const TablePath& GetTablePath() const;
  bool HasPrimaryKey() const;

 private:
  friend class Connection;
  explicit Table(std::shared_ptr<detail::TableImpl> impl);
  std::shared_ptr<detail::TableImpl> impl_;
};

}  // namespace fluss::client
