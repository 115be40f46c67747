// The certificate renewal timer (spec/platform.md §6.2): platform's `crontab` worker asks mgmt's
// host action renewLetsEncrypt every period once certificates exist (hourly by default,
// LETSENCRYPT_RENEW_SECONDS), and stops with the workers.
#include <thread>

#include "tests/platform/platform_test.hpp"

namespace sc::platform {
namespace {

using namespace std::chrono_literals;

TEST(RenewalPeriodTest, HourlyUnlessConfigured) {
  test::TempDir home;
  EXPECT_EQ(WorkerPeriodsFrom(config::Settings(home.path(), {})).crontab, 1h);
  EXPECT_EQ(WorkerPeriodsFrom(config::Settings(home.path(), {{"LETSENCRYPT_RENEW_SECONDS", "2"}})).crontab, 2s);
  EXPECT_THROW(WorkerPeriodsFrom(config::Settings(home.path(), {{"LETSENCRYPT_RENEW_SECONDS", "0"}})),
               std::runtime_error);
  EXPECT_THROW(WorkerPeriodsFrom(config::Settings(home.path(), {{"LETSENCRYPT_RENEW_SECONDS", "soon"}})),
               std::invalid_argument);
}

class RenewalTimerTest : public PlatformWithRecordingMgmtTest {
 protected:
  std::size_t Renewals() { return mgmt_stand_in_.CallsOf("renewLetsEncrypt").size(); }
  bool WaitForRenewals(std::size_t count, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (Renewals() < count) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(10ms);
    }
    return true;
  }
  // Only the renewal runs often; the other workers wait an hour after their first cycle.
  static WorkerPeriods ShortRenewal() {
    return {.api_secret = 1h, .crontab = 50ms, .upgrade = 1h, .market = 1h};
  }
};

TEST_F(RenewalTimerTest, RenewsEveryPeriodOnceACertificateExistsAndStopsWithTheWorkers) {
  mgmt_stand_in_.Answer("refreshVersion", 200, R"({"code":0,"data":{"version":"v1.0.0"}})");
  mgmt_stand_in_.Answer("renewLetsEncrypt", 200, R"({"code":0,"data":{"stdout":"","renewOk":false}})");
  {
    Workers workers(housekeeping_, ShortRenewal(), false);
    std::this_thread::sleep_for(200ms);  // several periods without a certificate: nothing to renew
    EXPECT_EQ(Renewals(), 0u);
    std::filesystem::create_directories(std::filesystem::path(home_.path()) /
                                        "containers/etc/letsencrypt/live/live.example.com");
    EXPECT_TRUE(WaitForRenewals(3, 10s)) << Renewals();
  }
  const std::size_t after_stop = Renewals();
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(Renewals(), after_stop);  // the timer ended with the workers
  for (const auto& call : mgmt_stand_in_.CallsOf("renewLetsEncrypt")) {
    EXPECT_EQ(call.args, Json::array({false}));  // never forced: certbot decides what is due
  }
}

TEST_F(RenewalTimerTest, AFailedRenewalIsRetriedNextPeriod) {
  mgmt_stand_in_.Answer("refreshVersion", 200, R"({"code":0,"data":{"version":"v1.0.0"}})");
  mgmt_stand_in_.Answer("renewLetsEncrypt", 500, R"({"code":1002,"data":{"message":"certbot renew failed"}})");
  std::filesystem::create_directories(std::filesystem::path(home_.path()) /
                                      "containers/etc/letsencrypt/live/live.example.com");
  Workers workers(housekeeping_, ShortRenewal(), false);
  EXPECT_TRUE(WaitForRenewals(3, 10s)) << Renewals();
}

}  // namespace
}  // namespace sc::platform
