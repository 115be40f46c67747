#pragma once
#include <filesystem>
#include <string>

#include "common/http/message.hpp"

namespace sc::platform {

// The built dashboard at /mgmt/ and the ACME HTTP-01 files (spec/platform.md §2, §7).
class UiFiles {
 public:
  // `default_locale` ("zh", "en" or empty: the original's REACT_APP_LOCALE) replaces the
  // placeholder of index.html's <meta name="srs-default-locale">; empty leaves the choice to the
  // app (URL, saved choice, browser). Throws std::invalid_argument for any other value.
  UiFiles(std::filesystem::path ui_dir, std::filesystem::path acme_dir,
          std::string default_locale = {});

  // /mgmt and everything below it: files of the UI build (hashed assets cached for a year,
  // everything else revalidated), index.html for the app's own routes, /mgmt -> /mgmt/.
  http::Response Ui(const http::Request& request) const;
  // /.well-known/acme-challenge/<token>: the file certbot wrote, confined to its folder.
  http::Response AcmeChallenge(const http::Request& request) const;

 private:
  http::Response Index(const http::Request& request) const;

  const std::filesystem::path ui_dir_;
  const std::filesystem::path acme_dir_;
  const std::string default_locale_;
};

}  // namespace sc::platform
