#pragma once
#include <gtest/gtest.h>

#include <memory>

#include "common/redis/client.hpp"
#include "tests/support/redis_server.hpp"

namespace sc::test {

// One throwaway redis-server per suite, an empty db per test.
class RedisTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = std::make_unique<RedisServer>(); }
  static void TearDownTestSuite() { server_.reset(); }
  RedisTest() : redis_(server_->options()) { redis_.Command({"FLUSHALL"}); }

  static RedisServer& server() { return *server_; }
  redis::Client& redis() { return redis_; }

 private:
  static inline std::unique_ptr<RedisServer> server_;
  redis::Client redis_;
};

}  // namespace sc::test
