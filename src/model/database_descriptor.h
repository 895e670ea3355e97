// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "model/properties.h"
#include "model/table_path.h"

namespace fluss {

// What a user gives at CREATE DATABASE (org.apache.fluss.metadata.DatabaseDescriptor):
// an optional comment and free-form custom properties. JSON: fluss-wire.md §10.4.
struct DatabaseDescriptor {
  std::optional<std::string> comment;
  Properties custom_properties;

  std::string to_string() const;

  friend bool operator==(const DatabaseDescriptor&, const DatabaseDescriptor&) = default;
};

// A created database (org.apache.fluss.metadata.DatabaseInfo).
struct DatabaseInfo {
  std::string database_name;
  DatabaseDescriptor descriptor;
  int64_t created_time_ms = 0;
  int64_t modified_time_ms = 0;

  std::string to_string() const;

  friend bool operator==(const DatabaseInfo&, const DatabaseInfo&) = default;
};

std::ostream& operator<<(std::ostream& os, const DatabaseDescriptor& d);
std::ostream& operator<<(std::ostream& os, const DatabaseInfo& d);

}  // namespace fluss

FLUSS_MODEL_TO_STRING_FORMATTER(fluss::DatabaseDescriptor)
FLUSS_MODEL_TO_STRING_FORMATTER(fluss::DatabaseInfo)
