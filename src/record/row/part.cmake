# Sources of record/row: append to RECORD_SRCS / RECORD_TESTS / RECORD_PRIVATE_DEPS.
