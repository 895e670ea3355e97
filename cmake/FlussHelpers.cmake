# fluss_add_library(<name> SRCS ... DEPS ... [PRIVATE_DEPS ...])
# Creates static library fluss_<name> with alias fluss::<name>. DEPS are PUBLIC:
# list only modules whose headers appear in this module's headers.
function(fluss_add_library name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(fluss_${name} STATIC ${ARG_SRCS})
  add_library(fluss::${name} ALIAS fluss_${name})
  target_include_directories(fluss_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src
                                                  ${PROJECT_BINARY_DIR}/generated)
  target_link_libraries(fluss_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# fluss_add_test(<name> SRCS ... DEPS ... [LABELS unit|interop|fuzz|slow] [SINGLE_PROCESS])
# One gtest binary per module; every test case becomes a ctest test, or with
# SINGLE_PROCESS the whole binary is one ctest test (for binaries that share an
# expensive fixture, such as a ZooKeeper server, across their tests).
function(fluss_add_test name)
  if(NOT FLUSS_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "SINGLE_PROCESS" "" "SRCS;DEPS;LABELS" ${ARGN})
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  add_executable(${name} ${ARG_SRCS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} fluss::test_utils GTest::gmock
                                        GTest::gtest_main)
  # gtest and gmock parsed once for every test binary (about a second per test source at
  # -O0, and CI builds cold).
  if(NOT TARGET fluss_test_pch)
    add_library(fluss_test_pch OBJECT ${PROJECT_SOURCE_DIR}/cmake/test_pch.cc)
    target_link_libraries(fluss_test_pch PRIVATE GTest::gmock GTest::gtest)
    target_precompile_headers(fluss_test_pch PRIVATE <gtest/gtest.h> <gmock/gmock.h>)
  endif()
  target_precompile_headers(${name} REUSE_FROM fluss_test_pch)
  if(ARG_SINGLE_PROCESS)
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}"
                         ENVIRONMENT "FLUSS_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
    return()
  endif()
  # DISCOVERY_TIMEOUT is a keyword of gtest_discover_tests: it must come before
  # PROPERTIES, or it ends the property list and drops what follows.
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
                       PROPERTIES LABELS "${ARG_LABELS}"
                                  ENVIRONMENT "FLUSS_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()

# fluss_add_fuzzer(<name> SRCS ... DEPS ... [RUNS n])
# A fuzz target defining LLVMFuzzerTestOneInput. With FLUSS_LIBFUZZER (clang) it is
# a libFuzzer binary; otherwise it links test_utils' standalone driver, which
# replays the seed corpus and a fixed number of seeded mutations of it, so the
# gcc sanitizer build runs every target too. Either way a short run is a ctest
# test (label fuzz); its seed corpus is src/<module>/fuzz/corpus/<name>/.
function(fluss_add_fuzzer name)
  if(NOT FLUSS_BUILD_TESTS AND NOT FLUSS_LIBFUZZER)
    return()
  endif()
  cmake_parse_arguments(ARG "" "RUNS" "SRCS;DEPS" ${ARGN})
  if(NOT ARG_RUNS)
    set(ARG_RUNS 20000)
  endif()
  add_executable(${name} ${ARG_SRCS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
  set(corpus ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/${name})
  if(FLUSS_LIBFUZZER)
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    set(work ${CMAKE_CURRENT_BINARY_DIR}/${name}_corpus)
    add_test(NAME ${name}.libfuzzer
             COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=1
                     $<TARGET_FILE:${name}> -runs=${ARG_RUNS} -max_total_time=6
                     -rss_limit_mb=2048 -seed=1 ${work} ${corpus})
    set_tests_properties(${name}.libfuzzer PROPERTIES LABELS fuzz)
    add_custom_command(TARGET ${name} POST_BUILD COMMAND ${CMAKE_COMMAND} -E make_directory ${work})
    add_dependencies(fuzzers ${name})
  else()
    target_link_libraries(${name} PRIVATE fluss::fuzz_driver)
    add_test(NAME ${name}.replay COMMAND $<TARGET_FILE:${name}> --runs=${ARG_RUNS} ${corpus})
    set_tests_properties(${name}.replay PROPERTIES LABELS fuzz)
  endif()
endfunction()

# The fuzz preset builds only this target: every fuzzer.
add_custom_target(fuzzers)
