#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "common/json.hpp"

namespace sc::http {

// koa-bodyparser's defaults (spec/common.md §2): JSON up to 1 MB, forms up to 56 KB.
struct BodyLimits {
  std::size_t json = 1024 * 1024;
  std::size_t form = 56 * 1024;
};

enum class BodyKind { kJson, kForm, kOther };

BodyKind ClassifyContentType(const std::optional<std::string>& content_type);

// The largest body accepted for a content type; other types get the JSON limit.
std::size_t BodyLimitFor(BodyKind kind, const BodyLimits& limits);

// JSON (objects/arrays only) or a urlencoded form (values are strings, a repeated key becomes
// an array); no or another content type gives {}. Throws ApiError 400 on a malformed body.
Json ParseBody(const std::optional<std::string>& content_type, std::string_view body);

}  // namespace sc::http
