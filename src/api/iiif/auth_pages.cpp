#include "api/iiif/auth_pages.h"

#include "http/html_escape.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

namespace {

std::string page(std::string_view title, std::string_view body) {
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width\"><title>" +
           html_escape(title) + "</title></head>\n<body>\n" + std::string(body) +
           "\n</body></html>\n";
}

// JSON inside <script>: no "</script>" or "<!--" can be formed, whatever the strings hold.
std::string script_json(const nlohmann::json& value) {
    std::string out;
    for (char c : value.dump()) {
        if (c == '<')
            out += "\\u003c";
        else if (c == '>')
            out += "\\u003e";
        else if (c == '&')
            out += "\\u0026";
        else
            out.push_back(c);
    }
    return out;
}

} // namespace

std::string login_page(std::string_view heading, std::string_view note, std::string_view label,
                       std::string_view origin, std::string_view error) {
    std::string body = "<h1>" + html_escape(heading) + "</h1>\n<p>" + html_escape(note) + "</p>\n";
    if (!error.empty())
        body += "<p role=\"alert\"><strong>" + html_escape(error) + "</strong></p>\n";
    body += "<form method=\"post\">\n"
            "<input type=\"hidden\" name=\"origin\" value=\"" +
            html_escape(origin) +
            "\">\n"
            "<label>User <input name=\"username\" autocomplete=\"username\" required></label>\n"
            "<label>Password <input name=\"password\" type=\"password\" "
            "autocomplete=\"current-password\" required></label>\n"
            "<button type=\"submit\">" +
            html_escape(label) + "</button>\n</form>";
    return page(heading, body);
}

std::string clickthrough_page(std::string_view heading, std::string_view terms,
                              std::string_view label) {
    return page(heading, "<h1>" + html_escape(heading) + "</h1>\n<p>" + html_escape(terms) +
                             "</p>\n<form method=\"post\"><button type=\"submit\">" +
                             html_escape(label) + "</button></form>");
}

std::string closing_page(std::string_view message) {
    return page(message, "<p>" + html_escape(message) + "</p>\n<script>window.close();</script>");
}

std::string token_page(const nlohmann::json& message, std::string_view target_origin) {
    return page("Access token", "<script>\nwindow.parent.postMessage(" + script_json(message) +
                                    ", " + script_json(std::string(target_origin)) +
                                    ");\n</script>");
}

} // namespace pictor::api
