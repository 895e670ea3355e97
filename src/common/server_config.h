// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/configuration.h"
#include "common/result.h"

namespace fluss {

// Fluss's server configuration file name inside the configuration directory.
inline constexpr std::string_view kServerConfigFileName = "server.yaml";
// The dynamic property naming a config file to load instead of <dir>/server.yaml
// (Fluss's GlobalConfiguration "configFile").
inline constexpr std::string_view kConfigFileProperty = "configFile";

// A loaded server configuration and what the caller should log about it.
struct LoadedServerConfig {
  Configuration config;
  // Keys accepted without validation because they belong to a namespace Fluss hands
  // to plugins (see is_passthrough_config_key), in file order.
  std::vector<std::string> passthrough_keys;
  // Deprecated keys, keys set twice (the later wins, as Fluss), keys without a value
  // (skipped, as Fluss): each a message with the origin and line.
  std::vector<std::string> warnings;
};

// Whether `key` lies in a namespace that Fluss forwards to plugins rather than
// reading itself, so that it cannot be checked here: `datalake.<format>.*` (lake
// catalogs), the filesystem plugins' `s3.`, `s3a.`, `fs.s3a.`, `oss.`, `fs.oss.`,
// `gs.`, `fs.gs.`, `azure.`, `fs.azure.`, `obs.`, `fs.obs.`, `fs.cosn.`,
// `fluss.hadoop.`, metric reporter plugins' `metrics.reporter.*`, per-mechanism and
// per-listener SASL settings under `security.sasl.`, config provider parameters
// `config.providers.<id>.param.*`, and the launcher scripts' `env.*` and
// `zookeeper.heap.mb`. Known option keys under these prefixes are still validated.
bool is_passthrough_config_key(std::string_view key);

// Parses the text of a server.yaml: a YAML mapping of flat `key: value` lines, the
// only form Fluss's GlobalConfiguration reads (nested mappings and sequences are
// rejected, with a hint to write the dotted key). `origin` names the text in
// messages (a path, "FLUSS_PROPERTIES", ...). Every key must be a Fluss option key,
// a fallback or deprecated key of one (warned), or a pass-through key; every value
// of a known option must parse as the option's type. Errors are
// INVALID_CONFIG_EXCEPTION "origin:line: ..." naming the key and value, with a
// "did you mean" suggestion for unknown keys; malformed YAML names line and column.
Result<LoadedServerConfig> load_server_yaml_string(std::string_view text, std::string_view origin);

// load_server_yaml_string() on the file at `path`; a missing or unreadable file is
// INVALID_CONFIG_EXCEPTION naming the path.
Result<LoadedServerConfig> load_server_yaml(const std::filesystem::path& path);

// Splits a `-D` argument "key=value" at its first '='. INVALID_CONFIG_EXCEPTION if
// there is no '=' or the key is empty.
Result<std::pair<std::string, std::string>> parse_dynamic_property(std::string_view argument);

// Checks `properties` (from -D, in order) as server.yaml entries of origin "-D" and
// sets them over `loaded.config`.
Status apply_dynamic_properties(std::span<const std::pair<std::string, std::string>> properties,
                                LoadedServerConfig& loaded);

// Fluss's GlobalConfiguration.loadConfiguration: loads the file named by a
// `configFile` dynamic property if there is one, else <config_dir>/server.yaml, then
// applies the other dynamic properties on top.
Result<LoadedServerConfig> load_server_configuration(
    const std::filesystem::path& config_dir,
    std::span<const std::pair<std::string, std::string>> dynamic_properties = {});

// Start-up checks of a loaded configuration, as Fluss's FlussConfigUtils
// (validateCoordinatorConfigs, validateTabletConfigs, validateClientConfigs): values
// parse, remote.data.dir or remote.data.dirs is set, remote.data.dirs.weights fit the
// WEIGHTED_ROUND_ROBIN strategy, thread counts and intervals are positive,
// log.segment.file-size fits 31 bits, and (tablet server) tablet-server.id is set and
// not negative. INVALID_CONFIG_EXCEPTION naming the key.
Status validate_coordinator_config(const Configuration& config);
Status validate_tablet_server_config(const Configuration& config);
Status validate_client_config(const Configuration& config);

// Checks one table property as Fluss's TableDescriptorValidation does for each key:
// the key must be a known `table.*` option and its value must parse. Errors are
// INVALID_CONFIG_EXCEPTION with Fluss's messages: "'<key>' is not a recognized Fluss
// table property in the current cluster version. ..." for an unknown `table.*` key
// (maybe a newer Fluss's; with a "Did you mean" suggestion for near misses), "'<key>'
// is not a Fluss table property. Please use '.customProperty(..)' ..." for any other
// key, "Invalid value for config '<key>'. Reason: ..." for a bad value.
Status validate_table_property(std::string_view key, std::string_view value);

// validate_table_property() on each entry, in key order; the first error.
Status validate_table_properties(const std::map<std::string, std::string>& properties);

}  // namespace fluss
