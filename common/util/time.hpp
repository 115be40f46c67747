#pragma once
#include <chrono>
#include <optional>
#include <string>

namespace sc::util {

using SystemTime = std::chrono::system_clock::time_point;

// moment's default format(): local time with a numeric offset, "2022-04-01T08:11:25+08:00"
// (spec/common.md conventions; the zone is the process' TZ).
std::string IsoTime(SystemTime time);

// "YYYY-MM-DD HH:mm:ss" in UTC (spec/common.md: "MySQL time").
std::string MysqlTime(SystemTime time);

// Parses what IsoTime writes (and "Z", fractions of a second); nullopt when it is not that.
std::optional<SystemTime> ParseIsoTime(const std::string& text);

// Seconds since the epoch.
std::int64_t EpochSeconds(SystemTime time);

}  // namespace sc::util
