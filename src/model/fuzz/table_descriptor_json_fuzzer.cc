// SPDX-License-Identifier: Apache-2.0
// Parses arbitrary bytes as a table descriptor JSON document (what a coordinator
// receives in CreateTableRequest.table_json). Must never crash; whatever parses must
// survive validation, default application and a write/read round trip unchanged.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "model/json_serde.h"
#include "model/table_descriptor_validation.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  fluss::Result<fluss::TableDescriptor> descriptor = fluss::table_descriptor_from_json(text);
  if (!descriptor.ok()) return 0;
  fluss::Result<fluss::TableDescriptor> with_defaults =
      fluss::apply_system_defaults(*descriptor, fluss::SystemDefaults{});
  if (with_defaults.ok()) fluss::validate_table_descriptor(*with_defaults).ignore_error();
  (void)descriptor->to_string();

  const std::string written = fluss::to_json(*descriptor);
  fluss::Result<fluss::TableDescriptor> reread = fluss::table_descriptor_from_json(written);
  if (!reread.ok() || !(*reread == *descriptor) || fluss::to_json(*reread) != written) abort();
  return 0;
}
