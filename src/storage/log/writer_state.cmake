# Writer state (idempotent appends), writer snapshots, offset checkpoints and local
# path names of the log module: appends to STORAGE_LOG_SRCS / STORAGE_LOG_TESTS /
# STORAGE_LOG_PRIVATE_DEPS, which src/storage/log/CMakeLists.txt passes to
# fluss_add_library(storage_log ...) and fluss_add_test(storage_log_test ...).
list(APPEND STORAGE_LOG_SRCS
  fluss_paths.cc
  offset_checkpoint.cc
  writer_append_info.cc
  writer_snapshot.cc
  writer_state_entry.cc
  writer_state_manager.cc)
list(APPEND STORAGE_LOG_TESTS
  tests/fluss_paths_test.cc
  tests/offset_checkpoint_test.cc
  tests/writer_snapshot_test.cc
  tests/writer_state_manager_test.cc
  tests/writer_state_manager_random_test.cc)
# The writer snapshot is JSON (parse_writer_snapshot).
list(APPEND STORAGE_LOG_PRIVATE_DEPS nlohmann_json::nlohmann_json)

fluss_add_fuzzer(writer_snapshot_fuzzer SRCS fuzz/writer_snapshot_fuzzer.cc DEPS fluss::storage_log)
fluss_add_fuzzer(offset_checkpoint_fuzzer SRCS fuzz/offset_checkpoint_fuzzer.cc
  DEPS fluss::storage_log)
