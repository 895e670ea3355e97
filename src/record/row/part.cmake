# Sources of record/row: append to RECORD_SRCS / RECORD_TESTS / RECORD_PRIVATE_DEPS.
list(APPEND RECORD_SRCS row/row_codec.cc)
