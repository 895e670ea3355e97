# Sources of record/arrow: append to RECORD_SRCS / RECORD_TESTS / RECORD_PRIVATE_DEPS.
# Arrow's IPC metadata is flatbuffers: our own subset of Arrow's Schema.fbs and
# Message.fbs, compiled by Debian's flatc into the build tree.
set(FLUSS_ARROW_FBS ${CMAKE_CURRENT_SOURCE_DIR}/arrow/format/Schema.fbs
                    ${CMAKE_CURRENT_SOURCE_DIR}/arrow/format/Message.fbs)
set(FLUSS_ARROW_GEN_DIR ${PROJECT_BINARY_DIR}/generated/record/arrow/format)
set(FLUSS_ARROW_GEN ${FLUSS_ARROW_GEN_DIR}/Schema_generated.h
                    ${FLUSS_ARROW_GEN_DIR}/Message_generated.h)
add_custom_command(
  OUTPUT ${FLUSS_ARROW_GEN}
  COMMAND flatbuffers::flatc --cpp --scoped-enums --no-warnings -o ${FLUSS_ARROW_GEN_DIR}
          -I ${CMAKE_CURRENT_SOURCE_DIR}/arrow/format ${FLUSS_ARROW_FBS}
  DEPENDS ${FLUSS_ARROW_FBS}
  COMMENT "flatc: Arrow IPC metadata (Schema.fbs, Message.fbs)")

list(APPEND RECORD_SRCS
  arrow/arrow_batch.cc
  arrow/arrow_c_data.cc
  arrow/arrow_ipc_stream.cc
  arrow/arrow_message.cc
  ${FLUSS_ARROW_GEN})
list(APPEND RECORD_TESTS
  arrow/tests/arrow_batch_test.cc
  arrow/tests/arrow_c_data_test.cc
  arrow/tests/arrow_ipc_stream_test.cc)
list(APPEND RECORD_PRIVATE_DEPS ${FLUSS_FLATBUFFERS_TARGET} ${FLUSS_ZSTD_TARGET} PkgConfig::LZ4)

fluss_add_fuzzer(arrow_batch_fuzzer
  SRCS arrow/fuzz/arrow_batch_fuzzer.cc
  DEPS fluss::record)

fluss_add_fuzzer(arrow_c_data_fuzzer
  SRCS arrow/fuzz/arrow_c_data_fuzzer.cc
  DEPS fluss::record)
