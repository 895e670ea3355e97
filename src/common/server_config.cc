// SPDX-License-Identifier: Apache-2.0
#include "common/server_config.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <fstream>
#include <sstream>
#include <unordered_map>

#include "common/config_options.h"

namespace fluss {
namespace {

constexpr ErrorCode kInvalid = ErrorCode::kInvalidConfigException;

// Namespaces whose keys Fluss hands to a plugin (or to the bin/ scripts) unread.
// clang-format off
constexpr std::string_view kPassthroughPrefixes[] = {
    "datalake.",                 // lake catalogs: datalake.<format>.*, prefix stripped
    "s3.", "s3a.", "fs.s3a.",    // S3 filesystem plugin
    "oss.", "fs.oss.",           // OSS
    "gs.", "fs.gs.",             // Google Cloud Storage
    "azure.", "fs.azure.",       // Azure
    "obs.", "fs.obs.",           // Huawei OBS
    "fs.cosn.",                  // Tencent COS
    "fluss.hadoop.",             // HDFS (Hadoop configuration)
    "metrics.reporter.",         // reporter plugins' own options
    "security.sasl.",            // security.sasl.<mechanism>.jaas.config, per-listener JAAS
    "config.providers.",         // config.providers.<id>.param.*
    "env.",                      // bin/*.sh, e.g. env.java.opts.all, env.log.dir
};
// clang-format on
constexpr std::string_view kPassthroughKeys[] = {"zookeeper.heap.mb"};  // bin/ scripts

// Where an entry came from, for messages: "conf/server.yaml:12" or "-D".
std::string where(std::string_view origin, int line) {
  return line > 0 ? fmt::format("{}:{}", origin, line) : std::string(origin);
}

// Checks one `key: value` entry and stores it. `first_seen` maps keys to where they
// were first set, for the duplicate warning.
Status accept_entry(const std::string& at, std::string key, std::string value,
                    LoadedServerConfig& out,
                    std::unordered_map<std::string, std::string>& first_seen) {
  if (key.empty() || value.empty()) {
    // Fluss skips such lines with a warning; so do we.
    out.warnings.push_back(fmt::format("{}: key or value of '{}' is empty; line ignored", at, key));
    return Status::OK();
  }
  if (const ConfigOptionDef* option = ConfigOptions::find(key)) {
    FLUSS_RETURN_IF_ERROR(validate_config_value(*option, value).with_context(at));
    if (option->deprecated) {
      out.warnings.push_back(
          fmt::format("{}: '{}': {}", at, key, option->description));  // "Deprecated: ..."
    }
  } else if (const ConfigOptionDef* current = ConfigOptions::find_by_fallback_key(key)) {
    FLUSS_RETURN_IF_ERROR(validate_config_value(*current, value).with_context(at));
    out.warnings.push_back(
        fmt::format("{}: '{}' is an old name of '{}'; use the new key", at, key, current->key));
  } else if (is_passthrough_config_key(key)) {
    out.passthrough_keys.push_back(key);
  } else {
    const std::optional<std::string_view> suggestion = ConfigOptions::closest_key(key);
    return make_error(kInvalid, "{}: unknown configuration key '{}'{}", at, key,
                      suggestion ? fmt::format(" (did you mean '{}'?)", *suggestion) : "");
  }
  if (auto [it, inserted] = first_seen.emplace(key, at); !inserted) {
    out.warnings.push_back(
        fmt::format("{}: '{}' was already set at {}; the later value wins", at, key, it->second));
  }
  out.config.set_string(std::move(key), std::move(value));
  return Status::OK();
}

// Turns yaml-cpp's parse events into the flat entries of a server.yaml: the top
// level must be a mapping of scalar keys to scalar values. Anything else is
// recorded as the first error (the parser cannot be stopped from a handler). No
// recursion: nested content is skipped by depth counting.
class FlatYamlHandler : public YAML::EventHandler {
 public:
  struct Entry {
    std::string key;
    std::string value;  // empty for a null value
    int line;           // of the key, 1-based
  };

  explicit FlatYamlHandler(std::string_view origin) : origin_(origin) {}

  const std::vector<Entry>& entries() const { return entries_; }
  const Status& error() const { return error_; }
  int document_line() const { return document_line_; }

  void OnDocumentStart(const YAML::Mark& mark) override { document_line_ = line_of(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override {
    // A null root is an empty file (or only comments): no entries.
    if (depth_ == 1) on_item(mark, std::nullopt);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    if (depth_ <= 1) fail(line_of(mark), "YAML aliases are not supported in server.yaml");
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string& value) override {
    if (depth_ == 0) {
      fail(line_of(mark), "expected 'key: value' lines, found a YAML scalar");
    } else if (depth_ == 1) {
      on_item(mark, value);
    } else if (depth_ == 2 && nested_example_.empty() && nested_is_map_) {
      nested_example_ = value;  // the first sub-key, for the hint
      report_nested();
    }
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    on_collection_start(mark, /*is_map=*/false);
  }
  void OnSequenceEnd() override { on_collection_end(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    on_collection_start(mark, /*is_map=*/true);
  }
  void OnMapEnd() override { on_collection_end(); }

 private:
  static int line_of(const YAML::Mark& mark) { return mark.is_null() ? 0 : mark.line + 1; }

  void fail(int line, std::string_view message) {
    if (error_.ok()) error_ = make_error(kInvalid, "{}: {}", where(origin_, line), message);
  }

  // A scalar or null at the top level of the root mapping: a key or its value.
  void on_item(const YAML::Mark& mark, std::optional<std::string> text) {
    if (expecting_key_) {
      pending_key_ = text.value_or("");
      pending_line_ = line_of(mark);
    } else {
      entries_.push_back({std::move(pending_key_), text.value_or(""), pending_line_});
    }
    expecting_key_ = !expecting_key_;
  }

  void on_collection_start(const YAML::Mark& mark, bool is_map) {
    if (depth_ == 0) {
      if (!is_map) fail(line_of(mark), "expected 'key: value' lines, found a YAML list");
    } else if (depth_ == 1) {
      if (expecting_key_) {
        fail(line_of(mark), "a configuration key must be plain text");
        pending_key_.clear();
        pending_line_ = line_of(mark);
      } else if (is_map) {
        nested_is_map_ = true;
        nested_example_.clear();
      } else {
        fail(pending_line_, fmt::format("'{}' holds a YAML list; write the items comma-separated "
                                        "on one line, e.g. '{}: a,b'",
                                        pending_key_, pending_key_));
      }
      expecting_key_ = !expecting_key_;
    }
    ++depth_;
  }

  void on_collection_end() {
    --depth_;
    if (depth_ == 1 && nested_is_map_) {
      report_nested();  // an empty nested mapping has no sub-key to show
      nested_is_map_ = false;
    }
  }

  void report_nested() {
    if (!error_.ok()) return;
    error_ = make_error(kInvalid,
                        "{}: '{}' holds a nested mapping; server.yaml takes flat 'key: value' "
                        "lines, e.g. '{}.{}: ...'",
                        where(origin_, pending_line_), pending_key_, pending_key_,
                        nested_example_.empty() ? "<key>" : nested_example_);
  }

  std::string_view origin_;
  std::vector<Entry> entries_;
  Status error_;
  int document_line_ = 0;
  int depth_ = 0;  // 0: document, 1: inside the root mapping
  bool expecting_key_ = true;
  std::string pending_key_;
  int pending_line_ = 0;
  bool nested_is_map_ = false;
  std::string nested_example_;
};

Result<LoadedServerConfig> load_yaml(std::string_view text, std::string_view origin) {
  std::istringstream stream{std::string(text)};
  FlatYamlHandler handler(origin);
  try {
    YAML::Parser parser(stream);
    // yaml-cpp 0.7 never advances past a stray top-level ',' and would return
    // empty documents forever, so stop at the second document whatever it is.
    if (parser.HandleNextDocument(handler) && handler.error().ok()) {
      FlatYamlHandler second(origin);
      if (parser.HandleNextDocument(second)) {
        return make_error(kInvalid,
                          "{}: a second YAML document or stray text; Fluss reads one document "
                          "of 'key: value' lines",
                          where(origin, second.document_line()));
      }
    }
  } catch (const YAML::Exception& e) {
    return make_error(kInvalid, "{}:{}:{}: malformed YAML: {}", origin, e.mark.line + 1,
                      e.mark.column + 1, e.msg);
  }
  FLUSS_RETURN_IF_ERROR(handler.error());
  LoadedServerConfig out;
  std::unordered_map<std::string, std::string> first_seen;
  for (const FlatYamlHandler::Entry& entry : handler.entries()) {
    // A null value (`key:`) arrives empty and is skipped like an empty value.
    FLUSS_RETURN_IF_ERROR(
        accept_entry(where(origin, entry.line), entry.key, entry.value, out, first_seen));
  }
  return out;
}

}  // namespace

bool is_passthrough_config_key(std::string_view key) {
  for (std::string_view prefix : kPassthroughPrefixes) {
    if (key.size() > prefix.size() && key.starts_with(prefix)) return true;
  }
  for (std::string_view exact : kPassthroughKeys) {
    if (key == exact) return true;
  }
  return false;
}

Result<LoadedServerConfig> load_server_yaml_string(std::string_view text, std::string_view origin) {
  try {
    return load_yaml(text, origin);
  } catch (const std::exception& e) {
    // yaml-cpp reports through exceptions; none may escape into a server's start-up.
    return make_error(kInvalid, "{}: cannot read configuration: {}", origin, e.what());
  }
}

Result<LoadedServerConfig> load_server_yaml(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  if (!in || std::filesystem::is_directory(path, ec)) {
    return make_error(kInvalid, "configuration file '{}' does not exist or cannot be read",
                      path.string());
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return make_error(kInvalid, "configuration file '{}' cannot be read", path.string());
  }
  return load_server_yaml_string(text.str(), path.string());
}

Result<std::pair<std::string, std::string>> parse_dynamic_property(std::string_view argument) {
  const size_t equals = argument.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    return make_error(kInvalid, "dynamic property '{}' is not of the form key=value", argument);
  }
  return std::pair(std::string(argument.substr(0, equals)),
                   std::string(argument.substr(equals + 1)));
}

Status apply_dynamic_properties(std::span<const std::pair<std::string, std::string>> properties,
                                LoadedServerConfig& loaded) {
  std::unordered_map<std::string, std::string> first_seen;
  for (const auto& [key, value] : properties) {
    FLUSS_RETURN_IF_ERROR(accept_entry("-D", key, value, loaded, first_seen));
  }
  return Status::OK();
}

Result<LoadedServerConfig> load_server_configuration(
    const std::filesystem::path& config_dir,
    std::span<const std::pair<std::string, std::string>> dynamic_properties) {
  std::optional<std::filesystem::path> file;
  std::vector<std::pair<std::string, std::string>> overrides;
  for (const auto& [key, value] : dynamic_properties) {
    if (key == kConfigFileProperty) {
      file = value;
    } else {
      overrides.emplace_back(key, value);
    }
  }
  if (!file) {
    std::error_code ec;
    if (!std::filesystem::is_directory(config_dir, ec)) {
      return make_error(kInvalid, "configuration directory '{}' does not exist",
                        config_dir.string());
    }
    file = config_dir / kServerConfigFileName;
  }
  FLUSS_ASSIGN_OR_RETURN(LoadedServerConfig loaded, load_server_yaml(*file));
  FLUSS_RETURN_IF_ERROR(apply_dynamic_properties(overrides, loaded));
  return loaded;
}

namespace {

Status check_at_least(const Configuration& config, const ConfigOption<int32_t>& option,
                      int32_t min) {
  FLUSS_ASSIGN_OR_RETURN(int32_t value, config.get(option));
  if (value < min) {
    return make_error(kInvalid, "'{}' is {}; it must be at least {}", option.key, value, min);
  }
  return Status::OK();
}

Status check_positive(const Configuration& config,
                      const ConfigOption<std::chrono::milliseconds>& option) {
  FLUSS_ASSIGN_OR_RETURN(std::chrono::milliseconds value, config.get(option));
  if (value.count() < 1) {
    return make_error(kInvalid, "'{}' is {}; it must be at least 1 ms", option.key,
                      format_config_duration(value));
  }
  return Status::OK();
}

Status validate_remote_data_dirs(const Configuration& config) {
  FLUSS_ASSIGN_OR_RETURN(std::optional<std::string> dir,
                         config.get_optional(ConfigOptions::kRemoteDataDir));
  FLUSS_ASSIGN_OR_RETURN(std::vector<std::string> dirs, config.get(ConfigOptions::kRemoteDataDirs));
  if (!dir && dirs.empty()) {
    return make_error(kInvalid, "either '{}' or '{}' must be set",
                      ConfigOptions::kRemoteDataDir.key, ConfigOptions::kRemoteDataDirs.key);
  }
  FLUSS_ASSIGN_OR_RETURN(std::string strategy, config.get(ConfigOptions::kRemoteDataDirsStrategy));
  if (strategy != "WEIGHTED_ROUND_ROBIN" || dirs.empty()) return Status::OK();
  FLUSS_ASSIGN_OR_RETURN(std::vector<int32_t> weights,
                         config.get(ConfigOptions::kRemoteDataDirsWeights));
  const std::string_view weights_key = ConfigOptions::kRemoteDataDirsWeights.key;
  if (weights.size() != dirs.size()) {
    return make_error(kInvalid,
                      "'{}' has {} entries but '{}' has {}; they must match under "
                      "WEIGHTED_ROUND_ROBIN",
                      weights_key, weights.size(), ConfigOptions::kRemoteDataDirs.key, dirs.size());
  }
  int64_t total = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] < 0) {
      return make_error(kInvalid, "'{}' has the negative weight {} at index {}", weights_key,
                        weights[i], i);
    }
    total += weights[i];
  }
  if (total <= 0) return make_error(kInvalid, "the weights in '{}' sum to 0", weights_key);
  return Status::OK();
}

Status validate_server_config(const Configuration& config) {
  FLUSS_RETURN_IF_ERROR(validate_remote_data_dirs(config));
  FLUSS_RETURN_IF_ERROR(check_at_least(config, ConfigOptions::kDefaultReplicationFactor, 1));
  FLUSS_RETURN_IF_ERROR(check_at_least(config, ConfigOptions::kKvMaxRetainedSnapshots, 1));
  FLUSS_RETURN_IF_ERROR(check_at_least(config, ConfigOptions::kServerIoPoolSize, 1));
  FLUSS_RETURN_IF_ERROR(check_at_least(config, ConfigOptions::kBackgroundThreads, 1));
  FLUSS_RETURN_IF_ERROR(check_positive(config, ConfigOptions::kLogRetentionCheckInterval));
  FLUSS_RETURN_IF_ERROR(check_positive(
      config, ConfigOptions::kServerHistoricalPartitionLookuperCacheExpireAfterAccess));
  const auto& ratio_option = ConfigOptions::kServerHistoricalPartitionLookupCacheMaxDiskRatio;
  FLUSS_ASSIGN_OR_RETURN(double ratio, config.get(ratio_option));
  if (!(ratio > 0.0 && ratio <= 1.0)) {
    return make_error(kInvalid, "'{}' is {}; it must be within (0.0, 1.0]", ratio_option.key,
                      ratio);
  }
  FLUSS_ASSIGN_OR_RETURN(MemorySize segment_size, config.get(ConfigOptions::kLogSegmentFileSize));
  if (segment_size.bytes > INT32_MAX) {
    return make_error(kInvalid, "'{}' is {}; it must be at most {} bytes",
                      ConfigOptions::kLogSegmentFileSize.key, segment_size.to_string(), INT32_MAX);
  }
  // Every other known key must at least parse.
  for (const auto& [key, value] : config.to_map()) {
    const ConfigOptionDef* option = ConfigOptions::find(key);
    if (option == nullptr) option = ConfigOptions::find_by_fallback_key(key);
    if (option != nullptr) FLUSS_RETURN_IF_ERROR(validate_config_value(*option, value));
  }
  return Status::OK();
}

}  // namespace

Status validate_coordinator_config(const Configuration& config) {
  return validate_server_config(config);
}

Status validate_tablet_server_config(const Configuration& config) {
  FLUSS_RETURN_IF_ERROR(validate_server_config(config));
  FLUSS_ASSIGN_OR_RETURN(std::optional<int32_t> id,
                         config.get_optional(ConfigOptions::kTabletServerId));
  if (!id) {
    return make_error(kInvalid, "'{}' must be set", ConfigOptions::kTabletServerId.key);
  }
  return check_at_least(config, ConfigOptions::kTabletServerId, 0);
}

Status validate_client_config(const Configuration& config) {
  FLUSS_RETURN_IF_ERROR(check_at_least(config, ConfigOptions::kClientScannerLogMaxPollRecords, 1));
  return check_positive(config, ConfigOptions::kClientConnectTimeout);
}

Status validate_table_property(std::string_view key, std::string_view value) {
  const ConfigOptionDef* option = ConfigOptions::find(key);
  if (option != nullptr && option->scope == ConfigScope::kTable) {
    const Status valid = validate_config_value(*option, value);
    if (valid.ok()) return valid;
    return make_error(kInvalid, "Invalid value for config '{}'. Reason: {}", key, valid.message());
  }
  if (key.starts_with("table.")) {
    const std::optional<std::string_view> suggestion =
        ConfigOptions::closest_key(key, ConfigScope::kTable);
    return make_error(kInvalid,
                      "'{}' is not a recognized Fluss table property in the current cluster "
                      "version. You may be using an older Fluss cluster that does not support "
                      "this property.{}",
                      key, suggestion ? fmt::format(" Did you mean '{}'?", *suggestion) : "");
  }
  return make_error(kInvalid,
                    "'{}' is not a Fluss table property. Please use '.customProperty(..)' to set "
                    "custom properties.",
                    key);
}

Status validate_table_properties(const std::map<std::string, std::string>& properties) {
  for (const auto& [key, value] : properties) {
    FLUSS_RETURN_IF_ERROR(validate_table_property(key, value));
  }
  return Status::OK();
}

}  // namespace fluss
