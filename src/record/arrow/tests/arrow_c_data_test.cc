// SPDX-License-Identifier: Apache-2.0
#include "record/arrow/arrow_c_data.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "record/arrow/arrow_batch.h"
#include "record/tests/random_rows.h"
#include "test_utils/seed.h"
#include "test_utils/status_matchers.h"

namespace fluss {
namespace {

using test::named_field;
using test::StatusIs;
using test::StatusIsWith;

constexpr ArrowCompression kNone{.type = ArrowCompressionType::kNone};
constexpr ArrowCompression kZstd{.type = ArrowCompressionType::kZstd, .zstd_level = 3};
constexpr ArrowCompression kLz4{.type = ArrowCompressionType::kLz4Frame};
constexpr ArrowCompression kCodecs[] = {kNone, kZstd, kLz4};

ByteBuffer write_batch(const RowType& type, const std::vector<GenericRow>& rows,
                       ArrowCompression compression) {
  ArrowBatchWriter writer(type, compression);
  for (const GenericRow& row : rows) {
    Status s = writer.append(row);
    if (!s.ok()) throw std::runtime_error(s.to_string());
  }
  ByteBuffer out;
  Status s = writer.finish(out);
  if (!s.ok()) throw std::runtime_error(s.to_string());
  return out;
}

// The two structs of one exported batch, released at scope exit unless consumed.
struct CBatch {
  ArrowSchema schema{};
  ArrowArray array{};
  ~CBatch() {
    if (array.release != nullptr) array.release(&array);
    if (schema.release != nullptr) schema.release(&schema);
  }
};

class ArrowCDataTest : public ::testing::Test {
 protected:
  const std::vector<DataField> fields_ = test::every_type_fields();
  const RowType type_ = test::row_type_of(fields_);
};

TEST_F(ArrowCDataTest, FormatsFollowTheArrowTypesOfFlussTypes) {
  EXPECT_EQ(arrow_c_format(DataType::boolean()), "b");
  EXPECT_EQ(arrow_c_format(DataType::tinyint()), "c");
  EXPECT_EQ(arrow_c_format(DataType::bigint()), "l");
  EXPECT_EQ(arrow_c_format(DataType::double_()), "g");
  EXPECT_EQ(arrow_c_format(DataType::char_(3)), "u");
  EXPECT_EQ(arrow_c_format(DataType::bytes()), "z");
  EXPECT_EQ(arrow_c_format(DataType::binary(4)), "w:4");
  EXPECT_EQ(arrow_c_format(DataType::decimal(10, 2)), "d:10,2");
  EXPECT_EQ(arrow_c_format(DataType::date()), "tdD");
  EXPECT_EQ(arrow_c_format(DataType::time(0)), "tts");
  EXPECT_EQ(arrow_c_format(DataType::time(3)), "ttm");
  EXPECT_EQ(arrow_c_format(DataType::time(6)), "ttu");
  EXPECT_EQ(arrow_c_format(DataType::timestamp(9)), "tsn:");
  EXPECT_EQ(arrow_c_format(DataType::timestamp_ltz(3)), "tsm:");
  EXPECT_EQ(arrow_c_format(DataType::array(DataType::int_())), "+l");
  EXPECT_EQ(arrow_c_format(DataType::map(DataType::int_(), DataType::int_())), "+m");
}

TEST_F(ArrowCDataTest, ExportThenImportGivesTheWritersBytesForEveryTypeAndCodec) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  test::RandomRows gen(seed);
  for (const ArrowCompression& codec : kCodecs) {
    for (int count : {0, 1, 9, 150}) {
      SCOPED_TRACE(::testing::Message()
                   << "codec " << static_cast<int>(codec.type) << ", " << count << " rows");
      std::vector<GenericRow> rows = gen.rows(type_, count);
      const ByteBuffer message = write_batch(type_, rows, codec);
      auto checked = check_arrow_batch(type_, message.view());
      ASSERT_OK(checked);
      EXPECT_EQ(*checked, count);
      CBatch c;
      ASSERT_OK(export_arrow_c_data(fields_, message.view(), &c.schema, &c.array));
      EXPECT_EQ(c.array.length, count);
      EXPECT_STREQ(c.schema.format, "+s");
      ASSERT_EQ(c.schema.n_children, static_cast<int64_t>(fields_.size()));
      EXPECT_STREQ(c.schema.children[0]->name, "id");
      EXPECT_EQ(c.schema.children[0]->flags, 0);  // NOT NULL
      EXPECT_EQ(c.schema.children[1]->flags, ARROW_FLAG_NULLABLE);
      ByteBuffer again;
      int64_t imported_rows = -1;
      ASSERT_OK(import_arrow_c_data(fields_, &c.schema, &c.array, codec, again, imported_rows));
      EXPECT_EQ(c.array.release, nullptr);
      EXPECT_EQ(c.schema.release, nullptr);
      EXPECT_EQ(imported_rows, count);
      EXPECT_EQ(again.to_string(), message.to_string());
      auto decoded = read_arrow_batch(type_, again.view());
      ASSERT_OK(decoded);
      EXPECT_EQ(*decoded, rows);
    }
  }
}

TEST_F(ArrowCDataTest, ImportCutsABatchIntoMessagesOfAtMostTheGivenSizeInRowOrder) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  test::RandomRows gen(seed);
  for (const ArrowCompression& codec : kCodecs) {
    const std::vector<GenericRow> rows = gen.rows(type_, 300);
    const ByteBuffer message = write_batch(type_, rows, kNone);
    // The body of the whole batch, and limits that cut it into a few parts, into many, and
    // into one row per message (a limit below any row).
    const size_t whole = message.size();
    // What a message takes besides its buffers: the metadata, and up to 7 bytes of padding
    // per buffer.
    const size_t overhead = write_batch(type_, {}, kNone).size() + 7 * 64;
    for (size_t limit : {whole / 3, whole / 40, size_t{1}}) {
      SCOPED_TRACE(::testing::Message() << "codec " << static_cast<int>(codec.type) << ", limit "
                                        << limit << " of " << whole);
      CBatch c;
      ASSERT_OK(export_arrow_c_data(fields_, message.view(), &c.schema, &c.array));
      std::vector<ImportedArrowBatch> parts;
      ASSERT_OK(import_arrow_c_data(fields_, &c.schema, &c.array, codec, limit, parts));
      EXPECT_EQ(c.array.release, nullptr) << "the structs are consumed";
      ASSERT_GT(parts.size(), 1u);
      std::vector<GenericRow> again;
      for (const ImportedArrowBatch& part : parts) {
        auto decoded = read_arrow_batch(type_, part.message.view());
        ASSERT_OK(decoded);
        EXPECT_EQ(static_cast<int64_t>(decoded->size()), part.rows);
        // Each part is the writer's own encoding of its rows.
        std::vector<GenericRow> own(decoded->begin(), decoded->end());
        EXPECT_EQ(part.message.to_string(), write_batch(type_, own, codec).to_string());
        if (codec.type == ArrowCompressionType::kNone && part.rows > 1) {
          EXPECT_LE(part.message.size(), limit + overhead) << "metadata aside, within the limit";
        }
        again.insert(again.end(), decoded->begin(), decoded->end());
      }
      EXPECT_EQ(again, rows);
      if (limit == 1) {
        EXPECT_EQ(parts.size(), rows.size());
      }
    }
  }
  // Zero rows: one message of zero rows.
  CBatch empty;
  ASSERT_OK(export_arrow_c_data(fields_, write_batch(type_, {}, kNone).view(), &empty.schema,
                                &empty.array));
  std::vector<ImportedArrowBatch> parts;
  ASSERT_OK(import_arrow_c_data(fields_, &empty.schema, &empty.array, kNone, 1, parts));
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts.front().rows, 0);
}

TEST_F(ArrowCDataTest, SlicedStructAndSlicedChildrenImportTheSlice) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  test::RandomRows gen(seed);
  std::vector<GenericRow> rows = gen.rows(type_, 40);
  const ByteBuffer message = write_batch(type_, rows, kNone);
  for (int64_t skip : {1, 3, 8, 13, 39}) {
    SCOPED_TRACE(::testing::Message() << "skip " << skip);
    const std::vector<GenericRow> tail(rows.begin() + skip, rows.end());
    const std::string expected = write_batch(type_, tail, kNone).to_string();
    {
      // The struct's offset.
      CBatch c;
      ASSERT_OK(export_arrow_c_data(fields_, message.view(), &c.schema, &c.array));
      c.array.offset = skip;
      c.array.length -= skip;
      ByteBuffer out;
      int64_t n = 0;
      ASSERT_OK(import_arrow_c_data(fields_, &c.schema, &c.array, kNone, out, n));
      EXPECT_EQ(n, 40 - skip);
      EXPECT_EQ(out.to_string(), expected);
    }
    {
      // Each column's offset (nested children keep theirs: they are indexed by
      // the column's physical positions).
      CBatch c;
      ASSERT_OK(export_arrow_c_data(fields_, message.view(), &c.schema, &c.array));
      c.array.length -= skip;
      for (int64_t i = 0; i < c.array.n_children; ++i) {
        c.array.children[i]->offset = skip;
        c.array.children[i]->length -= skip;
        if (c.array.children[i]->null_count > 0) c.array.children[i]->null_count = -1;
      }
      ByteBuffer out;
      int64_t n = 0;
      ASSERT_OK(import_arrow_c_data(fields_, &c.schema, &c.array, kNone, out, n));
      EXPECT_EQ(out.to_string(), expected);
    }
  }
}

// Hand-built input arrays: what other producers give (offsets into shared
// buffers, null slots with garbage, missing validity, large offsets).
struct HandArray {
  std::vector<const void*> buffers;
  std::vector<HandArray*> child_arrays;
  std::vector<ArrowArray*> children;
  ArrowArray array{};
  std::string format;
  std::string name;
  std::vector<ArrowSchema*> child_schemas;
  ArrowSchema schema{};
  int* releases = nullptr;

  HandArray(std::string fmt, int64_t length, int64_t offset, int64_t null_count,
            std::vector<const void*> bufs, std::vector<HandArray*> kids = {},
            int64_t flags = ARROW_FLAG_NULLABLE)
      : buffers(std::move(bufs)), child_arrays(std::move(kids)), format(std::move(fmt)) {
    for (HandArray* k : child_arrays) {
      children.push_back(&k->array);
      child_schemas.push_back(&k->schema);
    }
    array = ArrowArray{length,
                       null_count,
                       offset,
                       static_cast<int64_t>(buffers.size()),
                       static_cast<int64_t>(children.size()),
                       buffers.data(),
                       children.empty() ? nullptr : children.data(),
                       nullptr,
                       &release_array,
                       this};
    schema = ArrowSchema{format.c_str(),
                         name.c_str(),
                         nullptr,
                         flags,
                         static_cast<int64_t>(child_schemas.size()),
                         child_schemas.empty() ? nullptr : child_schemas.data(),
                         nullptr,
                         &release_schema,
                         this};
  }
  static void release_array(ArrowArray* a) {
    auto* self = static_cast<HandArray*>(a->private_data);
    if (self->releases != nullptr) ++*self->releases;
    a->release = nullptr;
  }
  static void release_schema(ArrowSchema* s) {
    auto* self = static_cast<HandArray*>(s->private_data);
    if (self->releases != nullptr) ++*self->releases;
    s->release = nullptr;
  }
};

TEST_F(ArrowCDataTest, ForeignLayoutsImportAsTheWriterWouldWriteThem) {
  // Column a INT: 6 values at offset 2, validity shifted by 2 bits, garbage under nulls.
  const int32_t ints[] = {99, 98, 1, -7, 55, 4, 5, 6, 97};
  const uint8_t int_valid[] = {0b11110100, 0b1};  // bits 2..7 -> rows 0..5: 1,0,1,1,1,1
  HandArray a("i", 6, 2, -1, {int_valid, ints});
  // Column b STRING: large offsets at offset 1; the null row 1 has a non-empty range.
  const int64_t offsets[] = {0, 3, 3, 8, 9, 9, 12, 15};
  const char text[] = "abcXXXXXdefghijkl";
  const uint8_t str_valid[] = {0b01111010};  // physical 1..6 -> rows 0..5: 1,0,1,1,1,1
  HandArray b("U", 6, 1, 1, {str_valid, offsets, text});
  // Column c ARRAY<INT NOT NULL>: no validity at all; the child has an offset.
  const int32_t list_offsets[] = {0, 2, 2, 3, 5, 6, 6};
  const int32_t elements[] = {0, 0, 0, 10, 11, 12, 13, 14, 15};
  HandArray c_elem("i", 6, 3, 0, {nullptr, elements}, {}, 0);
  HandArray c("+l", 6, 0, 0, {nullptr, list_offsets}, {&c_elem});
  HandArray top("+s", 6, 0, 0, {nullptr}, {&a, &b, &c}, 0);
  int releases = 0;
  top.releases = &releases;

  const std::vector<DataField> fields = {
      named_field("a", DataType::int_()), named_field("b", DataType::string()),
      named_field("c", DataType::array(DataType::int_().not_null()))};
  ByteBuffer out;
  int64_t rows = 0;
  ASSERT_OK(import_arrow_c_data(fields, &top.schema, &top.array, kNone, out, rows));
  EXPECT_EQ(rows, 6);
  EXPECT_EQ(releases, 2);  // the array and the schema
  auto list = [](std::vector<Datum> v) {
    return Datum(std::make_shared<const GenericArray>(std::move(v)));
  };
  const std::vector<GenericRow> expected = {
      GenericRow({int32_t{1}, std::string(""), list({int32_t{10}, int32_t{11}})}),
      GenericRow({Null{}, Null{}, list({})}),
      GenericRow({int32_t{55}, std::string("d"), list({int32_t{12}})}),
      GenericRow({int32_t{4}, std::string(""), list({int32_t{13}, int32_t{14}})}),
      GenericRow({int32_t{5}, std::string("efg"), list({int32_t{15}})}),
      GenericRow({int32_t{6}, std::string("hij"), list({})}),
  };
  auto decoded = read_arrow_batch(test::row_type_of(fields), out.view());
  ASSERT_OK(decoded);
  EXPECT_EQ(*decoded, expected);
  // The bytes are the writer's for the same rows (null slots zeroed, "XXXXX" dropped).
  EXPECT_EQ(out.to_string(), write_batch(test::row_type_of(fields), expected, kNone).to_string());
}

TEST_F(ArrowCDataTest, MismatchesNameTheColumnAndBothTypesAndReleaseTheStructs) {
  const int64_t values[] = {1, 2, 3};
  const std::vector<DataField> fields = {named_field("id", DataType::int_().not_null()),
                                         named_field("price", DataType::decimal(10, 2))};
  {
    HandArray id("l", 3, 0, 0, {nullptr, values});
    HandArray price("d:10,2", 3, 0, 0, {nullptr, values});
    HandArray top("+s", 3, 0, 0, {nullptr}, {&id, &price}, 0);
    int releases = 0;
    top.releases = &releases;
    ByteBuffer out;
    int64_t rows = 0;
    Status s = import_arrow_c_data(fields, &top.schema, &top.array, kNone, out, rows);
    EXPECT_THAT(s, StatusIsWith(ErrorCode::kInvalidArgument, "column 'id'"));
    EXPECT_NE(s.message().find("'l'"), std::string::npos) << s;
    EXPECT_NE(s.message().find("INT NOT NULL"), std::string::npos) << s;
    EXPECT_EQ(releases, 2);
  }
  {
    HandArray id("i", 3, 0, 0, {nullptr, values});
    HandArray top("+s", 3, 0, 0, {nullptr}, {&id}, 0);
    ByteBuffer out;
    int64_t rows = 0;
    EXPECT_THAT(import_arrow_c_data(fields, &top.schema, &top.array, kNone, out, rows),
                StatusIsWith(ErrorCode::kInvalidArgument, "the table has 2 (id, price)"));
    EXPECT_EQ(top.array.release, nullptr);
  }
  {
    // A nullable Arrow child may feed a NOT NULL column only without nulls.
    const uint8_t valid[] = {0b101};
    HandArray id("i", 3, 0, 1, {valid, values});
    HandArray price("d:10,2", 0, 0, 0, {nullptr, values});
    HandArray top("+s", 3, 0, 0, {nullptr}, {&id, &price}, 0);
    ByteBuffer out;
    int64_t rows = 0;
    EXPECT_THAT(import_arrow_c_data(fields, &top.schema, &top.array, kNone, out, rows),
                StatusIsWith(ErrorCode::kInvalidArgument, "values for a batch"));
  }
  {
    const uint8_t valid[] = {0b101};
    const __int128 decimals[] = {1, 2, 3};
    HandArray id("i", 3, 0, 1, {valid, values});
    HandArray price("d:10,2", 3, 0, 0, {nullptr, decimals});
    HandArray top("+s", 3, 0, 0, {nullptr}, {&id, &price}, 0);
    ByteBuffer out;
    int64_t rows = 0;
    EXPECT_THAT(
        import_arrow_c_data(fields, &top.schema, &top.array, kNone, out, rows),
        StatusIsWith(ErrorCode::kInvalidArgument, "column 'id' (INT NOT NULL): null at index 1"));
  }
  {
    // Precision: a smaller DECIMAL of the same scale fits; a value past 10 digits does not.
    const int32_t ids[] = {1, 2};
    const __int128 decimals[] = {12345, __int128{10000000000}};
    HandArray id("i", 2, 0, 0, {nullptr, ids});
    HandArray price("d:11,2,128", 2, 0, 0, {nullptr, decimals});
    HandArray top("+s", 2, 0, 0, {nullptr}, {&id, &price}, 0);
    ByteBuffer out;
    int64_t rows = 0;
    EXPECT_THAT(import_arrow_c_data(fields, &top.schema, &top.array, kNone, out, rows),
                StatusIsWith(ErrorCode::kInvalidArgument, "does not fit the table type DECIMAL"));
    HandArray id2("i", 2, 0, 0, {nullptr, ids});
    HandArray price2("d:9,2", 2, 0, 0, {nullptr, decimals});
    HandArray top2("+s", 2, 0, 0, {nullptr}, {&id2, &price2}, 0);
    EXPECT_THAT(import_arrow_c_data(fields, &top2.schema, &top2.array, kNone, out, rows),
                StatusIsWith(ErrorCode::kInvalidArgument, "more than 10 digits"));
    HandArray id3("i", 1, 0, 0, {nullptr, ids});
    HandArray price3("d:9,2", 1, 0, 0, {nullptr, decimals});
    HandArray top3("+s", 1, 0, 0, {nullptr}, {&id3, &price3}, 0);
    ASSERT_OK(import_arrow_c_data(fields, &top3.schema, &top3.array, kNone, out, rows));
  }
  {
    HandArray dict("i", 3, 0, 0, {nullptr, values});
    HandArray id("i", 3, 0, 0, {nullptr, values});
    id.array.dictionary = &dict.array;
    HandArray price("d:10,2", 3, 0, 0, {nullptr, values});
    HandArray top("+s", 3, 0, 0, {nullptr}, {&id, &price}, 0);
    ByteBuffer out;
    int64_t rows = 0;
    EXPECT_THAT(import_arrow_c_data(fields, &top.schema, &top.array, kNone, out, rows),
                StatusIsWith(ErrorCode::kInvalidArgument, "dictionary-encoded"));
  }
  {
    ByteBuffer out;
    int64_t rows = 0;
    EXPECT_THAT(import_arrow_c_data(fields, nullptr, nullptr, kNone, out, rows),
                StatusIs(ErrorCode::kInvalidArgument));
    HandArray top("+s", 0, 0, 0, {nullptr}, {}, 0);
    top.array.release = nullptr;
    EXPECT_THAT(import_arrow_c_data(fields, &top.schema, &top.array, kNone, out, rows),
                StatusIsWith(ErrorCode::kInvalidArgument, "already released"));
    EXPECT_EQ(top.schema.release, nullptr);
  }
}

TEST_F(ArrowCDataTest, NestedErrorsNameTheChildPath) {
  // MAP<STRING NOT NULL, BIGINT> with a null key under a valid map.
  const std::vector<DataField> fields = {
      named_field("m", DataType::map(DataType::string().not_null(), DataType::bigint()))};
  const int32_t map_offsets[] = {0, 2};
  const int32_t key_offsets[] = {0, 1, 1};
  const char key_data[] = "k";
  const uint8_t key_valid[] = {0b01};
  const int64_t values[] = {1, 2};
  HandArray key("u", 2, 0, 1, {key_valid, key_offsets, key_data});
  HandArray value("l", 2, 0, 0, {nullptr, values});
  HandArray entries("+s", 2, 0, 0, {nullptr}, {&key, &value}, 0);
  HandArray map("+m", 1, 0, 0, {nullptr, map_offsets}, {&entries});
  HandArray top("+s", 1, 0, 0, {nullptr}, {&map}, 0);
  ByteBuffer out;
  int64_t rows = 0;
  EXPECT_THAT(
      import_arrow_c_data(fields, &top.schema, &top.array, kNone, out, rows),
      StatusIsWith(ErrorCode::kInvalidArgument, "column 'm.entries.key' (STRING NOT NULL)"));
  // A list whose offsets run past its child.
  const std::vector<DataField> lists = {named_field("l", DataType::array(DataType::bigint()))};
  const int32_t long_offsets[] = {0, 3};
  HandArray element("l", 2, 0, 0, {nullptr, values});
  HandArray list("+l", 1, 0, 0, {nullptr, long_offsets}, {&element});
  HandArray top2("+s", 1, 0, 0, {nullptr}, {&list}, 0);
  EXPECT_THAT(import_arrow_c_data(lists, &top2.schema, &top2.array, kNone, out, rows),
              StatusIsWith(ErrorCode::kInvalidArgument, "past the child's 2 values"));
}

TEST_F(ArrowCDataTest, TimestampLtzTakesAnyTimeZoneNtzNone) {
  const int64_t micros[] = {1, 2};
  const std::vector<DataField> ltz = {named_field("t", DataType::timestamp_ltz(6))};
  const std::vector<DataField> ntz = {named_field("t", DataType::timestamp(6))};
  ByteBuffer out;
  int64_t rows = 0;
  HandArray t("tsu:UTC", 2, 0, 0, {nullptr, micros});
  HandArray top("+s", 2, 0, 0, {nullptr}, {&t}, 0);
  ASSERT_OK(import_arrow_c_data(ltz, &top.schema, &top.array, kNone, out, rows));
  HandArray t2("tsu:UTC", 2, 0, 0, {nullptr, micros});
  HandArray top2("+s", 2, 0, 0, {nullptr}, {&t2}, 0);
  EXPECT_THAT(import_arrow_c_data(ntz, &top2.schema, &top2.array, kNone, out, rows),
              StatusIsWith(ErrorCode::kInvalidArgument, "expected 'tsu:'"));
  HandArray t3("tsm:", 2, 0, 0, {nullptr, micros});
  HandArray top3("+s", 2, 0, 0, {nullptr}, {&t3}, 0);
  EXPECT_THAT(import_arrow_c_data(ntz, &top3.schema, &top3.array, kNone, out, rows),
              StatusIsWith(ErrorCode::kInvalidArgument, "Arrow format 'tsm:'"));
}

TEST_F(ArrowCDataTest, ExportedChildrenOutliveTheirParentWhenMovedOut) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  test::RandomRows gen(seed);
  std::vector<GenericRow> rows = gen.rows(type_, 20);
  const ByteBuffer message = write_batch(type_, rows, kZstd);
  CBatch c;
  ASSERT_OK(export_arrow_c_data(fields_, message.view(), &c.schema, &c.array));
  // Move column 10 (STRING) out, as the spec allows, then release the parent.
  ArrowArray column = *c.array.children[10];
  c.array.children[10]->release = nullptr;
  c.array.release(&c.array);
  ASSERT_EQ(column.length, 20);
  const auto* offsets = static_cast<const int32_t*>(column.buffers[1]);
  const auto* data = static_cast<const char*>(column.buffers[2]);
  for (int64_t r = 0; r < 20; ++r) {
    const auto* validity = static_cast<const uint8_t*>(column.buffers[0]);
    const bool valid = validity == nullptr || ((validity[r / 8] >> (r % 8)) & 1) != 0;
    if (!valid) {
      EXPECT_EQ(rows[r][10], Datum(Null{}));
      continue;
    }
    EXPECT_EQ(rows[r][10], Datum(std::string(data + offsets[r], offsets[r + 1] - offsets[r])));
  }
  column.release(&column);
  EXPECT_EQ(column.release, nullptr);
}

TEST_F(ArrowCDataTest, CorruptMessagesFailExportWithoutTouchingTheOutStructs) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  test::RandomRows gen(seed);
  const ByteBuffer message = write_batch(type_, gen.rows(type_, 12), kLz4);
  // Every truncation fails.
  for (size_t n = 0; n < message.size(); n += 7) {
    CBatch c;
    EXPECT_THAT(export_arrow_c_data(fields_, message.view().first(n), &c.schema, &c.array),
                StatusIs(ErrorCode::kCorruptMessage))
        << n;
    EXPECT_THAT(check_arrow_batch(type_, message.view().first(n)).status(),
                StatusIs(ErrorCode::kCorruptMessage));
    EXPECT_EQ(c.array.release, nullptr);
    EXPECT_EQ(c.schema.release, nullptr);
  }
  // Wrong magic.
  ByteBuffer bad = message;
  bad.data()[0] = 0;
  CBatch c;
  EXPECT_THAT(export_arrow_c_data(fields_, bad.view(), &c.schema, &c.array),
              StatusIsWith(ErrorCode::kCorruptMessage, "continuation marker"));
  // Flipped bits anywhere: an error or a batch that can be read and released.
  std::mt19937_64 rng(seed);
  for (int i = 0; i < 300; ++i) {
    ByteBuffer flipped = message;
    const size_t at = rng() % flipped.size();
    flipped.data()[at] ^= static_cast<uint8_t>(1u << (rng() % 8));
    CBatch out;
    Status s = export_arrow_c_data(fields_, flipped.view(), &out.schema, &out.array);
    if (!s.ok()) {
      EXPECT_EQ(out.array.release, nullptr);
      continue;
    }
    ByteBuffer again;
    int64_t rows = 0;
    import_arrow_c_data(fields_, &out.schema, &out.array, kNone, again, rows).ignore_error();
    EXPECT_EQ(out.array.release, nullptr);
  }
  // A message for another row type (lying lengths for this one).
  const std::vector<DataField> other = {named_field("x", DataType::string())};
  CBatch o;
  EXPECT_THAT(export_arrow_c_data(other, message.view(), &o.schema, &o.array),
              StatusIs(ErrorCode::kCorruptMessage));
}

}  // namespace
}  // namespace fluss
