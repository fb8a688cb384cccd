#include "api/files/file_handler.h"
#include "app/install.h"
#include "service/file_service.h"

namespace pictor::app {

void install_files(http::Router& router, Keep& keep, Foundation& f,
                   const config::ThumbnailsConfig& thumbnails) {
    // With signing.required naming "files", a listing's links come signed.
    bool sign_links = f.signed_urls->required_for("files");
    auto& service = keep_new<service::FileService>(keep, thumbnails, *f.pipeline, *f.originals,
                                                   sign_links ? f.signatures.get() : nullptr);
    keep_new<api::FileHandler>(keep, service, *f.endpoint).register_routes(router);
}

} // namespace pictor::app
