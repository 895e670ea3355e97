# Sources of the batch formats (log, KV, value batches): append to RECORD_SRCS / RECORD_TESTS.
list(APPEND RECORD_SRCS
  log_record_batch.cc
  memory_log_records_builder.cc
  kv_record_batch.cc
  value_record_batch.cc)
list(APPEND RECORD_TESTS
  tests/log_record_batch_test.cc
  tests/kv_record_batch_test.cc
  tests/value_record_batch_test.cc
  tests/log_batch_rows_test.cc)

fluss_add_fuzzer(log_batch_fuzzer SRCS fuzz/log_batch_fuzzer.cc DEPS fluss::record)
fluss_add_fuzzer(kv_batch_fuzzer SRCS fuzz/kv_batch_fuzzer.cc DEPS fluss::record)
