#include "common/http/metrics.hpp"

#include <gtest/gtest.h>

namespace sc::http {
namespace {

TEST(MetricsTest, CountsRequestsPerRouteAndStatus) {
  Metrics metrics("test");
  metrics.Record("/a", 200, std::chrono::microseconds(300));
  metrics.Record("/a", 200, std::chrono::milliseconds(3));
  metrics.Record("/a", 401, std::chrono::milliseconds(2));
  const std::string text = metrics.Render();
  EXPECT_NE(text.find(R"(srs_cloud_http_requests_total{daemon="test",route="/a",status="200"} 2)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(srs_cloud_http_requests_total{daemon="test",route="/a",status="401"} 1)"),
            std::string::npos);
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
  Metrics metrics("test");
  metrics.Record("/a", 200, std::chrono::microseconds(300));  // <= 0.0005
  metrics.Record("/a", 200, std::chrono::milliseconds(3));    // <= 0.005
  metrics.Record("/a", 200, std::chrono::seconds(2));         // only +Inf
  const std::string text = metrics.Render();
  const std::string prefix = R"(srs_cloud_http_request_duration_seconds_bucket{daemon="test",route="/a",)";
  EXPECT_NE(text.find(prefix + R"(le="0.0005"} 1)"), std::string::npos) << text;
  EXPECT_NE(text.find(prefix + R"(le="0.005"} 2)"), std::string::npos);
  EXPECT_NE(text.find(prefix + R"(le="1"} 2)"), std::string::npos);
  EXPECT_NE(text.find(prefix + R"(le="+Inf"} 3)"), std::string::npos);
  EXPECT_NE(text.find(R"(srs_cloud_http_request_duration_seconds_count{daemon="test",route="/a"} 3)"),
            std::string::npos);
}

TEST(MetricsTest, ExposesProcessMemoryAndCpu) {
  const std::string text = Metrics("test").Render();
  EXPECT_NE(text.find("# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes "),
            std::string::npos);
  EXPECT_EQ(text.find("process_resident_memory_bytes 0\n"), std::string::npos);
  EXPECT_NE(text.find("process_cpu_seconds_total "), std::string::npos);
}

TEST(MetricsTest, LabelValuesAreEscaped) {
  Metrics metrics("test");
  metrics.Record("/a\"b\\c", 200, std::chrono::milliseconds(1));
  EXPECT_NE(metrics.Render().find(R"(route="/a\"b\\c")"), std::string::npos);
}

}  // namespace
}  // namespace sc::http
