#include "mgmt/spawn.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <map>
#include <stdexcept>

extern char** environ;

namespace sc::mgmt {

namespace {

std::vector<std::string> MergedEnvironment(const EnvOverrides& overrides) {
  std::map<std::string, std::string> merged;
  for (char** entry = environ; entry && *entry; ++entry) {
    const std::string text(*entry);
    const std::size_t equals = text.find('=');
    if (equals != std::string::npos) merged[text.substr(0, equals)] = text.substr(equals + 1);
  }
  for (const auto& [name, value] : overrides) merged[name] = value;
  std::vector<std::string> list;
  for (const auto& [name, value] : merged) list.push_back(name + "=" + value);
  return list;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& text : strings) pointers.push_back(text.data());
  pointers.push_back(nullptr);
  return pointers;
}

[[noreturn]] void ReportAndExit(int status_fd) {
  const int error = errno;
  [[maybe_unused]] ssize_t n = write(status_fd, &error, sizeof error);
  _exit(127);
}

// Between fork and exec only async-signal-safe calls; a failure is reported through
// `status_fd` as errno and ends the child.
[[noreturn]] void ExecChild(pid_t parent, int output_fd, int status_fd, const char* directory,
                            char* const* argv, char* const* envp) {
  const auto fail = [status_fd] { ReportAndExit(status_fd); };
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail();
  if (getppid() != parent) _exit(1);  // the parent died before prctl took effect
  setpgid(0, 0);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int signal : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGCHLD}) std::signal(signal, SIG_DFL);
  const int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null_fd < 0 || dup2(null_fd, STDIN_FILENO) < 0) fail();
  if (dup2(output_fd, STDOUT_FILENO) < 0 || dup2(output_fd, STDERR_FILENO) < 0) fail();
  if (directory && chdir(directory) != 0) fail();
  // Sockets the server opened without close-on-exec (Asio's acceptor) must not live on in a
  // daemon we restart; status_fd is close-on-exec and stays usable until execve.
  close_range(STDERR_FILENO + 1, status_fd - 1, 0);
  close_range(status_fd + 1, ~0U, 0);
  execve(argv[0], argv, envp);
  ReportAndExit(status_fd);
}

}  // namespace

SpawnedProcess Spawn(const std::vector<std::string>& argv, const EnvOverrides& env,
                     const std::filesystem::path& working_dir) {
  if (argv.empty()) throw std::runtime_error("spawn: empty command");
  std::vector<std::string> args = argv;
  std::vector<std::string> environment = MergedEnvironment(env);
  std::vector<char*> arg_pointers = Pointers(args);
  std::vector<char*> env_pointers = Pointers(environment);
  const std::string directory = working_dir.string();

  int output[2];
  int status[2];
  if (pipe2(output, O_CLOEXEC) != 0) throw std::runtime_error("spawn: pipe: " + std::string(strerror(errno)));
  if (pipe2(status, O_CLOEXEC) != 0) {
    close(output[0]);
    close(output[1]);
    throw std::runtime_error("spawn: pipe: " + std::string(strerror(errno)));
  }
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    ExecChild(parent, output[1], status[1], directory.empty() ? nullptr : directory.c_str(),
              arg_pointers.data(), env_pointers.data());
  }
  close(output[1]);
  close(status[1]);
  if (pid < 0) {
    const int error = errno;
    close(output[0]);
    close(status[0]);
    throw std::runtime_error("spawn " + argv[0] + ": fork: " + strerror(error));
  }
  int child_errno = 0;
  ssize_t n;
  do {
    n = read(status[0], &child_errno, sizeof child_errno);
  } while (n < 0 && errno == EINTR);
  close(status[0]);
  if (n == static_cast<ssize_t>(sizeof child_errno)) {  // exec failed: reap, report
    waitpid(pid, nullptr, 0);
    close(output[0]);
    throw std::runtime_error("spawn " + argv[0] + ": " + strerror(child_errno));
  }
  fcntl(output[0], F_SETFL, fcntl(output[0], F_GETFL) | O_NONBLOCK);
  return SpawnedProcess{pid, output[0]};
}

}  // namespace sc::mgmt
