# Every third-party dependency, all from Debian's archive (DESIGN.md §6);
# scripts/install-deps.sh installs exactly these packages. Nothing is downloaded.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

find_package(fmt CONFIG REQUIRED)                # libfmt-dev
find_package(spdlog CONFIG REQUIRED)             # libspdlog-dev
find_package(nlohmann_json CONFIG REQUIRED)      # nlohmann-json3-dev
find_package(yaml-cpp CONFIG REQUIRED)           # libyaml-cpp-dev
find_package(CLI11 CONFIG REQUIRED)              # libcli11-dev
find_package(FlatBuffers CONFIG REQUIRED)        # libflatbuffers-dev flatbuffers-compiler
find_package(zstd CONFIG REQUIRED)               # libzstd-dev
# libprotobuf-dev protobuf-compiler (3.21): the RPC messages (src/rpc/protocol). CMake's
# FindProtobuf module gives protobuf::libprotobuf and protobuf::protoc.
find_package(Protobuf REQUIRED)
pkg_check_modules(LZ4 REQUIRED IMPORTED_TARGET liblz4)     # liblz4-dev
pkg_check_modules(ISAL REQUIRED IMPORTED_TARGET libisal)   # libisal-dev (CRC-32C)
# libedit-dev: line editing and history in the `fluss sql` shell (src/cli only).
pkg_check_modules(LIBEDIT REQUIRED IMPORTED_TARGET libedit)

# Standalone Asio (libasio-dev 1.22, header-only): the network and blocking
# executors, with C++20 coroutines (DESIGN.md §5). Debian's headers define
# ASIO_STANDALONE themselves unless ASIO_ENABLE_BOOST is set; we say it anyway.
find_path(ASIO_INCLUDE_DIR asio.hpp REQUIRED)
add_library(fluss_asio INTERFACE)
add_library(fluss::asio ALIAS fluss_asio)
target_include_directories(fluss_asio SYSTEM INTERFACE ${ASIO_INCLUDE_DIR})
target_compile_definitions(fluss_asio INTERFACE ASIO_STANDALONE ASIO_NO_DEPRECATED)
target_link_libraries(fluss_asio INTERFACE Threads::Threads)

if(FLUSS_BUILD_TESTS)
  find_package(GTest CONFIG REQUIRED)            # libgtest-dev libgmock-dev
endif()
if(FLUSS_BUILD_BENCHMARKS)
  find_package(benchmark CONFIG REQUIRED)        # libbenchmark-dev
endif()

# yaml-cpp 0.7's config exports the plain name; give it a namespaced alias.
if(TARGET yaml-cpp AND NOT TARGET yaml-cpp::yaml-cpp)
  add_library(yaml-cpp::yaml-cpp ALIAS yaml-cpp)
endif()
if(TARGET zstd::libzstd_shared)
  set(FLUSS_ZSTD_TARGET zstd::libzstd_shared)
else()
  set(FLUSS_ZSTD_TARGET zstd::libzstd_static)
endif()
if(TARGET flatbuffers::flatbuffers_shared)
  set(FLUSS_FLATBUFFERS_TARGET flatbuffers::flatbuffers_shared)
else()
  set(FLUSS_FLATBUFFERS_TARGET flatbuffers::flatbuffers)
endif()

# RocksDB (librocksdb-dev): the KvTablet's store. Its CMake config drags in
# gflags/snappy/zlib for the static archive; we only link the shared library.
find_package(RocksDB CONFIG REQUIRED)
if(TARGET RocksDB::rocksdb-shared)
  set(FLUSS_ROCKSDB_TARGET RocksDB::rocksdb-shared)
else()
  set(FLUSS_ROCKSDB_TARGET RocksDB::rocksdb)
endif()

# The ZooKeeper C client, multi-threaded flavour (libzookeeper-mt-dev 3.8): the
# cluster's metadata store (src/server/zk). No CMake or pkg-config file ships with
# it. THREADED must be defined or the synchronous API is not declared.
find_path(ZOOKEEPER_INCLUDE_DIR zookeeper/zookeeper.h REQUIRED)
find_library(ZOOKEEPER_MT_LIBRARY zookeeper_mt REQUIRED)
add_library(fluss_zookeeper_mt INTERFACE)
add_library(fluss::zookeeper_mt ALIAS fluss_zookeeper_mt)
target_include_directories(fluss_zookeeper_mt SYSTEM INTERFACE ${ZOOKEEPER_INCLUDE_DIR})
target_compile_definitions(fluss_zookeeper_mt INTERFACE THREADED)
target_link_libraries(fluss_zookeeper_mt INTERFACE ${ZOOKEEPER_MT_LIBRARY} Threads::Threads)
