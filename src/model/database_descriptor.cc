// SPDX-License-Identifier: Apache-2.0
#include "model/database_descriptor.h"

namespace fluss {

std::string DatabaseDescriptor::to_string() const {
  return fmt::format("DatabaseDescriptor{{customProperties={}, comment='{}'}}", custom_properties,
                     comment.value_or("null"));
}

std::string DatabaseInfo::to_string() const {
  return fmt::format(
      "DatabaseInfo{{databaseName='{}', databaseDescriptor={}, createdTime={}, "
      "modifiedTime={}}}",
      database_name, descriptor.to_string(), created_time_ms, modified_time_ms);
}

std::ostream& operator<<(std::ostream& os, const DatabaseDescriptor& d) {
  return os << d.to_string();
}
std::ostream& operator<<(std::ostream& os, const DatabaseInfo& d) { return os << d.to_string(); }

}  // namespace fluss
