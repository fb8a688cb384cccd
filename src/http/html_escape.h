#pragma once
// Text placed in an HTML page (the auth pages, the landing page, the converter's status page):
// the five characters that could end an element or an attribute become entities.
#include <string>
#include <string_view>

namespace pictor::http {

std::string html_escape(std::string_view text);

} // namespace pictor::http
