#include "common/util/time.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

namespace sc::util {
namespace {

// 2022-04-01T00:11:25Z
const SystemTime kSample = std::chrono::system_clock::from_time_t(1648771885);

class TimeZone {
 public:
  explicit TimeZone(const char* zone) {
    if (const char* old = std::getenv("TZ")) saved_ = old;
    setenv("TZ", zone, 1);
    tzset();
  }
  ~TimeZone() {
    if (saved_.empty()) {
      unsetenv("TZ");
    } else {
      setenv("TZ", saved_.c_str(), 1);
    }
    tzset();
  }

 private:
  std::string saved_;
};

TEST(TimeTest, MysqlTimeIsUtc) {
  TimeZone zone("Asia/Shanghai");
  EXPECT_EQ(MysqlTime(kSample), "2022-04-01 00:11:25");
}

TEST(TimeTest, IsoTimeIsLocalWithNumericOffset) {
  {
    TimeZone zone("UTC");
    EXPECT_EQ(IsoTime(kSample), "2022-04-01T00:11:25+00:00");
  }
  {
    TimeZone zone("CST-8");
    EXPECT_EQ(IsoTime(kSample), "2022-04-01T08:11:25+08:00");
  }
  {
    TimeZone zone("EST5");
    EXPECT_EQ(IsoTime(kSample), "2022-03-31T19:11:25-05:00");
  }
}

TEST(TimeTest, EpochSeconds) { EXPECT_EQ(EpochSeconds(kSample), 1648771885); }

}  // namespace
}  // namespace sc::util
