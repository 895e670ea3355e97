// SPDX-License-Identifier: Apache-2.0
#include "test_utils/zookeeper_server.h"

#include <fmt/format.h>

#include <arpa/inet.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sstream>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "common/check.h"

namespace fluss::test {

namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kStartDeadline = std::chrono::seconds(30);
constexpr auto kStopDeadline = std::chrono::seconds(10);

// The file of `package` whose path ends with `suffix`, from `dpkg -L`.
std::string packaged_file(const char* package, const char* suffix, const char* fallback) {
  std::string found;
  const std::string command = fmt::format("dpkg -L {} 2>/dev/null", package);
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char line[4096];
    while (std::fgets(line, sizeof line, pipe) != nullptr) {
      std::string_view s(line);
      while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
      if (s.ends_with(suffix)) found = s;
    }
    ::pclose(pipe);
  }
  if (found.empty() && std::filesystem::exists(fallback)) found = fallback;
  return found;
}

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  FLUSS_CHECK(fd >= 0, "socket: errno {}", errno);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  FLUSS_CHECK(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0, "bind: errno {}",
              errno);
  socklen_t len = sizeof addr;
  FLUSS_CHECK(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0,
              "getsockname: errno {}", errno);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// Waits for `done` with a short, growing backoff until `deadline`.
template <typename F>
bool poll_until(Clock::time_point deadline, F done) {
  auto backoff = std::chrono::milliseconds(5);
  for (;;) {
    if (done()) return true;
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, std::chrono::milliseconds(100));
  }
}

}  // namespace

ZooKeeperServer::ZooKeeperServer(std::string dir, int port) : dir_(std::move(dir)), port_(port) {}

std::unique_ptr<ZooKeeperServer> ZooKeeperServer::start() {
  std::string templ = (std::filesystem::temp_directory_path() / "fluss-zk-XXXXXX").string();
  FLUSS_CHECK(::mkdtemp(templ.data()) != nullptr, "mkdtemp {}: errno {}", templ, errno);
  std::unique_ptr<ZooKeeperServer> server(new ZooKeeperServer(templ, free_port()));
  std::filesystem::create_directories(server->dir_ + "/data");
  std::ofstream cfg(server->dir_ + "/zoo.cfg");
  cfg << "tickTime=200\n"
      << "minSessionTimeout=400\n"
      << "maxSessionTimeout=60000\n"
      << "dataDir=" << server->dir_ << "/data\n"
      << "clientPort=" << server->port_ << "\n"
      << "clientPortAddress=127.0.0.1\n"
      << "admin.enableServer=false\n"
      << "4lw.commands.whitelist=ruok,srvr,stat,mntr\n"
      << "maxClientCnxns=0\n";
  cfg.close();
  FLUSS_CHECK(cfg.good(), "cannot write {}/zoo.cfg", server->dir_);
  server->launch();
  return server;
}

ZooKeeperServer::~ZooKeeperServer() {
  stop();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string ZooKeeperServer::address() const { return fmt::format("127.0.0.1:{}", port_); }

void ZooKeeperServer::launch() {
  const std::string jar =
      packaged_file("libzookeeper-java", "/zookeeper.jar", "/usr/share/java/zookeeper.jar");
  FLUSS_CHECK(!jar.empty(), "zookeeper.jar not found: install Debian's zookeeper package");
  std::string classpath = jar;
  const std::string slf4j =
      packaged_file("libslf4j-java", "/slf4j-simple.jar", "/usr/share/java/slf4j-simple.jar");
  if (!slf4j.empty()) classpath += ":" + slf4j;

  // Everything the child needs is built before fork(): only async-signal-safe
  // calls run between fork() and exec().
  std::vector<std::string> args = {"java",
                                   "-Xmx128m",
                                   "-XX:+UseSerialGC",
                                   "-XX:TieredStopAtLevel=1",
                                   "-Djava.net.preferIPv4Stack=true",
                                   "-Dzookeeper.forceSync=no",
                                   "-cp",
                                   classpath,
                                   "org.apache.zookeeper.server.ZooKeeperServerMain",
                                   dir_ + "/zoo.cfg"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string log = dir_ + "/zookeeper.log";
  const int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  FLUSS_CHECK(log_fd >= 0, "open {}: errno {}", log, errno);
  const pid_t parent = ::getpid();

  const pid_t pid = ::fork();
  FLUSS_CHECK(pid >= 0, "fork: errno {}", errno);
  if (pid == 0) {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(1);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    ::execvp("java", argv.data());
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also here, so that stop() never races the child's own call
  ::close(log_fd);
  pid_ = pid;

  bool exited = false;
  const bool ready = poll_until(Clock::now() + kStartDeadline, [&] {
    int status;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      exited = true;
      return true;
    }
    return answers_ruok();
  });
  if (exited) pid_ = -1;
  FLUSS_CHECK(ready && !exited, "ZooKeeper on {} did not come up ({}); log tail:\n{}", address(),
              exited ? "java exited" : "no imok within 30 s", log_tail());
}

bool ZooKeeperServer::answers_ruok() const {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port_));
  std::string reply;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::write(fd, "ruok", 4) == 4) {
    char buffer[16];
    pollfd p{.fd = fd, .events = POLLIN, .revents = 0};
    while (reply.size() < 4 && ::poll(&p, 1, 1000) > 0) {
      const ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n <= 0) break;
      reply.append(buffer, static_cast<size_t>(n));
    }
  }
  ::close(fd);
  return reply == "imok";
}

std::string ZooKeeperServer::log_tail() const {
  std::ifstream in(dir_ + "/zookeeper.log");
  std::stringstream all;
  all << in.rdbuf();
  const std::string text = all.str();
  return text.size() > 4000 ? text.substr(text.size() - 4000) : text;
}

void ZooKeeperServer::stop() {
  if (pid_ < 0) return;
  ::kill(-pid_, SIGTERM);
  int status;
  const bool gone = poll_until(Clock::now() + kStopDeadline,
                               [&] { return ::waitpid(pid_, &status, WNOHANG) == pid_; });
  if (!gone) {
    ::kill(-pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
  }
  pid_ = -1;
}

void ZooKeeperServer::restart() {
  stop();
  launch();
}

namespace {
ZooKeeperEnvironment* registered_environment = nullptr;
}  // namespace

ZooKeeperEnvironment::ZooKeeperEnvironment() {
  FLUSS_CHECK(registered_environment == nullptr, "one ZooKeeperEnvironment per test binary");
  registered_environment = this;
}

ZooKeeperEnvironment::~ZooKeeperEnvironment() { registered_environment = nullptr; }

void ZooKeeperEnvironment::SetUp() { server_ = ZooKeeperServer::start(); }

void ZooKeeperEnvironment::TearDown() { server_.reset(); }

ZooKeeperServer& ZooKeeperEnvironment::server() {
  FLUSS_CHECK(registered_environment != nullptr && registered_environment->server_ != nullptr,
              "no ZooKeeperEnvironment is registered and set up in this test binary");
  return *registered_environment->server_;
}

}  // namespace fluss::test
