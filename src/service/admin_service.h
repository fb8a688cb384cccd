#pragma once
// The admin API's operations (docs/access.md): assets (list, upload or replace the source, set the
// policy, delete), roles, users and their roles, cache purge. Answers are JSON documents;
// invalid values are 400 with a message, unknown names 404.
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "config/config.h"
#include "service/access_service.h"
#include "service/rendition_service.h"
#include "service/thumbnail_prerenderer.h"
#include "sources/origin_registry.h"
#include "sources/remote_mounts.h"
#include "sources/source_writer.h"

namespace pictor::service {

class AdminService {
  public:
    // `prerenderer` may be null (thumbnails rendered on demand only).
    AdminService(const config::LimitsConfig& limits, const config::AuthConfig& auth,
                 RenditionService& renditions, AccessService& access, sources::SourceWriter& writer,
                 ThumbnailPrerenderer* prerenderer, sources::OriginRegistry& origins,
                 const sources::RemoteMounts& remote);

    // A page of assets whose identifier or title holds `q` (any case): {"assets", "total",
    // "complete"}. With `files`, the image files of the local store without a catalog row are
    // listed too (open, as asset() shows them), from a walk of at most 200000 entries.
    struct AssetQuery {
        std::string q; // lower case
        std::size_t offset = 0, limit = SIZE_MAX;
        bool files = false;
    };
    core::Result<nlohmann::json> find_assets(const AssetQuery& query);
    core::Result<nlohmann::json> asset(const std::string& id);
    // Sniffed (JPEG, PNG, WebP, GIF, TIFF, HEIF/AVIF; else 415), decoded header checked (400),
    // then written atomically. Keeps the asset's policy. `created` tells 201 from 200.
    core::Result<nlohmann::json> upload(const std::string& id, std::string_view bytes,
                                        bool& created);
    // Body: {"roles": [...], "maxWidth": n, "openFullMax": n, "openMaxWidth": n, "title": s};
    // absent fields keep their value.
    core::Result<nlohmann::json> set_policy(const std::string& id, const nlohmann::json& body);
    // Body: {"origin": "https://…" | "s3://bucket/key" | null}. The asset's original is then
    // fetched from there (checked now: it must answer with an image pictor reads), as DLCS
    // registers assets; null goes back to the identifier's own file.
    core::Result<nlohmann::json> set_origin(const std::string& id, const nlohmann::json& body);
    core::Result<void> delete_asset(const std::string& id);

    core::Result<nlohmann::json> roles();
    core::Result<void> add_role(const std::string& name);
    core::Result<void> delete_role(const std::string& name);

    core::Result<nlohmann::json> users();
    // Body: {"password": s, "roles": [...]}; a new user needs a password.
    core::Result<nlohmann::json> put_user(const std::string& name, const nlohmann::json& body);
    core::Result<void> delete_user(const std::string& name);

    core::Result<nlohmann::json> purge_cache();

  private:
    core::Result<state::AssetRecord> record_for(const std::string& id);
    static nlohmann::json to_json(const state::AssetRecord& a);

    int platform_;
    int kdf_cost_;
    RenditionService& renditions_;
    AccessService& access_;
    state::Catalog& catalog_;
    sources::SourceWriter& writer_;
    ThumbnailPrerenderer* prerenderer_;
    sources::OriginRegistry& origins_;
    const sources::RemoteMounts& remote_;
    std::mutex uploads_mutex_; // one source replace at a time: file and row stay in step
};

} // namespace pictor::service
