# Sources of record/row: append to RECORD_SRCS / RECORD_TESTS / RECORD_PRIVATE_DEPS.
list(APPEND RECORD_SRCS
  row/row_codec.cc
  row/row_common.cc
  row/binary_array.cc
  row/compacted_row.cc
  row/indexed_row.cc
  row/aligned_row.cc)
list(APPEND RECORD_TESTS
  row/tests/row_codec_test.cc)
# Decoders of untrusted row bytes; seed corpus in src/record/fuzz/corpus/row_decode_fuzzer/.
fluss_add_fuzzer(row_decode_fuzzer
  SRCS fuzz/row_decode_fuzzer.cc
  DEPS fluss::record)
