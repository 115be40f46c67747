#include "tests/support/daemon_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "common/http/client.hpp"

extern char** environ;

namespace sc::test {

ChildProcess::ChildProcess(std::vector<std::string> argv, EnvList env, std::string log_file)
    : argv_(std::move(argv)), env_(std::move(env)), log_file_(std::move(log_file)) {}

ChildProcess::~ChildProcess() { Kill(); }

void ChildProcess::Start() {
  if (running()) throw std::logic_error("already running");
  std::map<std::string, std::string> merged;
  for (char** entry = environ; *entry; ++entry) {
    std::string text(*entry);
    const size_t eq = text.find('=');
    if (eq != std::string::npos) merged[text.substr(0, eq)] = text.substr(eq + 1);
  }
  for (const auto& [key, value] : env_) merged[key] = value;
  std::vector<std::string> env_strings;
  for (const auto& [key, value] : merged) env_strings.push_back(key + "=" + value);
  std::vector<char*> envp, argvp;
  for (auto& item : env_strings) envp.push_back(item.data());
  envp.push_back(nullptr);
  for (auto& item : argv_) argvp.push_back(item.data());
  argvp.push_back(nullptr);

  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    const int log = open(log_file_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (log >= 0) {
      dup2(log, STDOUT_FILENO);
      dup2(log, STDERR_FILENO);
    }
    const int null = open("/dev/null", O_RDONLY);
    if (null >= 0) dup2(null, STDIN_FILENO);
    execvpe(argvp[0], argvp.data(), envp.data());
    _exit(127);
  }
  pid_ = pid;
}

void ChildProcess::Signal(int signal) const {
  if (running()) kill(pid_, signal);
}

std::optional<int> ChildProcess::Wait(std::chrono::milliseconds timeout) {
  if (!running()) return std::nullopt;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    int status = 0;
    const pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

int ChildProcess::Stop(std::chrono::milliseconds grace) {
  if (!running()) return -1;
  Signal(SIGTERM);
  if (auto status = Wait(grace)) return *status;
  Signal(SIGKILL);
  return Wait(std::chrono::milliseconds(5000)).value_or(-1);
}

void ChildProcess::Kill() {
  if (!running()) return;
  Signal(SIGKILL);
  Wait(std::chrono::milliseconds(5000));
}

std::string ChildProcess::ReadLog() const {
  std::ifstream in(log_file_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string BinaryPath(const std::string& name) { return std::string(SC_BIN_DIR) + "/" + name; }

bool WaitForHttp(std::uint16_t port, const std::string& target, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      http::ClientRequest request;
      request.url = "http://127.0.0.1:" + std::to_string(port) + target;
      request.timeout = std::chrono::milliseconds(500);
      if (http::Fetch(request).status == 200) return true;
    } catch (const http::ClientError&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

char ProcessState(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(stat, text)) return 0;
  const auto close = text.rfind(')');
  return close == std::string::npos || close + 2 >= text.size() ? 0 : text[close + 2];
}

bool IsRunning(pid_t pid) {
  const char state = pid > 0 ? ProcessState(pid) : 0;
  return state != 0 && state != 'Z';
}

bool ProcessGoneWithin(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (ProcessState(pid) != 0) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

}  // namespace sc::test
