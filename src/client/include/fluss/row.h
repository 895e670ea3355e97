// SPDX-License-Identifier: Apache-2.0
// Public fluss-cpp client API: rows to write (GenericRow, with ArrayWriter and MapWriter for
// ARRAY and MAP values) and rows read back (RowView, Value for ARRAY/MAP/ROW values, and the
// results built on them: LookupResult, PrefixLookupResult, ScanRecord, ScanRecords).
// Self-contained: the row storage is behind pimpl types declared in fluss::client::detail.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fluss/types.h"

namespace fluss::client {

namespace detail {
struct RowImpl;    // the fields of a GenericRow (and the elements of an ArrayWriter)
struct MapImpl;    // the entries of a MapWriter
struct ValueRef;   // where a Value points into a read result
struct RowSet;     // decoded rows shared by every view of one read (poll, lookup, scan)
struct RowAccess;  // the library's access to the private parts below
}  // namespace detail

class ArrayWriter;
class MapWriter;

// A row to write: append, upsert, delete, or the key of a lookup. Move-only. Index setters work
// on any row; name-based Set works only on rows from Table::NewRow(), which know the schema.
// Values are checked against the column type when the row is written (a mismatch fails that
// write with CLIENT_ERROR naming the column). SetInt32 also serves TINYINT and SMALLINT
// (range-checked), SetString serves CHAR, SetBytes serves BINARY, SetDecimal takes "123.45".
// Name-based Set throws std::runtime_error for an unknown column (a programming error).
class GenericRow {
 public:
  GenericRow();
  explicit GenericRow(size_t field_count);
  ~GenericRow();
  GenericRow(GenericRow&& other) noexcept;
  GenericRow& operator=(GenericRow&& other) noexcept;
  GenericRow(const GenericRow&) = delete;
  GenericRow& operator=(const GenericRow&) = delete;

  bool Available() const { return impl_ != nullptr; }
  size_t FieldCount() const;
  // Sets every field back to null (unset), keeping the field count and the schema.
  void Reset();

  void SetNull(size_t idx);
  void SetBool(size_t idx, bool value);
  void SetInt32(size_t idx, int32_t value);
  void SetInt64(size_t idx, int64_t value);
  void SetFloat32(size_t idx, float value);
  void SetFloat64(size_t idx, double value);
  void SetString(size_t idx, std::string value);
  void SetBytes(size_t idx, std::vector<uint8_t> value);
  void SetDate(size_t idx, Date value);
  void SetTime(size_t idx, Time value);
  void SetTimestampNtz(size_t idx, Timestamp value);
  void SetTimestampLtz(size_t idx, Timestamp value);
  void SetDecimal(size_t idx, const std::string& value);
  // Nested values: an ARRAY, a MAP, and a ROW (a GenericRow with one value per field of the
  // ROW type, in order). Checked against the column's type when the row is written.
  void SetArray(size_t idx, ArrayWriter&& value);
  void SetMap(size_t idx, MapWriter&& value);
  void SetRow(size_t idx, GenericRow&& value);

  // Name-based setters, routed by the column's type (an integer fits any integer column, a
  // string goes to STRING/CHAR or DECIMAL, a Timestamp to TIMESTAMP or TIMESTAMP_LTZ).
  void Set(const std::string& name, std::nullptr_t);
  void Set(const std::string& name, bool value);
  void Set(const std::string& name, int32_t value);
  void Set(const std::string& name, int64_t value);
  void Set(const std::string& name, float value);
  void Set(const std::string& name, double value);
  void Set(const std::string& name, const char* value);
  void Set(const std::string& name, std::string value);
  void Set(const std::string& name, std::vector<uint8_t> value);
  void Set(const std::string& name, Date value);
  void Set(const std::string& name, Time value);
  void Set(const std::string& name, Timestamp value);
  void Set(const std::string& name, ArrayWriter&& value);
  void Set(const std::string& name, MapWriter&& value);
  void Set(const std::string& name, GenericRow&& value);

  // The index of a column of this row's schema; throws std::runtime_error when unknown.
  size_t ColumnIndex(const std::string& name) const;
  // True when the field was never set or was set to null.
  bool IsNull(size_t idx) const;

 private:
  friend struct detail::RowAccess;
  std::unique_ptr<detail::RowImpl> impl_;
};

// The elements of an ARRAY value to write, a fixed number of them (unset ones are null).
// Setters as GenericRow's; an index past Size() throws std::out_of_range. Move-only.
class ArrayWriter {
 public:
  explicit ArrayWriter(size_t size = 0);
  ~ArrayWriter();
  ArrayWriter(ArrayWriter&& other) noexcept;
  ArrayWriter& operator=(ArrayWriter&& other) noexcept;
  ArrayWriter(const ArrayWriter&) = delete;
  ArrayWriter& operator=(const ArrayWriter&) = delete;

  size_t Size() const;
  void SetNull(size_t idx);
  void SetBool(size_t idx, bool value);
  void SetInt32(size_t idx, int32_t value);
  void SetInt64(size_t idx, int64_t value);
  void SetFloat32(size_t idx, float value);
  void SetFloat64(size_t idx, double value);
  void SetString(size_t idx, std::string value);
  void SetBytes(size_t idx, std::vector<uint8_t> value);
  void SetDate(size_t idx, Date value);
  void SetTime(size_t idx, Time value);
  void SetTimestampNtz(size_t idx, Timestamp value);
  void SetTimestampLtz(size_t idx, Timestamp value);
  void SetDecimal(size_t idx, const std::string& value);
  void SetArray(size_t idx, ArrayWriter&& value);
  void SetMap(size_t idx, MapWriter&& value);
  void SetRow(size_t idx, GenericRow&& value);

 private:
  friend struct detail::RowAccess;
  std::unique_ptr<detail::RowImpl> impl_;
};

// The entries of a MAP value to write, in order: SetKey*, then SetValue* (or SetValueNull),
// then Commit() per entry. Keys cannot be null; Commit() without a key throws
// std::logic_error. Move-only.
class MapWriter {
 public:
  MapWriter();
  ~MapWriter();
  MapWriter(MapWriter&& other) noexcept;
  MapWriter& operator=(MapWriter&& other) noexcept;
  MapWriter(const MapWriter&) = delete;
  MapWriter& operator=(const MapWriter&) = delete;

  // Committed entries.
  size_t Size() const;

  void SetKeyBool(bool key);
  void SetKeyInt32(int32_t key);
  void SetKeyInt64(int64_t key);
  void SetKeyFloat32(float key);
  void SetKeyFloat64(double key);
  void SetKeyString(std::string key);
  void SetKeyBytes(std::vector<uint8_t> key);
  void SetKeyDate(Date key);
  void SetKeyTime(Time key);
  void SetKeyTimestampNtz(Timestamp key);
  void SetKeyTimestampLtz(Timestamp key);
  void SetKeyDecimal(const std::string& key);

  void SetValueNull();
  void SetValueBool(bool value);
  void SetValueInt32(int32_t value);
  void SetValueInt64(int64_t value);
  void SetValueFloat32(float value);
  void SetValueFloat64(double value);
  void SetValueString(std::string value);
  void SetValueBytes(std::vector<uint8_t> value);
  void SetValueDate(Date value);
  void SetValueTime(Time value);
  void SetValueTimestampNtz(Timestamp value);
  void SetValueTimestampLtz(Timestamp value);
  void SetValueDecimal(const std::string& value);
  void SetValueArray(ArrayWriter&& value);
  void SetValueMap(MapWriter&& value);
  void SetValueRow(GenericRow&& value);

  // Adds the entry set so far (a value never set is null) and starts the next one.
  void Commit();

 private:
  friend struct detail::RowAccess;
  std::unique_ptr<detail::MapImpl> impl_;
};

// A read handle on one value of a read result, for ARRAY, MAP and ROW columns and whatever
// they hold. Shares ownership of the result, as RowView does. Leaf getters throw
// std::runtime_error on null or on a type mismatch (the same type rules as RowView's);
// navigation: Size() elements of an ARRAY or entries of a MAP, At(i) of an ARRAY,
// KeyAt(i)/ValueAt(i) of a MAP, FieldCount() and Field(i or name) of a ROW (std::out_of_range
// past the end, std::runtime_error on the wrong kind of value).
class Value {
 public:
  Value() = default;

  bool Available() const { return ref_ != nullptr; }
  TypeId Type() const;
  // The value's type, e.g. "ARRAY<INT>", "ROW<`a` INT, `b` STRING>".
  std::string TypeString() const;
  bool IsNull() const;

  bool GetBool() const;
  int32_t GetInt32() const;
  int64_t GetInt64() const;
  float GetFloat32() const;
  double GetFloat64() const;
  std::string_view GetString() const;
  std::pair<const uint8_t*, size_t> GetBytes() const;
  Date GetDate() const;
  Time GetTime() const;
  Timestamp GetTimestamp() const;
  std::string GetDecimalString() const;

  size_t Size() const;
  size_t FieldCount() const;
  Value At(size_t i) const;
  Value KeyAt(size_t i) const;
  Value ValueAt(size_t i) const;
  Value Field(size_t i) const;
  Value Field(const std::string& name) const;

  // As Flink SQL prints it (RowView::GetAsString): 1, ab, NULL, [1, 2], {k=v}, (1, a).
  std::string ToString() const;

 private:
  friend struct detail::RowAccess;
  explicit Value(std::shared_ptr<const detail::ValueRef> ref) : ref_(std::move(ref)) {}
  std::shared_ptr<const detail::ValueRef> ref_;
};

// A read-only view of one row of a read result. Views share ownership of the result, so they
// stay valid after the ScanRecords / LookupResult that produced them is gone; GetString and
// GetBytes point into that shared storage. Getters check the column type and throw
// std::runtime_error on a mismatch (GetInt32 serves TINYINT/SMALLINT/INT, GetInt64 any integer,
// GetString STRING/CHAR, GetBytes BYTES/BINARY, GetTimestamp both timestamp kinds); a null field
// reads as zero / empty, so check IsNull first. Indices are positions in the read's (projected)
// schema; name-based getters resolve names in that schema.
class RowView {
 public:
  RowView() = default;

  bool Available() const { return data_ != nullptr; }
  size_t FieldCount() const;
  TypeId GetType(size_t idx) const;
  const std::string& ColumnName(size_t idx) const;
  // Index of a column of this view, throws std::runtime_error when unknown.
  size_t ColumnIndex(const std::string& name) const;

  bool IsNull(size_t idx) const;
  bool GetBool(size_t idx) const;
  int32_t GetInt32(size_t idx) const;
  int64_t GetInt64(size_t idx) const;
  float GetFloat32(size_t idx) const;
  double GetFloat64(size_t idx) const;
  std::string_view GetString(size_t idx) const;
  std::pair<const uint8_t*, size_t> GetBytes(size_t idx) const;
  Date GetDate(size_t idx) const;
  Time GetTime(size_t idx) const;
  Timestamp GetTimestamp(size_t idx) const;
  bool IsDecimal(size_t idx) const;
  std::string GetDecimalString(size_t idx) const;
  // The value of any column, for ARRAY/MAP/ROW ones in particular (see Value).
  Value GetValue(size_t idx) const;
  // The value as Flink SQL prints it ("NULL" for null; strings unquoted; bytes as x'0a0b';
  // DATE 2024-01-15; TIMESTAMP 2024-01-15 10:00:00.123; ARRAY [a, NULL]; MAP {k=1};
  // ROW (1.5, x)). For shells and tools.
  std::string GetAsString(size_t idx) const;

  bool IsNull(const std::string& name) const { return IsNull(ColumnIndex(name)); }
  bool GetBool(const std::string& name) const { return GetBool(ColumnIndex(name)); }
  int32_t GetInt32(const std::string& name) const { return GetInt32(ColumnIndex(name)); }
  int64_t GetInt64(const std::string& name) const { return GetInt64(ColumnIndex(name)); }
  float GetFloat32(const std::string& name) const { return GetFloat32(ColumnIndex(name)); }
  double GetFloat64(const std::string& name) const { return GetFloat64(ColumnIndex(name)); }
  std::string_view GetString(const std::string& name) const { return GetString(ColumnIndex(name)); }
  std::pair<const uint8_t*, size_t> GetBytes(const std::string& name) const {
    return GetBytes(ColumnIndex(name));
  }
  Date GetDate(const std::string& name) const { return GetDate(ColumnIndex(name)); }
  Time GetTime(const std::string& name) const { return GetTime(ColumnIndex(name)); }
  Timestamp GetTimestamp(const std::string& name) const { return GetTimestamp(ColumnIndex(name)); }
  std::string GetDecimalString(const std::string& name) const {
    return GetDecimalString(ColumnIndex(name));
  }
  std::string GetAsString(const std::string& name) const { return GetAsString(ColumnIndex(name)); }
  Value GetValue(const std::string& name) const { return GetValue(ColumnIndex(name)); }

 protected:
  friend struct detail::RowAccess;
  RowView(std::shared_ptr<const detail::RowSet> data, size_t index)
      : data_(std::move(data)), index_(index) {}

  std::shared_ptr<const detail::RowSet> data_;
  size_t index_{0};
};

// The answer of Lookuper::Lookup: Found() and, when found, the row (all columns).
class LookupResult : public RowView {
 public:
  LookupResult() = default;
  bool Found() const { return Available(); }

 private:
  friend struct detail::RowAccess;
  explicit LookupResult(RowView row) : RowView(std::move(row)) {}
};

using PrefixRowView = RowView;

// The answer of PrefixLookuper::PrefixLookup: every row whose key starts with the prefix.
class PrefixLookupResult {
 public:
  size_t Size() const { return rows_.size(); }
  bool IsEmpty() const { return rows_.empty(); }
  // Throws std::out_of_range past Size().
  PrefixRowView GetRow(size_t index) const { return rows_.at(index); }
  const std::vector<RowView>& Rows() const { return rows_; }

 private:
  friend struct detail::RowAccess;
  std::vector<RowView> rows_;
};

// One record of a log scan. The bucket is that of the BucketRecords holding it.
struct ScanRecord {
  int64_t offset{0};
  int64_t timestamp{0};
  ChangeType change_type{ChangeType::AppendOnly};
  RowView row;
};

class BucketRecords {
 public:
  BucketRecords() = default;
  BucketRecords(TableBucket bucket, std::vector<ScanRecord> records)
      : bucket_(std::move(bucket)), records_(std::move(records)) {}

  const TableBucket& Bucket() const { return bucket_; }
  size_t Size() const { return records_.size(); }
  bool Empty() const { return records_.empty(); }
  const ScanRecord& operator[](size_t i) const { return records_[i]; }
  std::vector<ScanRecord>::const_iterator begin() const { return records_.begin(); }
  std::vector<ScanRecord>::const_iterator end() const { return records_.end(); }

 private:
  TableBucket bucket_;
  std::vector<ScanRecord> records_;
};

// The records of one LogScanner::Poll, grouped by bucket; flat iteration visits every bucket's
// records in turn, each bucket's in offset order.
class ScanRecords {
 public:
  ScanRecords() = default;
  ScanRecords(ScanRecords&&) noexcept = default;
  ScanRecords& operator=(ScanRecords&&) noexcept = default;
  ScanRecords(const ScanRecords&) = delete;
  ScanRecords& operator=(const ScanRecords&) = delete;

  size_t Count() const { return records_.size(); }
  bool IsEmpty() const { return records_.empty(); }
  std::vector<ScanRecord>::const_iterator begin() const { return records_.begin(); }
  std::vector<ScanRecord>::const_iterator end() const { return records_.end(); }

  size_t BucketCount() const { return buckets_.size(); }
  std::vector<TableBucket> Buckets() const;
  // The records of one bucket (empty when it has none in this poll).
  BucketRecords Records(const TableBucket& bucket) const;
  // Throws std::out_of_range past BucketCount().
  BucketRecords BucketAt(size_t index) const;

 private:
  friend struct detail::RowAccess;
  struct Range {
    TableBucket bucket;
    size_t begin;
    size_t end;
  };
  std::vector<ScanRecord> records_;
  std::vector<Range> buckets_;
};

}  // namespace fluss::client
