// SPDX-License-Identifier: Apache-2.0
// The storage behind the public GenericRow / RowView (fluss/row.h) and the conversions between
// them and the internal fluss::GenericRow the record codecs use.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "common/result.h"
#include "fluss/row.h"
#include "model/data_type.h"
#include "record/generic_row.h"

namespace fluss::client::detail {

// Column names and types of a schema (or a projection of it), shared by rows and views.
struct ColumnMap {
  std::vector<std::string> names;
  ::fluss::RowType types;
  std::unordered_map<std::string, size_t> index;

  static std::shared_ptr<const ColumnMap> make(std::vector<std::string> names,
                                               ::fluss::RowType types);
  // std::runtime_error naming the column when unknown (the official client's behaviour).
  size_t resolve(const std::string& name) const;
};

struct DecimalText {
  std::string text;
};
struct TimestampValue {
  Timestamp value;
  bool ltz;
};
struct NestedArray;
struct NestedMap;
struct NestedRow;
// A value as the user set it; checked against the column type when the row is written.
using UserValue = std::variant<std::monostate, bool, int32_t, int64_t, float, double, std::string,
                               std::vector<uint8_t>, Date, Time, TimestampValue, DecimalText,
                               std::shared_ptr<const NestedArray>, std::shared_ptr<const NestedMap>,
                               std::shared_ptr<const NestedRow>>;

struct NestedArray {
  std::vector<UserValue> elements;
};
struct NestedMap {
  std::vector<UserValue> keys;
  std::vector<UserValue> values;
};
struct NestedRow {
  std::vector<UserValue> fields;
};

struct RowImpl {
  std::vector<UserValue> values;
  std::shared_ptr<const ColumnMap> columns;  // null for rows made without a schema
};

struct MapImpl {
  NestedMap entries;
  std::optional<UserValue> key;  // of the entry being set
  UserValue value;
};

// A Value's target: a datum of a read result and its type, both owned by `owner`.
struct ValueRef {
  std::shared_ptr<const RowSet> owner;
  const ::fluss::Datum* datum = nullptr;
  const ::fluss::DataType* type = nullptr;
};

struct RowSet {
  std::shared_ptr<const ColumnMap> columns;
  std::vector<::fluss::GenericRow> rows;
};

// The library's door into the private parts of the public row classes.
struct RowAccess {
  static const RowImpl* impl(const GenericRow& row) { return row.impl_.get(); }
  static RowImpl* impl(GenericRow& row) { return row.impl_.get(); }
  static GenericRow make_row(std::shared_ptr<const ColumnMap> columns);
  static RowView view(std::shared_ptr<const RowSet> set, size_t index) {
    return RowView(std::move(set), index);
  }
  static LookupResult lookup_result(RowView row) { return LookupResult(std::move(row)); }
  static ::fluss::client::Value value(std::shared_ptr<const ValueRef> ref) {
    return ::fluss::client::Value(std::move(ref));
  }
  // What a nested writer holds, taken out of it (the writer is left empty).
  static std::shared_ptr<const NestedArray> take(ArrayWriter& array);
  static std::shared_ptr<const NestedMap> take(MapWriter& map);
  static std::shared_ptr<const NestedRow> take(GenericRow& row);
  static std::vector<RowView>& prefix_rows(PrefixLookupResult& result) { return result.rows_; }
  // Appends records of one bucket to `out`.
  static void add_bucket(ScanRecords& out, const TableBucket& bucket,
                         std::vector<ScanRecord> records);
};

// Converts user values to the internal row of `types` (`names` for messages). With
// `positions`, the user row holds only those columns (key rows), in that order; other fields
// are null. CLIENT_ERROR naming the column on a type mismatch, a value out of range, or a
// null in a NOT NULL column when `check_not_null`.
::fluss::Result<::fluss::GenericRow> to_internal_row(const GenericRow& row,
                                                     const ColumnMap& columns,
                                                     const std::vector<int>* positions,
                                                     bool check_not_null);
// The same into `out`, which is reused when it has the table's arity (a writer converts
// every row into one); an rvalue `row` gives up its STRING/CHAR values instead of copies.
::fluss::Status to_internal_row(const GenericRow& row, const ColumnMap& columns,
                                const std::vector<int>* positions, bool check_not_null,
                                ::fluss::GenericRow& out);
::fluss::Status to_internal_row(GenericRow&& row, const ColumnMap& columns,
                                const std::vector<int>* positions, bool check_not_null,
                                ::fluss::GenericRow& out);

// DECIMAL text <-> internal Decimal (round half up to the scale; precision checked).
::fluss::Result<::fluss::Decimal> parse_decimal(const std::string& text, int precision, int scale);
std::string decimal_to_string(const ::fluss::Decimal& decimal);

// The public TypeId of an internal type.
TypeId type_id_of(const ::fluss::DataType& type);

}  // namespace fluss::client::detail
