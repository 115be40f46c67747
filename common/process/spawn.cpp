#include "common/process/spawn.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string_view>

extern char** environ;

namespace sc::process {

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

// Closes every descriptor from `first` up; close_range where the kernel has it.
void CloseFrom(int first) {
  if (close_range(static_cast<unsigned>(first), ~0U, 0) == 0) return;
  rlimit limit{};
  const int last = getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < 65536
                       ? static_cast<int>(limit.rlim_cur)
                       : 65536;
  for (int fd = first; fd < last; ++fd) close(fd);
}

// fd 3 carries an exec failure's errno to the parent; it closes by itself when exec succeeds.
constexpr int kReportFd = 3;

[[noreturn]] void ReportAndExit() {
  const int error = errno;
  [[maybe_unused]] ssize_t n = write(kReportFd, &error, sizeof error);
  _exit(127);
}

// Between fork and exec only async-signal-safe calls: the parent has other threads, which may
// hold locks the child would never see released.
[[noreturn]] void ExecChild(pid_t parent, int devnull, int output, int report, const char* directory,
                            const char* path, char* const* argv, char* const* envp) {
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) _exit(127);
  if (getppid() != parent) _exit(127);  // the parent died before prctl took effect
  setpgid(0, 0);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int signal : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGCHLD}) std::signal(signal, SIG_DFL);
  if (dup2(devnull, STDIN_FILENO) < 0 || dup2(output, STDOUT_FILENO) < 0 ||
      dup2(output, STDERR_FILENO) < 0 || dup2(report, kReportFd) < 0) {
    _exit(127);
  }
  fcntl(kReportFd, F_SETFD, FD_CLOEXEC);
  // Sockets a server opened without close-on-exec (Asio's acceptor) must not live on in a child.
  CloseFrom(kReportFd + 1);
  if (directory && chdir(directory) != 0) ReportAndExit();
  execve(path, argv, envp);
  ReportAndExit();
}

}  // namespace

std::optional<std::string> FindProgram(const std::string& name) {
  if (name.empty()) return std::nullopt;
  if (name.find('/') != std::string::npos) {
    return access(name.c_str(), X_OK) == 0 ? std::optional(name) : std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  for (;;) {
    const std::size_t colon = dirs.find(':');
    const std::string dir(dirs.substr(0, colon));
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    if (colon == std::string_view::npos) return std::nullopt;
    dirs.remove_prefix(colon + 1);
  }
}

SpawnedProcess Spawn(const std::vector<std::string>& argv, const EnvOverrides& env,
                     const std::filesystem::path& working_dir) {
  if (argv.empty()) throw SpawnError("nothing to run");
  // A path is exec'd as given (exec reports why it cannot run); a bare name is looked up.
  std::string path = argv[0];
  if (path.find('/') == std::string::npos) {
    const std::optional<std::string> found = FindProgram(path);
    if (!found) throw SpawnError(path + ": not found on PATH");
    path = *found;
  }
  std::vector<std::string> args = argv;
  std::vector<std::string> environment = MergedEnvironment(env);
  std::vector<char*> arg_pointers = Pointers(args);
  std::vector<char*> env_pointers = Pointers(environment);
  const std::string directory = working_dir.string();

  int output[2];
  int report[2];
  if (pipe2(output, O_CLOEXEC) != 0) throw SpawnError(std::string("pipe: ") + strerror(errno));
  if (pipe2(report, O_CLOEXEC) != 0) {
    close(output[0]);
    close(output[1]);
    throw SpawnError(std::string("pipe: ") + strerror(errno));
  }
  const int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    ExecChild(parent, devnull, output[1], report[1], directory.empty() ? nullptr : directory.c_str(),
              path.c_str(), arg_pointers.data(), env_pointers.data());
  }
  const int fork_error = errno;
  close(output[1]);
  close(report[1]);
  if (devnull >= 0) close(devnull);
  if (pid < 0) {
    close(output[0]);
    close(report[0]);
    throw SpawnError(argv[0] + ": fork: " + strerror(fork_error));
  }
  setpgid(pid, pid);  // also here: the group must exist before anyone signals it

  int child_errno = 0;
  ssize_t n;
  do {
    n = read(report[0], &child_errno, sizeof child_errno);
  } while (n < 0 && errno == EINTR);
  close(report[0]);
  if (n == static_cast<ssize_t>(sizeof child_errno)) {  // exec failed: reap, report
    while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    close(output[0]);
    throw SpawnError(argv[0] + ": " + strerror(child_errno));
  }
  return SpawnedProcess{pid, output[0]};
}

}  // namespace sc::process
