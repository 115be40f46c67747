#include "ffmpeg/backoff.hpp"

#include <gtest/gtest.h>

namespace sc::ffmpeg {
namespace {

using std::chrono::milliseconds;

TEST(BackoffTest, DoublesUpToTheMaximumWithoutJitter) {
  Backoff backoff({.initial = milliseconds(1000), .max = milliseconds(5000), .jitter = 0.0});
  EXPECT_EQ(backoff.Next(), milliseconds(1000));
  EXPECT_EQ(backoff.Next(), milliseconds(2000));
  EXPECT_EQ(backoff.Next(), milliseconds(4000));
  EXPECT_EQ(backoff.Next(), milliseconds(5000));
  EXPECT_EQ(backoff.Next(), milliseconds(5000));
  EXPECT_EQ(backoff.failures(), 5);
  for (int i = 0; i < 100; ++i) backoff.Next();  // no overflow after many failures
  EXPECT_EQ(backoff.Next(), milliseconds(5000));
}

TEST(BackoffTest, ResetStartsAgainFromTheInitialDelay) {
  Backoff backoff({.initial = milliseconds(100), .max = milliseconds(1000), .jitter = 0.0});
  backoff.Next();
  backoff.Next();
  backoff.Reset();
  EXPECT_EQ(backoff.Next(), milliseconds(100));
}

TEST(BackoffTest, JitterScalesWithinItsBounds) {
  double draw = 0.0;
  Backoff backoff({.initial = milliseconds(1000), .max = milliseconds(60000), .jitter = 0.2},
                  [&draw] { return draw; });
  EXPECT_EQ(backoff.Next(), milliseconds(800));  // lowest draw: 1 - 0.2
  draw = 0.5;
  EXPECT_EQ(backoff.Next(), milliseconds(2000));  // middle draw: unscaled
  draw = 0.999999;
  EXPECT_NEAR(static_cast<double>(backoff.Next().count()), 4800.0, 1.0);  // top: 1 + 0.2
}

TEST(BackoffTest, DefaultRandomSourceStaysWithinJitter) {
  Backoff backoff({.initial = milliseconds(1000), .max = milliseconds(1000), .jitter = 0.25});
  std::set<long long> seen;
  for (int i = 0; i < 200; ++i) {
    const auto delay = backoff.Next().count();
    EXPECT_GE(delay, 750);
    EXPECT_LE(delay, 1250);
    seen.insert(delay);
  }
  EXPECT_GT(seen.size(), 10u) << "delays are spread, not all equal";
}

}  // namespace
}  // namespace sc::ffmpeg
