#include "common/http/metrics.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace sc::http {
namespace {

std::string EscapeLabel(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out.append("\\n");
      continue;
    }
    out.push_back(c);
  }
  return out;
}

struct ProcessStats {
  double cpu_seconds = 0;
  std::uint64_t resident_bytes = 0;
};

ProcessStats ReadProcessStats() {
  ProcessStats stats;
  std::ifstream stat("/proc/self/stat");
  std::string line;
  if (std::getline(stat, line)) {
    // Fields after the command name, which is in parentheses and may contain spaces.
    std::istringstream fields(line.substr(line.rfind(')') + 2));
    std::string field;
    long utime = 0, stime = 0;
    for (int i = 3; fields >> field; ++i) {
      if (i == 14) utime = std::stol(field);
      if (i == 15) {
        stime = std::stol(field);
        break;
      }
    }
    stats.cpu_seconds = static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
  }
  std::ifstream statm("/proc/self/statm");
  std::uint64_t size = 0, resident = 0;
  if (statm >> size >> resident) {
    stats.resident_bytes = resident * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
  }
  return stats;
}

double NowSeconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

Metrics::Metrics(std::string daemon) : daemon_(std::move(daemon)), start_time_seconds_(NowSeconds()) {}

void Metrics::Record(std::string_view route, int status, std::chrono::duration<double> elapsed) {
  const double seconds = elapsed.count();
  std::lock_guard lock(mutex_);
  auto it = routes_.find(route);
  if (it == routes_.end()) it = routes_.emplace(std::string(route), RouteStats{}).first;
  RouteStats& stats = it->second;
  ++stats.by_status[status];
  ++stats.count;
  stats.sum_seconds += seconds;
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++stats.buckets[i];
  }
}

std::string Metrics::Render() const {
  const std::string daemon = EscapeLabel(daemon_);
  std::string out;
  out += "# HELP srs_cloud_http_requests_total HTTP requests answered, by route and status.\n";
  out += "# TYPE srs_cloud_http_requests_total counter\n";
  std::string histogram;
  histogram += "# HELP srs_cloud_http_request_duration_seconds Time to answer, by route.\n";
  histogram += "# TYPE srs_cloud_http_request_duration_seconds histogram\n";
  {
    std::lock_guard lock(mutex_);
    for (const auto& [route, stats] : routes_) {
      const std::string labels = fmt::format(R"(daemon="{}",route="{}")", daemon, EscapeLabel(route));
      for (const auto& [status, count] : stats.by_status) {
        out += fmt::format("srs_cloud_http_requests_total{{{},status=\"{}\"}} {}\n", labels, status,
                           count);
      }
      for (size_t i = 0; i < kBuckets.size(); ++i) {
        histogram += fmt::format("srs_cloud_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n",
                                 labels, kBuckets[i], stats.buckets[i]);
      }
      histogram += fmt::format(
          "srs_cloud_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels, stats.count);
      histogram += fmt::format("srs_cloud_http_request_duration_seconds_sum{{{}}} {}\n", labels,
                               stats.sum_seconds);
      histogram +=
          fmt::format("srs_cloud_http_request_duration_seconds_count{{{}}} {}\n", labels, stats.count);
    }
  }
  out += histogram;
  const ProcessStats process = ReadProcessStats();
  out += "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n";
  out += "# TYPE process_cpu_seconds_total counter\n";
  out += fmt::format("process_cpu_seconds_total {}\n", process.cpu_seconds);
  out += "# HELP process_resident_memory_bytes Resident memory size in bytes.\n";
  out += "# TYPE process_resident_memory_bytes gauge\n";
  out += fmt::format("process_resident_memory_bytes {}\n", process.resident_bytes);
  out += "# HELP process_start_time_seconds Start time of the process since the epoch in seconds.\n";
  out += "# TYPE process_start_time_seconds gauge\n";
  out += fmt::format("process_start_time_seconds {:.3f}\n", start_time_seconds_);
  return out;
}

}  // namespace sc::http
