#pragma once
#include "common/http/router.hpp"
#include "platform/auth_api.hpp"
#include "platform/settings_api.hpp"
#include "platform/system_api.hpp"
#include "platform/ui_files.hpp"

namespace sc::platform {

struct Apis {
  const AuthApi& auth;
  const SystemApi& system;
  const SettingsApi& settings;
  const UiFiles& ui;
};

// The whole surface of the platform daemon (spec/platform.md §2, §4).
void RegisterRoutes(http::Router& router, const Apis& apis);

}  // namespace sc::platform
