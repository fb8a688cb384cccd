#include "policy/auth_documents.h"

#include <cctype>

namespace pictor::policy {

using nlohmann::json;

namespace {

json language_map(std::string_view text) { return json{{"en", json::array({text})}}; }

} // namespace

json probe_service(const AuthServices& s) {
    json token = {{"id", s.token},
                  {"type", "AuthAccessTokenService2"},
                  {"profile", "AuthAccessTokenService2"},
                  {"errorHeading", language_map("Access denied")},
                  {"errorNote", language_map("You cannot see this image.")}};
    json logout = {{"id", s.logout},
                   {"type", "AuthLogoutService2"},
                   {"profile", "AuthLogoutService2"},
                   {"label", language_map("Log out")}};
    json access = json::array();
    auto add = [&](const std::string& id, const char* profile, json extra) {
        json a = {{"id", id}, {"type", "AuthAccessService2"}, {"profile", profile}};
        a.update(extra);
        a["service"] = json::array({token, logout});
        access.push_back(std::move(a));
    };
    if (!s.external_access.empty())
        add(s.external_access, "external", {{"label", language_map("On-site access")}});
    if (!s.kiosk_access.empty())
        add(s.kiosk_access, "kiosk", {{"label", language_map("Kiosk access")}});
    add(s.active_access, "active",
        {{"label", language_map(s.words.login_label)},
         {"heading", language_map(s.words.login_heading)},
         {"note", language_map(s.words.login_note)},
         {"confirmLabel", language_map(s.words.login_label)}});
    if (!s.clickthrough_access.empty())
        add(s.clickthrough_access, "active",
            {{"label", language_map(s.words.clickthrough_heading)},
             {"heading", language_map(s.words.clickthrough_heading)},
             {"note", language_map(s.words.clickthrough_terms)},
             {"confirmLabel", language_map(s.words.clickthrough_label)}});
    return {{"id", s.probe},
            {"type", "AuthProbeService2"},
            {"profile", "AuthProbeService2"},
            {"service", access}};
}

json probe_result(int status, const std::optional<std::string>& substitute) {
    json r = {{"@context", kAuthContext}, {"type", "AuthProbeResult2"}, {"status", status}};
    if (status == 401 || status == 403) {
        r["heading"] = language_map(status == 401 ? "Login required" : "Access denied");
        r["note"] =
            language_map(status == 401 ? "This image is restricted; log in to see it."
                                       : "Your account does not hold a role this image requires.");
        if (substitute)
            r["substitute"] = json::array({{{"id", *substitute},
                                            {"type", "ImageService3"},
                                            {"label", language_map("Lower resolution")}}});
    } else if (status == 404) {
        r["heading"] = language_map("Not found");
        r["note"] = language_map("There is no image with this identifier.");
    }
    return r;
}

json token_message(std::string_view message_id, std::string_view token, int expires_in_s) {
    return {{"@context", kAuthContext},
            {"type", "AuthAccessToken2"},
            {"messageId", message_id},
            {"accessToken", token},
            {"expiresIn", expires_in_s}};
}

json token_error(std::string_view message_id, std::string_view profile, std::string_view heading,
                 std::string_view note) {
    return {{"@context", kAuthContext},         {"type", "AuthAccessTokenError2"},
            {"messageId", message_id},          {"profile", profile},
            {"heading", language_map(heading)}, {"note", language_map(note)}};
}

bool is_origin(std::string_view o) {
    std::string_view rest;
    if (o.rfind("https://", 0) == 0)
        rest = o.substr(8);
    else if (o.rfind("http://", 0) == 0)
        rest = o.substr(7);
    else
        return false;
    if (rest.empty() || rest.size() > 253 + 6) return false;
    std::size_t colon = rest.rfind(':');
    bool bracketed = !rest.empty() && rest.front() == '[';
    std::string_view host = rest, port;
    if (bracketed) {
        auto close = rest.find(']');
        if (close == std::string_view::npos) return false;
        host = rest.substr(0, close + 1);
        port = rest.substr(close + 1);
        if (!port.empty() && port.front() != ':') return false;
        if (!port.empty()) port.remove_prefix(1);
    } else if (colon != std::string_view::npos) {
        host = rest.substr(0, colon);
        port = rest.substr(colon + 1);
    }
    if (host.empty()) return false;
    if (!bracketed)
        for (char c : host)
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.'))
                return false;
    if (colon != std::string_view::npos && !bracketed && port.empty()) return false;
    if (port.size() > 5) return false;
    for (char c : port)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

} // namespace pictor::policy
