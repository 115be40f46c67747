#pragma once
#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace sc::http {

// Request counts and latency histograms per route, rendered in the Prometheus text format
// (version 0.0.4) with the process' memory and CPU. Thread-safe; one per daemon.
class Metrics {
 public:
  explicit Metrics(std::string daemon);

  void Record(std::string_view route, int status, std::chrono::duration<double> elapsed);
  std::string Render() const;

  static constexpr std::array<double, 10> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                       0.025,  0.05,  0.1,    0.5,   1.0};

 private:
  struct RouteStats {
    std::map<int, std::uint64_t> by_status{};
    std::array<std::uint64_t, kBuckets.size()> buckets{};  // cumulative per bucket bound
    std::uint64_t count = 0;
    double sum_seconds = 0;
  };

  const std::string daemon_;
  const double start_time_seconds_;
  mutable std::mutex mutex_;
  std::map<std::string, RouteStats, std::less<>> routes_{};  // guarded by mutex_
};

}  // namespace sc::http
