#include "ffmpeg/child_process.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/support/media_stack.hpp"

namespace sc::ffmpeg {
namespace {

using namespace std::chrono_literals;

using test::ProcessState;

bool GoneWithin(pid_t pid, std::chrono::milliseconds timeout) {
  return test::ProcessGoneWithin(pid, timeout);
}

struct Collected {
  std::mutex mutex;
  std::vector<std::string> lines;
  std::atomic<int> exits{0};
  ChildProcess::LineHandler OnLine() {
    return [this](std::string_view line) {
      std::lock_guard lock(mutex);
      lines.emplace_back(line);
    };
  }
  std::function<void()> OnExit() {
    return [this] { ++exits; };
  }
};

TEST(ChildProcessTest, DeliversLinesAndTheExitCodeAndReaps) {
  Collected collected;
  auto child = ChildProcess::Spawn(
      {"sh", "-c", "echo out; echo err >&2; printf 'frame=1\\rframe=2\\r'; exit 3"},
      collected.OnLine(), collected.OnExit());
  ASSERT_TRUE(child->WaitForExit(5s));
  const pid_t pid = child->pid();
  EXPECT_EQ(child->exit_status()->code, 3);
  EXPECT_FALSE(child->exit_status()->signal);
  EXPECT_EQ(ProcessState(pid), 0) << "reaped, not a zombie";
  child.reset();
  EXPECT_EQ(collected.exits, 1);
  EXPECT_EQ(collected.lines, (std::vector<std::string>{"out", "err", "frame=1", "frame=2"}));
}

TEST(ChildProcessTest, AMissingBinaryIsASpawnError) {
  EXPECT_THROW(ChildProcess::Spawn({"srs-cloud-no-such-binary"}, {}, {}), SpawnError);
  EXPECT_THROW(ChildProcess::Spawn({"/nonexistent/ffmpeg"}, {}, {}), SpawnError);
  EXPECT_THROW(ChildProcess::Spawn({}, {}, {}), SpawnError);
  // Executable bit missing: exec fails in the child, reported through the pipe.
  const std::string file =
      std::filesystem::temp_directory_path() / ("sc-noexec-" + std::to_string(getpid()));
  std::ofstream(file) << "#!/bin/sh\n";
  try {
    ChildProcess::Spawn({"/bin/sh", "-c", "true"}, {}, {});  // sanity: a good one works
    EXPECT_THROW(ChildProcess::Spawn({file}, {}, {}), SpawnError);
  } catch (...) {
    std::filesystem::remove(file);
    throw;
  }
  std::filesystem::remove(file);
}

TEST(ChildProcessTest, NoShellInterpretsTheArguments) {
  Collected collected;
  auto child = ChildProcess::Spawn({"echo", "$HOME; rm -rf /", "`id`"}, collected.OnLine(), {});
  ASSERT_TRUE(child->WaitForExit(5s));
  child.reset();
  EXPECT_EQ(collected.lines, (std::vector<std::string>{"$HOME; rm -rf / `id`"}));
}

TEST(ChildProcessTest, StopsWithSigtermEvenWhenTheSpawnerBlocksIt) {
  // The daemons block SIGTERM in every thread; the child must not inherit that.
  sigset_t block;
  sigemptyset(&block);
  sigaddset(&block, SIGTERM);
  sigset_t old;
  pthread_sigmask(SIG_BLOCK, &block, &old);
  auto child = ChildProcess::Spawn({"sleep", "30"}, {}, {});
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  const auto start = std::chrono::steady_clock::now();
  child->Stop(5s);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s) << "SIGTERM was ignored, SIGKILL needed";
  EXPECT_EQ(child->exit_status()->signal, SIGTERM);
}

TEST(ChildProcessTest, SigkillAfterTheGraceWhenSigtermIsIgnored) {
  auto child =
      ChildProcess::Spawn({"sh", "-c", "trap '' TERM; echo ready; sleep 30 & wait"}, {}, {});
  std::this_thread::sleep_for(200ms);
  child->Stop(300ms);
  EXPECT_EQ(child->exit_status()->signal, SIGKILL);
}

TEST(ChildProcessTest, SignalsReachTheWholeProcessGroup) {
  // sh forks sleep; stopping the child must not leave the grandchild behind.
  Collected collected;
  auto child =
      ChildProcess::Spawn({"sh", "-c", "sleep 30 & echo $!; wait"}, collected.OnLine(), {});
  pid_t grandchild = 0;
  for (int i = 0; i < 200 && grandchild == 0; ++i) {
    std::this_thread::sleep_for(10ms);
    std::lock_guard lock(collected.mutex);
    if (!collected.lines.empty()) grandchild = std::stoi(collected.lines.front());
  }
  ASSERT_GT(grandchild, 0);
  EXPECT_EQ(getpgid(grandchild), child->pid()) << "the child leads its own process group";
  child->Stop(2s);
  EXPECT_TRUE(GoneWithin(grandchild, 2s)) << "grandchild " << grandchild << " survived";
}

TEST(ChildProcessTest, InheritsNoDescriptorsBeyondTheStandardThree) {
  Collected collected;
  auto child = ChildProcess::Spawn({"sh", "-c", "ls /proc/$$/fd"}, collected.OnLine(), {});
  ASSERT_TRUE(child->WaitForExit(5s));
  child.reset();
  EXPECT_EQ(collected.lines, (std::vector<std::string>{"0", "1", "2"}));
}

TEST(ChildProcessTest, DiesWithTheThreadThatSpawnedIt) {
  // PR_SET_PDEATHSIG: a crashed daemon leaves no orphan FFmpeg. The spawning thread ending is
  // what the kernel watches, so a short-lived thread stands in for the whole daemon here.
  std::unique_ptr<ChildProcess> child;
  std::thread([&child] { child = ChildProcess::Spawn({"sleep", "30"}, {}, {}); }).join();
  ASSERT_TRUE(child->WaitForExit(5s)) << "the child outlived its spawning thread";
  EXPECT_EQ(child->exit_status()->signal, SIGKILL);
}

TEST(ChildProcessTest, DestructionStopsAndReapsTheChild) {
  pid_t pid = 0;
  {
    auto child = ChildProcess::Spawn({"sleep", "30"}, {}, {});
    pid = child->pid();
    EXPECT_EQ(ProcessState(pid) == 0, false);
  }
  EXPECT_EQ(ProcessState(pid), 0);
}

TEST(ChildProcessTest, SignalAfterReapingTouchesNothing) {
  auto child = ChildProcess::Spawn({"true"}, {}, {});
  ASSERT_TRUE(child->WaitForExit(5s));
  child->Signal(SIGKILL);  // the pid may be reused by now: must be a no-op
  EXPECT_EQ(child->exit_status()->code, 0);
}

TEST(ChildProcessTest, ResolveSearchesPath) {
  EXPECT_EQ(process::FindProgram("sh").value_or("").ends_with("/sh"), true);
  EXPECT_FALSE(process::FindProgram("srs-cloud-no-such-binary"));
  EXPECT_EQ(process::FindProgram("/bin/sh"), "/bin/sh");
}

}  // namespace
}  // namespace sc::ffmpeg
