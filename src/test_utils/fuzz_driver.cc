// SPDX-License-Identifier: Apache-2.0
// A standalone driver for LLVMFuzzerTestOneInput targets, for compilers without
// libFuzzer (g++): feeds every file of the given corpus directories, then
// --runs=N deterministic mutations of them (bit flips, truncations, byte
// overwrites, random bytes). Under the sanitizer build a crash or an
// out-of-bounds read fails the ctest run; libFuzzer (the fuzz preset) explores
// further with coverage guidance.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::vector<uint8_t> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void run_one(const std::vector<uint8_t>& input) {
  // A heap copy of exactly the input's size, so ASan catches reads past its end.
  std::unique_ptr<uint8_t[]> copy(new uint8_t[input.size() + 1]);
  if (!input.empty()) std::memcpy(copy.get(), input.data(), input.size());
  LLVMFuzzerTestOneInput(copy.get(), input.size());
}

std::vector<uint8_t> mutate(const std::vector<uint8_t>& seed, std::mt19937_64& rng) {
  std::vector<uint8_t> out = seed;
  const int edits = 1 + static_cast<int>(rng() % 4);
  for (int i = 0; i < edits; ++i) {
    switch (rng() % 6) {
      case 0:  // flip a bit
        if (!out.empty()) out[rng() % out.size()] ^= static_cast<uint8_t>(1u << (rng() % 8));
        break;
      case 1:  // truncate
        if (!out.empty()) out.resize(rng() % out.size());
        break;
      case 2:  // overwrite a byte with an interesting value
        if (!out.empty()) {
          static constexpr uint8_t kValues[] = {0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe};
          out[rng() % out.size()] = kValues[rng() % sizeof(kValues)];
        }
        break;
      case 3:  // overwrite 4 bytes (a length field that lies)
        if (out.size() >= 4) {
          const size_t at = rng() % (out.size() - 3);
          const uint32_t v = static_cast<uint32_t>(rng());
          std::memcpy(out.data() + at, &v, 4);
        }
        break;
      case 4:  // append random bytes
        for (int n = static_cast<int>(rng() % 16); n > 0; --n) {
          out.push_back(static_cast<uint8_t>(rng()));
        }
        break;
      default:  // duplicate a slice
        if (!out.empty()) {
          const size_t at = rng() % out.size();
          const size_t len = std::min<size_t>(rng() % 32, out.size() - at);
          out.insert(out.begin() + static_cast<long>(at), out.begin() + static_cast<long>(at),
                     out.begin() + static_cast<long>(at + len));
        }
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  long runs = 10000;
  std::vector<std::vector<uint8_t>> corpus;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--runs=", 7) == 0) {
      runs = std::strtol(argv[i] + 7, nullptr, 10);
      continue;
    }
    const std::filesystem::path path(argv[i]);
    if (std::filesystem::is_directory(path)) {
      for (const auto& entry : std::filesystem::directory_iterator(path)) {
        if (entry.is_regular_file()) corpus.push_back(read_file(entry.path()));
      }
    } else if (std::filesystem::exists(path)) {
      corpus.push_back(read_file(path));
    }
  }
  corpus.push_back({});
  for (const auto& input : corpus) run_one(input);
  std::mt19937_64 rng(1);
  for (long i = 0; i < runs; ++i) {
    run_one(mutate(corpus[rng() % corpus.size()], rng));
  }
  std::printf("fuzz driver: %zu corpus inputs, %ld mutations, no crash\n", corpus.size(), runs);
  return 0;
}
