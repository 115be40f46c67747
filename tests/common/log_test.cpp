#include "common/log/log.hpp"

#include <gtest/gtest.h>

namespace sc::log {
namespace {

class LogTest : public ::testing::Test {
 protected:
  ~LogTest() override {
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

}  // namespace
}  // namespace sc::log
