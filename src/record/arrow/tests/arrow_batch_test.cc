// SPDX-License-Identifier: Apache-2.0
#include "record/arrow/arrow_batch.h"

#include <gtest/gtest.h>

#include "test_utils/status_matchers.h"

namespace fluss {
namespace {

TEST(ArrowBatchWriterTest, Smoke) {
  RowType type = {DataType::int_().not_null(), DataType::string()};
  ArrowBatchWriter w(type, ArrowCompression{.type = ArrowCompressionType::kNone});
  ASSERT_OK(w.append(GenericRow({int32_t{1}, std::string("ab")})));
  ASSERT_OK(w.append(GenericRow({int32_t{2}, Null{}})));
  ByteBuffer out;
  ASSERT_OK(w.finish(out));
  auto rows = read_arrow_batch(type, out.view());
  ASSERT_OK(rows);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0], GenericRow({int32_t{1}, std::string("ab")}));
}

}  // namespace
}  // namespace fluss
