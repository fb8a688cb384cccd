#pragma once
// The HTML pages of the IIIF Auth 2.0 services that a browser opens: the login form (active
// access service), the page that closes the tab after a login, the token service's page that
// posts its message to the exact requesting origin, and the logout page.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace pictor::http {

std::string html_escape(std::string_view text);
std::string login_page(std::string_view heading, std::string_view note, std::string_view label,
                       std::string_view origin, std::string_view error);
std::string closing_page(std::string_view message);
// `target_origin` is where postMessage may deliver; "*" only for errors without a usable origin.
std::string token_page(const nlohmann::json& message, std::string_view target_origin);

} // namespace pictor::http
