// SPDX-License-Identifier: Apache-2.0
#include "test_utils/child_process.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fluss::test {

ChildProcess::ChildProcess(std::vector<std::string> args) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  out_ = ::fdopen(fds[0], "r");
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) kill(SIGKILL);
  if (out_ != nullptr) std::fclose(out_);
}

bool ChildProcess::read_until(std::string_view marker,
                              const std::function<void(const std::string&)>& on_line) {
  char line[1024];
  while (std::fgets(line, sizeof(line), out_) != nullptr) {
    std::string text(line);
    output_ += text;
    if (on_line) on_line(text);
    if (text.find(marker) != std::string::npos) return true;
  }
  return false;
}

int ChildProcess::kill(int signal) {
  ::kill(pid_, signal);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return status;
}

std::string ChildProcess::rest_of_output() {
  char line[1024];
  while (std::fgets(line, sizeof(line), out_) != nullptr) output_ += line;
  return output_;
}

int ChildProcess::port_of(const std::string& line) {
  const size_t colon = line.rfind(':');
  return colon == std::string::npos ? 0 : std::atoi(line.c_str() + colon + 1);
}

}  // namespace fluss::test
