#include <gtest/gtest.h>

#include "ffmpeg/worker_settings.hpp"
#include "tests/support/net.hpp"

namespace sc::ffmpeg {
namespace {

using std::chrono::milliseconds;

config::Settings With(std::map<std::string, std::string, std::less<>> environment) {
  static test::TempDir home;  // no .env in it: only `environment` counts
  return config::Settings(home.path(), std::move(environment));
}

TEST(WorkerSettingsTest, Defaults) {
  const WorkerOptions options = WorkerOptionsFrom(With({}));
  EXPECT_EQ(options.source.host, "127.0.0.1");
  EXPECT_EQ(options.source.port, 1935);
  EXPECT_EQ(options.ffmpeg, "ffmpeg");
  EXPECT_EQ(options.period, milliseconds(1000));
  EXPECT_EQ(options.task.no_progress_timeout, milliseconds(30000));  // spec/ffmpeg.md §6.5
  EXPECT_EQ(options.task.startup_timeout, milliseconds(30000));
  EXPECT_EQ(options.task.backoff.initial, milliseconds(1000));
  EXPECT_EQ(options.task.backoff.max, milliseconds(60000));
}

TEST(WorkerSettingsTest, DevelopmentTimesOutAfterNineSeconds) {
  const WorkerOptions options = WorkerOptionsFrom(With({{"NODE_ENV", "development"}}));
  EXPECT_EQ(options.task.no_progress_timeout, milliseconds(9000));
  EXPECT_EQ(options.task.startup_timeout, milliseconds(9000));
}

TEST(WorkerSettingsTest, Overrides) {
  const WorkerOptions options = WorkerOptionsFrom(With({{"SRS_RTMP_HOST", "10.0.0.5"},
                                                        {"SRS_RTMP_PORT", "19350"},
                                                        {"FFMPEG_BINARY", "/opt/ffmpeg/bin/ffmpeg"},
                                                        {"FORWARD_PERIOD_MS", "250"},
                                                        {"FORWARD_NO_PROGRESS_SECONDS", "12"},
                                                        {"FORWARD_STARTUP_SECONDS", "40"},
                                                        {"FORWARD_BACKOFF_INITIAL_MS", "500"},
                                                        {"FORWARD_BACKOFF_MAX_MS", "8000"}}));
  EXPECT_EQ(options.source.host, "10.0.0.5");
  EXPECT_EQ(options.source.port, 19350);
  EXPECT_EQ(options.ffmpeg, "/opt/ffmpeg/bin/ffmpeg");
  EXPECT_EQ(options.period, milliseconds(250));
  EXPECT_EQ(options.task.no_progress_timeout, milliseconds(12000));
  EXPECT_EQ(options.task.startup_timeout, milliseconds(40000));
  EXPECT_EQ(options.task.backoff.initial, milliseconds(500));
  EXPECT_EQ(options.task.backoff.max, milliseconds(8000));
}

TEST(WorkerSettingsTest, MalformedValuesFailTheStart) {
  EXPECT_THROW(WorkerOptionsFrom(With({{"FORWARD_PERIOD_MS", "0"}})), std::invalid_argument);
  EXPECT_THROW(WorkerOptionsFrom(With({{"FORWARD_PERIOD_MS", "soon"}})), std::invalid_argument);
  EXPECT_THROW(WorkerOptionsFrom(With({{"FORWARD_NO_PROGRESS_SECONDS", "-1"}})),
               std::invalid_argument);
  EXPECT_THROW(WorkerOptionsFrom(With({{"FORWARD_BACKOFF_INITIAL_MS", "5000"},
                                       {"FORWARD_BACKOFF_MAX_MS", "1000"}})),
               std::invalid_argument);
  EXPECT_THROW(WorkerOptionsFrom(With({{"SRS_RTMP_PORT", "70000"}})), std::invalid_argument);
}

}  // namespace
}  // namespace sc::ffmpeg
