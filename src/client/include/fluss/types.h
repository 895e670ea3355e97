// SPDX-License-Identifier: Apache-2.0
// Public fluss-cpp client API: value types (paths, schemas, descriptors, data types, temporal
// values, offsets). Plain structs with snake_case fields and PascalCase methods, as in Apache
// Fluss's official C++ client. Self-contained: no internal fluss-cpp headers.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace fluss::client {

// Days since 1970-01-01 (proleptic Gregorian).
struct Date {
  int32_t days_since_epoch{0};

  static Date FromDays(int32_t days) { return {days}; }
  static Date FromYMD(int year, int month, int day);

  int Year() const;
  int Month() const;
  int Day() const;
};

// Milliseconds since midnight.
struct Time {
  static constexpr int32_t kMillisPerSecond = 1000;
  static constexpr int32_t kMillisPerMinute = 60 * kMillisPerSecond;
  static constexpr int32_t kMillisPerHour = 60 * kMillisPerMinute;

  int32_t millis_since_midnight{0};

  static Time FromMillis(int32_t ms) { return {ms}; }
  static Time FromHMS(int hour, int minute, int second, int millis = 0) {
    return {hour * kMillisPerHour + minute * kMillisPerMinute + second * kMillisPerSecond + millis};
  }
  int Hour() const { return millis_since_midnight / kMillisPerHour; }
  int Minute() const { return (millis_since_midnight % kMillisPerHour) / kMillisPerMinute; }
  int Second() const { return (millis_since_midnight % kMillisPerMinute) / kMillisPerSecond; }
  int Millis() const { return millis_since_midnight % kMillisPerSecond; }
};

// Milliseconds since the epoch plus nanoseconds within the millisecond (0..999999). Used for
// both TIMESTAMP (NTZ: a wall-clock value) and TIMESTAMP_LTZ (an instant).
struct Timestamp {
  static constexpr int32_t kMaxNanoOfMillisecond = 999999;
  static constexpr int64_t kNanosPerMilli = 1000000;

  int64_t epoch_millis{0};
  int32_t nano_of_millisecond{0};

  static Timestamp FromMillis(int64_t ms) { return {ms, 0}; }
  static Timestamp FromMillisNanos(int64_t ms, int32_t nanos) {
    if (nanos < 0) nanos = 0;
    if (nanos > kMaxNanoOfMillisecond) nanos = kMaxNanoOfMillisecond;
    return {ms, nanos};
  }
  static Timestamp FromTimePoint(std::chrono::system_clock::time_point tp) {
    int64_t ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(tp.time_since_epoch()).count();
    int64_t ms = ns / kNanosPerMilli;
    int64_t rem = ns % kNanosPerMilli;
    if (rem < 0) {
      rem += kNanosPerMilli;
      ms -= 1;
    }
    return {ms, static_cast<int32_t>(rem)};
  }
};

// The kind of a change in a changelog (wire values of Fluss's ChangeType).
enum class ChangeType {
  AppendOnly = 0,    // +A
  Insert = 1,        // +I
  UpdateBefore = 2,  // -U
  UpdateAfter = 3,   // +U
  Delete = 4,        // -D
};

// "+A", "+I", "-U", "+U", "-D".
const char* ChangeTypeShortString(ChangeType type);

enum class TypeId {
  Unknown = 0,
  Boolean = 1,
  TinyInt = 2,
  SmallInt = 3,
  Int = 4,
  BigInt = 5,
  Float = 6,
  Double = 7,
  String = 8,
  Bytes = 9,
  Date = 10,
  Time = 11,
  Timestamp = 12,
  TimestampLtz = 13,
  Decimal = 14,
  Char = 15,
  Binary = 16,
  Array = 17,
  Map = 18,
  Row = 19,
};

// A Fluss column type. Nullable by default; precision is the length for CHAR/BINARY and the
// fractional-second digits for TIME/TIMESTAMP.
class DataType {
 public:
  explicit DataType(TypeId id = TypeId::Unknown, int32_t precision = 0, int32_t scale = 0,
                    bool nullable = true)
      : id_(id), precision_(precision), scale_(scale), nullable_(nullable) {}

  static DataType Boolean() { return DataType(TypeId::Boolean); }
  static DataType TinyInt() { return DataType(TypeId::TinyInt); }
  static DataType SmallInt() { return DataType(TypeId::SmallInt); }
  static DataType Int() { return DataType(TypeId::Int); }
  static DataType BigInt() { return DataType(TypeId::BigInt); }
  static DataType Float() { return DataType(TypeId::Float); }
  static DataType Double() { return DataType(TypeId::Double); }
  static DataType String() { return DataType(TypeId::String); }
  static DataType Bytes() { return DataType(TypeId::Bytes); }
  static DataType Date() { return DataType(TypeId::Date); }
  static DataType Time(int32_t precision = 0) { return DataType(TypeId::Time, precision); }
  static DataType Timestamp(int32_t precision = 6) {
    return DataType(TypeId::Timestamp, precision);
  }
  static DataType TimestampLtz(int32_t precision = 6) {
    return DataType(TypeId::TimestampLtz, precision);
  }
  static DataType Decimal(int32_t precision, int32_t scale) {
    return DataType(TypeId::Decimal, precision, scale);
  }
  static DataType Char(int32_t length) { return DataType(TypeId::Char, length); }
  static DataType Binary(int32_t length) { return DataType(TypeId::Binary, length); }
  static DataType Array(DataType element);
  static DataType Map(DataType key, DataType value);
  static DataType Row(std::vector<std::pair<std::string, DataType>> fields);

  TypeId id() const { return id_; }
  int32_t precision() const { return precision_; }
  int32_t scale() const { return scale_; }
  bool nullable() const { return nullable_; }
  const DataType* element_type() const { return element_type_.get(); }
  const DataType* key_type() const { return key_type_.get(); }
  const DataType* value_type() const { return value_type_.get(); }
  size_t field_count() const { return row_field_types_.size(); }
  const std::string& field_name(size_t i) const { return row_field_names_.at(i); }
  const DataType* field_type(size_t i) const { return row_field_types_.at(i).get(); }

  DataType NotNull() const {
    DataType copy = *this;
    copy.nullable_ = false;
    return copy;
  }
  DataType Nullable() const {
    DataType copy = *this;
    copy.nullable_ = true;
    return copy;
  }

  // SQL spelling, e.g. "DECIMAL(10, 2) NOT NULL", "ARRAY<INT>".
  std::string ToString() const;

 private:
  TypeId id_;
  int32_t precision_{0};
  int32_t scale_{0};
  bool nullable_{true};
  std::shared_ptr<DataType> element_type_;
  std::shared_ptr<DataType> key_type_;
  std::shared_ptr<DataType> value_type_;
  std::vector<std::string> row_field_names_;
  std::vector<std::shared_ptr<DataType>> row_field_types_;
};

struct TablePath {
  std::string database_name;
  std::string table_name;

  TablePath() = default;
  TablePath(std::string db, std::string tbl)
      : database_name(std::move(db)), table_name(std::move(tbl)) {}

  std::string ToString() const { return database_name + "." + table_name; }
  bool operator==(const TablePath& other) const = default;
};

struct Column {
  std::string name;
  DataType data_type;
  std::string comment;
};

struct Schema {
  std::vector<Column> columns;
  std::vector<std::string> primary_keys;

  class Builder {
   public:
    Builder& AddColumn(std::string name, DataType type, std::string comment = "") {
      columns_.push_back({std::move(name), std::move(type), std::move(comment)});
      return *this;
    }
    Builder& SetPrimaryKeys(std::vector<std::string> keys) {
      primary_keys_ = std::move(keys);
      return *this;
    }
    // Primary-key columns become NOT NULL.
    Schema Build();

   private:
    std::vector<Column> columns_;
    std::vector<std::string> primary_keys_;
  };

  static Builder NewBuilder() { return Builder(); }
};

struct TableDescriptor {
  Schema schema;
  std::vector<std::string> partition_keys;
  int32_t bucket_count{0};  // 0: the server's default.bucket.number
  std::vector<std::string> bucket_keys;
  std::unordered_map<std::string, std::string> properties;
  std::unordered_map<std::string, std::string> custom_properties;
  std::string comment;

  class Builder;
  static Builder NewBuilder();
};

class TableDescriptor::Builder {
 public:
  Builder& SetSchema(Schema schema) {
    d_.schema = std::move(schema);
    return *this;
  }
  Builder& SetPartitionKeys(std::vector<std::string> keys) {
    d_.partition_keys = std::move(keys);
    return *this;
  }
  Builder& SetBucketCount(int32_t count) {
    d_.bucket_count = count;
    return *this;
  }
  Builder& SetBucketKeys(std::vector<std::string> keys) {
    d_.bucket_keys = std::move(keys);
    return *this;
  }
  Builder& SetProperty(std::string key, std::string value) {
    d_.properties[std::move(key)] = std::move(value);
    return *this;
  }
  Builder& SetCustomProperty(std::string key, std::string value) {
    d_.custom_properties[std::move(key)] = std::move(value);
    return *this;
  }
  // Property table.log.format: "ARROW" or "INDEXED".
  Builder& SetLogFormat(std::string format) { return SetProperty("table.log.format", format); }
  // Property table.kv.format: "COMPACTED" or "INDEXED".
  Builder& SetKvFormat(std::string format) { return SetProperty("table.kv.format", format); }
  Builder& SetComment(std::string comment) {
    d_.comment = std::move(comment);
    return *this;
  }
  TableDescriptor Build() { return std::move(d_); }

 private:
  TableDescriptor d_;
};

inline TableDescriptor::Builder TableDescriptor::NewBuilder() { return Builder(); }

struct TableInfo {
  int64_t table_id{-1};
  int32_t schema_id{0};
  TablePath table_path;
  int64_t created_time{0};
  int64_t modified_time{0};
  std::vector<std::string> primary_keys;
  std::vector<std::string> bucket_keys;
  std::vector<std::string> partition_keys;
  int32_t num_buckets{0};
  bool has_primary_key{false};
  bool is_partitioned{false};
  std::unordered_map<std::string, std::string> properties;
  std::unordered_map<std::string, std::string> custom_properties;
  std::string comment;
  Schema schema;
};

struct TableBucket {
  int64_t table_id{-1};
  int32_t bucket_id{0};
  std::optional<int64_t> partition_id;

  TableBucket() = default;
  TableBucket(int64_t table, int32_t bucket, std::optional<int64_t> partition = std::nullopt)
      : table_id(table), bucket_id(bucket), partition_id(partition) {}

  bool operator==(const TableBucket& other) const = default;
};

struct PartitionInfo {
  int64_t partition_id{-1};
  // Partition values joined with '$' in partition-key order, e.g. "2024-01-15$US".
  std::string partition_name;
};

struct ServerNode {
  int32_t id{-1};
  std::string host;
  int32_t port{0};
  std::string server_type;  // "CoordinatorServer", "TabletServer" or "Unknown"
  std::string uid;          // "cs-0", "ts-1"
};

struct DatabaseDescriptor {
  std::string comment;
  std::unordered_map<std::string, std::string> properties;
};

struct DatabaseInfo {
  std::string database_name;
  std::string comment;
  std::unordered_map<std::string, std::string> properties;
  int64_t created_time{0};
  int64_t modified_time{0};
};

struct BucketOffset {
  int64_t table_id{-1};
  std::optional<int64_t> partition_id;
  int32_t bucket_id{0};
  int64_t offset{0};
};

struct LakeSnapshot {
  int64_t snapshot_id{-1};
  std::vector<BucketOffset> bucket_offsets;
};

// One change of ALTER TABLE: set or reset a table property (Java's TableChange.set/reset).
struct TableChange {
  enum class Kind { SetOption, ResetOption };
  Kind kind{Kind::SetOption};
  std::string key;
  std::string value;  // only for SetOption

  static TableChange SetOption(std::string key, std::string value) {
    return {Kind::SetOption, std::move(key), std::move(value)};
  }
  static TableChange ResetOption(std::string key) {
    return {Kind::ResetOption, std::move(key), {}};
  }
};

// Start offset meaning "the earliest offset still stored".
constexpr int64_t EARLIEST_OFFSET = -2;
// Start offset meaning "the log end offset at subscribe time" (fluss-cpp extension; resolved
// with ListOffsets when the scanner subscribes).
constexpr int64_t LATEST_OFFSET = -1;

enum class OffsetType {
  Earliest = 0,
  Latest = 1,
  Timestamp = 2,
};

struct OffsetSpec {
  OffsetType type{OffsetType::Earliest};
  int64_t timestamp{0};

  static OffsetSpec Earliest() { return {OffsetType::Earliest, 0}; }
  static OffsetSpec Latest() { return {OffsetType::Latest, 0}; }
  static OffsetSpec Timestamp(int64_t ts) { return {OffsetType::Timestamp, ts}; }
};

}  // namespace fluss::client
