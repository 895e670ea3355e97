# Sources of record/key (key encoders, bucketing, partition names): append to
# RECORD_SRCS / RECORD_TESTS.
list(APPEND RECORD_SRCS
  key/key_encoder.cc
  key/bucketing.cc
  key/partition_name.cc
  key/java_strings.cc)
list(APPEND RECORD_TESTS
  key/tests/key_encoder_test.cc
  key/tests/bucketing_test.cc
  key/tests/partition_name_test.cc)
