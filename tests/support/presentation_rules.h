#pragma once
// The IIIF Presentation API 3.0 rules a manifest or collection must keep, re-expressed from the
// IIIF presentation-validator's JSON schema (iiif_3_0.json) for the resources pictor writes:
// required properties and their types, language maps, HTTP(S) ids, canvas dimensions,
// painting annotations that target their canvas, service references, collection items.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pictor::test {

// Every rule the document breaks, as "path: what"; empty when it is valid.
std::vector<std::string> presentation_violations(const nlohmann::json& document);

} // namespace pictor::test
