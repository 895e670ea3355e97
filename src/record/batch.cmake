# Sources of the batch formats (log, KV, value batches): append to RECORD_SRCS / RECORD_TESTS.
