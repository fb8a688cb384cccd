#include "policy/auth1_documents.h"

namespace pictor::policy {

using nlohmann::json;

namespace {

constexpr std::string_view kProfileBase = "http://iiif.io/api/auth/1/";

json service(bool image3, const std::string& id, const char* type, std::string_view profile) {
    json s;
    if (!image3) s["@context"] = kAuth1Context;
    s["@id"] = id;
    if (image3) s["@type"] = type;
    s["profile"] = std::string(kProfileBase) + std::string(profile);
    return s;
}

} // namespace

json auth1_services(const Auth1Services& s, bool image3) {
    json token = service(image3, s.token, "AuthTokenService1", "token");
    json logout = service(image3, s.logout, "AuthLogoutService1", "logout");
    logout["label"] = "Log out";
    for (auto* nested : {&token, &logout})
        nested->erase("@context"); // nested services share their parent's context
    json out = json::array();
    auto add = [&](const std::string& id, std::string_view profile, json words) {
        if (id.empty()) return;
        json cookie = service(image3, id, "AuthCookieService1", profile);
        cookie.update(words);
        cookie["failureHeader"] = "Access denied";
        cookie["failureDescription"] = "You cannot see this image.";
        cookie["service"] = json::array({token, logout});
        out.push_back(std::move(cookie));
    };
    add(s.external, "external", {{"label", "On-site access"}});
    add(s.kiosk, "kiosk", {{"label", "Kiosk access"}});
    add(s.clickthrough, "clickthrough",
        {{"label", s.words.clickthrough_heading},
         {"header", s.words.clickthrough_heading},
         {"description", s.words.clickthrough_terms},
         {"confirmLabel", s.words.clickthrough_label}});
    add(s.login, "login",
        {{"label", s.words.login_label},
         {"header", s.words.login_heading},
         {"description", s.words.login_note},
         {"confirmLabel", s.words.login_label}});
    return out;
}

json auth1_token(std::string_view message_id, std::string_view token, int expires_in_s) {
    json r = {{"accessToken", token}, {"expiresIn", expires_in_s}};
    if (!message_id.empty()) r["messageId"] = message_id;
    return r;
}

json auth1_token_error(std::string_view message_id, std::string_view error,
                       std::string_view description) {
    json r = {{"error", error}, {"description", description}};
    if (!message_id.empty()) r["messageId"] = message_id;
    return r;
}

} // namespace pictor::policy
