#pragma once
// Is a state-changing request (not GET, HEAD or OPTIONS) sent by another site's page? The
// browser says so in Sec-Fetch-Site, or its Origin names another host. A login form, a
// clickthrough or an admin call posted from elsewhere is refused (login CSRF, forged writes).
#include "http/types.h"

namespace pictor::http {

bool from_another_site(const Request& request, bool trust_proxy);

} // namespace pictor::http
