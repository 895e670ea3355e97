// SPDX-License-Identifier: Apache-2.0
// The fixture of the row merger tests: a table's schema versions behind a
// SchemaGetter, and helpers that encode, decode and merge rows.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "record/row/row_codec.h"
#include "storage/kv/row_merger.h"
#include "test_utils/status_matchers.h"

namespace fluss::storage {

using ::fluss::test::StatusIs;
using ::fluss::test::StatusIsWith;
using Kind = MergeOutcome::Kind;

#define ASSERT_OK_AND_ASSIGN(lhs, expr) \
  ASSERT_OK_AND_ASSIGN_IMPL(FLUSS_CONCAT(_fluss_test_result_, __LINE__), lhs, expr)
#define ASSERT_OK_AND_ASSIGN_IMPL(tmp, lhs, expr)    \
  auto tmp = (expr);                                 \
  ASSERT_TRUE(tmp.ok()) << tmp.status().to_string(); \
  lhs = std::move(tmp).value()

// A table's schema versions, served to the merger through a SchemaGetter.
class RowMergerTest : public ::testing::Test {
 protected:
  SchemaId add_schema(Schema schema) {
    const SchemaId id(static_cast<int32_t>(schemas_.size()) + 1);
    schemas_[id.value()] = std::make_shared<const Schema>(std::move(schema));
    return id;
  }
  const Schema& schema(SchemaId id) { return *schemas_.at(id.value()); }

  SchemaGetter getter() {
    return [this](SchemaId id) -> Result<std::shared_ptr<const Schema>> {
      auto it = schemas_.find(id.value());
      if (it == schemas_.end()) return make_error(ErrorCode::kSchemaNotExist, "no schema {}", id);
      return it->second;
    };
  }

  std::unique_ptr<RowMerger> create(Properties properties, KvFormat format = KvFormat::kCompacted) {
    format_ = format;
    auto merger = create_row_merger(TableConfig(properties), format, getter());
    EXPECT_OK(merger.status());
    return merger.ok() ? std::move(*merger) : nullptr;
  }

  RowFormat row_format() const {
    return format_ == KvFormat::kIndexed ? RowFormat::kIndexed : RowFormat::kCompacted;
  }

  OwnedValue value(SchemaId id, std::vector<Datum> fields) {
    ByteBuffer out;
    EXPECT_OK(encode_row(row_format(), schema(id).row_type(), GenericRow(std::move(fields)), out));
    return OwnedValue{.schema_id = id, .row = out.release()};
  }

  GenericRow row_of(const OwnedValue& v) {
    auto row = decode_row(row_format(), schema(v.schema_id).row_type(), v.row);
    EXPECT_OK(row.status());
    return row.ok() ? *row : GenericRow();
  }

  // The stored value after merging `next` into `stored` (absent: nullopt).
  OwnedValue apply(RowMerger& merger, const std::optional<OwnedValue>& stored,
                   const OwnedValue& next) {
    std::optional<BinaryValue> old;
    if (stored) old = stored->view();
    auto outcome = merger.merge(old, next.view());
    EXPECT_OK(outcome.status());
    if (!outcome.ok()) return next;
    switch (outcome->kind) {
      case Kind::kUnchanged:
        return *stored;
      case Kind::kTakeNew:
        return next;
      case Kind::kMerged:
        return outcome->merged;
    }
    return next;
  }

  std::map<int32_t, std::shared_ptr<const Schema>> schemas_;
  KvFormat format_ = KvFormat::kCompacted;
};

inline Schema build(Schema::Builder& builder) {
  auto schema = builder.build();
  EXPECT_OK(schema.status());
  return *schema;
}

// id INT (pk), a INT, b STRING, c BIGINT.
inline Schema simple_schema() {
  auto b = Schema::builder();
  b.column("id", DataType::int_().not_null())
      .column("a", DataType::int_())
      .column("b", DataType::string())
      .column("c", DataType::bigint())
      .primary_key({"id"});
  return build(b);
}

}  // namespace fluss::storage
