#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "common/http/message.hpp"

namespace sc::http {

// The regular file `relative` names inside `root`, or nothing: no "..", no dot-file or
// dot-folder, no symlink that leads out of root, nothing but regular files.
std::optional<std::filesystem::path> ResolveStaticFile(const std::filesystem::path& root,
                                                       std::string_view relative);

// Content-Type from the file extension (application/octet-stream when unknown).
std::string ContentTypeFor(const std::filesystem::path& file);

// A 200 streaming `file` with Content-Type, ETag, Last-Modified and `cache_control`, or a 304
// when the request's If-None-Match names the current ETag.
Response FileResponse(const Request& request, const std::filesystem::path& file,
                      const std::string& cache_control);

// 302 to `location`.
Response Redirect(const std::string& location);

}  // namespace sc::http
