#include "releases/version_filter.hpp"

#include <gtest/gtest.h>

namespace sc::releases {
namespace {

// tests-original.md §5: releases/releases.test.js, ported 1:1.
TEST(FilterVersionTest, NormalVersion) { EXPECT_EQ(FilterVersion("v4.0.0"), "v4.0.0"); }
TEST(FilterVersionTest, NoVersion) { EXPECT_EQ(FilterVersion(std::nullopt), "v0.0.0"); }

// tests-original.md §6.5 (derived by running the original).
TEST(FilterVersionTest, DerivedCases) {
  EXPECT_EQ(FilterVersion("4"), "v4.0.0");
  EXPECT_EQ(FilterVersion("4.1"), "v4.1");
  EXPECT_EQ(FilterVersion("v4"), "v4.0.0");
  EXPECT_EQ(FilterVersion("1.0.191"), "v1.0.191");
  EXPECT_EQ(FilterVersion("x1"), "vx1.0.0");
  EXPECT_EQ(FilterVersion("V4"), "vV4.0.0");
  EXPECT_EQ(FilterVersion(""), "v0.0.0");
  EXPECT_EQ(FilterVersion("va.b"), "va.b");
}

http::Request WithQuery(std::string query) {
  http::Request request;
  request.query = std::move(query);
  request.remote_address = "10.0.0.9";
  return request;
}

TEST(ClientIpTest, FirstMatchWins) {
  http::Request request = WithQuery("clientip=9.9.9.9");
  request.headers.Add("X-Forwarded-For", "1.2.3.4, 5.6.7.8");
  EXPECT_EQ(ClientIp(request), "9.9.9.9");

  request = WithQuery("clientip=");
  request.headers.Add("x-forwarded-for", "1.2.3.4, 5.6.7.8");
  request.headers.Add("X-Real-IP", "7.7.7.7");
  EXPECT_EQ(ClientIp(request), "1.2.3.4");

  request = WithQuery("");
  request.headers.Add("X-Forwarded-For", " 1.2.3.4");
  EXPECT_EQ(ClientIp(request), " 1.2.3.4");  // not trimmed, like the original

  request = WithQuery("");
  request.headers.Add("X-Real-IP", "7.7.7.7");
  EXPECT_EQ(ClientIp(request), "7.7.7.7");

  EXPECT_EQ(ClientIp(WithQuery("")), "10.0.0.9");
}

}  // namespace
}  // namespace sc::releases
