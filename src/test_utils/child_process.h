// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace fluss::test {

// A child process running `args` (args[0] is the executable's path) with its stdout on a
// pipe, for tests of the real binary. The destructor SIGKILLs it if it still runs.
class ChildProcess {
 public:
  explicit ChildProcess(std::vector<std::string> args);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Reads stdout line by line, giving each to `on_line`, until a line contains `marker`;
  // false when stdout closed first (the child exited).
  bool read_until(std::string_view marker,
                  const std::function<void(const std::string&)>& on_line = {});
  // Sends `signal` and reaps the child; its wait status.
  int kill(int signal);
  // Everything the child printed (call after it exited to get the rest).
  std::string rest_of_output();
  const std::string& output() const { return output_; }

  // The number after the last ':' of "... at 127.0.0.1:PORT ..."; 0 without one.
  static int port_of(const std::string& line);

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  std::string output_;
};

}  // namespace fluss::test
