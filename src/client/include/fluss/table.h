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
#include <vector>

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
