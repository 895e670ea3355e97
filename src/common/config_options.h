// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "common/config_option.h"

namespace fluss {

// Every option of Apache Fluss's ConfigOptions.java that fluss-cpp knows, with the
// exact key, type and default, grouped by the Java file's sections. The catalogue
// itself is the table in config_options.cc; keys and defaults are summarized in
// docs/configuration.md. All members are constant-initialized, so they may be used
// from other static initializers.
struct ConfigOptions {
  // Fluss's DEFAULT_LISTENER_NAME.
  static constexpr std::string_view kDefaultListenerName = "FLUSS";
  // Fluss's CURRENT_KV_FORMAT_VERSION.
  static constexpr int32_t kCurrentKvFormatVersion = 2;

  // All options, in the order of ConfigOptions.java.
  static std::span<const ConfigOptionDef* const> all();
  // The option whose key is `key`, or null.
  static const ConfigOptionDef* find(std::string_view key);
  // The option that reads `key` as one of its fallback or deprecated keys, or null.
  static const ConfigOptionDef* find_by_fallback_key(std::string_view key);
  // The known key closest to `key` by edit distance, if close enough to be a
  // plausible typo ("log.segment.filesize" -> "log.segment.file-size"). Only keys
  // of `scope` are considered when it is given.
  static std::optional<std::string_view> closest_key(std::string_view key,
                                                     std::optional<ConfigScope> scope = {});

  // --- cluster ---
  // config.providers
  static const ConfigOption<std::vector<std::string>> kConfigProviders;
  // default.bucket.number
  static const ConfigOption<int32_t> kDefaultBucketNumber;
  // default.replication.factor
  static const ConfigOption<int32_t> kDefaultReplicationFactor;
  // remote.data.dir
  static const ConfigOption<std::string> kRemoteDataDir;
  // remote.data.dirs
  static const ConfigOption<std::vector<std::string>> kRemoteDataDirs;
  // remote.data.dirs.strategy
  static const ConfigOption<std::string> kRemoteDataDirsStrategy;
  // remote.data.dirs.weights
  static const ConfigOption<std::vector<int32_t>> kRemoteDataDirsWeights;
  // remote.fs.write-buffer-size
  static const ConfigOption<MemorySize> kRemoteFsWriteBufferSize;
  // plugin.classloader.parent-first-patterns.default
  static const ConfigOption<std::vector<std::string>> kPluginAlwaysParentFirstLoaderPatterns;
  // plugin.classloader.parent-first-patterns.additional
  static const ConfigOption<std::vector<std::string>>
      kPluginAlwaysParentFirstLoaderPatternsAdditional;
  // auto-partition.check.interval
  static const ConfigOption<std::chrono::milliseconds> kAutoPartitionCheckInterval;
  // coordinator.lifecycle-throttler.inflight-timeout
  static const ConfigOption<std::chrono::milliseconds>
      kCoordinatorLifecycleThrottlerInflightTimeout;
  // coordinator.lifecycle-throttler.timeout-check-interval
  static const ConfigOption<std::chrono::milliseconds>
      kCoordinatorLifecycleThrottlerTimeoutCheckInterval;
  // coordinator.offline-leader.retry-delay
  static const ConfigOption<std::chrono::milliseconds> kCoordinatorOfflineLeaderRetryDelay;
  // allow.create.log.tables
  static const ConfigOption<bool> kLogTableAllowCreation;
  // allow.create.kv.tables
  static const ConfigOption<bool> kKvTableAllowCreation;
  // max.partition.num
  static const ConfigOption<int32_t> kMaxPartitionNum;
  // acl.notification.expiration-time
  static const ConfigOption<std::chrono::milliseconds> kAclNotificationExpirationTime;
  // authorizer.enabled
  static const ConfigOption<bool> kAuthorizerEnabled;
  // authorizer.type
  static const ConfigOption<std::string> kAuthorizerType;
  // super.users
  static const ConfigOption<std::string> kSuperUsers;
  // security.acl.principal.ignore-case
  static const ConfigOption<bool> kSecurityAclPrincipalIgnoreCase;
  // max.bucket.num
  static const ConfigOption<int32_t> kMaxBucketNum;
  // kv.leader-replica.memory-reserved
  static const ConfigOption<MemorySize> kKvLeaderReplicaMemoryReserved;
  // bind.listeners
  static const ConfigOption<std::string> kBindListeners;
  // advertised.listeners
  static const ConfigOption<std::string> kAdvertisedListeners;
  // internal.listener.name
  static const ConfigOption<std::string> kInternalListenerName;
  // security.sasl.enabled.mechanisms
  static const ConfigOption<std::vector<std::string>> kServerSaslEnabledMechanismsConfig;
  // server.io-pool.size
  static const ConfigOption<int32_t> kServerIoPoolSize;
  // server.io.tmpdir
  static const ConfigOption<std::string> kServerIoTmpDir;
  // server.historical-partition.thread-pool.max-size
  static const ConfigOption<int32_t> kServerHistoricalPartitionThreadPoolMaxSize;
  // server.historical-partition.lookup-cache.max-disk-ratio
  static const ConfigOption<double> kServerHistoricalPartitionLookupCacheMaxDiskRatio;
  // server.historical-partition.lookuper-cache.expire-after-access
  static const ConfigOption<std::chrono::milliseconds>
      kServerHistoricalPartitionLookuperCacheExpireAfterAccess;
  // server.data-disk.write-limit-ratio
  static const ConfigOption<double> kServerDataDiskWriteLimitRatio;
  // server.data-disk.write-recover-ratio
  static const ConfigOption<double> kServerDataDiskWriteRecoverRatio;
  // server.data-disk.check-interval
  static const ConfigOption<std::chrono::milliseconds> kServerDataDiskCheckInterval;

  // --- coordinator server ---
  // coordinator.host
  static const ConfigOption<std::string> kCoordinatorHost;
  // coordinator.port
  static const ConfigOption<std::string> kCoordinatorPort;
  // coordinator.io-pool.size
  static const ConfigOption<int32_t> kCoordinatorIoPoolSize;
  // coordinator.producer-offsets.ttl
  static const ConfigOption<std::chrono::milliseconds> kCoordinatorProducerOffsetsTtl;
  // coordinator.producer-offsets.cleanup-interval
  static const ConfigOption<std::chrono::milliseconds> kCoordinatorProducerOffsetsCleanupInterval;

  // --- tablet server ---
  // tablet-server.host
  static const ConfigOption<std::string> kTabletServerHost;
  // tablet-server.port
  static const ConfigOption<std::string> kTabletServerPort;
  // security.protocol.map
  static const ConfigOption<std::map<std::string, std::string>> kServerSecurityProtocolMap;
  // security.sasl.plain.credentials
  static const ConfigOption<std::map<std::string, std::string>> kServerSaslCredentials;
  // security.sasl.plain.jaas.config
  static const ConfigOption<std::string> kServerSaslPlainJaasConfig;
  // tablet-server.id
  static const ConfigOption<int32_t> kTabletServerId;
  // tablet-server.rack
  static const ConfigOption<std::string> kTabletServerRack;
  // tablet-server.advertised-resource.cpu-cores
  static const ConfigOption<double> kTabletServerAdvertisedResourceCpuCores;
  // tablet-server.advertised-resource.memory-size
  static const ConfigOption<MemorySize> kTabletServerAdvertisedResourceMemorySize;
  // data.dir
  static const ConfigOption<std::string> kDataDir;
  // data.dirs
  static const ConfigOption<std::vector<std::string>> kDataDirs;
  // server.writer-id.expiration-time
  static const ConfigOption<std::chrono::milliseconds> kWriterIdExpirationTime;
  // server.writer-id.expiration-check-interval
  static const ConfigOption<std::chrono::milliseconds> kWriterIdExpirationCheckInterval;
  // kv.scanner.ttl
  static const ConfigOption<std::chrono::milliseconds> kKvScannerTtl;
  // kv.scanner.expiration-interval
  static const ConfigOption<std::chrono::milliseconds> kKvScannerExpirationInterval;
  // kv.scanner.max-per-bucket
  static const ConfigOption<int32_t> kKvScannerMaxPerBucket;
  // kv.scanner.max-per-server
  static const ConfigOption<int32_t> kKvScannerMaxPerServer;
  // kv.scanner.max-batch-size
  static const ConfigOption<MemorySize> kKvScannerMaxBatchSize;
  // tablet-server.controlled-shutdown.max-retries
  static const ConfigOption<int32_t> kTabletServerControlledShutdownMaxRetries;
  // tablet-server.controlled-shutdown.retry-interval
  static const ConfigOption<std::chrono::milliseconds> kTabletServerControlledShutdownRetryInterval;
  // server.background.threads
  static const ConfigOption<int32_t> kBackgroundThreads;
  // server.buffer.memory-size
  static const ConfigOption<MemorySize> kServerBufferMemorySize;
  // server.buffer.page-size
  static const ConfigOption<MemorySize> kServerBufferPageSize;
  // server.buffer.per-request-memory-size
  static const ConfigOption<MemorySize> kServerBufferPerRequestMemorySize;
  // server.buffer.wait-timeout
  static const ConfigOption<std::chrono::milliseconds> kServerBufferPoolWaitTimeout;
  // zookeeper.address
  static const ConfigOption<std::string> kZookeeperAddress;
  // zookeeper.path.root
  static const ConfigOption<std::string> kZookeeperRoot;

  // --- ZooKeeper client ---
  // zookeeper.client.max-inflight-requests
  static const ConfigOption<int32_t> kZookeeperMaxInflightRequests;
  // zookeeper.client.session-timeout
  static const ConfigOption<std::chrono::milliseconds> kZookeeperSessionTimeout;
  // zookeeper.client.connection-timeout
  static const ConfigOption<std::chrono::milliseconds> kZookeeperConnectionTimeout;
  // zookeeper.client.retry-wait
  static const ConfigOption<std::chrono::milliseconds> kZookeeperRetryWait;
  // zookeeper.client.max-retry-attempts
  static const ConfigOption<int32_t> kZookeeperMaxRetryAttempts;
  // zookeeper.client.tolerate-suspended-connections
  static const ConfigOption<bool> kZookeeperTolerateSuspendedConnections;
  // zookeeper.client.ensemble-tracker
  static const ConfigOption<bool> kZookeeperEnsembleTracking;
  // zookeeper.client.config-path
  static const ConfigOption<std::string> kZookeeperConfigPath;
  // zookeeper.client.max-buffer-size
  static const ConfigOption<int32_t> kZookeeperMaxBufferSize;

  // --- log ---
  // log.segment.file-size
  static const ConfigOption<MemorySize> kLogSegmentFileSize;
  // log.index.file-size
  static const ConfigOption<MemorySize> kLogIndexFileSize;
  // log.index.interval-size
  static const ConfigOption<MemorySize> kLogIndexIntervalSize;
  // log.file-preallocate
  static const ConfigOption<bool> kLogFilePreallocate;
  // log.flush.interval-messages
  static const ConfigOption<int64_t> kLogFlushIntervalMessages;
  // log.flush.offset.checkpoint-interval
  static const ConfigOption<std::chrono::milliseconds> kLogFlushOffsetCheckpointInterval;
  // log.retention.check-interval
  static const ConfigOption<std::chrono::milliseconds> kLogRetentionCheckInterval;
  // log.retention.roll-active-segment.enabled
  static const ConfigOption<bool> kLogRetentionRollActiveSegmentEnabled;
  // log.replica.high-watermark.checkpoint-interval
  static const ConfigOption<std::chrono::milliseconds> kLogReplicaHighWatermarkCheckpointInterval;
  // log.replica.max-lag-time
  static const ConfigOption<std::chrono::milliseconds> kLogReplicaMaxLagTime;
  // log.replica.write-operation-purge-number
  static const ConfigOption<int32_t> kLogReplicaWriteOperationPurgeNumber;
  // log.replica.fetch-operation-purge-number
  static const ConfigOption<int32_t> kLogReplicaFetchOperationPurgeNumber;
  // log.replica.fetcher-number
  static const ConfigOption<int32_t> kLogReplicaFetcherNumber;
  // log.replica.fetch.backoff-interval
  static const ConfigOption<std::chrono::milliseconds> kLogReplicaFetchBackoffInterval;
  // log.replica.fetch.max-bytes
  static const ConfigOption<MemorySize> kLogReplicaFetchMaxBytes;
  // log.replica.fetch.max-bytes-for-bucket
  static const ConfigOption<MemorySize> kLogReplicaFetchMaxBytesForBucket;
  // log.replica.fetch.wait-max-time
  static const ConfigOption<std::chrono::milliseconds> kLogReplicaFetchWaitMaxTime;
  // log.replica.fetch.min-bytes
  static const ConfigOption<MemorySize> kLogReplicaFetchMinBytes;
  // log.replica.min-in-sync-replicas-number
  static const ConfigOption<int32_t> kLogReplicaMinInSyncReplicasNumber;

  // --- log tiered storage ---
  // remote.log.task-interval-duration
  static const ConfigOption<std::chrono::milliseconds> kRemoteLogTaskIntervalDuration;
  // remote.log.task-max-upload-segments
  static const ConfigOption<int32_t> kRemoteLogTaskMaxUploadSegments;
  // remote.log.index-file-cache-size
  static const ConfigOption<MemorySize> kRemoteLogIndexFileCacheSize;
  // remote.log-manager.thread-pool-size
  static const ConfigOption<int32_t> kRemoteLogManagerThreadPoolSize;
  // remote.log.data-transfer-thread-num
  static const ConfigOption<int32_t> kRemoteLogDataTransferThreadNum;

  // --- netty ---
  // netty.server.num-network-threads
  static const ConfigOption<int32_t> kNettyServerNumNetworkThreads;
  // netty.server.num-worker-threads
  static const ConfigOption<int32_t> kNettyServerNumWorkerThreads;
  // netty.server.max-queued-requests
  static const ConfigOption<int32_t> kNettyServerMaxQueuedRequests;
  // netty.server.max-queued-historical-requests
  static const ConfigOption<int32_t> kNettyServerMaxQueuedHistoricalRequests;
  // netty.server.max-request-size
  static const ConfigOption<MemorySize> kNettyServerMaxRequestSize;
  // netty.connection.max-idle-time
  static const ConfigOption<std::chrono::milliseconds> kNettyConnectionMaxIdleTime;
  // netty.client.num-network-threads
  static const ConfigOption<int32_t> kNettyClientNumNetworkThreads;
  // netty.client.allocator.heap-buffer-first
  static const ConfigOption<bool> kNettyClientAllocatorHeapBufferFirst;

  // --- client ---
  // client.id
  static const ConfigOption<std::string> kClientId;
  // client.connect-timeout
  static const ConfigOption<std::chrono::milliseconds> kClientConnectTimeout;
  // bootstrap.servers
  static const ConfigOption<std::vector<std::string>> kBootstrapServers;
  // client.writer.buffer.memory-size
  static const ConfigOption<MemorySize> kClientWriterBufferMemorySize;
  // client.writer.buffer.page-size
  static const ConfigOption<MemorySize> kClientWriterBufferPageSize;
  // client.writer.buffer.per-request-memory-size
  static const ConfigOption<MemorySize> kClientWriterPerRequestMemorySize;
  // client.writer.buffer.wait-timeout
  static const ConfigOption<std::chrono::milliseconds> kClientWriterBufferWaitTimeout;
  // client.writer.batch-size
  static const ConfigOption<MemorySize> kClientWriterBatchSize;
  // client.writer.dynamic-batch-size.enabled
  static const ConfigOption<bool> kClientWriterDynamicBatchSizeEnabled;
  // client.writer.batch-timeout
  static const ConfigOption<std::chrono::milliseconds> kClientWriterBatchTimeout;
  // client.writer.bucket.no-key-assigner
  static const ConfigOption<std::string> kClientWriterBucketNoKeyAssigner;
  // client.writer.acks
  static const ConfigOption<std::string> kClientWriterAcks;
  // client.writer.request-max-size
  static const ConfigOption<MemorySize> kClientWriterRequestMaxSize;
  // client.writer.retries
  static const ConfigOption<int32_t> kClientWriterRetries;
  // client.writer.enable-idempotence
  static const ConfigOption<bool> kClientWriterEnableIdempotence;
  // client.writer.max-inflight-requests-per-bucket
  static const ConfigOption<int32_t> kClientWriterMaxInflightRequestsPerBucket;
  // client.writer.dynamic-create-partition.enabled
  static const ConfigOption<bool> kClientWriterDynamicCreatePartitionEnabled;
  // client.writer.kv-backpressure.max-throttle
  static const ConfigOption<std::chrono::milliseconds> kClientWriterKvBackpressureMaxThrottle;
  // client.request-timeout
  static const ConfigOption<std::chrono::milliseconds> kClientRequestTimeout;
  // client.scanner.log.check-crc
  static const ConfigOption<bool> kClientScannerLogCheckCrc;
  // client.scanner.log.max-poll-records
  static const ConfigOption<int32_t> kClientScannerLogMaxPollRecords;
  // client.security.protocol
  static const ConfigOption<std::string> kClientSecurityProtocol;
  // client.security.enable-plugin-discovery
  static const ConfigOption<bool> kClientSecurityEnablePluginDiscovery;
  // client.scanner.log.fetch.max-bytes
  static const ConfigOption<MemorySize> kClientScannerLogFetchMaxBytes;
  // client.scanner.log.fetch.max-bytes-for-bucket
  static const ConfigOption<MemorySize> kClientScannerLogFetchMaxBytesForBucket;
  // client.scanner.log.fetch.wait-max-time
  static const ConfigOption<std::chrono::milliseconds> kClientScannerLogFetchWaitMaxTime;
  // client.scanner.log.fetch.min-bytes
  static const ConfigOption<MemorySize> kClientScannerLogFetchMinBytes;
  // client.scanner.kv.fetch.max-bytes
  static const ConfigOption<MemorySize> kClientScannerKvFetchMaxBytes;
  // client.scanner.kv.batch-strategy
  static const ConfigOption<std::string> kClientScannerKvBatchStrategy;
  // client.lookup.queue-size
  static const ConfigOption<int32_t> kClientLookupQueueSize;
  // client.lookup.max-batch-size
  static const ConfigOption<int32_t> kClientLookupMaxBatchSize;
  // client.lookup.max-inflight-requests
  static const ConfigOption<int32_t> kClientLookupMaxInflightSize;
  // client.lookup.batch-timeout
  static const ConfigOption<std::chrono::milliseconds> kClientLookupBatchTimeout;
  // client.lookup.max-retries
  static const ConfigOption<int32_t> kClientLookupMaxRetries;
  // client.scanner.remote-log.prefetch-num
  static const ConfigOption<int32_t> kClientScannerRemoteLogPrefetchNum;
  // client.scanner.log.read-preference
  static const ConfigOption<std::string> kClientScannerLogReadPreference;
  // client.scanner.io.tmpdir
  static const ConfigOption<std::string> kClientScannerIoTmpDir;
  // client.remote-file.download-thread-num
  static const ConfigOption<int32_t> kRemoteFileDownloadThreadNum;
  // client.filesystem.security.token.renewal.backoff
  static const ConfigOption<std::chrono::milliseconds> kFilesystemSecurityTokenRenewalRetryBackoff;
  // client.filesystem.security.token.renewal.time-ratio
  static const ConfigOption<double> kFilesystemSecurityTokenRenewalTimeRatio;
  // client.metrics.enabled
  static const ConfigOption<bool> kClientMetricsEnabled;
  // client.security.sasl.mechanism
  static const ConfigOption<std::string> kClientSaslMechanism;
  // client.security.sasl.jaas.config
  static const ConfigOption<std::string> kClientSaslJaasConfig;
  // client.security.sasl.username
  static const ConfigOption<std::string> kClientSaslJaasUsername;
  // client.security.sasl.password
  static const ConfigOption<std::string> kClientSaslJaasPassword;

  // --- table ---
  // table.replication.factor
  static const ConfigOption<int32_t> kTableReplicationFactor;
  // table.log.format
  static const ConfigOption<std::string> kTableLogFormat;
  // table.log.arrow.compression.type
  static const ConfigOption<std::string> kTableLogArrowCompressionType;
  // table.log.arrow.compression.zstd.level
  static const ConfigOption<int32_t> kTableLogArrowCompressionZstdLevel;
  // table.kv.format
  static const ConfigOption<std::string> kTableKvFormat;
  // table.kv.format-version
  static const ConfigOption<int32_t> kTableKvFormatVersion;
  // table.kv.standby-replica.enabled
  static const ConfigOption<bool> kTableKvStandbyReplicaEnabled;
  // table.auto-partition.enabled
  static const ConfigOption<bool> kTableAutoPartitionEnabled;
  // table.auto-partition.key
  static const ConfigOption<std::string> kTableAutoPartitionKey;
  // table.auto-partition.time-unit
  static const ConfigOption<std::string> kTableAutoPartitionTimeUnit;
  // table.auto-partition.time-format
  static const ConfigOption<std::string> kTableAutoPartitionTimeFormat;
  // table.auto-partition.time-zone
  static const ConfigOption<std::string> kTableAutoPartitionTimezone;
  // table.auto-partition.num-precreate
  static const ConfigOption<int32_t> kTableAutoPartitionNumPrecreate;
  // table.auto-partition.num-retention
  static const ConfigOption<int32_t> kTableAutoPartitionNumRetention;
  // table.log.ttl
  static const ConfigOption<std::chrono::milliseconds> kTableLogTtl;
  // table.log.tiered.local-segments
  static const ConfigOption<int32_t> kTableTieredLogLocalSegments;
  // table.log.local-ttl
  static const ConfigOption<std::chrono::milliseconds> kTableLogLocalTtl;
  // table.datalake.enabled
  static const ConfigOption<bool> kTableDatalakeEnabled;
  // table.datalake.historical-partition.enabled
  static const ConfigOption<bool> kTableDatalakeHistoricalPartitionEnabled;
  // table.datalake.format
  static const ConfigOption<std::string> kTableDatalakeFormat;
  // table.datalake.freshness
  static const ConfigOption<std::chrono::milliseconds> kTableDatalakeFreshness;
  // table.datalake.auto-compaction
  static const ConfigOption<bool> kTableDatalakeAutoCompaction;
  // table.datalake.auto-expire-snapshot
  static const ConfigOption<bool> kTableDatalakeAutoExpireSnapshot;
  // table.merge-engine
  static const ConfigOption<std::string> kTableMergeEngine;
  // table.merge-engine.versioned.ver-column
  static const ConfigOption<std::string> kTableMergeEngineVersionColumn;
  // table.delete.behavior
  static const ConfigOption<std::string> kTableDeleteBehavior;
  // table.auto-increment.cache-size
  static const ConfigOption<int64_t> kTableAutoIncrementCacheSize;
  // table.changelog.image
  static const ConfigOption<std::string> kTableChangelogImage;
  // table.statistics.columns
  static const ConfigOption<std::string> kTableStatisticsColumns;

  // --- kv ---
  // kv.snapshot.interval
  static const ConfigOption<std::chrono::milliseconds> kKvSnapshotInterval;
  // kv.snapshot.scheduler-thread-num
  static const ConfigOption<int32_t> kKvSnapshotSchedulerThreadNum;
  // kv.flush.thread-num
  static const ConfigOption<int32_t> kKvFlushThreadNum;
  // kv.snapshot.transfer-thread-num
  static const ConfigOption<int32_t> kKvSnapshotTransferThreadNum;
  // kv.snapshot.num-retained
  static const ConfigOption<int32_t> kKvMaxRetainedSnapshots;
  // kv.snapshot.lease.expiration-check-interval
  static const ConfigOption<std::chrono::milliseconds> kKvSnapshotLeaseExpirationCheckInterval;
  // kv.rocksdb.thread.num
  static const ConfigOption<int32_t> kKvMaxBackgroundThreads;
  // kv.rocksdb.files.open
  static const ConfigOption<int32_t> kKvMaxOpenFiles;
  // kv.rocksdb.log.max-file-size
  static const ConfigOption<MemorySize> kKvLogMaxFileSize;
  // kv.rocksdb.log.file-num
  static const ConfigOption<int32_t> kKvLogFileNum;
  // kv.rocksdb.log.dir
  static const ConfigOption<std::string> kKvLogDir;
  // kv.rocksdb.log.level
  static const ConfigOption<std::string> kKvLogLevel;
  // kv.rocksdb.write-batch-size
  static const ConfigOption<MemorySize> kKvWriteBatchSize;
  // kv.rocksdb.shared-rate-limiter.bytes-per-sec
  static const ConfigOption<MemorySize> kKvSharedRateLimiterBytesPerSec;
  // kv.rocksdb.compaction.style
  static const ConfigOption<std::string> kKvCompactionStyle;
  // kv.rocksdb.compaction.level.use-dynamic-size
  static const ConfigOption<bool> kKvUseDynamicLevelSize;
  // kv.rocksdb.compression.per.level
  static const ConfigOption<std::vector<std::string>> kKvCompressionPerLevel;
  // kv.rocksdb.compaction.level.target-file-size-base
  static const ConfigOption<MemorySize> kKvTargetFileSizeBase;
  // kv.rocksdb.compaction.level.max-size-level-base
  static const ConfigOption<MemorySize> kKvMaxSizeLevelBase;
  // kv.rocksdb.writebuffer.size
  static const ConfigOption<MemorySize> kKvWriteBufferSize;
  // kv.rocksdb.writebuffer.count
  static const ConfigOption<int32_t> kKvMaxWriteBufferNumber;
  // kv.rocksdb.writebuffer.number-to-merge
  static const ConfigOption<int32_t> kKvMinWriteBufferNumberToMerge;
  // kv.rocksdb.block.blocksize
  static const ConfigOption<MemorySize> kKvBlockSize;
  // kv.rocksdb.block.metadata-blocksize
  static const ConfigOption<MemorySize> kKvMetadataBlockSize;
  // kv.rocksdb.block.cache-size
  static const ConfigOption<MemorySize> kKvBlockCacheSize;
  // kv.rocksdb.use-bloom-filter
  static const ConfigOption<bool> kKvUseBloomFilter;
  // kv.rocksdb.bloom-filter.bits-per-key
  static const ConfigOption<double> kKvBloomFilterBitsPerKey;
  // kv.rocksdb.bloom-filter.block-based-mode
  static const ConfigOption<bool> kKvBloomFilterBlockBasedMode;
  // kv.rocksdb.block.cache-index-and-filter-blocks
  static const ConfigOption<bool> kKvCacheIndexAndFilterBlocks;
  // kv.rocksdb.block.cache-index-and-filter-blocks-with-high-priority
  static const ConfigOption<bool> kKvCacheIndexAndFilterBlocksWithHighPriority;
  // kv.rocksdb.block.pin-l0-filter-and-index-blocks-in-cache
  static const ConfigOption<bool> kKvPinL0FilterAndIndexBlocksInCache;
  // kv.rocksdb.block.pin-top-level-index-and-filter
  static const ConfigOption<bool> kKvPinTopLevelIndexAndFilter;

  // --- kv recovery ---
  // kv.recover.log-record-batch.max-size
  static const ConfigOption<MemorySize> kKvRecoverLogRecordBatchMaxSize;
  // kv.recover.remote-log.prefetch-num
  static const ConfigOption<int32_t> kKvRecoveryRemoteLogPrefetchNum;
  // kv.recover.remote-log.download-threads
  static const ConfigOption<int32_t> kKvRecoveryRemoteLogDownloadThreads;

  // --- kv backpressure ---
  // kv.backpressure.l0-slowdown-trigger
  static const ConfigOption<int32_t> kKvBackpressureL0SlowdownTrigger;

  // --- metrics ---
  // metrics.reporters
  static const ConfigOption<std::vector<std::string>> kMetricsReporters;
  // metrics.reporter.prometheus.port
  static const ConfigOption<std::string> kMetricsReporterPrometheusPort;

  // --- prometheus push gateway reporter ---
  // metrics.reporter.prometheus-push.host-url
  static const ConfigOption<std::string> kMetricsReporterPrometheusPushgatewayHostUrl;
  // metrics.reporter.prometheus-push.job-name
  static const ConfigOption<std::string> kMetricsReporterPrometheusPushgatewayJobName;
  // metrics.reporter.prometheus-push.random-job-name-suffix
  static const ConfigOption<bool> kMetricsReporterPrometheusPushgatewayRandomJobNameSuffix;
  // metrics.reporter.prometheus-push.delete-on-shutdown
  static const ConfigOption<bool> kMetricsReporterPrometheusPushgatewayDeleteOnShutdown;
  // metrics.reporter.prometheus-push.grouping-key
  static const ConfigOption<std::string> kMetricsReporterPrometheusPushgatewayGroupingKey;
  // metrics.reporter.prometheus-push.push-interval
  static const ConfigOption<std::chrono::milliseconds>
      kMetricsReporterPrometheusPushgatewayPushInterval;
  // metrics.reporter.prometheus-push.username
  static const ConfigOption<std::string> kMetricsReporterPrometheusPushgatewayUsername;
  // metrics.reporter.prometheus-push.password
  static const ConfigOption<Password> kMetricsReporterPrometheusPushgatewayPassword;

  // --- jmx reporter ---
  // metrics.reporter.jmx.port
  static const ConfigOption<std::string> kMetricsReporterJmxHost;

  // --- influxdb reporter ---
  // metrics.reporter.influxdb.version
  static const ConfigOption<std::string> kMetricsReporterInfluxdbVersion;
  // metrics.reporter.influxdb.host-url
  static const ConfigOption<std::string> kMetricsReporterInfluxdbHostUrl;
  // metrics.reporter.influxdb.bucket
  static const ConfigOption<std::string> kMetricsReporterInfluxdbBucket;
  // metrics.reporter.influxdb.org
  static const ConfigOption<std::string> kMetricsReporterInfluxdbOrg;
  // metrics.reporter.influxdb.token
  static const ConfigOption<std::string> kMetricsReporterInfluxdbToken;
  // metrics.reporter.influxdb.push-interval
  static const ConfigOption<std::chrono::milliseconds> kMetricsReporterInfluxdbPushInterval;

  // --- lakehouse storage ---
  // datalake.enabled
  static const ConfigOption<bool> kDatalakeEnabled;
  // datalake.format
  static const ConfigOption<std::string> kDatalakeFormat;

  // --- tiering service ---
  // lake.tiering.auto-expire-snapshot
  static const ConfigOption<bool> kLakeTieringAutoExpireSnapshot;
  // lake.tiering.io.tmp.dirs
  static const ConfigOption<std::string> kLakeTieringIoTmpDirs;

  // --- fluss kafka ---
  // kafka.enabled
  static const ConfigOption<bool> kKafkaEnabled;
  // kafka.listener.names
  static const ConfigOption<std::vector<std::string>> kKafkaListenerNames;
  // kafka.database
  static const ConfigOption<std::string> kKafkaDatabase;
  // kafka.connection.max-idle-time
  static const ConfigOption<std::chrono::milliseconds> kKafkaConnectionMaxIdleTime;
};

}  // namespace fluss
