// SPDX-License-Identifier: Apache-2.0
// The catalogue of Fluss's configuration options. Keys, types, defaults, fallback
// keys and sections follow Apache Fluss's ConfigOptions.java; descriptions are ours.
// Defaults are written in the option's value syntax and parsed like user values
// (config_test checks that every one parses).
#include "common/config_options.h"

#include <algorithm>
#include <vector>

namespace fluss {
namespace {

constexpr std::string_view kRemoteDataDirStrategyValues[] = {"ROUND_ROBIN", "WEIGHTED_ROUND_ROBIN"};
constexpr std::string_view kKvBatchStrategyValues[] = {"snapshot-merge", "server-scan"};
constexpr std::string_view kNoKeyAssignerValues[] = {"ROUND_ROBIN", "STICKY"};
constexpr std::string_view kFetchLogReadPreferenceValues[] = {"local-first", "remote-first"};
constexpr std::string_view kLogFormatValues[] = {"ARROW", "INDEXED", "COMPACTED"};
constexpr std::string_view kArrowCompressionTypeValues[] = {"NONE", "LZ4_FRAME", "ZSTD"};
constexpr std::string_view kKvFormatValues[] = {"COMPACTED", "INDEXED"};
constexpr std::string_view kAutoPartitionTimeUnitValues[] = {"YEAR", "QUARTER", "MONTH", "DAY",
                                                             "HOUR"};
constexpr std::string_view kDataLakeFormatValues[] = {"paimon", "lance", "iceberg", "hudi"};
constexpr std::string_view kMergeEngineTypeValues[] = {"FIRST_ROW", "VERSIONED", "AGGREGATION"};
constexpr std::string_view kDeleteBehaviorValues[] = {"ALLOW", "IGNORE", "DISABLE"};
constexpr std::string_view kChangelogImageValues[] = {"FULL", "WAL"};
constexpr std::string_view kInfoLogLevelValues[] = {
    "DEBUG_LEVEL", "INFO_LEVEL",   "WARN_LEVEL",         "ERROR_LEVEL",
    "FATAL_LEVEL", "HEADER_LEVEL", "NUM_INFO_LOG_LEVELS"};
constexpr std::string_view kCompactionStyleValues[] = {"LEVEL", "UNIVERSAL", "FIFO", "NONE"};
constexpr std::string_view kKvCompressionTypeValues[] = {"NO", "SNAPPY", "LZ4", "ZSTD"};

constexpr FallbackKey kServerIoPoolSizeFallbacks[] = {{"coordinator.io-pool.size", true}};
constexpr FallbackKey kZookeeperSessionTimeoutFallbacks[] = {
    {"recovery.zookeeper.client.session-timeout", true}};
constexpr FallbackKey kZookeeperConnectionTimeoutFallbacks[] = {
    {"recovery.zookeeper.client.connection-timeout", true}};
constexpr FallbackKey kZookeeperRetryWaitFallbacks[] = {
    {"recovery.zookeeper.client.retry-wait", true}};
constexpr FallbackKey kZookeeperMaxRetryAttemptsFallbacks[] = {
    {"recovery.zookeeper.client.max-retry-attempts", true}};
constexpr FallbackKey kLogReplicaFetchBackoffIntervalFallbacks[] = {
    {"log.replica.fetch-backoff-interval", false}};
constexpr FallbackKey kLogReplicaFetchMaxBytesFallbacks[] = {{"log.fetch.max-bytes", true}};
constexpr FallbackKey kLogReplicaFetchMaxBytesForBucketFallbacks[] = {
    {"log.fetch.max-bytes-for-bucket", true}};
constexpr FallbackKey kMetricsReporterInfluxdbBucketFallbacks[] = {
    {"metrics.reporter.influxdb.database", false}};

}  // namespace

// --- cluster ---

constinit const ConfigOption<std::vector<std::string>> ConfigOptions::kConfigProviders{{
    .key = "config.providers",
    .type = ConfigType::kString,
    .is_list = true,
    .default_value = "",
    .scope = ConfigScope::kServer,
    .section = "cluster",
    .description =
        "Config providers to enable (e.g. directory,env) for ${provider:...} markers in values.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kDefaultBucketNumber{{
    .key = "default.bucket.number",
    .type = ConfigType::kInt,
    .default_value = "1",
    .scope = ConfigScope::kServer,
    .section = "cluster",
    .description = "Bucket count for tables created without one.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kDefaultReplicationFactor{{
    .key = "default.replication.factor",
    .type = ConfigType::kInt,
    .default_value = "1",
    .scope = ConfigScope::kServer,
    .section = "cluster",
    .description = "Log replication factor for tables created without one.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kRemoteDataDir{{
    .key = "remote.data.dir",
    .type = ConfigType::kString,
    .scope = ConfigScope::kServer,
    .section = "cluster",
    .description =
        "Remote directory for KV snapshots and tiered log; superseded by remote.data.dirs.",
}};

constinit const ConfigOption<std::vector<std::string>> ConfigOptions::kRemoteDataDirs{{
    .key = "remote.data.dirs",
    .type = ConfigType::kString,
    .is_list = true,
    .default_value = "",
    .scope = ConfigScope::kServer,
    .section = "cluster",
    .description = "Remote directories for KV snapshots and tiered log; one is picked per new "
                   "table/partition.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kRemoteDataDirsStrategy{{
    .key = "remote.data.dirs.strategy",
    .type = ConfigType::kEnum,
    .default_value = "ROUND_ROBIN",
    .enum_values = kRemoteDataDirStrategyValues,
    .scope = ConfigScope::kServer,
    .section = "cluster",
    .description = "How a directory is picked from remote.data.dirs.",
}};

constinit const ConfigOption<std::vector<int32_t>> ConfigOptions::kRemoteDataDirsWeights{{
    .key = "remote.data.dirs.weights",
    .type = ConfigType::kInt,
    .is_list = true,
    .default_value = "",
    .scope = ConfigScope::kServer,
    .section = "cluster",
    .description = "Weights for remote.data.dirs under WEIGHTED_ROUND_ROBIN, same order and size.",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kRemoteFsWriteBufferSize{{
    .key = "remote.fs.write-buffer-size",
    .type = ConfigType::kMemorySize,
    .default_value = "4kb",
    .scope = ConfigScope::kServer,
    .section = "cluster",
    .description = "Write buffer size when copying local files to a remote filesystem.",
}};

constinit const ConfigOption<std::vector<std::string>>
    ConfigOptions::kPluginAlwaysParentFirstLoaderPatterns{{
        .key = "plugin.classloader.parent-first-patterns.default",
        .type = ConfigType::kString,
        .is_list = true,
        .default_value =
            "java.,org.apache.fluss.,javax.annotation.,org.apache.hadoop.,core-site,org.slf4j,org."
            "apache.log4j,org.apache.logging,org.apache.commons.logging,ch.qos.logback",
        .scope = ConfigScope::kServer,
        .section = "cluster",
        .description =
            "Class-name prefixes plugins always load from the parent class loader (JVM only).",
    }};

constinit const ConfigOption<std::vector<std::string>>
    ConfigOptions::kPluginAlwaysParentFirstLoaderPatternsAdditional{{
        .key = "plugin.classloader.parent-first-patterns.additional",
        .type = ConfigType::kString,
        .is_list = true,
        .default_value = "",
        .scope = ConfigScope::kServer,
        .section = "cluster",
        .description = "Extra parent-first class-name prefixes for plugins (JVM only).",
    }};

constinit const ConfigOption<std::chrono::milliseconds> ConfigOptions::kAutoPartitionCheckInterval{{
    .key = "auto-partition.check.interval",
    .type = ConfigType::kDuration,
    .default_value = "10 min",
    .scope = ConfigScope::kServer,
    .section = "cluster",
    .description = "Period of the coordinator's auto-partition check.",
}};

constinit const ConfigOption<std::chrono::milliseconds>
    ConfigOptions::kCoordinatorLifecycleThrottlerInflightTimeout{{
        .key = "coordinator.lifecycle-throttler.inflight-timeout",
        .type = ConfigType::kDuration,
        .default_value = "3 min",
        .scope = ConfigScope::kServer,
        .section = "cluster",
        .description = "Time after which an admitted table/partition drop stops being tracked.",
    }};

constinit const ConfigOption<std::chrono::milliseconds>
    ConfigOptions::kCoordinatorLifecycleThrottlerTimeoutCheckInterval{{
        .key = "coordinator.lifecycle-throttler.timeout-check-interval",
        .type = ConfigType::kDuration,
        .default_value = "1 min",
        .scope = ConfigScope::kServer,
        .section = "cluster",
        .description = "Period of the scan for timed-out in-flight drops.",
    }};

constinit const ConfigOption<std::chrono::milliseconds>
    ConfigOptions::kCoordinatorOfflineLeaderRetryDelay{{
        .key = "coordinator.offline-leader.retry-delay",
        .type = ConfigType::kDuration,
        .default_value = "1 min",
        .scope = ConfigScope::kServer,
        .section = "cluster",
        .description = "Delay before offline leaders on live servers are retried.",
    }};

constinit const ConfigOption<bool> ConfigOptions::kLogTableAllowCreation{{
    .key = "allow.create.log.tables",
    .type = ConfigType::kBool,
    .default_value = "true",
    .scope = ConfigScope::kServer,
    .section = "cluster",
    .description = "Whether tables without a primary key may be created.",
}};

constinit const ConfigOption<bool> ConfigOptions::kKvTableAllowCreation{{
    .key = "allow.create.kv.tables",
    .type = ConfigType::kBool,
    .default_value = "true",
    .scope = ConfigScope::kServer,
    .section = "cluster",
    .description = "Whether primary-key tables may be created.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kMaxPartitionNum{{
    .key = "max.partition.num",
    .type = ConfigType::kInt,
    .default_value = "1000",
    .scope = ConfigScope::kServer,
    .section = "cluster",
    .description = "Upper bound on partitions per partitioned table.",
}};

constinit const ConfigOption<std::chrono::milliseconds>
    ConfigOptions::kAclNotificationExpirationTime{{
        .key = "acl.notification.expiration-time",
        .type = ConfigType::kDuration,
        .default_value = "15 min",
        .scope = ConfigScope::kServer,
        .section = "cluster",
        .description = "How long an ACL change notification stays valid.",
    }};

constinit const ConfigOption<bool> ConfigOptions::kAuthorizerEnabled{{
    .key = "authorizer.enabled",
    .type = ConfigType::kBool,
    .default_value = "false",
    .scope = ConfigScope::kServer,
    .section = "cluster",
    .description = "Whether ACL authorization is enforced.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kAuthorizerType{{
    .key = "authorizer.type",
    .type = ConfigType::kString,
    .default_value = "default",
    .scope = ConfigScope::kServer,
    .section = "cluster",
    .description = "Identifier of the authorizer plugin.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kSuperUsers{{
    .key = "super.users",
    .type = ConfigType::kString,
    .scope = ConfigScope::kServer,
    .section = "cluster",
    .description = "Semicolon-separated principals with unrestricted access, e.g. User:admin.",
}};

constinit const ConfigOption<bool> ConfigOptions::kSecurityAclPrincipalIgnoreCase{{
    .key = "security.acl.principal.ignore-case",
    .type = ConfigType::kBool,
    .default_value = "false",
    .scope = ConfigScope::kServer,
    .section = "cluster",
    .description = "Whether ACL checks compare principal names and types case-insensitively.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kMaxBucketNum{{
    .key = "max.bucket.num",
    .type = ConfigType::kInt,
    .default_value = "4096",
    .scope = ConfigScope::kServer,
    .section = "cluster",
    .description = "Upper bound on buckets per table (or per partition).",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kKvLeaderReplicaMemoryReserved{{
    .key = "kv.leader-replica.memory-reserved",
    .type = ConfigType::kMemorySize,
    .default_value = "0b",
    .scope = ConfigScope::kServer,
    .section = "cluster",
    .description = "Estimated memory per KV leader replica, for the coordinator's capacity check.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kBindListeners{{
    .key = "bind.listeners",
    .type = ConfigType::kString,
    .scope = ConfigScope::kServer,
    .section = "cluster",
    .description = "Listeners the server binds, as NAME://host:port, comma-separated.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kAdvertisedListeners{{
    .key = "advertised.listeners",
    .type = ConfigType::kString,
    .scope = ConfigScope::kServer,
    .section = "cluster",
    .description = "Listeners advertised to clients; defaults to bind.listeners.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kInternalListenerName{{
    .key = "internal.listener.name",
    .type = ConfigType::kString,
    .default_value = "FLUSS",
    .scope = ConfigScope::kServer,
    .section = "cluster",
    .description = "Listener used for server-to-server traffic.",
}};

constinit const ConfigOption<std::vector<std::string>>
    ConfigOptions::kServerSaslEnabledMechanismsConfig{{
        .key = "security.sasl.enabled.mechanisms",
        .type = ConfigType::kString,
        .is_list = true,
        .scope = ConfigScope::kServer,
        .section = "cluster",
        .description = "SASL mechanisms the server accepts.",
    }};

constinit const ConfigOption<int32_t> ConfigOptions::kServerIoPoolSize{{
    .key = "server.io-pool.size",
    .type = ConfigType::kInt,
    .default_value = "10",
    .fallback_keys = kServerIoPoolSizeFallbacks,
    .scope = ConfigScope::kServer,
    .section = "cluster",
    .description =
        "Threads for blocking IO work (snapshot transfer, file cleanup, remote log transfer).",
}};

constinit const ConfigOption<std::string> ConfigOptions::kServerIoTmpDir{{
    .key = "server.io.tmpdir",
    .type = ConfigType::kString,
    .default_value = "/tmp/fluss",
    .scope = ConfigScope::kServer,
    .section = "cluster",
    .description = "Local directory for temporary files (Java: java.io.tmpdir + /fluss).",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kServerHistoricalPartitionThreadPoolMaxSize{{
    .key = "server.historical-partition.thread-pool.max-size",
    .type = ConfigType::kInt,
    .default_value = "10",
    .scope = ConfigScope::kServer,
    .section = "cluster",
    .description = "Threads for historical-partition work such as lake lookups.",
}};

constinit const ConfigOption<double>
    ConfigOptions::kServerHistoricalPartitionLookupCacheMaxDiskRatio{{
        .key = "server.historical-partition.lookup-cache.max-disk-ratio",
        .type = ConfigType::kDouble,
        .default_value = "0.10",
        .scope = ConfigScope::kServer,
        .section = "cluster",
        .description =
            "Share of the first data volume usable by historical lookup caches, in (0, 1].",
    }};

constinit const ConfigOption<std::chrono::milliseconds>
    ConfigOptions::kServerHistoricalPartitionLookuperCacheExpireAfterAccess{{
        .key = "server.historical-partition.lookuper-cache.expire-after-access",
        .type = ConfigType::kDuration,
        .default_value = "3 h",
        .scope = ConfigScope::kServer,
        .section = "cluster",
        .description = "Idle time after which a historical partition lookuper is evicted.",
    }};

constinit const ConfigOption<double> ConfigOptions::kServerDataDiskWriteLimitRatio{{
    .key = "server.data-disk.write-limit-ratio",
    .type = ConfigType::kDouble,
    .default_value = "0.85",
    .scope = ConfigScope::kServer,
    .section = "cluster",
    .description = "Data disk usage ratio at which writes are rejected.",
}};

constinit const ConfigOption<double> ConfigOptions::kServerDataDiskWriteRecoverRatio{{
    .key = "server.data-disk.write-recover-ratio",
    .type = ConfigType::kDouble,
    .default_value = "0.80",
    .scope = ConfigScope::kServer,
    .section = "cluster",
    .description = "Data disk usage ratio at or below which writes resume.",
}};

constinit const ConfigOption<std::chrono::milliseconds> ConfigOptions::kServerDataDiskCheckInterval{
    {
        .key = "server.data-disk.check-interval",
        .type = ConfigType::kDuration,
        .default_value = "30 s",
        .scope = ConfigScope::kServer,
        .section = "cluster",
        .description = "Period of the data disk usage sampling.",
    }};

// --- coordinator server ---

constinit const ConfigOption<std::string> ConfigOptions::kCoordinatorHost{{
    .key = "coordinator.host",
    .type = ConfigType::kString,
    .scope = ConfigScope::kServer,
    .section = "coordinator server",
    .deprecated = true,
    .description = "Deprecated: coordinator address; use bind.listeners.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kCoordinatorPort{{
    .key = "coordinator.port",
    .type = ConfigType::kString,
    .default_value = "9123",
    .scope = ConfigScope::kServer,
    .section = "coordinator server",
    .deprecated = true,
    .description = "Deprecated: coordinator port (list or range); use bind.listeners.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kCoordinatorIoPoolSize{{
    .key = "coordinator.io-pool.size",
    .type = ConfigType::kInt,
    .default_value = "10",
    .scope = ConfigScope::kServer,
    .section = "coordinator server",
    .deprecated = true,
    .description = "Deprecated: coordinator IO pool size; use server.io-pool.size.",
}};

constinit const ConfigOption<std::chrono::milliseconds>
    ConfigOptions::kCoordinatorProducerOffsetsTtl{{
        .key = "coordinator.producer-offsets.ttl",
        .type = ConfigType::kDuration,
        .default_value = "24 h",
        .scope = ConfigScope::kServer,
        .section = "coordinator server",
        .description = "Age after which producer offsets are removed.",
    }};

constinit const ConfigOption<std::chrono::milliseconds>
    ConfigOptions::kCoordinatorProducerOffsetsCleanupInterval{{
        .key = "coordinator.producer-offsets.cleanup-interval",
        .type = ConfigType::kDuration,
        .default_value = "1 h",
        .scope = ConfigScope::kServer,
        .section = "coordinator server",
        .description = "Period of the producer-offset and orphan-file cleanup.",
    }};

// --- tablet server ---

constinit const ConfigOption<std::string> ConfigOptions::kTabletServerHost{{
    .key = "tablet-server.host",
    .type = ConfigType::kString,
    .scope = ConfigScope::kServer,
    .section = "tablet server",
    .deprecated = true,
    .description = "Deprecated: tablet server address; use bind.listeners.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kTabletServerPort{{
    .key = "tablet-server.port",
    .type = ConfigType::kString,
    .default_value = "0",
    .scope = ConfigScope::kServer,
    .section = "tablet server",
    .deprecated = true,
    .description = "Deprecated: tablet server port; use bind.listeners.",
}};

constinit const ConfigOption<std::map<std::string, std::string>>
    ConfigOptions::kServerSecurityProtocolMap{{
        .key = "security.protocol.map",
        .type = ConfigType::kMap,
        .default_value = "",
        .scope = ConfigScope::kServer,
        .section = "tablet server",
        .description = "Authentication protocol per listener, as LISTENER:PROTOCOL pairs; unlisted "
                       "ones are PLAINTEXT.",
    }};

constinit const ConfigOption<std::map<std::string, std::string>>
    ConfigOptions::kServerSaslCredentials{{
        .key = "security.sasl.plain.credentials",
        .type = ConfigType::kMap,
        .scope = ConfigScope::kServer,
        .section = "tablet server",
        .description = "SASL/PLAIN users as user:password pairs; generates the JAAS config.",
    }};

constinit const ConfigOption<std::string> ConfigOptions::kServerSaslPlainJaasConfig{{
    .key = "security.sasl.plain.jaas.config",
    .type = ConfigType::kString,
    .scope = ConfigScope::kServer,
    .section = "tablet server",
    .description =
        "Server JAAS config for SASL/PLAIN (PlainLoginModule with user_<name>=\"<pw>\").",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kTabletServerId{{
    .key = "tablet-server.id",
    .type = ConfigType::kInt,
    .scope = ConfigScope::kServer,
    .section = "tablet server",
    .description = "Id of this tablet server; required.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kTabletServerRack{{
    .key = "tablet-server.rack",
    .type = ConfigType::kString,
    .scope = ConfigScope::kServer,
    .section = "tablet server",
    .description = "Rack of this tablet server, for rack-aware bucket assignment.",
}};

constinit const ConfigOption<double> ConfigOptions::kTabletServerAdvertisedResourceCpuCores{{
    .key = "tablet-server.advertised-resource.cpu-cores",
    .type = ConfigType::kDouble,
    .scope = ConfigScope::kServer,
    .section = "tablet server",
    .description = "CPU cores reported to the coordinator; detected when unset.",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kTabletServerAdvertisedResourceMemorySize{{
    .key = "tablet-server.advertised-resource.memory-size",
    .type = ConfigType::kMemorySize,
    .scope = ConfigScope::kServer,
    .section = "tablet server",
    .description = "Memory reported to the coordinator; detected when unset.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kDataDir{{
    .key = "data.dir",
    .type = ConfigType::kString,
    .default_value = "/tmp/fluss-data",
    .scope = ConfigScope::kServer,
    .section = "tablet server",
    .description = "Local data directory.",
}};

constinit const ConfigOption<std::vector<std::string>> ConfigOptions::kDataDirs{{
    .key = "data.dirs",
    .type = ConfigType::kString,
    .is_list = true,
    .scope = ConfigScope::kServer,
    .section = "tablet server",
    .description = "Local data directories; take precedence over data.dir.",
}};

constinit const ConfigOption<std::chrono::milliseconds> ConfigOptions::kWriterIdExpirationTime{{
    .key = "server.writer-id.expiration-time",
    .type = ConfigType::kDuration,
    .default_value = "7 d",
    .scope = ConfigScope::kServer,
    .section = "tablet server",
    .description = "Idle time after which a writer id's state is dropped.",
}};

constinit const ConfigOption<std::chrono::milliseconds>
    ConfigOptions::kWriterIdExpirationCheckInterval{{
        .key = "server.writer-id.expiration-check-interval",
        .type = ConfigType::kDuration,
        .default_value = "10 min",
        .scope = ConfigScope::kServer,
        .section = "tablet server",
        .description = "Period of the expired-writer-id cleanup.",
    }};

constinit const ConfigOption<std::chrono::milliseconds> ConfigOptions::kKvScannerTtl{{
    .key = "kv.scanner.ttl",
    .type = ConfigType::kDuration,
    .default_value = "10 min",
    .scope = ConfigScope::kServer,
    .section = "tablet server",
    .description = "Idle time after which a KV scanner session is closed.",
}};

constinit const ConfigOption<std::chrono::milliseconds> ConfigOptions::kKvScannerExpirationInterval{
    {
        .key = "kv.scanner.expiration-interval",
        .type = ConfigType::kDuration,
        .default_value = "30 s",
        .scope = ConfigScope::kServer,
        .section = "tablet server",
        .description = "Period of the idle KV scanner eviction.",
    }};

constinit const ConfigOption<int32_t> ConfigOptions::kKvScannerMaxPerBucket{{
    .key = "kv.scanner.max-per-bucket",
    .type = ConfigType::kInt,
    .default_value = "8",
    .scope = ConfigScope::kServer,
    .section = "tablet server",
    .description = "Concurrent KV scanner sessions allowed per bucket.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kKvScannerMaxPerServer{{
    .key = "kv.scanner.max-per-server",
    .type = ConfigType::kInt,
    .default_value = "200",
    .scope = ConfigScope::kServer,
    .section = "tablet server",
    .description = "Concurrent KV scanner sessions allowed per tablet server.",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kKvScannerMaxBatchSize{{
    .key = "kv.scanner.max-batch-size",
    .type = ConfigType::kMemorySize,
    .default_value = "10mb",
    .scope = ConfigScope::kServer,
    .section = "tablet server",
    .description = "Cap on the payload of one KV full-scan response batch.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kTabletServerControlledShutdownMaxRetries{{
    .key = "tablet-server.controlled-shutdown.max-retries",
    .type = ConfigType::kInt,
    .default_value = "3",
    .scope = ConfigScope::kServer,
    .section = "tablet server",
    .description = "Attempts to move leadership away during controlled shutdown.",
}};

constinit const ConfigOption<std::chrono::milliseconds>
    ConfigOptions::kTabletServerControlledShutdownRetryInterval{{
        .key = "tablet-server.controlled-shutdown.retry-interval",
        .type = ConfigType::kDuration,
        .default_value = "1000 ms",
        .scope = ConfigScope::kServer,
        .section = "tablet server",
        .description = "Pause between controlled shutdown attempts.",
    }};

constinit const ConfigOption<int32_t> ConfigOptions::kBackgroundThreads{{
    .key = "server.background.threads",
    .type = ConfigType::kInt,
    .default_value = "10",
    .scope = ConfigScope::kServer,
    .section = "tablet server",
    .description = "Threads for background tasks.",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kServerBufferMemorySize{{
    .key = "server.buffer.memory-size",
    .type = ConfigType::kMemorySize,
    .default_value = "256mb",
    .scope = ConfigScope::kServer,
    .section = "tablet server",
    .description = "Memory the server may use to buffer rows (e.g. WAL building).",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kServerBufferPageSize{{
    .key = "server.buffer.page-size",
    .type = ConfigType::kMemorySize,
    .default_value = "128kb",
    .scope = ConfigScope::kServer,
    .section = "tablet server",
    .description = "Page size of the server's memory buffers.",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kServerBufferPerRequestMemorySize{{
    .key = "server.buffer.per-request-memory-size",
    .type = ConfigType::kMemorySize,
    .default_value = "16mb",
    .scope = ConfigScope::kServer,
    .section = "tablet server",
    .description = "Memory taken per request from the server buffer, a multiple of the page size.",
}};

constinit const ConfigOption<std::chrono::milliseconds> ConfigOptions::kServerBufferPoolWaitTimeout{
    {
        .key = "server.buffer.wait-timeout",
        .type = ConfigType::kDuration,
        .default_value = "9223372036854775807 ns",
        .scope = ConfigScope::kServer,
        .section = "tablet server",
        .description = "How long an allocation waits for free server buffer pages.",
    }};

constinit const ConfigOption<std::string> ConfigOptions::kZookeeperAddress{{
    .key = "zookeeper.address",
    .type = ConfigType::kString,
    .scope = ConfigScope::kServer,
    .section = "tablet server",
    .description = "ZooKeeper connection string; required.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kZookeeperRoot{{
    .key = "zookeeper.path.root",
    .type = ConfigType::kString,
    .default_value = "/fluss",
    .scope = ConfigScope::kServer,
    .section = "tablet server",
    .description = "ZooKeeper root path for Fluss's znodes.",
}};

// --- ZooKeeper client ---

constinit const ConfigOption<int32_t> ConfigOptions::kZookeeperMaxInflightRequests{{
    .key = "zookeeper.client.max-inflight-requests",
    .type = ConfigType::kInt,
    .default_value = "100",
    .scope = ConfigScope::kServer,
    .section = "ZooKeeper client",
    .description = "Unacknowledged ZooKeeper requests allowed before blocking.",
}};

constinit const ConfigOption<std::chrono::milliseconds> ConfigOptions::kZookeeperSessionTimeout{{
    .key = "zookeeper.client.session-timeout",
    .type = ConfigType::kDuration,
    .default_value = "60000 ms",
    .fallback_keys = kZookeeperSessionTimeoutFallbacks,
    .scope = ConfigScope::kServer,
    .section = "ZooKeeper client",
    .description = "ZooKeeper session timeout.",
}};

constinit const ConfigOption<std::chrono::milliseconds> ConfigOptions::kZookeeperConnectionTimeout{{
    .key = "zookeeper.client.connection-timeout",
    .type = ConfigType::kDuration,
    .default_value = "15000 ms",
    .fallback_keys = kZookeeperConnectionTimeoutFallbacks,
    .scope = ConfigScope::kServer,
    .section = "ZooKeeper client",
    .description = "ZooKeeper connection timeout.",
}};

constinit const ConfigOption<std::chrono::milliseconds> ConfigOptions::kZookeeperRetryWait{{
    .key = "zookeeper.client.retry-wait",
    .type = ConfigType::kDuration,
    .default_value = "5000 ms",
    .fallback_keys = kZookeeperRetryWaitFallbacks,
    .scope = ConfigScope::kServer,
    .section = "ZooKeeper client",
    .description = "Pause between ZooKeeper connection retries.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kZookeeperMaxRetryAttempts{{
    .key = "zookeeper.client.max-retry-attempts",
    .type = ConfigType::kInt,
    .default_value = "3",
    .fallback_keys = kZookeeperMaxRetryAttemptsFallbacks,
    .scope = ConfigScope::kServer,
    .section = "ZooKeeper client",
    .description = "ZooKeeper connection retries before giving up.",
}};

constinit const ConfigOption<bool> ConfigOptions::kZookeeperTolerateSuspendedConnections{{
    .key = "zookeeper.client.tolerate-suspended-connections",
    .type = ConfigType::kBool,
    .default_value = "false",
    .scope = ConfigScope::kServer,
    .section = "ZooKeeper client",
    .description = "Whether a suspended ZooKeeper connection keeps leader information valid.",
}};

constinit const ConfigOption<bool> ConfigOptions::kZookeeperEnsembleTracking{{
    .key = "zookeeper.client.ensemble-tracker",
    .type = ConfigType::kBool,
    .default_value = "true",
    .scope = ConfigScope::kServer,
    .section = "ZooKeeper client",
    .description = "Whether the ZooKeeper client tracks ensemble changes.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kZookeeperConfigPath{{
    .key = "zookeeper.client.config-path",
    .type = ConfigType::kString,
    .scope = ConfigScope::kServer,
    .section = "ZooKeeper client",
    .description = "File with ZooKeeper client settings.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kZookeeperMaxBufferSize{{
    .key = "zookeeper.client.max-buffer-size",
    .type = ConfigType::kInt,
    .default_value = "104857600",
    .scope = ConfigScope::kServer,
    .section = "ZooKeeper client",
    .description = "Largest ZooKeeper packet in bytes (jute.maxbuffer).",
}};

// --- log ---

constinit const ConfigOption<MemorySize> ConfigOptions::kLogSegmentFileSize{{
    .key = "log.segment.file-size",
    .type = ConfigType::kMemorySize,
    .default_value = "1024m",
    .scope = ConfigScope::kServer,
    .section = "log",
    .description = "Size at which a log segment is rolled.",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kLogIndexFileSize{{
    .key = "log.index.file-size",
    .type = ConfigType::kMemorySize,
    .default_value = "10m",
    .scope = ConfigScope::kServer,
    .section = "log",
    .description = "Preallocated size of a segment's offset and time indexes.",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kLogIndexIntervalSize{{
    .key = "log.index.interval-size",
    .type = ConfigType::kMemorySize,
    .default_value = "4k",
    .scope = ConfigScope::kServer,
    .section = "log",
    .description = "Bytes of log between two offset index entries.",
}};

constinit const ConfigOption<bool> ConfigOptions::kLogFilePreallocate{{
    .key = "log.file-preallocate",
    .type = ConfigType::kBool,
    .default_value = "false",
    .scope = ConfigScope::kServer,
    .section = "log",
    .description = "Whether new segment files are preallocated.",
}};

constinit const ConfigOption<int64_t> ConfigOptions::kLogFlushIntervalMessages{{
    .key = "log.flush.interval-messages",
    .type = ConfigType::kLong,
    .default_value = "9223372036854775807",
    .scope = ConfigScope::kServer,
    .section = "log",
    .description = "Messages appended between forced log fsyncs.",
}};

constinit const ConfigOption<std::chrono::milliseconds>
    ConfigOptions::kLogFlushOffsetCheckpointInterval{{
        .key = "log.flush.offset.checkpoint-interval",
        .type = ConfigType::kDuration,
        .default_value = "60 s",
        .scope = ConfigScope::kServer,
        .section = "log",
        .description = "Period of the recovery-point checkpoint.",
    }};

constinit const ConfigOption<std::chrono::milliseconds> ConfigOptions::kLogRetentionCheckInterval{{
    .key = "log.retention.check-interval",
    .type = ConfigType::kDuration,
    .default_value = "5 min",
    .scope = ConfigScope::kServer,
    .section = "log",
    .description = "Period of the local log TTL check.",
}};

constinit const ConfigOption<bool> ConfigOptions::kLogRetentionRollActiveSegmentEnabled{{
    .key = "log.retention.roll-active-segment.enabled",
    .type = ConfigType::kBool,
    .default_value = "false",
    .scope = ConfigScope::kServer,
    .section = "log",
    .description =
        "Whether an expired, non-empty active segment is rolled so that TTL can delete it.",
}};

constinit const ConfigOption<std::chrono::milliseconds>
    ConfigOptions::kLogReplicaHighWatermarkCheckpointInterval{{
        .key = "log.replica.high-watermark.checkpoint-interval",
        .type = ConfigType::kDuration,
        .default_value = "5 s",
        .scope = ConfigScope::kServer,
        .section = "log",
        .description = "Period of the high watermark checkpoint.",
    }};

constinit const ConfigOption<std::chrono::milliseconds> ConfigOptions::kLogReplicaMaxLagTime{{
    .key = "log.replica.max-lag-time",
    .type = ConfigType::kDuration,
    .default_value = "30 s",
    .scope = ConfigScope::kServer,
    .section = "log",
    .description = "Lag after which a follower leaves the ISR.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kLogReplicaWriteOperationPurgeNumber{{
    .key = "log.replica.write-operation-purge-number",
    .type = ConfigType::kInt,
    .default_value = "1000",
    .scope = ConfigScope::kServer,
    .section = "log",
    .description = "Completed delayed writes between purges of the write purgatory.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kLogReplicaFetchOperationPurgeNumber{{
    .key = "log.replica.fetch-operation-purge-number",
    .type = ConfigType::kInt,
    .default_value = "1000",
    .scope = ConfigScope::kServer,
    .section = "log",
    .description = "Completed delayed fetches between purges of the fetch purgatory.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kLogReplicaFetcherNumber{{
    .key = "log.replica.fetcher-number",
    .type = ConfigType::kInt,
    .default_value = "1",
    .scope = ConfigScope::kServer,
    .section = "log",
    .description = "Fetcher threads per source tablet server for replication.",
}};

constinit const ConfigOption<std::chrono::milliseconds>
    ConfigOptions::kLogReplicaFetchBackoffInterval{{
        .key = "log.replica.fetch.backoff-interval",
        .type = ConfigType::kDuration,
        .default_value = "1 s",
        .fallback_keys = kLogReplicaFetchBackoffIntervalFallbacks,
        .scope = ConfigScope::kServer,
        .section = "log",
        .description = "Pause after a follower fetch error.",
    }};

constinit const ConfigOption<MemorySize> ConfigOptions::kLogReplicaFetchMaxBytes{{
    .key = "log.replica.fetch.max-bytes",
    .type = ConfigType::kMemorySize,
    .default_value = "16mb",
    .fallback_keys = kLogReplicaFetchMaxBytesFallbacks,
    .scope = ConfigScope::kServer,
    .section = "log",
    .description = "Most data returned for one follower fetch request.",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kLogReplicaFetchMaxBytesForBucket{{
    .key = "log.replica.fetch.max-bytes-for-bucket",
    .type = ConfigType::kMemorySize,
    .default_value = "1mb",
    .fallback_keys = kLogReplicaFetchMaxBytesForBucketFallbacks,
    .scope = ConfigScope::kServer,
    .section = "log",
    .description = "Most data returned per bucket in a follower fetch.",
}};

constinit const ConfigOption<std::chrono::milliseconds> ConfigOptions::kLogReplicaFetchWaitMaxTime{{
    .key = "log.replica.fetch.wait-max-time",
    .type = ConfigType::kDuration,
    .default_value = "500 ms",
    .scope = ConfigScope::kServer,
    .section = "log",
    .description = "Longest wait for fetch.min-bytes on a follower fetch.",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kLogReplicaFetchMinBytes{{
    .key = "log.replica.fetch.min-bytes",
    .type = ConfigType::kMemorySize,
    .default_value = "1b",
    .scope = ConfigScope::kServer,
    .section = "log",
    .description = "Least data a follower fetch waits for.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kLogReplicaMinInSyncReplicasNumber{{
    .key = "log.replica.min-in-sync-replicas-number",
    .type = ConfigType::kInt,
    .default_value = "1",
    .scope = ConfigScope::kServer,
    .section = "log",
    .description = "In-sync replicas required to accept writes with acks=all.",
}};

// --- log tiered storage ---

constinit const ConfigOption<std::chrono::milliseconds>
    ConfigOptions::kRemoteLogTaskIntervalDuration{{
        .key = "remote.log.task-interval-duration",
        .type = ConfigType::kDuration,
        .default_value = "1 min",
        .scope = ConfigScope::kServer,
        .section = "log tiered storage",
        .description = "Period of remote log tasks (copy, cleanup).",
    }};

constinit const ConfigOption<int32_t> ConfigOptions::kRemoteLogTaskMaxUploadSegments{{
    .key = "remote.log.task-max-upload-segments",
    .type = ConfigType::kInt,
    .default_value = "5",
    .scope = ConfigScope::kServer,
    .section = "log tiered storage",
    .description = "Segments uploaded per tiering task run.",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kRemoteLogIndexFileCacheSize{{
    .key = "remote.log.index-file-cache-size",
    .type = ConfigType::kMemorySize,
    .default_value = "1gb",
    .scope = ConfigScope::kServer,
    .section = "log tiered storage",
    .description = "Space per data directory for index files fetched from remote storage.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kRemoteLogManagerThreadPoolSize{{
    .key = "remote.log-manager.thread-pool-size",
    .type = ConfigType::kInt,
    .default_value = "4",
    .scope = ConfigScope::kServer,
    .section = "log tiered storage",
    .description = "Threads of the remote log manager.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kRemoteLogDataTransferThreadNum{{
    .key = "remote.log.data-transfer-thread-num",
    .type = ConfigType::kInt,
    .default_value = "4",
    .scope = ConfigScope::kServer,
    .section = "log tiered storage",
    .deprecated = true,
    .description = "Deprecated: remote log transfer threads; use server.io-pool.size.",
}};

// --- netty ---

constinit const ConfigOption<int32_t> ConfigOptions::kNettyServerNumNetworkThreads{{
    .key = "netty.server.num-network-threads",
    .type = ConfigType::kInt,
    .default_value = "3",
    .scope = ConfigScope::kServer,
    .section = "netty",
    .description = "Server threads doing network IO.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kNettyServerNumWorkerThreads{{
    .key = "netty.server.num-worker-threads",
    .type = ConfigType::kInt,
    .default_value = "8",
    .scope = ConfigScope::kServer,
    .section = "netty",
    .description = "Server threads processing requests.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kNettyServerMaxQueuedRequests{{
    .key = "netty.server.max-queued-requests",
    .type = ConfigType::kInt,
    .default_value = "500",
    .scope = ConfigScope::kServer,
    .section = "netty",
    .description = "Requests queued for workers before network threads block.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kNettyServerMaxQueuedHistoricalRequests{{
    .key = "netty.server.max-queued-historical-requests",
    .type = ConfigType::kInt,
    .default_value = "50",
    .scope = ConfigScope::kServer,
    .section = "netty",
    .description = "Historical lookup requests queued before throttling.",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kNettyServerMaxRequestSize{{
    .key = "netty.server.max-request-size",
    .type = ConfigType::kMemorySize,
    .default_value = "100mb",
    .scope = ConfigScope::kServer,
    .section = "netty",
    .description = "Largest request frame the server accepts.",
}};

constinit const ConfigOption<std::chrono::milliseconds> ConfigOptions::kNettyConnectionMaxIdleTime{{
    .key = "netty.connection.max-idle-time",
    .type = ConfigType::kDuration,
    .default_value = "10 min",
    .scope = ConfigScope::kServer,
    .section = "netty",
    .description = "Idle time after which a connection is closed.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kNettyClientNumNetworkThreads{{
    .key = "netty.client.num-network-threads",
    .type = ConfigType::kInt,
    .default_value = "4",
    .scope = ConfigScope::kClient,
    .section = "netty",
    .description = "Client threads doing network IO.",
}};

constinit const ConfigOption<bool> ConfigOptions::kNettyClientAllocatorHeapBufferFirst{{
    .key = "netty.client.allocator.heap-buffer-first",
    .type = ConfigType::kBool,
    .default_value = "true",
    .scope = ConfigScope::kClient,
    .section = "netty",
    .description = "Whether the client prefers heap buffers (JVM only).",
}};

// --- client ---

constinit const ConfigOption<std::string> ConfigOptions::kClientId{{
    .key = "client.id",
    .type = ConfigType::kString,
    .default_value = "",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Client id sent with requests, for server logs.",
}};

constinit const ConfigOption<std::chrono::milliseconds> ConfigOptions::kClientConnectTimeout{{
    .key = "client.connect-timeout",
    .type = ConfigType::kDuration,
    .default_value = "120 s",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Client connect timeout.",
}};

constinit const ConfigOption<std::vector<std::string>> ConfigOptions::kBootstrapServers{{
    .key = "bootstrap.servers",
    .type = ConfigType::kString,
    .is_list = true,
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "host:port pairs used to discover the cluster.",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kClientWriterBufferMemorySize{{
    .key = "client.writer.buffer.memory-size",
    .type = ConfigType::kMemorySize,
    .default_value = "64mb",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Memory the writer may use to buffer rows.",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kClientWriterBufferPageSize{{
    .key = "client.writer.buffer.page-size",
    .type = ConfigType::kMemorySize,
    .default_value = "128kb",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Page size of the writer's memory buffers.",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kClientWriterPerRequestMemorySize{{
    .key = "client.writer.buffer.per-request-memory-size",
    .type = ConfigType::kMemorySize,
    .default_value = "16mb",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Memory taken per request from the writer buffer, a multiple of the page size.",
}};

constinit const ConfigOption<std::chrono::milliseconds>
    ConfigOptions::kClientWriterBufferWaitTimeout{{
        .key = "client.writer.buffer.wait-timeout",
        .type = ConfigType::kDuration,
        .default_value = "9223372036854775807 ns",
        .scope = ConfigScope::kClient,
        .section = "client",
        .description = "How long the writer waits for free buffer pages.",
    }};

constinit const ConfigOption<MemorySize> ConfigOptions::kClientWriterBatchSize{{
    .key = "client.writer.batch-size",
    .type = ConfigType::kMemorySize,
    .default_value = "2mb",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Target size of one per-bucket record batch.",
}};

constinit const ConfigOption<bool> ConfigOptions::kClientWriterDynamicBatchSizeEnabled{{
    .key = "client.writer.dynamic-batch-size.enabled",
    .type = ConfigType::kBool,
    .default_value = "true",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Whether the writer adapts the batch size to throughput.",
}};

constinit const ConfigOption<std::chrono::milliseconds> ConfigOptions::kClientWriterBatchTimeout{{
    .key = "client.writer.batch-timeout",
    .type = ConfigType::kDuration,
    .default_value = "100 ms",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "How long the writer lingers to fill a batch.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kClientWriterBucketNoKeyAssigner{{
    .key = "client.writer.bucket.no-key-assigner",
    .type = ConfigType::kEnum,
    .default_value = "STICKY",
    .enum_values = kNoKeyAssignerValues,
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Bucket assignment for tables without a bucket key.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kClientWriterAcks{{
    .key = "client.writer.acks",
    .type = ConfigType::kString,
    .default_value = "all",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Acknowledgements required per write: 0, 1 or all (-1).",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kClientWriterRequestMaxSize{{
    .key = "client.writer.request-max-size",
    .type = ConfigType::kMemorySize,
    .default_value = "10mb",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Largest write request.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kClientWriterRetries{{
    .key = "client.writer.retries",
    .type = ConfigType::kInt,
    .default_value = "2147483647",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Retries of a write that failed with a retriable error.",
}};

constinit const ConfigOption<bool> ConfigOptions::kClientWriterEnableIdempotence{{
    .key = "client.writer.enable-idempotence",
    .type = ConfigType::kBool,
    .default_value = "true",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Whether writes are idempotent (exactly once per bucket).",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kClientWriterMaxInflightRequestsPerBucket{{
    .key = "client.writer.max-inflight-requests-per-bucket",
    .type = ConfigType::kInt,
    .default_value = "5",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Unacknowledged write requests per bucket (with idempotence).",
}};

constinit const ConfigOption<bool> ConfigOptions::kClientWriterDynamicCreatePartitionEnabled{{
    .key = "client.writer.dynamic-create-partition.enabled",
    .type = ConfigType::kBool,
    .default_value = "true",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Whether writing creates missing partitions.",
}};

constinit const ConfigOption<std::chrono::milliseconds>
    ConfigOptions::kClientWriterKvBackpressureMaxThrottle{{
        .key = "client.writer.kv-backpressure.max-throttle",
        .type = ConfigType::kDuration,
        .default_value = "3000 ms",
        .scope = ConfigScope::kClient,
        .section = "client",
        .description = "Ceiling of the per-bucket delay applied on KV backpressure.",
    }};

constinit const ConfigOption<std::chrono::milliseconds> ConfigOptions::kClientRequestTimeout{{
    .key = "client.request-timeout",
    .type = ConfigType::kDuration,
    .default_value = "30 s",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Timeout of a client request.",
}};

constinit const ConfigOption<bool> ConfigOptions::kClientScannerLogCheckCrc{{
    .key = "client.scanner.log.check-crc",
    .type = ConfigType::kBool,
    .default_value = "true",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Whether the log scanner verifies batch CRCs.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kClientScannerLogMaxPollRecords{{
    .key = "client.scanner.log.max-poll-records",
    .type = ConfigType::kInt,
    .default_value = "500",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Records returned by one poll.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kClientSecurityProtocol{{
    .key = "client.security.protocol",
    .type = ConfigType::kString,
    .default_value = "PLAINTEXT",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Authentication protocol of the client.",
}};

constinit const ConfigOption<bool> ConfigOptions::kClientSecurityEnablePluginDiscovery{{
    .key = "client.security.enable-plugin-discovery",
    .type = ConfigType::kBool,
    .default_value = "false",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Whether the client loads authentication plugins from plugins/.",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kClientScannerLogFetchMaxBytes{{
    .key = "client.scanner.log.fetch.max-bytes",
    .type = ConfigType::kMemorySize,
    .default_value = "16mb",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Most data returned for one client fetch request.",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kClientScannerLogFetchMaxBytesForBucket{{
    .key = "client.scanner.log.fetch.max-bytes-for-bucket",
    .type = ConfigType::kMemorySize,
    .default_value = "1mb",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Most data returned per bucket in a client fetch.",
}};

constinit const ConfigOption<std::chrono::milliseconds>
    ConfigOptions::kClientScannerLogFetchWaitMaxTime{{
        .key = "client.scanner.log.fetch.wait-max-time",
        .type = ConfigType::kDuration,
        .default_value = "500 ms",
        .scope = ConfigScope::kClient,
        .section = "client",
        .description = "Longest wait for fetch.min-bytes on a client fetch.",
    }};

constinit const ConfigOption<MemorySize> ConfigOptions::kClientScannerLogFetchMinBytes{{
    .key = "client.scanner.log.fetch.min-bytes",
    .type = ConfigType::kMemorySize,
    .default_value = "1b",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Least data a client fetch waits for.",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kClientScannerKvFetchMaxBytes{{
    .key = "client.scanner.kv.fetch.max-bytes",
    .type = ConfigType::kMemorySize,
    .default_value = "4mb",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Most data returned per KV scan request.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kClientScannerKvBatchStrategy{{
    .key = "client.scanner.kv.batch-strategy",
    .type = ConfigType::kEnum,
    .default_value = "snapshot-merge",
    .enum_values = kKvBatchStrategyValues,
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "How bounded primary-key reads are served.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kClientLookupQueueSize{{
    .key = "client.lookup.queue-size",
    .type = ConfigType::kInt,
    .default_value = "25600",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Pending lookups allowed.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kClientLookupMaxBatchSize{{
    .key = "client.lookup.max-batch-size",
    .type = ConfigType::kInt,
    .default_value = "128",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Lookups merged into one request.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kClientLookupMaxInflightSize{{
    .key = "client.lookup.max-inflight-requests",
    .type = ConfigType::kInt,
    .default_value = "128",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Unacknowledged lookup requests allowed.",
}};

constinit const ConfigOption<std::chrono::milliseconds> ConfigOptions::kClientLookupBatchTimeout{{
    .key = "client.lookup.batch-timeout",
    .type = ConfigType::kDuration,
    .default_value = "100 ms",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "How long a lookup batch waits to fill.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kClientLookupMaxRetries{{
    .key = "client.lookup.max-retries",
    .type = ConfigType::kInt,
    .default_value = "2147483647",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Retries of a lookup that failed with a retriable error.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kClientScannerRemoteLogPrefetchNum{{
    .key = "client.scanner.remote-log.prefetch-num",
    .type = ConfigType::kInt,
    .default_value = "4",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Remote log segments prefetched to local temp files.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kClientScannerLogReadPreference{{
    .key = "client.scanner.log.read-preference",
    .type = ConfigType::kEnum,
    .default_value = "local-first",
    .enum_values = kFetchLogReadPreferenceValues,
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Whether the log scanner prefers local or remote segments.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kClientScannerIoTmpDir{{
    .key = "client.scanner.io.tmpdir",
    .type = ConfigType::kString,
    .default_value = "/tmp/fluss",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Client directory for downloaded files (Java: java.io.tmpdir + /fluss).",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kRemoteFileDownloadThreadNum{{
    .key = "client.remote-file.download-thread-num",
    .type = ConfigType::kInt,
    .default_value = "3",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Client threads downloading remote files.",
}};

constinit const ConfigOption<std::chrono::milliseconds>
    ConfigOptions::kFilesystemSecurityTokenRenewalRetryBackoff{{
        .key = "client.filesystem.security.token.renewal.backoff",
        .type = ConfigType::kDuration,
        .default_value = "1 h",
        .scope = ConfigScope::kClient,
        .section = "client",
        .description = "Pause before retrying a failed filesystem token fetch.",
    }};

constinit const ConfigOption<double> ConfigOptions::kFilesystemSecurityTokenRenewalTimeRatio{{
    .key = "client.filesystem.security.token.renewal.time-ratio",
    .type = ConfigType::kDouble,
    .default_value = "0.75",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Fraction of a token's lifetime after which it is renewed.",
}};

constinit const ConfigOption<bool> ConfigOptions::kClientMetricsEnabled{{
    .key = "client.metrics.enabled",
    .type = ConfigType::kBool,
    .default_value = "false",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Whether the client collects metrics.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kClientSaslMechanism{{
    .key = "client.security.sasl.mechanism",
    .type = ConfigType::kString,
    .default_value = "PLAIN",
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "SASL mechanism of the client.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kClientSaslJaasConfig{{
    .key = "client.security.sasl.jaas.config",
    .type = ConfigType::kString,
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "Client JAAS config; prefer username and password.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kClientSaslJaasUsername{{
    .key = "client.security.sasl.username",
    .type = ConfigType::kString,
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "SASL username of the client.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kClientSaslJaasPassword{{
    .key = "client.security.sasl.password",
    .type = ConfigType::kString,
    .scope = ConfigScope::kClient,
    .section = "client",
    .description = "SASL password of the client.",
}};

// --- table ---

constinit const ConfigOption<int32_t> ConfigOptions::kTableReplicationFactor{{
    .key = "table.replication.factor",
    .type = ConfigType::kInt,
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "Log replication factor; default.replication.factor when unset.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kTableLogFormat{{
    .key = "table.log.format",
    .type = ConfigType::kEnum,
    .default_value = "ARROW",
    .enum_values = kLogFormatValues,
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "Record format of the log.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kTableLogArrowCompressionType{{
    .key = "table.log.arrow.compression.type",
    .type = ConfigType::kEnum,
    .default_value = "ZSTD",
    .enum_values = kArrowCompressionTypeValues,
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "Compression of ARROW log batches.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kTableLogArrowCompressionZstdLevel{{
    .key = "table.log.arrow.compression.zstd.level",
    .type = ConfigType::kInt,
    .default_value = "3",
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "ZSTD level for ARROW log batches, 1 to 22.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kTableKvFormat{{
    .key = "table.kv.format",
    .type = ConfigType::kEnum,
    .default_value = "COMPACTED",
    .enum_values = kKvFormatValues,
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "Record format of the KV store.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kTableKvFormatVersion{{
    .key = "table.kv.format-version",
    .type = ConfigType::kInt,
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "KV key-encoding version; set by the coordinator when unset.",
}};

constinit const ConfigOption<bool> ConfigOptions::kTableKvStandbyReplicaEnabled{{
    .key = "table.kv.standby-replica.enabled",
    .type = ConfigType::kBool,
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "Whether primary-key tables keep standby replicas.",
}};

constinit const ConfigOption<bool> ConfigOptions::kTableAutoPartitionEnabled{{
    .key = "table.auto-partition.enabled",
    .type = ConfigType::kBool,
    .default_value = "false",
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "Whether partitions are created and retired automatically.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kTableAutoPartitionKey{{
    .key = "table.auto-partition.key",
    .type = ConfigType::kString,
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "Time partition key when the table has several partition keys.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kTableAutoPartitionTimeUnit{{
    .key = "table.auto-partition.time-unit",
    .type = ConfigType::kEnum,
    .default_value = "DAY",
    .enum_values = kAutoPartitionTimeUnitValues,
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "Granularity of automatic partitions.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kTableAutoPartitionTimeFormat{{
    .key = "table.auto-partition.time-format",
    .type = ConfigType::kString,
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "Partition-name pattern; derived from the time unit when unset.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kTableAutoPartitionTimezone{{
    .key = "table.auto-partition.time-zone",
    .type = ConfigType::kString,
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "Time zone of automatic partitions; the system time zone when unset.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kTableAutoPartitionNumPrecreate{{
    .key = "table.auto-partition.num-precreate",
    .type = ConfigType::kInt,
    .default_value = "2",
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "Future partitions created ahead.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kTableAutoPartitionNumRetention{{
    .key = "table.auto-partition.num-retention",
    .type = ConfigType::kInt,
    .default_value = "7",
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "Past partitions kept.",
}};

constinit const ConfigOption<std::chrono::milliseconds> ConfigOptions::kTableLogTtl{{
    .key = "table.log.ttl",
    .type = ConfigType::kDuration,
    .default_value = "7 d",
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "Retention of log segments; 0 or negative keeps them forever.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kTableTieredLogLocalSegments{{
    .key = "table.log.tiered.local-segments",
    .type = ConfigType::kInt,
    .default_value = "2",
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "Segments kept locally once tiered, at least 1.",
}};

constinit const ConfigOption<std::chrono::milliseconds> ConfigOptions::kTableLogLocalTtl{{
    .key = "table.log.local-ttl",
    .type = ConfigType::kDuration,
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "Retention of local segments when tiered; table.log.ttl when unset.",
}};

constinit const ConfigOption<bool> ConfigOptions::kTableDatalakeEnabled{{
    .key = "table.datalake.enabled",
    .type = ConfigType::kBool,
    .default_value = "false",
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "Whether the table is tiered to the lakehouse.",
}};

constinit const ConfigOption<bool> ConfigOptions::kTableDatalakeHistoricalPartitionEnabled{{
    .key = "table.datalake.historical-partition.enabled",
    .type = ConfigType::kBool,
    .default_value = "false",
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "Whether lookups on expired partitions fall back to the lake.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kTableDatalakeFormat{{
    .key = "table.datalake.format",
    .type = ConfigType::kEnum,
    .enum_values = kDataLakeFormatValues,
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "Lakehouse format of the table; the cluster's datalake.format when unset.",
}};

constinit const ConfigOption<std::chrono::milliseconds> ConfigOptions::kTableDatalakeFreshness{{
    .key = "table.datalake.freshness",
    .type = ConfigType::kDuration,
    .default_value = "3 min",
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "Target lag of the lake table behind the Fluss table.",
}};

constinit const ConfigOption<bool> ConfigOptions::kTableDatalakeAutoCompaction{{
    .key = "table.datalake.auto-compaction",
    .type = ConfigType::kBool,
    .default_value = "false",
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "Whether tiering compacts the lake table.",
}};

constinit const ConfigOption<bool> ConfigOptions::kTableDatalakeAutoExpireSnapshot{{
    .key = "table.datalake.auto-expire-snapshot",
    .type = ConfigType::kBool,
    .default_value = "false",
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "Whether tiering expires lake snapshots on commit.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kTableMergeEngine{{
    .key = "table.merge-engine",
    .type = ConfigType::kEnum,
    .enum_values = kMergeEngineTypeValues,
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "Merge engine of a primary-key table; last-row when unset.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kTableMergeEngineVersionColumn{{
    .key = "table.merge-engine.versioned.ver-column",
    .type = ConfigType::kString,
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "Version column of the versioned merge engine.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kTableDeleteBehavior{{
    .key = "table.delete.behavior",
    .type = ConfigType::kEnum,
    .default_value = "ALLOW",
    .enum_values = kDeleteBehaviorValues,
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "What deletes do on a primary-key table.",
}};

constinit const ConfigOption<int64_t> ConfigOptions::kTableAutoIncrementCacheSize{{
    .key = "table.auto-increment.cache-size",
    .type = ConfigType::kLong,
    .default_value = "100000",
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "Auto-increment ids reserved per bucket at a time.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kTableChangelogImage{{
    .key = "table.changelog.image",
    .type = ConfigType::kEnum,
    .default_value = "FULL",
    .enum_values = kChangelogImageValues,
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "Changelog mode of a primary-key table (FULL or WAL).",
}};

constinit const ConfigOption<std::string> ConfigOptions::kTableStatisticsColumns{{
    .key = "table.statistics.columns",
    .type = ConfigType::kString,
    .scope = ConfigScope::kTable,
    .section = "table",
    .description = "Columns with batch statistics: * or a column list.",
}};

// --- kv ---

constinit const ConfigOption<std::chrono::milliseconds> ConfigOptions::kKvSnapshotInterval{{
    .key = "kv.snapshot.interval",
    .type = ConfigType::kDuration,
    .default_value = "10 min",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "Period of KV snapshots.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kKvSnapshotSchedulerThreadNum{{
    .key = "kv.snapshot.scheduler-thread-num",
    .type = ConfigType::kInt,
    .default_value = "1",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "Threads scheduling KV snapshots.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kKvFlushThreadNum{{
    .key = "kv.flush.thread-num",
    .type = ConfigType::kInt,
    .default_value = "10",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "Threads flushing primary-key writes to the KV store.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kKvSnapshotTransferThreadNum{{
    .key = "kv.snapshot.transfer-thread-num",
    .type = ConfigType::kInt,
    .default_value = "4",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .deprecated = true,
    .description = "Deprecated: KV snapshot transfer threads; use server.io-pool.size.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kKvMaxRetainedSnapshots{{
    .key = "kv.snapshot.num-retained",
    .type = ConfigType::kInt,
    .default_value = "2",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "Completed KV snapshots kept.",
}};

constinit const ConfigOption<std::chrono::milliseconds>
    ConfigOptions::kKvSnapshotLeaseExpirationCheckInterval{{
        .key = "kv.snapshot.lease.expiration-check-interval",
        .type = ConfigType::kDuration,
        .default_value = "10 min",
        .scope = ConfigScope::kServer,
        .section = "kv",
        .description = "Period of the KV snapshot lease expiry check.",
    }};

constinit const ConfigOption<int32_t> ConfigOptions::kKvMaxBackgroundThreads{{
    .key = "kv.rocksdb.thread.num",
    .type = ConfigType::kInt,
    .default_value = "2",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "RocksDB background flush and compaction jobs per bucket.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kKvMaxOpenFiles{{
    .key = "kv.rocksdb.files.open",
    .type = ConfigType::kInt,
    .default_value = "-1",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "RocksDB open files per bucket; -1 is unlimited.",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kKvLogMaxFileSize{{
    .key = "kv.rocksdb.log.max-file-size",
    .type = ConfigType::kMemorySize,
    .default_value = "25mb",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "Size at which the RocksDB info log rolls; 0 means one file.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kKvLogFileNum{{
    .key = "kv.rocksdb.log.file-num",
    .type = ConfigType::kInt,
    .default_value = "4",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "RocksDB info log files kept.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kKvLogDir{{
    .key = "kv.rocksdb.log.dir",
    .type = ConfigType::kString,
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "Directory of the RocksDB info log.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kKvLogLevel{{
    .key = "kv.rocksdb.log.level",
    .type = ConfigType::kEnum,
    .default_value = "INFO_LEVEL",
    .enum_values = kInfoLogLevelValues,
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "Level of the RocksDB info log.",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kKvWriteBatchSize{{
    .key = "kv.rocksdb.write-batch-size",
    .type = ConfigType::kMemorySize,
    .default_value = "2mb",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "Memory of a RocksDB write batch; 0 flushes by count only.",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kKvSharedRateLimiterBytesPerSec{{
    .key = "kv.rocksdb.shared-rate-limiter.bytes-per-sec",
    .type = ConfigType::kMemorySize,
    .default_value = "9223372036854775807b",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "Flush and compaction rate shared by all RocksDB instances of the server.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kKvCompactionStyle{{
    .key = "kv.rocksdb.compaction.style",
    .type = ConfigType::kEnum,
    .default_value = "LEVEL",
    .enum_values = kCompactionStyleValues,
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "RocksDB compaction style.",
}};

constinit const ConfigOption<bool> ConfigOptions::kKvUseDynamicLevelSize{{
    .key = "kv.rocksdb.compaction.level.use-dynamic-size",
    .type = ConfigType::kBool,
    .default_value = "false",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "Whether RocksDB sizes levels dynamically.",
}};

constinit const ConfigOption<std::vector<std::string>> ConfigOptions::kKvCompressionPerLevel{{
    .key = "kv.rocksdb.compression.per.level",
    .type = ConfigType::kEnum,
    .is_list = true,
    .default_value = "LZ4,LZ4,LZ4,LZ4,LZ4,ZSTD,ZSTD",
    .enum_values = kKvCompressionTypeValues,
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "RocksDB compression per level, comma-separated.",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kKvTargetFileSizeBase{{
    .key = "kv.rocksdb.compaction.level.target-file-size-base",
    .type = ConfigType::kMemorySize,
    .default_value = "64mb",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "Target SST file size at level 1.",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kKvMaxSizeLevelBase{{
    .key = "kv.rocksdb.compaction.level.max-size-level-base",
    .type = ConfigType::kMemorySize,
    .default_value = "256mb",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "Total size of the base level.",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kKvWriteBufferSize{{
    .key = "kv.rocksdb.writebuffer.size",
    .type = ConfigType::kMemorySize,
    .default_value = "64mb",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "Size of one RocksDB memtable.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kKvMaxWriteBufferNumber{{
    .key = "kv.rocksdb.writebuffer.count",
    .type = ConfigType::kInt,
    .default_value = "2",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "Memtables kept in memory.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kKvMinWriteBufferNumberToMerge{{
    .key = "kv.rocksdb.writebuffer.number-to-merge",
    .type = ConfigType::kInt,
    .default_value = "1",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "Memtables merged before a flush.",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kKvBlockSize{{
    .key = "kv.rocksdb.block.blocksize",
    .type = ConfigType::kMemorySize,
    .default_value = "4kb",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "Data block size of SST files.",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kKvMetadataBlockSize{{
    .key = "kv.rocksdb.block.metadata-blocksize",
    .type = ConfigType::kMemorySize,
    .default_value = "4kb",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "Block size of partitioned index metadata.",
}};

constinit const ConfigOption<MemorySize> ConfigOptions::kKvBlockCacheSize{{
    .key = "kv.rocksdb.block.cache-size",
    .type = ConfigType::kMemorySize,
    .default_value = "8mb",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "Size of the RocksDB block cache.",
}};

constinit const ConfigOption<bool> ConfigOptions::kKvUseBloomFilter{{
    .key = "kv.rocksdb.use-bloom-filter",
    .type = ConfigType::kBool,
    .default_value = "true",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "Whether SST files get Bloom filters.",
}};

constinit const ConfigOption<double> ConfigOptions::kKvBloomFilterBitsPerKey{{
    .key = "kv.rocksdb.bloom-filter.bits-per-key",
    .type = ConfigType::kDouble,
    .default_value = "10.0",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "Bloom filter bits per key.",
}};

constinit const ConfigOption<bool> ConfigOptions::kKvBloomFilterBlockBasedMode{{
    .key = "kv.rocksdb.bloom-filter.block-based-mode",
    .type = ConfigType::kBool,
    .default_value = "false",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "Whether Bloom filters are block-based instead of full.",
}};

constinit const ConfigOption<bool> ConfigOptions::kKvCacheIndexAndFilterBlocks{{
    .key = "kv.rocksdb.block.cache-index-and-filter-blocks",
    .type = ConfigType::kBool,
    .default_value = "false",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "Whether index and filter blocks live in the block cache.",
}};

constinit const ConfigOption<bool> ConfigOptions::kKvCacheIndexAndFilterBlocksWithHighPriority{{
    .key = "kv.rocksdb.block.cache-index-and-filter-blocks-with-high-priority",
    .type = ConfigType::kBool,
    .default_value = "false",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "Whether cached index and filter blocks get high priority.",
}};

constinit const ConfigOption<bool> ConfigOptions::kKvPinL0FilterAndIndexBlocksInCache{{
    .key = "kv.rocksdb.block.pin-l0-filter-and-index-blocks-in-cache",
    .type = ConfigType::kBool,
    .default_value = "false",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "Whether level-0 index and filter blocks stay pinned in the cache.",
}};

constinit const ConfigOption<bool> ConfigOptions::kKvPinTopLevelIndexAndFilter{{
    .key = "kv.rocksdb.block.pin-top-level-index-and-filter",
    .type = ConfigType::kBool,
    .default_value = "false",
    .scope = ConfigScope::kServer,
    .section = "kv",
    .description = "Whether top-level partitioned index and filter blocks stay pinned.",
}};

// --- kv recovery ---

constinit const ConfigOption<MemorySize> ConfigOptions::kKvRecoverLogRecordBatchMaxSize{{
    .key = "kv.recover.log-record-batch.max-size",
    .type = ConfigType::kMemorySize,
    .default_value = "16mb",
    .scope = ConfigScope::kServer,
    .section = "kv recovery",
    .description = "Fetch size when replaying the log into the KV store on recovery.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kKvRecoveryRemoteLogPrefetchNum{{
    .key = "kv.recover.remote-log.prefetch-num",
    .type = ConfigType::kInt,
    .default_value = "4",
    .scope = ConfigScope::kServer,
    .section = "kv recovery",
    .description = "Remote segments downloaded ahead during KV recovery.",
}};

constinit const ConfigOption<int32_t> ConfigOptions::kKvRecoveryRemoteLogDownloadThreads{{
    .key = "kv.recover.remote-log.download-threads",
    .type = ConfigType::kInt,
    .default_value = "3",
    .scope = ConfigScope::kServer,
    .section = "kv recovery",
    .description = "Threads downloading remote segments during KV recovery.",
}};

// --- kv backpressure ---

constinit const ConfigOption<int32_t> ConfigOptions::kKvBackpressureL0SlowdownTrigger{{
    .key = "kv.backpressure.l0-slowdown-trigger",
    .type = ConfigType::kInt,
    .default_value = "8",
    .scope = ConfigScope::kServer,
    .section = "kv backpressure",
    .description = "Level-0 file count at which writers get backpressure.",
}};

// --- metrics ---

constinit const ConfigOption<std::vector<std::string>> ConfigOptions::kMetricsReporters{{
    .key = "metrics.reporters",
    .type = ConfigType::kString,
    .is_list = true,
    .scope = ConfigScope::kServer,
    .section = "metrics",
    .description = "Metric reporters to start.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kMetricsReporterPrometheusPort{{
    .key = "metrics.reporter.prometheus.port",
    .type = ConfigType::kString,
    .default_value = "9249",
    .scope = ConfigScope::kServer,
    .section = "metrics",
    .description = "Port (or range) of the Prometheus reporter.",
}};

// --- prometheus push gateway reporter ---

constinit const ConfigOption<std::string>
    ConfigOptions::kMetricsReporterPrometheusPushgatewayHostUrl{{
        .key = "metrics.reporter.prometheus-push.host-url",
        .type = ConfigType::kString,
        .scope = ConfigScope::kServer,
        .section = "prometheus push gateway reporter",
        .description = "PushGateway URL.",
    }};

constinit const ConfigOption<std::string>
    ConfigOptions::kMetricsReporterPrometheusPushgatewayJobName{{
        .key = "metrics.reporter.prometheus-push.job-name",
        .type = ConfigType::kString,
        .scope = ConfigScope::kServer,
        .section = "prometheus push gateway reporter",
        .description = "Job name for pushed metrics.",
    }};

constinit const ConfigOption<bool>
    ConfigOptions::kMetricsReporterPrometheusPushgatewayRandomJobNameSuffix{{
        .key = "metrics.reporter.prometheus-push.random-job-name-suffix",
        .type = ConfigType::kBool,
        .default_value = "true",
        .scope = ConfigScope::kServer,
        .section = "prometheus push gateway reporter",
        .description = "Whether a random suffix is added to the job name.",
    }};

constinit const ConfigOption<bool>
    ConfigOptions::kMetricsReporterPrometheusPushgatewayDeleteOnShutdown{{
        .key = "metrics.reporter.prometheus-push.delete-on-shutdown",
        .type = ConfigType::kBool,
        .default_value = "true",
        .scope = ConfigScope::kServer,
        .section = "prometheus push gateway reporter",
        .description = "Whether pushed metrics are deleted on shutdown.",
    }};

constinit const ConfigOption<std::string>
    ConfigOptions::kMetricsReporterPrometheusPushgatewayGroupingKey{{
        .key = "metrics.reporter.prometheus-push.grouping-key",
        .type = ConfigType::kString,
        .scope = ConfigScope::kServer,
        .section = "prometheus push gateway reporter",
        .description = "Grouping labels, k1=v1;k2=v2.",
    }};

constinit const ConfigOption<std::chrono::milliseconds>
    ConfigOptions::kMetricsReporterPrometheusPushgatewayPushInterval{{
        .key = "metrics.reporter.prometheus-push.push-interval",
        .type = ConfigType::kDuration,
        .default_value = "10 s",
        .scope = ConfigScope::kServer,
        .section = "prometheus push gateway reporter",
        .description = "Period of pushes to the PushGateway.",
    }};

constinit const ConfigOption<std::string>
    ConfigOptions::kMetricsReporterPrometheusPushgatewayUsername{{
        .key = "metrics.reporter.prometheus-push.username",
        .type = ConfigType::kString,
        .scope = ConfigScope::kServer,
        .section = "prometheus push gateway reporter",
        .description = "PushGateway basic-auth user.",
    }};

constinit const ConfigOption<Password> ConfigOptions::kMetricsReporterPrometheusPushgatewayPassword{
    {
        .key = "metrics.reporter.prometheus-push.password",
        .type = ConfigType::kPassword,
        .scope = ConfigScope::kServer,
        .section = "prometheus push gateway reporter",
        .description = "PushGateway basic-auth password.",
    }};

// --- jmx reporter ---

constinit const ConfigOption<std::string> ConfigOptions::kMetricsReporterJmxHost{{
    .key = "metrics.reporter.jmx.port",
    .type = ConfigType::kString,
    .scope = ConfigScope::kServer,
    .section = "jmx reporter",
    .description = "Port (or range) of the JMX server; none when unset (JVM only).",
}};

// --- influxdb reporter ---

constinit const ConfigOption<std::string> ConfigOptions::kMetricsReporterInfluxdbVersion{{
    .key = "metrics.reporter.influxdb.version",
    .type = ConfigType::kString,
    .default_value = "v3",
    .scope = ConfigScope::kServer,
    .section = "influxdb reporter",
    .description = "InfluxDB version, v2 or v3.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kMetricsReporterInfluxdbHostUrl{{
    .key = "metrics.reporter.influxdb.host-url",
    .type = ConfigType::kString,
    .scope = ConfigScope::kServer,
    .section = "influxdb reporter",
    .description = "InfluxDB URL.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kMetricsReporterInfluxdbBucket{{
    .key = "metrics.reporter.influxdb.bucket",
    .type = ConfigType::kString,
    .fallback_keys = kMetricsReporterInfluxdbBucketFallbacks,
    .scope = ConfigScope::kServer,
    .section = "influxdb reporter",
    .description = "InfluxDB bucket or database.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kMetricsReporterInfluxdbOrg{{
    .key = "metrics.reporter.influxdb.org",
    .type = ConfigType::kString,
    .scope = ConfigScope::kServer,
    .section = "influxdb reporter",
    .description = "InfluxDB organization (v2 only).",
}};

constinit const ConfigOption<std::string> ConfigOptions::kMetricsReporterInfluxdbToken{{
    .key = "metrics.reporter.influxdb.token",
    .type = ConfigType::kString,
    .scope = ConfigScope::kServer,
    .section = "influxdb reporter",
    .description = "InfluxDB token.",
}};

constinit const ConfigOption<std::chrono::milliseconds>
    ConfigOptions::kMetricsReporterInfluxdbPushInterval{{
        .key = "metrics.reporter.influxdb.push-interval",
        .type = ConfigType::kDuration,
        .default_value = "10 s",
        .scope = ConfigScope::kServer,
        .section = "influxdb reporter",
        .description = "Period of pushes to InfluxDB.",
    }};

// --- lakehouse storage ---

constinit const ConfigOption<bool> ConfigOptions::kDatalakeEnabled{{
    .key = "datalake.enabled",
    .type = ConfigType::kBool,
    .scope = ConfigScope::kServer,
    .section = "lakehouse storage",
    .description = "Whether the cluster manages lakehouse tables; unset keeps the legacy rule (a "
                   "format enables it).",
}};

constinit const ConfigOption<std::string> ConfigOptions::kDatalakeFormat{{
    .key = "datalake.format",
    .type = ConfigType::kEnum,
    .enum_values = kDataLakeFormatValues,
    .scope = ConfigScope::kServer,
    .section = "lakehouse storage",
    .description = "Lakehouse format of the cluster.",
}};

// --- tiering service ---

constinit const ConfigOption<bool> ConfigOptions::kLakeTieringAutoExpireSnapshot{{
    .key = "lake.tiering.auto-expire-snapshot",
    .type = ConfigType::kBool,
    .default_value = "false",
    .scope = ConfigScope::kServer,
    .section = "tiering service",
    .description = "Whether tiering always expires lake snapshots on commit.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kLakeTieringIoTmpDirs{{
    .key = "lake.tiering.io.tmp.dirs",
    .type = ConfigType::kString,
    .scope = ConfigScope::kServer,
    .section = "tiering service",
    .description = "Temporary directories of the tiering service.",
}};

// --- fluss kafka ---

constinit const ConfigOption<bool> ConfigOptions::kKafkaEnabled{{
    .key = "kafka.enabled",
    .type = ConfigType::kBool,
    .default_value = "false",
    .scope = ConfigScope::kServer,
    .section = "fluss kafka",
    .description = "Whether the Kafka protocol is served.",
}};

constinit const ConfigOption<std::vector<std::string>> ConfigOptions::kKafkaListenerNames{{
    .key = "kafka.listener.names",
    .type = ConfigType::kString,
    .is_list = true,
    .default_value = "KAFKA",
    .scope = ConfigScope::kServer,
    .section = "fluss kafka",
    .description = "Listeners speaking the Kafka protocol.",
}};

constinit const ConfigOption<std::string> ConfigOptions::kKafkaDatabase{{
    .key = "kafka.database",
    .type = ConfigType::kString,
    .default_value = "kafka",
    .scope = ConfigScope::kServer,
    .section = "fluss kafka",
    .description = "Database holding Kafka topics.",
}};

constinit const ConfigOption<std::chrono::milliseconds> ConfigOptions::kKafkaConnectionMaxIdleTime{{
    .key = "kafka.connection.max-idle-time",
    .type = ConfigType::kDuration,
    .default_value = "60 s",
    .scope = ConfigScope::kServer,
    .section = "fluss kafka",
    .description = "Idle time after which a Kafka connection is closed.",
}};

namespace {

constinit const ConfigOptionDef* const kAllOptions[] = {
    &ConfigOptions::kConfigProviders,
    &ConfigOptions::kDefaultBucketNumber,
    &ConfigOptions::kDefaultReplicationFactor,
    &ConfigOptions::kRemoteDataDir,
    &ConfigOptions::kRemoteDataDirs,
    &ConfigOptions::kRemoteDataDirsStrategy,
    &ConfigOptions::kRemoteDataDirsWeights,
    &ConfigOptions::kRemoteFsWriteBufferSize,
    &ConfigOptions::kPluginAlwaysParentFirstLoaderPatterns,
    &ConfigOptions::kPluginAlwaysParentFirstLoaderPatternsAdditional,
    &ConfigOptions::kAutoPartitionCheckInterval,
    &ConfigOptions::kCoordinatorLifecycleThrottlerInflightTimeout,
    &ConfigOptions::kCoordinatorLifecycleThrottlerTimeoutCheckInterval,
    &ConfigOptions::kCoordinatorOfflineLeaderRetryDelay,
    &ConfigOptions::kLogTableAllowCreation,
    &ConfigOptions::kKvTableAllowCreation,
    &ConfigOptions::kMaxPartitionNum,
    &ConfigOptions::kAclNotificationExpirationTime,
    &ConfigOptions::kAuthorizerEnabled,
    &ConfigOptions::kAuthorizerType,
    &ConfigOptions::kSuperUsers,
    &ConfigOptions::kSecurityAclPrincipalIgnoreCase,
    &ConfigOptions::kMaxBucketNum,
    &ConfigOptions::kKvLeaderReplicaMemoryReserved,
    &ConfigOptions::kBindListeners,
    &ConfigOptions::kAdvertisedListeners,
    &ConfigOptions::kInternalListenerName,
    &ConfigOptions::kServerSaslEnabledMechanismsConfig,
    &ConfigOptions::kServerIoPoolSize,
    &ConfigOptions::kServerIoTmpDir,
    &ConfigOptions::kServerHistoricalPartitionThreadPoolMaxSize,
    &ConfigOptions::kServerHistoricalPartitionLookupCacheMaxDiskRatio,
    &ConfigOptions::kServerHistoricalPartitionLookuperCacheExpireAfterAccess,
    &ConfigOptions::kServerDataDiskWriteLimitRatio,
    &ConfigOptions::kServerDataDiskWriteRecoverRatio,
    &ConfigOptions::kServerDataDiskCheckInterval,
    &ConfigOptions::kCoordinatorHost,
    &ConfigOptions::kCoordinatorPort,
    &ConfigOptions::kCoordinatorIoPoolSize,
    &ConfigOptions::kCoordinatorProducerOffsetsTtl,
    &ConfigOptions::kCoordinatorProducerOffsetsCleanupInterval,
    &ConfigOptions::kTabletServerHost,
    &ConfigOptions::kTabletServerPort,
    &ConfigOptions::kServerSecurityProtocolMap,
    &ConfigOptions::kServerSaslCredentials,
    &ConfigOptions::kServerSaslPlainJaasConfig,
    &ConfigOptions::kTabletServerId,
    &ConfigOptions::kTabletServerRack,
    &ConfigOptions::kTabletServerAdvertisedResourceCpuCores,
    &ConfigOptions::kTabletServerAdvertisedResourceMemorySize,
    &ConfigOptions::kDataDir,
    &ConfigOptions::kDataDirs,
    &ConfigOptions::kWriterIdExpirationTime,
    &ConfigOptions::kWriterIdExpirationCheckInterval,
    &ConfigOptions::kKvScannerTtl,
    &ConfigOptions::kKvScannerExpirationInterval,
    &ConfigOptions::kKvScannerMaxPerBucket,
    &ConfigOptions::kKvScannerMaxPerServer,
    &ConfigOptions::kKvScannerMaxBatchSize,
    &ConfigOptions::kTabletServerControlledShutdownMaxRetries,
    &ConfigOptions::kTabletServerControlledShutdownRetryInterval,
    &ConfigOptions::kBackgroundThreads,
    &ConfigOptions::kServerBufferMemorySize,
    &ConfigOptions::kServerBufferPageSize,
    &ConfigOptions::kServerBufferPerRequestMemorySize,
    &ConfigOptions::kServerBufferPoolWaitTimeout,
    &ConfigOptions::kZookeeperAddress,
    &ConfigOptions::kZookeeperRoot,
    &ConfigOptions::kZookeeperMaxInflightRequests,
    &ConfigOptions::kZookeeperSessionTimeout,
    &ConfigOptions::kZookeeperConnectionTimeout,
    &ConfigOptions::kZookeeperRetryWait,
    &ConfigOptions::kZookeeperMaxRetryAttempts,
    &ConfigOptions::kZookeeperTolerateSuspendedConnections,
    &ConfigOptions::kZookeeperEnsembleTracking,
    &ConfigOptions::kZookeeperConfigPath,
    &ConfigOptions::kZookeeperMaxBufferSize,
    &ConfigOptions::kLogSegmentFileSize,
    &ConfigOptions::kLogIndexFileSize,
    &ConfigOptions::kLogIndexIntervalSize,
    &ConfigOptions::kLogFilePreallocate,
    &ConfigOptions::kLogFlushIntervalMessages,
    &ConfigOptions::kLogFlushOffsetCheckpointInterval,
    &ConfigOptions::kLogRetentionCheckInterval,
    &ConfigOptions::kLogRetentionRollActiveSegmentEnabled,
    &ConfigOptions::kLogReplicaHighWatermarkCheckpointInterval,
    &ConfigOptions::kLogReplicaMaxLagTime,
    &ConfigOptions::kLogReplicaWriteOperationPurgeNumber,
    &ConfigOptions::kLogReplicaFetchOperationPurgeNumber,
    &ConfigOptions::kLogReplicaFetcherNumber,
    &ConfigOptions::kLogReplicaFetchBackoffInterval,
    &ConfigOptions::kLogReplicaFetchMaxBytes,
    &ConfigOptions::kLogReplicaFetchMaxBytesForBucket,
    &ConfigOptions::kLogReplicaFetchWaitMaxTime,
    &ConfigOptions::kLogReplicaFetchMinBytes,
    &ConfigOptions::kLogReplicaMinInSyncReplicasNumber,
    &ConfigOptions::kRemoteLogTaskIntervalDuration,
    &ConfigOptions::kRemoteLogTaskMaxUploadSegments,
    &ConfigOptions::kRemoteLogIndexFileCacheSize,
    &ConfigOptions::kRemoteLogManagerThreadPoolSize,
    &ConfigOptions::kRemoteLogDataTransferThreadNum,
    &ConfigOptions::kNettyServerNumNetworkThreads,
    &ConfigOptions::kNettyServerNumWorkerThreads,
    &ConfigOptions::kNettyServerMaxQueuedRequests,
    &ConfigOptions::kNettyServerMaxQueuedHistoricalRequests,
    &ConfigOptions::kNettyServerMaxRequestSize,
    &ConfigOptions::kNettyConnectionMaxIdleTime,
    &ConfigOptions::kNettyClientNumNetworkThreads,
    &ConfigOptions::kNettyClientAllocatorHeapBufferFirst,
    &ConfigOptions::kClientId,
    &ConfigOptions::kClientConnectTimeout,
    &ConfigOptions::kBootstrapServers,
    &ConfigOptions::kClientWriterBufferMemorySize,
    &ConfigOptions::kClientWriterBufferPageSize,
    &ConfigOptions::kClientWriterPerRequestMemorySize,
    &ConfigOptions::kClientWriterBufferWaitTimeout,
    &ConfigOptions::kClientWriterBatchSize,
    &ConfigOptions::kClientWriterDynamicBatchSizeEnabled,
    &ConfigOptions::kClientWriterBatchTimeout,
    &ConfigOptions::kClientWriterBucketNoKeyAssigner,
    &ConfigOptions::kClientWriterAcks,
    &ConfigOptions::kClientWriterRequestMaxSize,
    &ConfigOptions::kClientWriterRetries,
    &ConfigOptions::kClientWriterEnableIdempotence,
    &ConfigOptions::kClientWriterMaxInflightRequestsPerBucket,
    &ConfigOptions::kClientWriterDynamicCreatePartitionEnabled,
    &ConfigOptions::kClientWriterKvBackpressureMaxThrottle,
    &ConfigOptions::kClientRequestTimeout,
    &ConfigOptions::kClientScannerLogCheckCrc,
    &ConfigOptions::kClientScannerLogMaxPollRecords,
    &ConfigOptions::kClientSecurityProtocol,
    &ConfigOptions::kClientSecurityEnablePluginDiscovery,
    &ConfigOptions::kClientScannerLogFetchMaxBytes,
    &ConfigOptions::kClientScannerLogFetchMaxBytesForBucket,
    &ConfigOptions::kClientScannerLogFetchWaitMaxTime,
    &ConfigOptions::kClientScannerLogFetchMinBytes,
    &ConfigOptions::kClientScannerKvFetchMaxBytes,
    &ConfigOptions::kClientScannerKvBatchStrategy,
    &ConfigOptions::kClientLookupQueueSize,
    &ConfigOptions::kClientLookupMaxBatchSize,
    &ConfigOptions::kClientLookupMaxInflightSize,
    &ConfigOptions::kClientLookupBatchTimeout,
    &ConfigOptions::kClientLookupMaxRetries,
    &ConfigOptions::kClientScannerRemoteLogPrefetchNum,
    &ConfigOptions::kClientScannerLogReadPreference,
    &ConfigOptions::kClientScannerIoTmpDir,
    &ConfigOptions::kRemoteFileDownloadThreadNum,
    &ConfigOptions::kFilesystemSecurityTokenRenewalRetryBackoff,
    &ConfigOptions::kFilesystemSecurityTokenRenewalTimeRatio,
    &ConfigOptions::kClientMetricsEnabled,
    &ConfigOptions::kClientSaslMechanism,
    &ConfigOptions::kClientSaslJaasConfig,
    &ConfigOptions::kClientSaslJaasUsername,
    &ConfigOptions::kClientSaslJaasPassword,
    &ConfigOptions::kTableReplicationFactor,
    &ConfigOptions::kTableLogFormat,
    &ConfigOptions::kTableLogArrowCompressionType,
    &ConfigOptions::kTableLogArrowCompressionZstdLevel,
    &ConfigOptions::kTableKvFormat,
    &ConfigOptions::kTableKvFormatVersion,
    &ConfigOptions::kTableKvStandbyReplicaEnabled,
    &ConfigOptions::kTableAutoPartitionEnabled,
    &ConfigOptions::kTableAutoPartitionKey,
    &ConfigOptions::kTableAutoPartitionTimeUnit,
    &ConfigOptions::kTableAutoPartitionTimeFormat,
    &ConfigOptions::kTableAutoPartitionTimezone,
    &ConfigOptions::kTableAutoPartitionNumPrecreate,
    &ConfigOptions::kTableAutoPartitionNumRetention,
    &ConfigOptions::kTableLogTtl,
    &ConfigOptions::kTableTieredLogLocalSegments,
    &ConfigOptions::kTableLogLocalTtl,
    &ConfigOptions::kTableDatalakeEnabled,
    &ConfigOptions::kTableDatalakeHistoricalPartitionEnabled,
    &ConfigOptions::kTableDatalakeFormat,
    &ConfigOptions::kTableDatalakeFreshness,
    &ConfigOptions::kTableDatalakeAutoCompaction,
    &ConfigOptions::kTableDatalakeAutoExpireSnapshot,
    &ConfigOptions::kTableMergeEngine,
    &ConfigOptions::kTableMergeEngineVersionColumn,
    &ConfigOptions::kTableDeleteBehavior,
    &ConfigOptions::kTableAutoIncrementCacheSize,
    &ConfigOptions::kTableChangelogImage,
    &ConfigOptions::kTableStatisticsColumns,
    &ConfigOptions::kKvSnapshotInterval,
    &ConfigOptions::kKvSnapshotSchedulerThreadNum,
    &ConfigOptions::kKvFlushThreadNum,
    &ConfigOptions::kKvSnapshotTransferThreadNum,
    &ConfigOptions::kKvMaxRetainedSnapshots,
    &ConfigOptions::kKvSnapshotLeaseExpirationCheckInterval,
    &ConfigOptions::kKvMaxBackgroundThreads,
    &ConfigOptions::kKvMaxOpenFiles,
    &ConfigOptions::kKvLogMaxFileSize,
    &ConfigOptions::kKvLogFileNum,
    &ConfigOptions::kKvLogDir,
    &ConfigOptions::kKvLogLevel,
    &ConfigOptions::kKvWriteBatchSize,
    &ConfigOptions::kKvSharedRateLimiterBytesPerSec,
    &ConfigOptions::kKvCompactionStyle,
    &ConfigOptions::kKvUseDynamicLevelSize,
    &ConfigOptions::kKvCompressionPerLevel,
    &ConfigOptions::kKvTargetFileSizeBase,
    &ConfigOptions::kKvMaxSizeLevelBase,
    &ConfigOptions::kKvWriteBufferSize,
    &ConfigOptions::kKvMaxWriteBufferNumber,
    &ConfigOptions::kKvMinWriteBufferNumberToMerge,
    &ConfigOptions::kKvBlockSize,
    &ConfigOptions::kKvMetadataBlockSize,
    &ConfigOptions::kKvBlockCacheSize,
    &ConfigOptions::kKvUseBloomFilter,
    &ConfigOptions::kKvBloomFilterBitsPerKey,
    &ConfigOptions::kKvBloomFilterBlockBasedMode,
    &ConfigOptions::kKvCacheIndexAndFilterBlocks,
    &ConfigOptions::kKvCacheIndexAndFilterBlocksWithHighPriority,
    &ConfigOptions::kKvPinL0FilterAndIndexBlocksInCache,
    &ConfigOptions::kKvPinTopLevelIndexAndFilter,
    &ConfigOptions::kKvRecoverLogRecordBatchMaxSize,
    &ConfigOptions::kKvRecoveryRemoteLogPrefetchNum,
    &ConfigOptions::kKvRecoveryRemoteLogDownloadThreads,
    &ConfigOptions::kKvBackpressureL0SlowdownTrigger,
    &ConfigOptions::kMetricsReporters,
    &ConfigOptions::kMetricsReporterPrometheusPort,
    &ConfigOptions::kMetricsReporterPrometheusPushgatewayHostUrl,
    &ConfigOptions::kMetricsReporterPrometheusPushgatewayJobName,
    &ConfigOptions::kMetricsReporterPrometheusPushgatewayRandomJobNameSuffix,
    &ConfigOptions::kMetricsReporterPrometheusPushgatewayDeleteOnShutdown,
    &ConfigOptions::kMetricsReporterPrometheusPushgatewayGroupingKey,
    &ConfigOptions::kMetricsReporterPrometheusPushgatewayPushInterval,
    &ConfigOptions::kMetricsReporterPrometheusPushgatewayUsername,
    &ConfigOptions::kMetricsReporterPrometheusPushgatewayPassword,
    &ConfigOptions::kMetricsReporterJmxHost,
    &ConfigOptions::kMetricsReporterInfluxdbVersion,
    &ConfigOptions::kMetricsReporterInfluxdbHostUrl,
    &ConfigOptions::kMetricsReporterInfluxdbBucket,
    &ConfigOptions::kMetricsReporterInfluxdbOrg,
    &ConfigOptions::kMetricsReporterInfluxdbToken,
    &ConfigOptions::kMetricsReporterInfluxdbPushInterval,
    &ConfigOptions::kDatalakeEnabled,
    &ConfigOptions::kDatalakeFormat,
    &ConfigOptions::kLakeTieringAutoExpireSnapshot,
    &ConfigOptions::kLakeTieringIoTmpDirs,
    &ConfigOptions::kKafkaEnabled,
    &ConfigOptions::kKafkaListenerNames,
    &ConfigOptions::kKafkaDatabase,
    &ConfigOptions::kKafkaConnectionMaxIdleTime,
};

// Levenshtein distance, two rows.
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t substitute = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, substitute});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::span<const ConfigOptionDef* const> ConfigOptions::all() { return kAllOptions; }

const ConfigOptionDef* ConfigOptions::find(std::string_view key) {
  for (const ConfigOptionDef* option : kAllOptions) {
    if (option->key == key) return option;
  }
  return nullptr;
}

const ConfigOptionDef* ConfigOptions::find_by_fallback_key(std::string_view key) {
  for (const ConfigOptionDef* option : kAllOptions) {
    for (const FallbackKey& fallback : option->fallback_keys) {
      if (fallback.key == key) return option;
    }
  }
  return nullptr;
}

std::optional<std::string_view> ConfigOptions::closest_key(std::string_view key,
                                                           std::optional<ConfigScope> scope) {
  // Typos in keys of 20-40 characters are a few edits away; anything further is
  // more likely a different key than a misspelling.
  const size_t max_distance = std::max<size_t>(2, key.size() / 6);
  std::optional<std::string_view> best;
  size_t best_distance = max_distance + 1;
  for (const ConfigOptionDef* option : kAllOptions) {
    if (scope && option->scope != *scope) continue;
    const size_t distance = edit_distance(key, option->key);
    if (distance < best_distance) {
      best = option->key;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace fluss
