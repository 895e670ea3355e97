// SPDX-License-Identifier: Apache-2.0
#include "model/table_path.h"

#include <algorithm>

namespace fluss {

namespace {

constexpr size_t kMaxNameLength = 200;
constexpr std::string_view kInternalNamePrefix = "__";

// Java measures names in UTF-16 code units; count them so that the "too long" and
// "bad characters" reasons come out in the same order for non-ASCII names.
size_t utf16_length(std::string_view utf8) {
  size_t units = 0;
  for (char c : utf8) {
    const auto b = static_cast<uint8_t>(c);
    if ((b & 0xC0) != 0x80) ++units;  // a lead byte (or ASCII) starts a code point
    if ((b & 0xF8) == 0xF0) ++units;  // 4-byte sequences are surrogate pairs
  }
  return units;
}

bool is_valid_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '_' ||
         c == '-';
}

// Java's String.split(regex) drops trailing empty strings; "" splits into {""}.
std::vector<std::string> java_split(std::string_view s, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      parts.emplace_back(s.substr(start));
      break;
    }
    parts.emplace_back(s.substr(start, pos - start));
    start = pos + 1;
  }
  if (s.empty()) return parts;
  while (!parts.empty() && parts.back().empty()) parts.pop_back();
  return parts;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

}  // namespace

std::optional<std::string> detect_invalid_name(std::string_view name) {
  if (name.empty()) return "the empty string is not allowed";
  if (name == ".") return "'.' is not allowed";
  if (name == "..") return "'..' is not allowed";
  if (utf16_length(name) > kMaxNameLength) {
    return fmt::format("the length of '{}' is longer than the max allowed length {}", name,
                       kMaxNameLength);
  }
  if (!std::all_of(name.begin(), name.end(), is_valid_name_char)) {
    return fmt::format(
        "'{}' contains one or more characters other than ASCII alphanumerics, '_' and '-'", name);
  }
  return std::nullopt;
}

std::optional<std::string> detect_reserved_prefix(std::string_view name) {
  if (name.starts_with(kInternalNamePrefix)) {
    return fmt::format(
        "'{}' is not allowed as prefix, since it is reserved for internal databases/internal "
        "tables/internal partitions in Fluss server",
        kInternalNamePrefix);
  }
  return std::nullopt;
}

namespace {
std::optional<std::string> name_error(std::string_view name) {
  if (auto reason = detect_invalid_name(name)) return reason;
  return detect_reserved_prefix(name);
}
}  // namespace

Status validate_database_name(std::string_view name) {
  if (auto reason = name_error(name)) {
    return make_error(ErrorCode::kInvalidDatabaseException, "Database name {} is invalid: {}", name,
                      *reason);
  }
  return Status::OK();
}

Status validate_table_name(std::string_view name) {
  if (auto reason = name_error(name)) {
    return make_error(ErrorCode::kInvalidTableException, "Table name {} is invalid: {}", name,
                      *reason);
  }
  return Status::OK();
}

bool TablePath::is_valid() const {
  return !detect_invalid_name(database) && !detect_invalid_name(table);
}

Status TablePath::validate() const {
  FLUSS_RETURN_IF_ERROR(validate_database_name(database));
  return validate_table_name(table);
}

bool PhysicalTablePath::is_valid() const {
  if (!table_path.is_valid()) return false;
  if (partition_name) {
    for (const std::string& value :
         java_split(*partition_name, ResolvedPartitionSpec::kSeparator)) {
      if (detect_invalid_name(value)) return false;
    }
  }
  return true;
}

std::string PhysicalTablePath::to_string() const {
  if (!partition_name) return table_path.to_string();
  return fmt::format("{}(p={})", table_path.to_string(), *partition_name);
}

std::string TableBucket::to_string() const {
  if (partition_id) {
    return fmt::format("TableBucket{{tableId={}, partitionId={}, bucket={}}}", table_id,
                       *partition_id, bucket);
  }
  return fmt::format("TableBucket{{tableId={}, bucket={}}}", table_id, bucket);
}

std::optional<std::string_view> PartitionSpec::get(std::string_view key) const {
  for (const Entry& e : spec_) {
    if (e.first == key) return e.second;
  }
  return std::nullopt;
}

std::string PartitionSpec::to_string() const {
  std::string s = "PartitionSpec{{";
  for (size_t i = 0; i < spec_.size(); ++i) {
    if (i > 0) s += ", ";
    s += spec_[i].first + "=" + spec_[i].second;
  }
  return s + "}}";
}

Result<ResolvedPartitionSpec> ResolvedPartitionSpec::of(std::vector<std::string> keys,
                                                        std::vector<std::string> values) {
  if (keys.size() != values.size()) {
    return make_error(ErrorCode::kPartitionSpecInvalidException,
                      "The number of partition keys ({}) and partition values ({}) should be the "
                      "same: keys [{}], values [{}].",
                      keys.size(), values.size(), join(keys, ", "), join(values, ", "));
  }
  return ResolvedPartitionSpec(std::move(keys), std::move(values));
}

Result<ResolvedPartitionSpec> ResolvedPartitionSpec::from_partition_spec(
    std::vector<std::string> keys, const PartitionSpec& spec) {
  std::vector<std::string> values;
  values.reserve(keys.size());
  for (const std::string& key : keys) {
    auto value = spec.get(key);
    if (!value) {
      return make_error(ErrorCode::kPartitionSpecInvalidException,
                        "{} does not contain partition key '{}'.", spec.to_string(), key);
    }
    values.emplace_back(*value);
  }
  return ResolvedPartitionSpec(std::move(keys), std::move(values));
}

Result<ResolvedPartitionSpec> ResolvedPartitionSpec::from_partition_name(
    std::vector<std::string> keys, std::string_view name) {
  return of(std::move(keys), java_split(name, kSeparator));
}

Result<ResolvedPartitionSpec> ResolvedPartitionSpec::from_qualified_name(
    std::string_view qualified_name) {
  std::vector<std::string> keys;
  std::vector<std::string> values;
  for (const std::string& pair : java_split(qualified_name, '/')) {
    size_t eq = pair.find('=');
    if (eq == std::string::npos) {
      return make_error(ErrorCode::kPartitionSpecInvalidException,
                        "Invalid partition name format. Expected key=value, got: {}", pair);
    }
    keys.push_back(pair.substr(0, eq));
    values.push_back(pair.substr(eq + 1));
  }
  return ResolvedPartitionSpec(std::move(keys), std::move(values));
}

std::string ResolvedPartitionSpec::partition_name() const {
  return join(values_, std::string_view(&kSeparator, 1));
}

std::string ResolvedPartitionSpec::qualified_name() const {
  std::string s;
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (i > 0) s += '/';
    s += keys_[i] + "=" + values_[i];
  }
  return s;
}

PartitionSpec ResolvedPartitionSpec::to_partition_spec() const {
  std::vector<PartitionSpec::Entry> entries;
  for (size_t i = 0; i < keys_.size(); ++i) entries.emplace_back(keys_[i], values_[i]);
  return PartitionSpec(std::move(entries));
}

Result<bool> ResolvedPartitionSpec::contains(const ResolvedPartitionSpec& other) const {
  for (size_t i = 0; i < other.keys_.size(); ++i) {
    auto it = std::find(keys_.begin(), keys_.end(), other.keys_[i]);
    if (it == keys_.end()) {
      return make_error(ErrorCode::kPartitionSpecInvalidException,
                        "table don't contains this partitionKey: {}", other.keys_[i]);
    }
    if (values_[it - keys_.begin()] != other.values_[i]) return false;
  }
  return true;
}

Status validate_partition_values(const std::vector<std::string>& values, PartitionUse use) {
  for (const std::string& value : values) {
    std::optional<std::string> reason = detect_invalid_name(value);
    if (!reason && use == PartitionUse::kCreate) reason = detect_reserved_prefix(value);
    if (reason) {
      return make_error(ErrorCode::kPartitionSpecInvalidException,
                        "The partition value {} is invalid: {}", value, *reason);
    }
  }
  return Status::OK();
}

Status validate_partition_spec(const TablePath& table, const std::vector<std::string>& keys,
                               const PartitionSpec& spec, PartitionUse use) {
  if (keys.size() != spec.entries().size()) {
    return make_error(ErrorCode::kPartitionSpecInvalidException,
                      "PartitionSpec size is not equal to partition keys size for partitioned "
                      "table {}.",
                      table);
  }
  std::vector<std::string> values;
  for (const std::string& key : keys) {
    auto value = spec.get(key);
    if (!value) {
      return make_error(ErrorCode::kPartitionSpecInvalidException,
                        "{} does not contain partition key '{}' for partitioned table {}.",
                        spec.to_string(), key, table);
    }
    values.emplace_back(*value);
  }
  return validate_partition_values(values, use);
}

std::ostream& operator<<(std::ostream& os, const TablePath& path) { return os << path.to_string(); }
std::ostream& operator<<(std::ostream& os, const PhysicalTablePath& path) {
  return os << path.to_string();
}
std::ostream& operator<<(std::ostream& os, const TableBucket& bucket) {
  return os << bucket.to_string();
}
std::ostream& operator<<(std::ostream& os, const PartitionSpec& spec) {
  return os << spec.to_string();
}
std::ostream& operator<<(std::ostream& os, const ResolvedPartitionSpec& spec) {
  return os << spec.to_string();
}

}  // namespace fluss

namespace {
size_t hash_combine(size_t seed, size_t h) {
  return seed ^ (h + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}
}  // namespace

size_t std::hash<fluss::TablePath>::operator()(const fluss::TablePath& p) const noexcept {
  return hash_combine(std::hash<std::string>()(p.database), std::hash<std::string>()(p.table));
}

size_t std::hash<fluss::PhysicalTablePath>::operator()(
    const fluss::PhysicalTablePath& p) const noexcept {
  size_t h = std::hash<fluss::TablePath>()(p.table_path);
  return p.partition_name ? hash_combine(h, std::hash<std::string>()(*p.partition_name)) : h;
}

size_t std::hash<fluss::TableBucket>::operator()(const fluss::TableBucket& b) const noexcept {
  size_t h = hash_combine(std::hash<int64_t>()(b.table_id.value()),
                          std::hash<int32_t>()(b.bucket.value()));
  return b.partition_id ? hash_combine(h, std::hash<int64_t>()(b.partition_id->value())) : h;
}
