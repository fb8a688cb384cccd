#pragma once
// /openapi.json: the compiled-in document (docs/openapi.json) cut down to what this server
// answers. A path stays when a route of `router` takes it (its {parameters} filled in), so a
// dialect switched off (expose.*) or a page moved to ops.listen is not advertised.
#include "http/router.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

// Register after every other route of `router`. `ops_router`: the operator listener's routes
// (ops.listen), whose paths leave the main document; nullptr when there is none.
void register_openapi_route(Router& router, const Router* ops_router);

} // namespace pictor::api
