#!/usr/bin/env bash
# Installs what fluss-cpp needs on Debian 12 and is missing: the Debian packages of
# DESIGN.md §6 (build tools, libraries, test peers) and the npm test peers pinned by
# tests/interop/package-lock.json (into tests/interop/node_modules). Works as root
# or through sudo; does nothing when everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config ccache clang-14 libclang-rt-14-dev python3
  # libraries (DESIGN.md §6)
  librocksdb-dev libprotobuf-dev protobuf-compiler libasio-dev libzstd-dev liblz4-dev
  libsnappy-dev libxxhash-dev libisal-dev libzookeeper-mt-dev libflatbuffers-dev
  flatbuffers-compiler libthrift-dev thrift-compiler libavro-dev libfmt-dev libspdlog-dev
  nlohmann-json3-dev libyaml-cpp-dev libcli11-dev libedit-dev libreadline-dev
  libcpp-httplib-dev libssl-dev libgtest-dev libgmock-dev libbenchmark-dev
  # real peers for tests and benchmarks
  zookeeper rocksdb-tools redis-server redis-tools nodejs npm
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js may come from outside Debian's archive (a newer node/npm on PATH): accept it.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi

if ((${#missing[@]})); then
  echo "install-deps: installing ${#missing[@]} Debian packages: ${missing[*]}"
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then SUDO=(sudo); fi
  "${SUDO[@]}" apt-get update -q
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${missing[@]}"
else
  echo "install-deps: every Debian package is present"
fi

# npm test peers (apache-arrow 21 with its codecs) from the committed lock file.
if [[ -f tests/interop/package-lock.json ]]; then
  if [[ ! -d tests/interop/node_modules ]] ||
     [[ tests/interop/package-lock.json -nt tests/interop/node_modules ]]; then
    echo "install-deps: npm ci in tests/interop"
    (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error)
    touch tests/interop/node_modules
  else
    echo "install-deps: npm test peers are present"
  fi
fi
