# Sources of record/arrow: append to RECORD_SRCS / RECORD_TESTS / RECORD_PRIVATE_DEPS.
list(APPEND RECORD_SRCS arrow/arrow_batch.cc)
