// SPDX-License-Identifier: Apache-2.0
// Configuration::FromMap: Fluss client keys to the Configuration fields.
#include "common/configuration.h"

#include <fmt/format.h>

#include <functional>
#include <string>
#include <unordered_map>

#include "common/config_option.h"
#include "fluss/configuration.h"

namespace fluss::client {
namespace {

template <typename T>
::fluss::Result<T> parse_size(std::string_view text) {
  // Fluss memory sizes need a unit; a bare number is taken as bytes here for convenience.
  if (auto plain = ::fluss::parse_config_long(text); plain.ok()) return static_cast<T>(*plain);
  auto size = ::fluss::MemorySize::parse(text);
  if (!size.ok()) return size.status();
  return static_cast<T>(size->bytes);
}

template <typename T>
::fluss::Result<T> parse_millis(std::string_view text) {
  if (auto plain = ::fluss::parse_config_long(text); plain.ok()) return static_cast<T>(*plain);
  auto duration = ::fluss::parse_config_duration(text);
  if (!duration.ok()) return duration.status();
  return static_cast<T>(duration->count());
}

template <typename T>
::fluss::Result<T> parse_number(std::string_view text) {
  auto value = ::fluss::parse_config_long(text);
  if (!value.ok()) return value.status();
  return static_cast<T>(*value);
}

using Setter = std::function<::fluss::Status(Configuration&, const std::string&)>;

template <typename T, typename Parse>
Setter field(T Configuration::*member, Parse parse) {
  return [member, parse](Configuration& config, const std::string& text) -> ::fluss::Status {
    auto value = parse(text);
    if (!value.ok()) return value.status();
    config.*member = static_cast<T>(*value);
    return ::fluss::Status::OK();
  };
}

Setter string_field(std::string Configuration::*member) {
  return [member](Configuration& config, const std::string& text) {
    config.*member = text;
    return ::fluss::Status::OK();
  };
}

Setter bool_field(bool Configuration::*member) {
  return field(member, [](std::string_view t) { return ::fluss::parse_config_bool(t); });
}

const std::unordered_map<std::string, Setter>& setters() {
  static const auto* table = new std::unordered_map<std::string, Setter>{
      {"bootstrap.servers", string_field(&Configuration::bootstrap_servers)},
      {"client.writer.request-max-size",
       field(&Configuration::writer_request_max_size, parse_size<int32_t>)},
      {"client.writer.acks", string_field(&Configuration::writer_acks)},
      {"client.writer.retries", field(&Configuration::writer_retries, parse_number<int32_t>)},
      {"client.writer.batch-size", field(&Configuration::writer_batch_size, parse_size<int32_t>)},
      {"client.writer.dynamic-batch-size.enabled",
       bool_field(&Configuration::writer_dynamic_batch_size_enabled)},
      {"client.writer.batch-timeout",
       field(&Configuration::writer_batch_timeout_ms, parse_millis<int64_t>)},
      {"client.writer.bucket.no-key-assigner",
       string_field(&Configuration::writer_bucket_no_key_assigner)},
      {"client.writer.enable-idempotence", bool_field(&Configuration::writer_enable_idempotence)},
      {"client.writer.max-inflight-requests-per-bucket",
       field(&Configuration::writer_max_inflight_requests_per_bucket, parse_number<size_t>)},
      {"client.writer.buffer.memory-size",
       field(&Configuration::writer_buffer_memory_size, parse_size<size_t>)},
      {"client.writer.buffer.wait-timeout",
       field(&Configuration::writer_buffer_wait_timeout_ms, parse_millis<uint64_t>)},
      {"client.writer.retry-backoff",
       field(&Configuration::writer_retry_backoff_ms, parse_millis<int64_t>)},
      {"client.writer.kv-backpressure.max-throttle",
       field(&Configuration::writer_kv_backpressure_max_throttle_ms, parse_millis<uint64_t>)},
      {"client.scanner.remote-log.prefetch-num",
       field(&Configuration::scanner_remote_log_prefetch_num, parse_number<size_t>)},
      {"client.remote-file.download-thread-num",
       field(&Configuration::remote_file_download_thread_num, parse_number<size_t>)},
      {"client.scanner.log.max-poll-records",
       field(&Configuration::scanner_log_max_poll_records, parse_number<size_t>)},
      {"client.scanner.log.fetch.max-bytes",
       field(&Configuration::scanner_log_fetch_max_bytes, parse_size<int32_t>)},
      {"client.scanner.log.fetch.min-bytes",
       field(&Configuration::scanner_log_fetch_min_bytes, parse_size<int32_t>)},
      {"client.scanner.log.fetch.wait-max-time",
       field(&Configuration::scanner_log_fetch_wait_max_time_ms, parse_millis<int32_t>)},
      {"client.scanner.log.fetch.max-bytes-for-bucket",
       field(&Configuration::scanner_log_fetch_max_bytes_for_bucket, parse_size<int32_t>)},
      {"client.scanner.log.check-crc", bool_field(&Configuration::scanner_log_check_crc)},
      {"client.connect-timeout", field(&Configuration::connect_timeout_ms, parse_millis<uint64_t>)},
      {"client.request-timeout", field(&Configuration::request_timeout_ms, parse_millis<uint64_t>)},
      {"client.security.protocol", string_field(&Configuration::security_protocol)},
      {"client.security.sasl.mechanism", string_field(&Configuration::security_sasl_mechanism)},
      {"client.security.sasl.username", string_field(&Configuration::security_sasl_username)},
      {"client.security.sasl.password", string_field(&Configuration::security_sasl_password)},
      {"client.lookup.queue-size", field(&Configuration::lookup_queue_size, parse_number<size_t>)},
      {"client.lookup.max-batch-size",
       field(&Configuration::lookup_max_batch_size, parse_number<size_t>)},
      {"client.lookup.batch-timeout",
       field(&Configuration::lookup_batch_timeout_ms, parse_millis<uint64_t>)},
      {"client.lookup.max-inflight-requests",
       field(&Configuration::lookup_max_inflight_requests, parse_number<size_t>)},
      {"client.lookup.max-retries",
       field(&Configuration::lookup_max_retries, parse_number<int32_t>)},
  };
  return *table;
}

}  // namespace

Result Configuration::FromMap(const std::map<std::string, std::string>& options,
                              Configuration& out) {
  Configuration config = out;
  for (const auto& [key, value] : options) {
    auto it = setters().find(key);
    if (it == setters().end() && key.rfind("client.", 0) != 0) {
      it = setters().find("client." + key);
    }
    if (it == setters().end()) continue;  // not a client key (e.g. the catalog's 'type')
    ::fluss::Status status = it->second(config, value);
    if (!status.ok()) {
      return Result::Error(
          ErrorCode::INVALID_CONFIG_EXCEPTION,
          fmt::format("invalid value '{}' for '{}': {}", value, key, status.message()));
    }
  }
  if (config.writer_acks != "all" && config.writer_acks != "-1" && config.writer_acks != "0" &&
      config.writer_acks != "1") {
    return Result::Error(ErrorCode::INVALID_CONFIG_EXCEPTION,
                         fmt::format("invalid value '{}' for 'client.writer.acks': expected "
                                     "all, -1, 0 or 1",
                                     config.writer_acks));
  }
  if (config.writer_bucket_no_key_assigner != "sticky" &&
      config.writer_bucket_no_key_assigner != "round_robin") {
    return Result::Error(ErrorCode::INVALID_CONFIG_EXCEPTION,
                         fmt::format("invalid value '{}' for "
                                     "'client.writer.bucket.no-key-assigner': expected sticky "
                                     "or round_robin",
                                     config.writer_bucket_no_key_assigner));
  }
  out = std::move(config);
  return Result::Success();
}

}  // namespace fluss::client
