#include "common/auth/jwt.hpp"
#include "tests/ffmpeg/ffmpeg_routes_test.hpp"

namespace sc::ffmpeg {
namespace {

// Every token-protected route of the ffmpeg daemon refuses no token, a garbage token, a token
// of another secret and an expired token, and accepts a valid one.
class FfmpegAuthMatrixTest : public FfmpegRoutesTest,
                             public ::testing::WithParamInterface<std::string> {
 protected:
  FfmpegAuthMatrixTest() { settings_.Save({{"MGMT_PASSWORD", "admin-pw"}}); }
  void ExpectRefused(const Json& body, int code, const std::string& message_start) {
    const auto response = Post(GetParam(), body);
    EXPECT_EQ(response.status, 401) << GetParam() << " " << response.body;
    const Json answer = Json::parse(response.body);
    EXPECT_EQ(answer["code"], code) << GetParam();
    EXPECT_EQ(answer["data"]["message"].get<std::string>().rfind(message_start, 0), 0u)
        << GetParam() << " " << response.body;
  }
};

TEST_P(FfmpegAuthMatrixTest, RefusesNoToken) { ExpectRefused(Json::object(), 1000, "no token"); }

TEST_P(FfmpegAuthMatrixTest, RefusesGarbage) {
  ExpectRefused({{"token", "not.a.jwt"}}, 2001, "token invalid");
}

TEST_P(FfmpegAuthMatrixTest, RefusesAnotherSecret) {
  ExpectRefused(
      {{"token", auth::CreateToken("srs-v1-another", std::chrono::system_clock::now()).token}},
      2001, "token invalid");
}

TEST_P(FfmpegAuthMatrixTest, RefusesExpired) {
  const auto long_ago = std::chrono::system_clock::now() - std::chrono::hours(24 * 400);
  ExpectRefused({{"token", auth::CreateToken(secret_.Get(), long_ago).token}}, 2001,
                "token expired");
}

TEST_P(FfmpegAuthMatrixTest, RefusesBeforeValidating) {
  // An update with a bad token is refused as such, not answered with a validation error.
  ExpectRefused({{"token", "not.a.jwt"}, {"action", "update"}, {"platform", "nope"}}, 2001,
                "token invalid");
}

TEST_P(FfmpegAuthMatrixTest, AcceptsAValidToken) {
  const auto response = Post(GetParam(), WithToken());
  EXPECT_EQ(response.status, 200) << GetParam() << " " << response.body;
}

INSTANTIATE_TEST_SUITE_P(Routes, FfmpegAuthMatrixTest,
                         ::testing::Values("forward/secret", "forward/streams"),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '/', '_');
                           return name;
                         });

}  // namespace
}  // namespace sc::ffmpeg
