// SPDX-License-Identifier: Apache-2.0
// Feeds arbitrary lines to the tools' JSON and CSV row readers over a schema with
// every kind of column: they must fail cleanly, never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cli/row_text_format.h"

namespace {

const fluss::Schema& fuzz_schema() {
  static const fluss::Schema schema = [] {
    auto built = fluss::Schema::builder()
                     .column("id", fluss::DataType::bigint().not_null())
                     .column("flag", fluss::DataType::boolean())
                     .column("small", fluss::DataType::tinyint())
                     .column("price", fluss::DataType::decimal(10, 2))
                     .column("ratio", fluss::DataType::double_())
                     .column("name", fluss::DataType::string())
                     .column("code", fluss::DataType::char_(3))
                     .column("raw", fluss::DataType::bytes())
                     .column("day", fluss::DataType::date())
                     .column("at", fluss::DataType::timestamp(3))
                     .column("tags", fluss::DataType::array(fluss::DataType::int_()))
                     .column("attrs", fluss::DataType::map(fluss::DataType::string(),
                                                           fluss::DataType::string()))
                     .primary_key({"id"})
                     .build();
    return std::move(built).value();
  }();
  return schema;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view line(reinterpret_cast<const char*>(data), size);
  const fluss::Schema& schema = fuzz_schema();
  fluss::cli::row_from_json(line, schema).status().ignore_error();
  fluss::cli::key_from_json(line, schema, {"id"}).status().ignore_error();
  fluss::cli::row_from_csv(line, schema).status().ignore_error();
  fluss::cli::row_from_csv(line, schema, '\t').status().ignore_error();
  return 0;
}
