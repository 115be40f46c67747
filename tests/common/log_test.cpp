#include "common/log/log.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "common/log/line_budget.hpp"
#include "tests/support/net.hpp"

namespace sc::log {
namespace {

class LogTest : public ::testing::Test {
 protected:
  ~LogTest() override {
    spdlog::drop("access");  // Init's access logger, which later tests in this process must not get
    spdlog::set_default_logger(previous_);
    spdlog::set_level(spdlog::level::info);
  }
  std::shared_ptr<spdlog::logger> previous_ = spdlog::default_logger();
};

TEST_F(LogTest, InitNamesTheDefaultLoggerAfterTheDaemon) {
  Init("log-test-name", "");
  EXPECT_EQ(spdlog::default_logger()->name(), "log-test-name");
  EXPECT_EQ(spdlog::get_level(), spdlog::level::info);
}

TEST_F(LogTest, LevelComesFromItsName) {
  Init("log-test-debug", "debug");
  EXPECT_EQ(spdlog::get_level(), spdlog::level::debug);
  Init("log-test-off", "off");
  EXPECT_EQ(spdlog::get_level(), spdlog::level::off);
}

TEST_F(LogTest, UnknownLevelFallsBackToInfo) {
  Init("log-test-unknown", "loud");
  EXPECT_EQ(spdlog::get_level(), spdlog::level::info);
}

// stdout (fd 1) goes to a file for the life of this object.
class CapturedStdout {
 public:
  explicit CapturedStdout(const std::string& file) : saved_(dup(STDOUT_FILENO)) {
    std::fflush(stdout);
    const int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, STDOUT_FILENO);
    close(fd);
  }
  ~CapturedStdout() {
    std::fflush(stdout);
    dup2(saved_, STDOUT_FILENO);
    close(saved_);
  }

 private:
  const int saved_;
};

std::string Read(const std::string& file) {
  std::ostringstream text;
  text << std::ifstream(file).rdbuf();
  return text.str();
}

TEST_F(LogTest, AccessLinesWaitInTheBufferTheDaemonsNextLineWritesThemInOrder) {
  test::TempDir dir;
  const std::string file = dir.path() + "/stdout";
  {
    CapturedStdout captured(file);
    Init("log-test-buffer", "");
    AccessLogger()->info("first access line");
    AccessLogger()->info("second access line");
    EXPECT_EQ(Read(file), "");  // one write(2) per request is what this avoids
    spdlog::info("an event");
    const std::string written = Read(file);
    EXPECT_NE(written.find("[log-test-buffer] [info] first access line\n"), std::string::npos) << written;
    EXPECT_LT(written.find("first access line"), written.find("second access line"));
    EXPECT_LT(written.find("second access line"), written.find("[log-test-buffer] [info] an event\n"));
    AccessLogger()->info("third access line");
    spdlog::default_logger()->flush();  // what the periodic flush does every second
    EXPECT_NE(Read(file).find("third access line"), std::string::npos);
  }
}

TEST_F(LogTest, TheAccessLoggerFollowsTheLevel) {
  Init("log-test-access-level", "warn");
  EXPECT_FALSE(AccessLogger()->should_log(spdlog::level::info));
  Init("log-test-access-level", "info");
  EXPECT_TRUE(AccessLogger()->should_log(spdlog::level::info));
}

TEST(LineBudgetTest, LetsTheBurstThroughThenCountsWhatItHoldsBack) {
  LineBudget budget(3, std::chrono::hours(1));
  std::uint64_t held_back = 99;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(budget.Take(held_back)) << i;
    EXPECT_EQ(held_back, 0u);
  }
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(budget.Take(held_back)) << i;
}

TEST(LineBudgetTest, TheNextWindowsFirstLineSaysHowManyWereHeldBack) {
  LineBudget budget(1, std::chrono::milliseconds(500));
  std::uint64_t held_back = 99;
  ASSERT_TRUE(budget.Take(held_back));
  EXPECT_FALSE(budget.Take(held_back));
  EXPECT_FALSE(budget.Take(held_back));
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  ASSERT_TRUE(budget.Take(held_back));
  EXPECT_EQ(held_back, 2u);
  EXPECT_FALSE(budget.Take(held_back));
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  ASSERT_TRUE(budget.Take(held_back));
  EXPECT_EQ(held_back, 1u) << "counted afresh after each line written";
}

}  // namespace
}  // namespace sc::log
