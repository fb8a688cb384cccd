#pragma once
// The imaging endpoint's request grammar (Wedia's imaging API): `{action}/{id}{/transform}` after
// /app/api/json/imaging/ (the id is one segment, a "/" in it written %2F; the rest, slashes and
// all, is the transform), and the legacy query `action=&id=&transform=` of imaging.jspz.
#include <string>
#include <string_view>

#include "core/result.h"

namespace pictor::dialects::imaging {

struct ImagingRoute {
    std::string action;
    std::string identifier;
    std::string transform; // simplified syntax; empty = none
};

// Errors carry their Subject: a bad id is about the source (422/1101), a bad transform about the
// request (400/1103), a missing action about the action (404/1100).
core::Result<ImagingRoute> parse_imaging_path(std::string_view rest);
// A '+' stays a '+' (it is a switch in the simplified syntax, which has no spaces outside
// quotes); a repeated parameter is refused.
core::Result<ImagingRoute> parse_legacy_query(std::string_view query);

} // namespace pictor::dialects::imaging
