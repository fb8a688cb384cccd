#pragma once
// The HTML pages of the IIIF Auth services (2.0 and 1.0) that a browser opens: the login form,
// the clickthrough terms, the page that closes the tab afterwards, and the token service's page
// that posts its message to the exact requesting origin.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace pictor::api {

std::string login_page(std::string_view heading, std::string_view note, std::string_view label,
                       std::string_view origin, std::string_view error);
// The terms and one button that accepts them (a POST to the same address).
std::string clickthrough_page(std::string_view heading, std::string_view terms,
                              std::string_view label);
std::string closing_page(std::string_view message);
// `target_origin` is where postMessage may deliver; "*" only for errors without a usable origin.
std::string token_page(const nlohmann::json& message, std::string_view target_origin);

} // namespace pictor::api
