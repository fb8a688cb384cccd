#pragma once
// The OpenAPI 3 description of every endpoint (docs/openapi.json, built into the binary and
// served at /openapi.json). tests/integration/openapi_test checks it against the router.
#include <string_view>

namespace pictor::api {

std::string_view openapi_document();

} // namespace pictor::api
