#include "tests/support/auth_matrix.hpp"
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
    test::ExpectRefusedAnswer(Post(GetParam(), body), GetParam(), code, message_start);
  }
};

TEST_P(FfmpegAuthMatrixTest, RefusesNoToken) { ExpectRefused(Json::object(), 1000, "no token"); }

TEST_P(FfmpegAuthMatrixTest, RefusesGarbage) {
  ExpectRefused({{"token", "not.a.jwt"}}, 2001, "token invalid");
}

TEST_P(FfmpegAuthMatrixTest, RefusesAnotherSecret) {
  ExpectRefused({{"token", test::TokenOfAnotherSecret()}}, 2001, "token invalid");
}

TEST_P(FfmpegAuthMatrixTest, RefusesExpired) {
  ExpectRefused({{"token", test::ExpiredToken(secret_.Get())}}, 2001, "token expired");
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
                         ::testing::Values("forward/secret", "forward/streams"), test::RouteTestName());

}  // namespace
}  // namespace sc::ffmpeg
