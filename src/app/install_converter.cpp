#include "app/install.h"
#include "state/converter_store.h"

namespace pictor::app {

core::Result<ConverterFeature>
install_converter(http::Router& router, http::Router* ops_router, Keep& keep, Foundation& f,
                  const config::ConverterConfig& converter, const std::string& converter_dir,
                  bool shared_state, bool expose, Transport transport) {
    auto store = state::ConverterStore::on(f.database, converter_dir);
    if (!store) return core::Error{store.error().code, "converter.dir: " + store.error().message};
    // Sets cut short by a crash; a shared database means shared folders and other nodes'
    // uploads in flight, so only old leftovers go.
    (*store)->remove_orphans(shared_state ? std::chrono::minutes(10) : std::chrono::minutes(0));
    auto& previews = *(*store);
    keep.push_back(std::shared_ptr<state::ConverterStore>(std::move(*store)));
    auto service =
        service::ConverterService::create(converter, *f.limits, *f.images, *f.pool, previews);
    if (!service) return service.error();
    auto& converter_service = *(*service);
    keep.push_back(std::shared_ptr<service::ConverterService>(std::move(*service)));
    auto& handler = keep_new<api::ConverterHandler>(keep, converter_service, *f.pool, converter,
                                                    transport.server, *f.limits, *f.endpoint);
    if (expose) {
        handler.register_routes(router);
        // With ops.listen, /imageconverter/status leaves the main port for the operator's.
        if (ops_router) handler.register_status_route(*ops_router);
    }
    return ConverterFeature{converter_service, handler};
}

} // namespace pictor::app
