#include "service/auth_descriptions.h"

#include "policy/auth1_documents.h"
#include "policy/auth_documents.h"

namespace pictor::service {

AuthDescription describe_auth(const AccessService& access, const std::string& server_base,
                              const std::string& raw_identifier, bool image3) {
    const auto& auth = access.config();
    AuthDescription out;
    const policy::AccessWords words{auth.login_label,          auth.login_heading,
                                    auth.login_note,           auth.clickthrough_label,
                                    auth.clickthrough_heading, auth.clickthrough_terms};
    if (auth.iiif_auth_2) {
        const std::string v2 = server_base + "/auth/v2/";
        policy::AuthServices s;
        s.probe = v2 + "probe/" + raw_identifier;
        s.active_access = v2 + "access/active";
        if (access.kiosk_enabled()) s.kiosk_access = v2 + "access/kiosk";
        if (access.external_enabled()) s.external_access = v2 + "access/external";
        if (access.clickthrough_enabled()) s.clickthrough_access = v2 + "access/clickthrough";
        s.token = v2 + "token";
        s.logout = v2 + "logout";
        s.words = words;
        out.services.push_back(policy::probe_service(s));
        out.context = policy::kAuthContext;
    }
    if (auth.iiif_auth_1) {
        const std::string v1 = server_base + "/auth/v1/";
        policy::Auth1Services s;
        s.login = v1 + "login";
        if (access.kiosk_enabled()) s.kiosk = v1 + "kiosk";
        if (access.external_enabled()) s.external = v1 + "external";
        if (access.clickthrough_enabled()) s.clickthrough = v1 + "clickthrough";
        s.token = v1 + "token";
        s.logout = v1 + "logout";
        s.words = words;
        for (auto& service : policy::auth1_services(s, image3))
            out.services.push_back(std::move(service));
    }
    return out;
}

} // namespace pictor::service
