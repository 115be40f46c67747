#include "common/http/router.hpp"

#include <future>

#include "common/http/api_error.hpp"
#include "common/http/body.hpp"
#include "common/http/cors.hpp"
#include "common/http/envelope.hpp"
#include "common/http/url.hpp"
#include "common/util/text.hpp"
#include "common/util/worker_pool.hpp"

namespace sc::http {
namespace {

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> parts;
  if (path.starts_with('/')) path.remove_prefix(1);
  // spec/common.md §2: one trailing slash is tolerated.
  if (path.ends_with('/')) path.remove_suffix(1);
  while (true) {
    const size_t slash = path.find('/');
    parts.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

std::string RawPath(const std::string& target) { return target.substr(0, target.find('?')); }

}  // namespace

Router& Router::RunBlockingOn(util::WorkerPool& pool) {
  blocking_pool_ = &pool;
  return *this;
}

Router& Router::Add(Route route) {
  if (blocking_pool_ && route.handler) {
    route.deferred = [pool = blocking_pool_, handler = std::move(route.handler)](const Request& request,
                                                                                Completion done) {
      // The connection waits for the answer, so `request` lives until the job has run.
      pool->Post([&handler, &request, done] {
        try {
          done.Answer(handler(request));
        } catch (...) {
          done.Fail(std::current_exception());
        }
      });
    };
    route.handler = nullptr;
  }
  for (const std::string& part : SplitPath(route.pattern)) {
    Segment segment;
    if (part.starts_with(':')) {
      segment.is_param = true;
      const size_t dot = part.find('.');
      segment.text = part.substr(1, dot == std::string::npos ? std::string::npos : dot - 1);
      if (dot != std::string::npos) segment.suffix = part.substr(dot);
    } else {
      segment.text = part;
    }
    route.segments.push_back(std::move(segment));
  }
  routes_.push_back(std::move(route));
  return *this;
}

Router& Router::Any(const std::string& pattern, JsonHandler handler) {
  return AnyRaw(pattern, [handler = std::move(handler)](const Request& request) {
    return Success(handler(request));
  });
}

Router& Router::AnyRaw(const std::string& pattern, RawHandler handler) {
  return Add({.pattern = pattern, .handler = std::move(handler)});
}

Router& Router::AnyDeferred(const std::string& pattern, DeferredHandler handler) {
  return Add({.pattern = pattern, .deferred = std::move(handler)});
}

Router& Router::Prefix(const std::string& prefix, RawHandler handler, bool any_method) {
  return Add({.pattern = prefix, .is_prefix = true, .any_method = any_method,
              .handler = std::move(handler)});
}

const Router::Route* Router::Match(Request& request) const {
  std::vector<std::string> parts = SplitPath(RawPath(request.target));
  // Decoded after splitting, so an encoded "/" (%2F) stays inside its segment.
  for (std::string& part : parts) {
    if (part.find('%') != std::string::npos) part = PercentDecode(part, false).value_or(part);
  }
  for (const Route& route : routes_) {
    if (!route.any_method && request.method != "GET" && request.method != "HEAD") continue;
    const auto& segments = route.segments;
    if (route.is_prefix ? parts.size() < segments.size() : parts.size() != segments.size()) {
      continue;
    }
    std::map<std::string, std::string> params;
    bool matched = true;
    for (size_t i = 0; i < segments.size() && matched; ++i) {
      const Segment& segment = segments[i];
      const std::string& part = parts[i];
      if (!segment.is_param) {
        matched = util::EqualsIgnoreCase(segment.text, part);
        continue;
      }
      const std::string_view suffix = segment.suffix;
      matched = part.size() > suffix.size() &&
                util::EqualsIgnoreCase(std::string_view(part).substr(part.size() - suffix.size()), suffix);
      if (matched) params[segment.text] = part.substr(0, part.size() - suffix.size());
    }
    if (!matched) continue;
    request.params = std::move(params);
    request.route = route.is_prefix ? route.pattern + "/*" : route.pattern;
    return &route;
  }
  return nullptr;
}

std::variant<Response, Router::Deferred> Router::Begin(Request& request) const {
  Response response;
  if (IsPreflight(request)) {
    request.route = "(preflight)";
    response = PreflightResponse(request);
  } else if (const Route* route = Match(request)) {
    try {
      request.json = ParseBody(request.headers.Get("Content-Type"), request.body);
      if (route->deferred) return Deferred(route->deferred, request);
      response = route->handler(request);
    } catch (...) {
      response = FailureFor(request, std::current_exception());
    }
  } else {
    request.route = "(unmatched)";
    response = Response::Text(404, "Not Found");
  }
  AddCorsHeaders(request, response);
  return response;
}

void Router::Deferred::Run(std::function<void(Response)> finish) const {
  const Completion completion(*request_, std::move(finish));
  try {
    (*handler_)(*request_, completion);
  } catch (...) {
    completion.Fail(std::current_exception());
  }
}

Response Router::Dispatch(Request& request) const {
  std::variant<Response, Deferred> begun = Begin(request);
  if (Response* response = std::get_if<Response>(&begun)) return std::move(*response);
  std::promise<Response> answer;
  std::future<Response> answered = answer.get_future();
  std::get<Deferred>(begun).Run([&answer](Response response) { answer.set_value(std::move(response)); });
  return answered.get();
}

void AddMetricsRoute(Router& router, std::function<std::string()> render) {
  router.AnyRaw("/metrics", [render = std::move(render)](const Request&) {
    Response response;
    response.headers.Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    response.body = render();
    return response;
  });
}

}  // namespace sc::http
