// SPDX-License-Identifier: Apache-2.0
// Public fluss-cpp client API: client configuration. Field names follow the official C++ client;
// each field maps to an Apache Fluss client key (shown beside it), which FromMap accepts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <string>

#include "fluss/result.h"

namespace fluss::client {

struct Configuration {
  std::string bootstrap_servers = "127.0.0.1:9123";  // bootstrap.servers (comma separated)

  // Writer.
  int32_t writer_request_max_size = 10 * 1024 * 1024;  // client.writer.request-max-size
  std::string writer_acks = "all";  // client.writer.acks: "all" (= -1), "0", "1", "-1"
  int32_t writer_retries = std::numeric_limits<int32_t>::max();  // client.writer.retries
  int32_t writer_batch_size = 2 * 1024 * 1024;                   // client.writer.batch-size
  bool writer_dynamic_batch_size_enabled = true;  // client.writer.dynamic-batch-size.enabled
  int32_t writer_dynamic_batch_size_min = 256 * 1024;
  int64_t writer_batch_timeout_ms = 100;  // client.writer.batch-timeout
  // client.writer.bucket.no-key-assigner: "sticky" or "round_robin".
  std::string writer_bucket_no_key_assigner = "sticky";
  bool writer_enable_idempotence = true;                // client.writer.enable-idempotence
  size_t writer_max_inflight_requests_per_bucket = 5;   // ...max-inflight-requests-per-bucket
  size_t writer_buffer_memory_size = 64 * 1024 * 1024;  // client.writer.buffer.memory-size
  // client.writer.buffer.wait-timeout: how long a writer blocks on a full buffer.
  uint64_t writer_buffer_wait_timeout_ms = std::numeric_limits<uint64_t>::max();
  int64_t writer_retry_backoff_ms = 100;  // client.writer.retry-backoff (fluss-cpp name)
  uint64_t writer_kv_backpressure_max_throttle_ms = 3000;

  // Scanner.
  size_t scanner_remote_log_prefetch_num = 4;
  size_t remote_file_download_thread_num = 3;
  size_t scanner_remote_log_read_concurrency = 4;
  size_t scanner_log_max_poll_records = 500;               // client.scanner.log.max-poll-records
  int32_t scanner_log_fetch_max_bytes = 16 * 1024 * 1024;  // client.scanner.log.fetch.max-bytes
  int32_t scanner_log_fetch_min_bytes = 1;                 // client.scanner.log.fetch.min-bytes
  int32_t scanner_log_fetch_wait_max_time_ms = 500;        // client.scanner.log.fetch.wait-max-time
  int32_t scanner_log_fetch_max_bytes_for_bucket = 1024 * 1024;  // ...fetch.max-bytes-for-bucket
  bool scanner_log_check_crc = true;                             // client.scanner.log.check-crc

  // Connection and security.
  uint64_t connect_timeout_ms = 120000;         // client.connect-timeout
  uint64_t request_timeout_ms = 30000;          // client.request-timeout
  std::string security_protocol = "PLAINTEXT";  // client.security.protocol
  std::string security_sasl_mechanism = "PLAIN";
  std::string security_sasl_username;
  std::string security_sasl_password;

  // Lookup.
  size_t lookup_queue_size = 25600;        // client.lookup.queue-size
  size_t lookup_max_batch_size = 128;      // client.lookup.max-batch-size
  uint64_t lookup_batch_timeout_ms = 100;  // client.lookup.batch-timeout
  size_t lookup_max_inflight_requests = 128;
  int32_t lookup_max_retries = std::numeric_limits<int32_t>::max();  // client.lookup.max-retries

  // Builds a configuration from Fluss key/value options ("bootstrap.servers" => "h:9123",
  // "client.writer.batch-size" => "1mb", "client.writer.batch-timeout" => "50ms", ...). Sizes
  // take Fluss memory units (b, kb, mb, gb), durations take time units (ms, s, min, h). Keys
  // without the "client." prefix are accepted too. Unknown keys that are not client keys are
  // ignored (catalog options such as 'type' pass through); a malformed value fails with
  // INVALID_CONFIG_EXCEPTION naming the key.
  static Result FromMap(const std::map<std::string, std::string>& options, Configuration& out);
};

}  // namespace fluss::client
