#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/json.hpp"

namespace sc::http {

// Header list that keeps order and looks names up case-insensitively.
class Headers {
 public:
  void Add(std::string name, std::string value);
  void Set(std::string name, std::string value);  // replaces every header of that name
  std::optional<std::string> Get(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }

 private:
  std::vector<std::pair<std::string, std::string>> items_{};
};

// What a handler sees of a request; Beast types never leave server.cpp.
struct Request {
  std::string method{};              // upper case, e.g. "POST"
  std::string target{};              // as received: path and query
  std::string path{};                // percent-decoded path, no query
  std::string query{};               // raw query string, no '?'
  Headers headers{};
  std::string body{};                // raw body
  Json json = Json::object();        // parsed body (spec/common.md §2: {} without one)
  std::map<std::string, std::string> params{};  // route parameters (":name")
  std::string route{};               // the pattern that matched, for logs and metrics
  std::string remote_address{};      // TCP peer, e.g. "127.0.0.1"
  std::uint16_t remote_port = 0;

  // First value of a query parameter, percent-decoded ("?a=1&a=2" -> "1").
  std::optional<std::string> QueryParam(std::string_view name) const;
};

// What a handler answers. A body is either `body` or, for large files, `file` (streamed).
struct Response {
  int status = 200;
  Headers headers{};
  std::string body{};
  std::optional<std::filesystem::path> file{};

  static Response Text(int status, std::string text);
  static Response JsonBody(int status, std::string json_text);
};

}  // namespace sc::http
