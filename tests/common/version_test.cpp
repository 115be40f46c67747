#include "common/util/version.hpp"

#include <gtest/gtest.h>

namespace sc::util {
namespace {

TEST(VersionTest, ComparesNumericallyFieldByField) {
  EXPECT_EQ(CompareVersions("v1.0.9", "v1.0.10"), -1);
  EXPECT_EQ(CompareVersions("v1.2.0", "v1.10.0"), -1);
  EXPECT_EQ(CompareVersions("v2.0.0", "v1.99.99"), 1);
  EXPECT_EQ(CompareVersions("1.0.196", "v1.0.196"), 0);
}

TEST(VersionTest, PreReleaseSortsBeforeRelease) {
  EXPECT_EQ(CompareVersions("v1.0.0-rc.1", "v1.0.0"), -1);
  EXPECT_EQ(CompareVersions("v1.0.0-rc.2", "v1.0.0-rc.10"), -1);
  EXPECT_EQ(CompareVersions("v1.0.0-alpha", "v1.0.0-1"), 1);
}

TEST(VersionTest, UnparsableOperandIsNoAnswer) {
  EXPECT_EQ(CompareVersions("v1.0", "v1.0.0"), std::nullopt);
  EXPECT_EQ(CompareVersions("vx.1.2", "v1.0.0"), std::nullopt);
  EXPECT_EQ(CompareVersions("v1.0.0", ""), std::nullopt);
  EXPECT_EQ(CompareVersions("v1.0.0.1", "v1.0.0"), std::nullopt);
}

}  // namespace
}  // namespace sc::util
