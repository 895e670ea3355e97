// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <unistd.h>

#include "common/config_options.h"
#include "common/configuration.h"
#include "common/server_config.h"
#include "test_utils/seed.h"
#include "test_utils/status_matchers.h"

namespace fluss {
namespace {

using std::chrono::milliseconds;
using test::StatusIs;
using test::StatusIsWith;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr ErrorCode kInvalid = ErrorCode::kInvalidConfigException;
constexpr int64_t kMb = int64_t{1} << 20;

// --- Value syntax ---

TEST(ConfigValueTest, MemorySizeAcceptsFlussUnitsCaseInsensitively) {
  const std::pair<std::string_view, int64_t> cases[] = {
      {"256mb", 256 * kMb},
      {"1 gb", int64_t{1} << 30},
      {"64kb", 64 << 10},
      {"4k", 4096},
      {"1024m", 1024 * kMb},
      {"10 B", 10},
      {"0b", 0},
      {"1 TB", int64_t{1} << 40},
      {"3 bytes", 3},
      {"2 MiB", -1},
      {"7 Mebibytes", 7 * kMb},
      {" 16mb ", 16 * kMb},
      {"9223372036854775807b", INT64_MAX},
  };
  for (const auto& [text, bytes] : cases) {
    Result<MemorySize> size = MemorySize::parse(text);
    if (bytes < 0) {
      EXPECT_THAT(size, StatusIs(kInvalid)) << text;
    } else {
      ASSERT_OK(size);
      EXPECT_EQ(size->bytes, bytes) << text;
    }
  }
}

TEST(ConfigValueTest, MemorySizeRejectsMissingUnitsSignsAndOverflow) {
  EXPECT_THAT(MemorySize::parse("1024"), StatusIsWith(kInvalid, "has no unit"));
  EXPECT_THAT(MemorySize::parse(""), StatusIsWith(kInvalid, "does not start with a number"));
  EXPECT_THAT(MemorySize::parse("mb"), StatusIsWith(kInvalid, "does not start with a number"));
  EXPECT_THAT(MemorySize::parse("-1mb"), StatusIs(kInvalid));
  EXPECT_THAT(MemorySize::parse("1.5gb"), StatusIsWith(kInvalid, "unknown unit '.5gb'"));
  EXPECT_THAT(MemorySize::parse("1 xb"), StatusIsWith(kInvalid, "unknown unit 'xb'"));
  EXPECT_THAT(MemorySize::parse("99999999999999999999b"), StatusIsWith(kInvalid, "64 bits"));
  EXPECT_THAT(MemorySize::parse("9007199254740992kb"), StatusIsWith(kInvalid, "64 bits"));
  EXPECT_EQ(MemorySize{256 * kMb}.to_string(), "256mb");
  EXPECT_EQ(MemorySize{4096}.to_string(), "4kb");
  EXPECT_EQ(MemorySize{0}.to_string(), "0b");
  EXPECT_EQ(MemorySize{1000}.to_string(), "1000b");
}

TEST(ConfigValueTest, DurationAcceptsFlussUnits) {
  const std::pair<std::string_view, int64_t> cases[] = {
      {"10 s", 10'000},
      {"7 d", 7 * 86'400'000},
      {"1 min", 60'000},
      {"500ms", 500},
      {"1 m", 60'000},
      {"2 hours", 7'200'000},
      {"3 DAYS", 3 * 86'400'000},
      {"1 sec", 1'000},
      {"4 Seconds", 4'000},
      {"1500 micros", 1},
      {"2500\xC2\xB5s", 2},
      {"3 ns", 0},
      {"1000ms", 1'000},
      {" 60 s ", 60'000},
      {"0 ms", 0},
      {"9223372036854775807 ns", 9'223'372'036'854},
  };
  for (const auto& [text, millis] : cases) {
    Result<milliseconds> duration = parse_config_duration(text);
    ASSERT_OK(duration);
    EXPECT_EQ(duration->count(), millis) << text;
  }
}

TEST(ConfigValueTest, DurationRejectsMissingUnitsFractionsAndOverflow) {
  EXPECT_THAT(parse_config_duration("10"), StatusIsWith(kInvalid, "has no unit"));
  EXPECT_THAT(parse_config_duration("s"), StatusIsWith(kInvalid, "does not start with a number"));
  EXPECT_THAT(parse_config_duration(""), StatusIs(kInvalid));
  EXPECT_THAT(parse_config_duration("-1 s"), StatusIs(kInvalid));
  EXPECT_THAT(parse_config_duration("1.5 s"), StatusIsWith(kInvalid, "unknown unit '.5 s'"));
  EXPECT_THAT(parse_config_duration("10 sx"), StatusIsWith(kInvalid, "unknown unit 'sx'"));
  EXPECT_THAT(parse_config_duration("99999999999999999999 s"), StatusIsWith(kInvalid, "64 bits"));
  EXPECT_THAT(parse_config_duration("106751991167301 d"), StatusIsWith(kInvalid, "too long"));
}

TEST(ConfigValueTest, DurationFormatsWithTheLargestExactUnit) {
  EXPECT_EQ(format_config_duration(milliseconds(7 * 86'400'000)), "7 d");
  EXPECT_EQ(format_config_duration(milliseconds(600'000)), "10 min");
  EXPECT_EQ(format_config_duration(milliseconds(3'600'000)), "1 h");
  EXPECT_EQ(format_config_duration(milliseconds(30'000)), "30 s");
  EXPECT_EQ(format_config_duration(milliseconds(1'500)), "1500 ms");
  EXPECT_EQ(format_config_duration(milliseconds(0)), "0 ms");
}

TEST(ConfigValueTest, RandomDurationsAndSizesRoundTrip) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  std::mt19937_64 random(seed);
  for (int i = 0; i < 2000; ++i) {
    const int shift = static_cast<int>(random() % 50);
    const int64_t value = static_cast<int64_t>(random() >> (14 + shift));
    const std::string duration = format_config_duration(milliseconds(value));
    Result<milliseconds> parsed = parse_config_duration(duration);
    ASSERT_OK(parsed);
    EXPECT_EQ(parsed->count(), value) << duration;
    const std::string size = MemorySize{value}.to_string();
    Result<MemorySize> parsed_size = MemorySize::parse(size);
    ASSERT_OK(parsed_size);
    EXPECT_EQ(parsed_size->bytes, value) << size;
  }
}

TEST(ConfigValueTest, BooleansAreTrueOrFalseOnly) {
  EXPECT_EQ(parse_config_bool("TRUE").value(), true);
  EXPECT_EQ(parse_config_bool("False").value(), false);
  for (std::string_view bad : {"yes", "no", "1", "0", "", "on", "truee"}) {
    EXPECT_THAT(parse_config_bool(bad), StatusIsWith(kInvalid, "expected true or false")) << bad;
  }
}

TEST(ConfigValueTest, IntegersAreDecimalAndInRange) {
  EXPECT_EQ(parse_config_int("42").value(), 42);
  EXPECT_EQ(parse_config_int("-7").value(), -7);
  EXPECT_EQ(parse_config_int("+5").value(), 5);
  EXPECT_EQ(parse_config_int("2147483647").value(), INT32_MAX);
  EXPECT_THAT(parse_config_int("2147483648"), StatusIsWith(kInvalid, "out of range"));
  for (std::string_view bad : {"1.5", " 1", "", "-", "+", "+-1", "0x10", "1e3", "12a"}) {
    EXPECT_THAT(parse_config_int(bad), StatusIs(kInvalid)) << bad;
  }
  EXPECT_EQ(parse_config_long("9223372036854775807").value(), INT64_MAX);
  EXPECT_THAT(parse_config_long("9223372036854775808"), StatusIsWith(kInvalid, "out of range"));
}

TEST(ConfigValueTest, DoublesAcceptDecimalAndScientific) {
  EXPECT_DOUBLE_EQ(parse_config_double("0.85").value(), 0.85);
  EXPECT_DOUBLE_EQ(parse_config_double("1e3").value(), 1000.0);
  EXPECT_DOUBLE_EQ(parse_config_double("-2.5").value(), -2.5);
  EXPECT_DOUBLE_EQ(parse_config_double("+1").value(), 1.0);
  for (std::string_view bad : {"abc", "1.2.3", "", "0.5x", "++1"}) {
    EXPECT_THAT(parse_config_double(bad), StatusIsWith(kInvalid, "is not a number")) << bad;
  }
}

TEST(ConfigValueTest, EnumsMatchTheCanonicalSpellingCaseInsensitively) {
  const auto& log_format = ConfigOptions::kTableLogFormat;
  EXPECT_EQ(parse_config_enum("arrow", log_format.enum_values).value(), "ARROW");
  EXPECT_EQ(parse_config_enum("first_row", ConfigOptions::kTableMergeEngine.enum_values).value(),
            "FIRST_ROW");
  EXPECT_EQ(parse_config_enum("PAIMON", ConfigOptions::kDatalakeFormat.enum_values).value(),
            "paimon");
  // Fluss matches the enum's toString(), which is "local-first", not the constant name.
  const auto& preference = ConfigOptions::kClientScannerLogReadPreference;
  EXPECT_EQ(parse_config_enum("LOCAL-FIRST", preference.enum_values).value(), "local-first");
  EXPECT_THAT(parse_config_enum("local_first", preference.enum_values),
              StatusIsWith(kInvalid, "is not one of [local-first, remote-first]"));
}

TEST(ConfigValueTest, ListsSplitLikeStructuredOptionsSplitter) {
  using V = std::vector<std::string>;
  EXPECT_EQ(split_config_list("a,b").value(), (V{"a", "b"}));
  EXPECT_EQ(split_config_list(" a , b ").value(), (V{"a", "b"}));
  EXPECT_EQ(split_config_list("'a,b',c").value(), (V{"a,b", "c"}));
  EXPECT_EQ(split_config_list("\"x\",'it''s'").value(), (V{"x", "it's"}));
  EXPECT_EQ(split_config_list("a,,b").value(), (V{"a", "", "b"}));
  EXPECT_EQ(split_config_list("a,").value(), (V{"a"}));
  EXPECT_EQ(split_config_list("").value(), V{});
  EXPECT_EQ(split_config_list("a'b").value(), (V{"a'b"}));
  EXPECT_THAT(split_config_list("'a'b"), StatusIsWith(kInvalid, "after the quoted item"));
  EXPECT_THAT(split_config_list("'unclosed"), StatusIsWith(kInvalid, "is not closed"));
}

TEST(ConfigValueTest, MapsAreKeyColonValuePairs) {
  using M = std::map<std::string, std::string>;
  EXPECT_EQ(parse_config_map("CLIENT:SASL,INTERNAL:PLAINTEXT").value(),
            (M{{"CLIENT", "SASL"}, {"INTERNAL", "PLAINTEXT"}}));
  // As in Fluss, an entry is split at ',' first, so a quoted key is quoted twice.
  EXPECT_EQ(parse_config_map("'''a:b'':c'").value(), (M{{"a:b", "c"}}));
  EXPECT_THAT(parse_config_map("'a:b':c"), StatusIsWith(kInvalid, "after the quoted item"));
  EXPECT_EQ(parse_config_map("").value(), M{});
  EXPECT_THAT(parse_config_map("novalue"), StatusIsWith(kInvalid, "not a key:value pair"));
  EXPECT_THAT(parse_config_map("a:b:c"), StatusIsWith(kInvalid, "not a key:value pair"));
  EXPECT_THAT(parse_config_map("a:b,a:c"), StatusIsWith(kInvalid, "appears twice"));
}

TEST(ConfigValueTest, ErrorsNameTheKeyAndHideSecrets) {
  EXPECT_THAT(validate_config_value(ConfigOptions::kLogSegmentFileSize, "1024"),
              StatusIsWith(kInvalid,
                           "invalid value '1024' for configuration "
                           "'log.segment.file-size': memory size '1024' has no unit"));
  const ConfigOptionDef secret{.key = "my.api-key.number", .type = ConfigType::kInt};
  Status status = validate_config_value(secret, "s3cr3t");
  EXPECT_THAT(status, StatusIsWith(kInvalid, "'my.api-key.number' (value hidden)"));
  EXPECT_THAT(std::string(status.message()), Not(HasSubstr("s3cr3t")));
  EXPECT_TRUE(ConfigOptions::kMetricsReporterPrometheusPushgatewayPassword.is_sensitive());
  EXPECT_TRUE(is_sensitive_config_key("security.sasl.plain.jaas.config"));
  EXPECT_TRUE(is_sensitive_config_key("fs.oss.accessKeySecret"));
  EXPECT_FALSE(is_sensitive_config_key("client.filesystem.security.token.renewal.backoff"));
  EXPECT_FALSE(is_sensitive_config_key("log.segment.file-size"));
}

// --- The catalogue ---

TEST(ConfigOptionsTest, CatalogueHasEveryUpstreamOptionOnce) {
  // ConfigOptions.java (Apache Fluss main, 2026-08) declares 244 options.
  EXPECT_EQ(ConfigOptions::all().size(), 244u);
  std::set<std::string_view> keys;
  for (const ConfigOptionDef* option : ConfigOptions::all()) {
    EXPECT_TRUE(keys.insert(option->key).second) << "duplicate " << option->key;
    EXPECT_FALSE(option->description.empty()) << option->key;
    EXPECT_FALSE(option->section.empty()) << option->key;
    EXPECT_EQ(ConfigOptions::find(option->key), option);
    EXPECT_EQ(option->type == ConfigType::kEnum, !option->enum_values.empty()) << option->key;
  }
}

TEST(ConfigOptionsTest, EveryDefaultParsesAsItsType) {
  for (const ConfigOptionDef* option : ConfigOptions::all()) {
    if (option->default_value) EXPECT_OK(validate_config_value(*option, *option->default_value));
  }
}

TEST(ConfigOptionsTest, DefaultsMatchConfigOptionsJava) {
  const Configuration empty;
  EXPECT_EQ(empty.get(ConfigOptions::kDefaultBucketNumber).value(), 1);
  EXPECT_EQ(empty.get(ConfigOptions::kLogSegmentFileSize)->bytes, 1024 * kMb);
  EXPECT_EQ(empty.get(ConfigOptions::kLogIndexIntervalSize)->bytes, 4096);
  EXPECT_EQ(empty.get(ConfigOptions::kNettyServerMaxRequestSize)->bytes, 100 * kMb);
  EXPECT_EQ(empty.get(ConfigOptions::kTableLogTtl).value(), milliseconds(7 * 86'400'000));
  EXPECT_EQ(empty.get(ConfigOptions::kClientWriterBatchSize)->bytes, 2 * kMb);
  EXPECT_EQ(empty.get(ConfigOptions::kClientWriterAcks).value(), "all");
  EXPECT_EQ(empty.get(ConfigOptions::kClientWriterRetries).value(), INT32_MAX);
  EXPECT_EQ(empty.get(ConfigOptions::kLogFlushIntervalMessages).value(), INT64_MAX);
  EXPECT_EQ(empty.get(ConfigOptions::kZookeeperSessionTimeout).value(), milliseconds(60'000));
  EXPECT_EQ(empty.get(ConfigOptions::kZookeeperMaxBufferSize).value(), 100 * kMb);
  EXPECT_EQ(empty.get(ConfigOptions::kServerBufferPoolWaitTimeout).value(),
            milliseconds(INT64_MAX / 1'000'000));
  EXPECT_EQ(empty.get(ConfigOptions::kKvSharedRateLimiterBytesPerSec)->bytes, INT64_MAX);
  EXPECT_DOUBLE_EQ(empty.get(ConfigOptions::kServerDataDiskWriteLimitRatio).value(), 0.85);
  EXPECT_EQ(empty.get(ConfigOptions::kTableLogFormat).value(), "ARROW");
  EXPECT_EQ(empty.get(ConfigOptions::kTableLogArrowCompressionType).value(), "ZSTD");
  EXPECT_EQ(empty.get(ConfigOptions::kClientScannerKvBatchStrategy).value(), "snapshot-merge");
  EXPECT_EQ(empty.get(ConfigOptions::kInternalListenerName).value(), "FLUSS");
  EXPECT_THAT(empty.get(ConfigOptions::kKafkaListenerNames).value(), ElementsAre("KAFKA"));
  EXPECT_THAT(empty.get(ConfigOptions::kKvCompressionPerLevel).value(),
              ElementsAre("LZ4", "LZ4", "LZ4", "LZ4", "LZ4", "ZSTD", "ZSTD"));
  EXPECT_THAT(empty.get(ConfigOptions::kRemoteDataDirs).value(), IsEmpty());
  EXPECT_THAT(empty.get(ConfigOptions::kServerSecurityProtocolMap).value(), IsEmpty());
  EXPECT_EQ(ConfigOptions::kServerIoPoolSize.fallback_keys.size(), 1u);
  EXPECT_TRUE(ConfigOptions::kServerIoPoolSize.fallback_keys[0].deprecated);
  EXPECT_TRUE(ConfigOptions::kCoordinatorHost.deprecated);
  EXPECT_EQ(ConfigOptions::kTableLogFormat.scope, ConfigScope::kTable);
  EXPECT_EQ(ConfigOptions::kBootstrapServers.scope, ConfigScope::kClient);
  EXPECT_EQ(ConfigOptions::kLogSegmentFileSize.scope, ConfigScope::kServer);
}

TEST(ConfigOptionsTest, DocsListEveryOption) {
  std::ifstream in(std::filesystem::path(FLUSS_DOCS_DIR) / "configuration.md");
  ASSERT_TRUE(in) << FLUSS_DOCS_DIR;
  const std::string docs{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  for (const ConfigOptionDef* option : ConfigOptions::all()) {
    EXPECT_NE(docs.find(fmt::format("| `{}` |", option->key)), std::string::npos)
        << option->key << " is missing from docs/configuration.md";
  }
}

TEST(ConfigOptionsTest, ClosestKeySuggestsNearMissesOnly) {
  EXPECT_EQ(ConfigOptions::closest_key("log.segment.filesize"), "log.segment.file-size");
  EXPECT_EQ(ConfigOptions::closest_key("log.segmnt.file-size"), "log.segment.file-size");
  EXPECT_EQ(ConfigOptions::closest_key("table.log.tll", ConfigScope::kTable), "table.log.ttl");
  EXPECT_EQ(ConfigOptions::closest_key("completely.unrelated.thing"), std::nullopt);
}

// --- Configuration ---

TEST(ConfigurationTest, GetReturnsSetValueFallbackOrDefault) {
  Configuration config;
  EXPECT_EQ(config.get(ConfigOptions::kServerIoPoolSize).value(), 10);
  config.set_string("coordinator.io-pool.size", "4");  // deprecated key of server.io-pool.size
  EXPECT_EQ(config.get(ConfigOptions::kServerIoPoolSize).value(), 4);
  EXPECT_TRUE(config.contains(ConfigOptions::kServerIoPoolSize));
  config.set(ConfigOptions::kServerIoPoolSize, 6);  // the new key wins
  EXPECT_EQ(config.get(ConfigOptions::kServerIoPoolSize).value(), 6);
  EXPECT_TRUE(config.remove("server.io-pool.size"));
  EXPECT_FALSE(config.remove("server.io-pool.size"));
  EXPECT_EQ(config.get(ConfigOptions::kServerIoPoolSize).value(), 4);
}

TEST(ConfigurationTest, GetOptionalIgnoresDefaultsAndUnsetWithoutDefaultIsAnError) {
  Configuration config;
  EXPECT_EQ(config.get_optional(ConfigOptions::kDefaultBucketNumber).value(), std::nullopt);
  EXPECT_THAT(config.get(ConfigOptions::kTabletServerId),
              StatusIsWith(kInvalid, "'tablet-server.id' is not set and has no default"));
  config.set(ConfigOptions::kTabletServerId, 3);
  EXPECT_EQ(config.get_optional(ConfigOptions::kTabletServerId).value(), 3);
}

TEST(ConfigurationTest, BadValuesAreErrorsNamingKeyAndValue) {
  Configuration config;
  config.set_string("kv.snapshot.interval", "ten minutes");
  EXPECT_THAT(config.get(ConfigOptions::kKvSnapshotInterval),
              StatusIsWith(kInvalid,
                           "invalid value 'ten minutes' for configuration "
                           "'kv.snapshot.interval'"));
  config.set_string("table.log.format", "parquet");
  EXPECT_THAT(config.get(ConfigOptions::kTableLogFormat),
              StatusIsWith(kInvalid, "'parquet' is not one of [ARROW, INDEXED, COMPACTED]"));
  config.set_string("remote.data.dirs.weights", "1,x");
  EXPECT_THAT(config.get(ConfigOptions::kRemoteDataDirsWeights),
              StatusIsWith(kInvalid, "'x' is not a 32-bit integer"));
}

TEST(ConfigurationTest, TypedSetWritesTheValueSyntax) {
  Configuration config;
  config.set(ConfigOptions::kKvSnapshotInterval, milliseconds(300'000));
  config.set(ConfigOptions::kLogSegmentFileSize, MemorySize{512 * kMb});
  config.set(ConfigOptions::kLogFilePreallocate, true);
  config.set(ConfigOptions::kTableLogFormat, "indexed");
  EXPECT_EQ(config.get_string("kv.snapshot.interval"), "5 min");
  EXPECT_EQ(config.get_string("log.segment.file-size"), "512mb");
  EXPECT_EQ(config.get_string("log.file-preallocate"), "true");
  EXPECT_EQ(config.get(ConfigOptions::kTableLogFormat).value(), "INDEXED");
  Configuration other;
  other.set_string("log.file-preallocate", "false");
  config.add_all(other);
  EXPECT_FALSE(config.get(ConfigOptions::kLogFilePreallocate).value());
  EXPECT_EQ(config.size(), 4u);
}

TEST(ConfigurationTest, RedactedMapHidesSecrets) {
  Configuration config;
  config.set_string("security.sasl.plain.jaas.config", "user_admin=\"pw\";");
  config.set_string("metrics.reporter.prometheus-push.password", "pw");
  config.set_string("fs.oss.accessKeySecret", "pw");
  config.set_string("data.dir", "/data");
  const Configuration::Map redacted = config.to_redacted_map();
  EXPECT_EQ(redacted.at("security.sasl.plain.jaas.config"), "******");
  EXPECT_EQ(redacted.at("metrics.reporter.prometheus-push.password"), "******");
  EXPECT_EQ(redacted.at("fs.oss.accessKeySecret"), "******");
  EXPECT_EQ(redacted.at("data.dir"), "/data");
  EXPECT_EQ(config.get(ConfigOptions::kMetricsReporterPrometheusPushgatewayPassword)->value(),
            "pw");
}

// --- server.yaml ---

std::filesystem::path testdata(std::string_view name) {
  return std::filesystem::path(FLUSS_COMMON_TESTDATA) / name;
}

// A fresh directory under the test temp dir, removed at the end of the test.
class ServerConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("fluss_config_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path write(std::string_view name, std::string_view text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return dir_ / name;
  }
  std::filesystem::path dir_;
};

TEST_F(ServerConfigTest, LoadsTheSampleServerYaml) {
  Result<LoadedServerConfig> loaded = load_server_yaml(testdata("server.yaml"));
  ASSERT_OK(loaded);
  const Configuration& config = loaded->config;
  EXPECT_EQ(config.size(), 7u);
  EXPECT_EQ(config.get(ConfigOptions::kZookeeperAddress).value(), "localhost:2181");
  EXPECT_EQ(config.get(ConfigOptions::kDefaultBucketNumber).value(), 1);
  EXPECT_EQ(config.get(ConfigOptions::kDefaultReplicationFactor).value(), 1);
  EXPECT_EQ(config.get(ConfigOptions::kDataDir).value(), "/tmp/fluss-data");
  EXPECT_EQ(config.get(ConfigOptions::kRemoteDataDir).value(), "/tmp/fluss-remote-data");
  EXPECT_EQ(config.get(ConfigOptions::kBindListeners).value(), "FLUSS://localhost:9123");
  EXPECT_EQ(config.get(ConfigOptions::kTabletServerId).value(), 0);
  EXPECT_THAT(loaded->passthrough_keys, IsEmpty());
  EXPECT_THAT(loaded->warnings, IsEmpty());
}

TEST_F(ServerConfigTest, ValuesAreTypedCommentsStrippedAndQuotesRemoved) {
  Result<LoadedServerConfig> loaded = load_server_yaml_string(
      "log.segment.file-size: 512 mb   # half the default\n"
      "kv.snapshot.interval: 5 min\n"
      "client.id: \"my client\"\n"
      "security.protocol.map: CLIENT:SASL, INTERNAL:PLAINTEXT\n"
      "security.sasl.plain.jaas.config: org.apache.fluss.security.auth.sasl.plain."
      "PlainLoginModule required user_admin=\"admin-pass\";\n"
      "kv.rocksdb.compression.per.level: lz4,ZSTD\n",
      "server.yaml");
  ASSERT_OK(loaded);
  const Configuration& config = loaded->config;
  EXPECT_EQ(config.get(ConfigOptions::kLogSegmentFileSize)->bytes, 512 * kMb);
  EXPECT_EQ(config.get(ConfigOptions::kKvSnapshotInterval).value(), milliseconds(300'000));
  EXPECT_EQ(config.get(ConfigOptions::kClientId).value(), "my client");
  EXPECT_EQ(config.get(ConfigOptions::kServerSecurityProtocolMap)->at("INTERNAL"), "PLAINTEXT");
  EXPECT_THAT(std::string(*config.get_string("security.sasl.plain.jaas.config")),
              HasSubstr("user_admin=\"admin-pass\";"));
  EXPECT_THAT(config.get(ConfigOptions::kKvCompressionPerLevel).value(),
              ElementsAre("LZ4", "ZSTD"));
}

TEST_F(ServerConfigTest, UnknownKeyNamesFileLineAndSuggestsTheNearestKey) {
  EXPECT_THAT(
      load_server_yaml_string("data.dir: /d\nlog.segment.filesize: 1g\n", "conf/server.yaml"),
      StatusIsWith(kInvalid,
                   "conf/server.yaml:2: unknown configuration key "
                   "'log.segment.filesize' (did you mean "
                   "'log.segment.file-size'?)"));
  Status far = load_server_yaml_string("frobnicate.level: 3\n", "server.yaml").status();
  EXPECT_THAT(far, StatusIsWith(kInvalid,
                                "server.yaml:1: unknown configuration key "
                                "'frobnicate.level'"));
  EXPECT_THAT(std::string(far.message()), Not(HasSubstr("did you mean")));
}

TEST_F(ServerConfigTest, BadValueNamesFileLineKeyAndValue) {
  EXPECT_THAT(load_server_yaml_string("data.dir: /d\n\ntablet-server.id: one\n", "server.yaml"),
              StatusIsWith(kInvalid,
                           "server.yaml:3: invalid value 'one' for configuration "
                           "'tablet-server.id': 'one' is not a 32-bit integer"));
  EXPECT_THAT(load_server_yaml_string("log.segment.file-size: 1024\n", "server.yaml"),
              StatusIsWith(kInvalid, "has no unit"));
  // Known keys inside pass-through namespaces are still checked.
  EXPECT_THAT(load_server_yaml_string("datalake.format: delta\n", "server.yaml"),
              StatusIsWith(kInvalid, "'delta' is not one of [paimon, lance, iceberg, hudi]"));
}

TEST_F(ServerConfigTest, PassthroughNamespacesAreAcceptedAndListed) {
  Result<LoadedServerConfig> loaded = load_server_yaml_string(
      "datalake.format: paimon\n"
      "datalake.paimon.metastore: filesystem\n"
      "fs.oss.endpoint: oss-cn-hangzhou.aliyuncs.com\n"
      "s3.access-key: AKIA\n"
      "fluss.hadoop.dfs.replication: 2\n"
      "metrics.reporter.prometheus.port: 9250\n"
      "metrics.reporter.custom.interval: 5 s\n"
      "security.sasl.listener.name.client.plain.jaas.config: x\n"
      "config.providers.env.param.allowlist.pattern: FLUSS_.*\n"
      "env.java.opts.all: -Xmx1g\n"
      "zookeeper.heap.mb: 512\n",
      "server.yaml");
  ASSERT_OK(loaded);
  EXPECT_THAT(loaded->passthrough_keys,
              ElementsAre("datalake.paimon.metastore", "fs.oss.endpoint", "s3.access-key",
                          "fluss.hadoop.dfs.replication", "metrics.reporter.custom.interval",
                          "security.sasl.listener.name.client.plain.jaas.config",
                          "config.providers.env.param.allowlist.pattern", "env.java.opts.all",
                          "zookeeper.heap.mb"));
  EXPECT_EQ(loaded->config.get_string("datalake.paimon.metastore"), "filesystem");
  EXPECT_EQ(loaded->config.get(ConfigOptions::kDatalakeFormat).value(), "paimon");
  EXPECT_TRUE(is_passthrough_config_key("oss.endpoint"));
  EXPECT_FALSE(is_passthrough_config_key("datalake."));
  EXPECT_FALSE(is_passthrough_config_key("hdfs.something"));
}

TEST_F(ServerConfigTest, NestedMappingsAndListsAreRejectedWithAHint) {
  // Fluss reads server.yaml line by line as flat `key: value`; nesting would be
  // silently misread there, so it is an error here.
  EXPECT_THAT(
      load_server_yaml_string("data.dir: /d\nlog:\n  segment.file-size: 1g\n", "server.yaml"),
      StatusIsWith(kInvalid,
                   "server.yaml:2: 'log' holds a nested mapping; server.yaml "
                   "takes flat 'key: value' lines, e.g. "
                   "'log.segment.file-size: ...'"));
  EXPECT_THAT(load_server_yaml_string("bind.listeners:\n  - FLUSS://a:1\n", "server.yaml"),
              StatusIsWith(kInvalid, "server.yaml:1: 'bind.listeners' holds a YAML list"));
  EXPECT_THAT(load_server_yaml_string("- a\n- b\n", "server.yaml"),
              StatusIsWith(kInvalid, "found a YAML list"));
  EXPECT_THAT(load_server_yaml_string("just text\n", "server.yaml"),
              StatusIsWith(kInvalid, "found a YAML scalar"));
  EXPECT_THAT(load_server_yaml_string("? [a, b]\n: c\n", "server.yaml"),
              StatusIsWith(kInvalid, "must be plain text"));
}

TEST_F(ServerConfigTest, MalformedYamlNamesFileLineAndColumn) {
  EXPECT_THAT(load_server_yaml_string("data.dir: /d\nbind.listeners: [a, b\n", "conf/server.yaml"),
              StatusIsWith(kInvalid, "conf/server.yaml:3:1: malformed YAML"));
  EXPECT_THAT(load_server_yaml_string("data.dir: a: b\n", "server.yaml"),
              StatusIsWith(kInvalid, "server.yaml:1:12: malformed YAML: illegal map value"));
  EXPECT_THAT(load_server_yaml_string("data.dir: /a\n---\ndata.dir: /b\n", "server.yaml"),
              StatusIsWith(kInvalid, "server.yaml:2: a second YAML document or stray text"));
  // yaml-cpp 0.7 would hand out empty documents for this forever.
  EXPECT_THAT(load_server_yaml_string(",\xf6H", "server.yaml"),
              StatusIsWith(kInvalid, "server.yaml:1: a second YAML document or stray text"));
  EXPECT_THAT(load_server_yaml_string(std::string(5000, '['), "server.yaml"), StatusIs(kInvalid));
}

TEST_F(ServerConfigTest, EmptyFilesDuplicatesEmptyValuesAndDeprecatedKeysWarn) {
  ASSERT_OK(load_server_yaml_string("", "server.yaml"));
  ASSERT_OK(load_server_yaml_string("# only a comment\n", "server.yaml"));
  Result<LoadedServerConfig> loaded = load_server_yaml_string(
      "data.dir: /a\n"
      "tablet-server.rack:\n"
      "coordinator.io-pool.size: 3\n"
      "coordinator.host: localhost\n"
      "log.fetch.max-bytes: 8mb\n"
      "data.dir: /b\n",  // FLUSS_PROPERTIES is appended to server.yaml: the last one wins
      "server.yaml");
  ASSERT_OK(loaded);
  EXPECT_EQ(loaded->config.get(ConfigOptions::kDataDir).value(), "/b");
  EXPECT_FALSE(loaded->config.contains(ConfigOptions::kTabletServerRack));
  EXPECT_EQ(loaded->config.get(ConfigOptions::kServerIoPoolSize).value(), 3);
  EXPECT_THAT(loaded->warnings,
              ElementsAre(HasSubstr("server.yaml:2: key or value of 'tablet-server.rack' is empty"),
                          HasSubstr("server.yaml:3: 'coordinator.io-pool.size': Deprecated"),
                          HasSubstr("server.yaml:4: 'coordinator.host': Deprecated: coordinator "
                                    "address; use bind.listeners."),
                          HasSubstr("server.yaml:5: 'log.fetch.max-bytes' is an old name of "
                                    "'log.replica.fetch.max-bytes'"),
                          HasSubstr("server.yaml:6: 'data.dir' was already set at server.yaml:1")));
  EXPECT_EQ(loaded->config.get(ConfigOptions::kLogReplicaFetchMaxBytes)->bytes, 8 * kMb);
}

TEST_F(ServerConfigTest, MissingFileIsAnErrorNamingThePath) {
  EXPECT_THAT(load_server_yaml(dir_ / "nope.yaml"),
              StatusIsWith(kInvalid, (dir_ / "nope.yaml").string()));
  EXPECT_THAT(load_server_yaml(dir_), StatusIsWith(kInvalid, "does not exist or cannot be read"));
  EXPECT_THAT(load_server_configuration(dir_ / "missing"),
              StatusIsWith(kInvalid, "configuration directory"));
}

TEST_F(ServerConfigTest, DynamicPropertiesOverrideTheFile) {
  write("server.yaml", "data.dir: /a\ntablet-server.id: 1\n");
  const std::vector<std::pair<std::string, std::string>> overrides = {
      parse_dynamic_property("tablet-server.id=7").value(),
      parse_dynamic_property("client.id=a=b").value()};
  Result<LoadedServerConfig> loaded = load_server_configuration(dir_, overrides);
  ASSERT_OK(loaded);
  EXPECT_EQ(loaded->config.get(ConfigOptions::kTabletServerId).value(), 7);
  EXPECT_EQ(loaded->config.get(ConfigOptions::kClientId).value(), "a=b");
  EXPECT_EQ(loaded->config.get(ConfigOptions::kDataDir).value(), "/a");

  const std::vector<std::pair<std::string, std::string>> bad = {{"tablet-server.idd", "7"}};
  EXPECT_THAT(load_server_configuration(dir_, bad),
              StatusIsWith(kInvalid,
                           "-D: unknown configuration key 'tablet-server.idd' (did you "
                           "mean 'tablet-server.id'?)"));
  EXPECT_THAT(parse_dynamic_property("novalue"), StatusIsWith(kInvalid, "key=value"));
  EXPECT_THAT(parse_dynamic_property("=x"), StatusIs(kInvalid));
}

TEST_F(ServerConfigTest, ConfigFilePropertyReplacesTheDefaultFile) {
  const std::filesystem::path other = write("other.yaml", "data.dir: /other\n");
  const std::vector<std::pair<std::string, std::string>> overrides = {
      {"configFile", other.string()}};
  Result<LoadedServerConfig> loaded = load_server_configuration(dir_ / "unused", overrides);
  ASSERT_OK(loaded);
  EXPECT_EQ(loaded->config.get(ConfigOptions::kDataDir).value(), "/other");
  EXPECT_FALSE(loaded->config.contains_key("configFile"));
}

// --- Start-up checks ---

TEST(ServerStartupChecksTest, TheSampleServerYamlPasses) {
  Result<LoadedServerConfig> loaded = load_server_yaml(testdata("server.yaml"));
  ASSERT_OK(loaded);
  EXPECT_OK(validate_coordinator_config(loaded->config));
  EXPECT_OK(validate_tablet_server_config(loaded->config));
  EXPECT_OK(validate_client_config(Configuration()));
}

TEST(ServerStartupChecksTest, ViolationsNameTheKey) {
  auto with = [](std::initializer_list<std::pair<const std::string, std::string>> extra) {
    Configuration::Map values = {{"remote.data.dir", "/r"}, {"tablet-server.id", "0"}};
    for (const auto& [key, value] : extra) values.insert_or_assign(key, value);
    return Configuration(std::move(values));
  };
  EXPECT_THAT(validate_coordinator_config(Configuration()),
              StatusIsWith(kInvalid, "either 'remote.data.dir' or 'remote.data.dirs' must be set"));
  Configuration no_id = with({});
  no_id.remove("tablet-server.id");
  EXPECT_OK(validate_coordinator_config(no_id));
  EXPECT_THAT(validate_tablet_server_config(no_id),
              StatusIsWith(kInvalid, "'tablet-server.id' must be set"));
  EXPECT_THAT(validate_tablet_server_config(with({{"tablet-server.id", "-1"}})),
              StatusIsWith(kInvalid, "'tablet-server.id' is -1; it must be at least 0"));
  EXPECT_THAT(validate_coordinator_config(with({{"server.io-pool.size", "0"}})),
              StatusIsWith(kInvalid, "'server.io-pool.size' is 0"));
  EXPECT_THAT(validate_coordinator_config(with({{"log.retention.check-interval", "0 ms"}})),
              StatusIsWith(kInvalid, "'log.retention.check-interval' is 0 ms"));
  EXPECT_THAT(validate_coordinator_config(with({{"log.segment.file-size", "2gb"}})),
              StatusIsWith(kInvalid, "'log.segment.file-size' is 2gb"));
  EXPECT_THAT(validate_coordinator_config(
                  with({{"server.historical-partition.lookup-cache.max-disk-ratio", "1.5"}})),
              StatusIsWith(kInvalid, "must be within (0.0, 1.0]"));
  EXPECT_THAT(validate_coordinator_config(with({{"kv.rocksdb.writebuffer.count", "x"}})),
              StatusIsWith(kInvalid, "'kv.rocksdb.writebuffer.count'"));
  const auto weighted = [&](std::string weights) {
    return with({{"remote.data.dirs", "/a,/b"},
                 {"remote.data.dirs.strategy", "weighted_round_robin"},
                 {"remote.data.dirs.weights", std::move(weights)}});
  };
  EXPECT_OK(validate_coordinator_config(weighted("1,3")));
  EXPECT_THAT(validate_coordinator_config(weighted("1")),
              StatusIsWith(kInvalid, "has 1 entries but 'remote.data.dirs' has 2"));
  EXPECT_THAT(validate_coordinator_config(weighted("1,-1")),
              StatusIsWith(kInvalid, "negative weight -1 at index 1"));
  EXPECT_THAT(validate_coordinator_config(weighted("0,0")), StatusIsWith(kInvalid, "sum to 0"));
  EXPECT_THAT(validate_client_config(with({{"client.scanner.log.max-poll-records", "0"}})),
              StatusIsWith(kInvalid, "'client.scanner.log.max-poll-records' is 0"));
}

// --- Table properties ---

TEST(TablePropertiesTest, KnownTableOptionsWithGoodValuesPass) {
  EXPECT_OK(validate_table_properties({{"table.log.format", "indexed"},
                                       {"table.log.ttl", "3 d"},
                                       {"table.auto-partition.enabled", "true"},
                                       {"table.merge-engine", "first_row"},
                                       {"table.replication.factor", "3"}}));
  EXPECT_OK(validate_table_properties({}));
}

TEST(TablePropertiesTest, UnknownOrBadTableKeysAreErrorsNamingTheKey) {
  EXPECT_THAT(validate_table_properties({{"table.log.tll", "1 d"}}),
              StatusIsWith(kInvalid,
                           "'table.log.tll' is not a recognized Fluss table property "
                           "in the current cluster version. You may be using an older Fluss "
                           "cluster that does not support this property. Did you mean "
                           "'table.log.ttl'?"));
  EXPECT_THAT(validate_table_properties({{"paimon.file.format", "orc"}}),
              StatusIsWith(kInvalid,
                           "'paimon.file.format' is not a Fluss table property. Please use "
                           "'.customProperty(..)' to set custom properties."));
  // A server or client option is not a table property either.
  EXPECT_THAT(validate_table_properties({{"client.id", "x"}}),
              StatusIsWith(kInvalid, "'client.id' is not a Fluss table property"));
  EXPECT_THAT(validate_table_properties({{"table.log.ttl", "7"}}),
              StatusIsWith(kInvalid,
                           "Invalid value for config 'table.log.ttl'. Reason: invalid value '7' "
                           "for configuration 'table.log.ttl': duration '7' has no unit"));
  EXPECT_THAT(validate_table_properties({{"table.kv.format", "arrow"}}),
              StatusIsWith(kInvalid, "'arrow' is not one of [COMPACTED, INDEXED]"));
}

}  // namespace
}  // namespace fluss
