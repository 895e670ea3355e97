#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine: installs what is missing,
# builds the debug preset (g++ with ASan + UBSan) and runs every ctest test (unit,
# interop with the real npm peers, and the fuzz targets' replay runs), then builds
# the fuzz targets with clang-14's libFuzzer and runs each one briefly.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

scripts/install-deps.sh

jobs=$(nproc)

echo "== debug build (ASan + UBSan)"
cmake --preset debug >/dev/null
cmake --build --preset debug -j "$jobs"
echo "== tests"
ctest --preset debug -j "$jobs"

echo "== libFuzzer targets (clang-14), short runs"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs"
ctest --preset fuzz -j "$jobs"

echo "== all tests passed in $(( $(date +%s) - start )) s"
