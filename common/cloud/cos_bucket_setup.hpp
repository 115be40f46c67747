#pragma once
#include <string>

#include "common/cloud/cos_client.hpp"
#include "common/redis/client.hpp"

namespace sc::cloud {

// The bucket name for an account and region: "srs-lighthouse-<4 hex>-<appId>". The 4 hex
// characters come from a hash of appId and region instead of the original's random nonce: they
// still keep apart the buckets of one account in different regions (a bucket name is global per
// account), and a retry after a crash finds the same bucket instead of creating a second one.
std::string CosBucketName(const std::string& app_id, const std::string& region);

// Creates or finds the account's COS bucket in `region`, then makes its objects publicly
// readable (no listing) and sets CORS (spec/tencent.md §4.1). Each step runs once: SRS_TENCENT_COS
// records `bucket`/`location` (only after COS has the bucket), `policy` and `cors`. Without a
// complete SRS_TENCENT_CAM it logs and does nothing. Throws TencentError; a step that failed is
// retried on the next call.
void EnsureCosBucket(redis::Client& redis, const CosClient& cos, const std::string& region);

}  // namespace sc::cloud
