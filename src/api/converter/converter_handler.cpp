#include "api/converter/converter_handler.h"
#include "http/error_log.h"

#include <spdlog/spdlog.h>

#include "core/percent.h"
#include "dialects/converter/multipart.h"
#include "dialects/converter/route.h"
#include "http/basic_auth.h"
#include "http/conditional.h"
#include "http/html_escape.h"
#include "http/operator_gate.h"
#include "http/response_builders.h"
#include "policy/secrets.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

namespace {
constexpr const char* kPriorities[] = {"instant", "medium", "background"};
} // namespace

using beast_http::field;
using beast_http::status;
using beast_http::verb;
namespace converter = dialects::converter;
using nlohmann::json;

namespace {

constexpr std::string_view kPrefix = "/imageconverter/";

Response json_answer(status s, const json& body) {
    return uncacheable_response(s, body.dump() + "\n", "application/json");
}

Response method_not_allowed(const char* allow) {
    Response res =
        json_answer(status::method_not_allowed, {{"code", 405}, {"message", "method not allowed"}});
    res.set(field::allow, allow);
    return res;
}

// The source image of a multipart upload: exactly one `sourceImage` part.
// The sourceImage part, as a view into the request body (which lives until the answer is sent):
// the upload is held in memory once.
core::Result<std::string_view> source_image(const Request& request) {
    auto boundary = converter::form_boundary(request[field::content_type]);
    if (!boundary) return boundary.error();
    std::size_t start = 0, length = 0;
    int files = 0;
    bool in_image = false;
    const converter::MultipartParser* self = nullptr;
    converter::MultipartParser parser(
        *boundary, {},
        [&](const converter::PartInfo& part) -> core::Result<void> {
            in_image = part.name == "sourceImage";
            if (in_image && ++files > 1)
                return core::Error::bad_request("more than one sourceImage part");
            return {};
        },
        [&](std::string_view data) -> core::Result<void> {
            if (!in_image || data.empty()) return {};
            if (length == 0) start = self->offset_of(data);
            length += data.size();
            return {};
        });
    self = &parser;
    const std::string& body = request.body();
    for (std::size_t at = 0; at < body.size(); at += 64 * 1024)
        if (auto r = parser.feed(std::string_view(body).substr(at, 64 * 1024)); !r)
            return r.error();
    if (auto r = parser.finish(); !r) return r.error();
    if (files == 0) return core::Error::bad_request("the multipart body has no sourceImage part");
    if (length == 0) return core::Error::bad_request("the sourceImage part is empty");
    return std::string_view(body).substr(start, length);
}

std::string kind_of(std::string_view op) {
    if (op == "getImage" || op == "getImageAndMetadata" || op == "getMetadata") return "get";
    if (op == "cacheImage") return "cache";
    if (op == "cacheAndGetImage" || op == "cacheAndGetImageAndMetadata") return "cacheAndGet";
    return "admin";
}

} // namespace

Response converter_error(const core::Error& error) {
    auto s = error.code == core::ErrorCode::TooLarge ? status::payload_too_large
                                                     : status_for(error.code);
    return json_answer(s, {{"code", static_cast<int>(s)}, {"message", error.message}});
}

ConverterHandler::ConverterHandler(service::ConverterService& service, CpuPool& pool,
                                   const config::ConverterConfig& converter,
                                   const config::ServerConfig& server,
                                   const config::RuntimeLimits& limits, ImageEndpoint& endpoint)
    : service_(service), pool_(pool), config_(converter), server_(server), limits_(limits),
      endpoint_(endpoint) {}

Response ConverterHandler::error(const core::Error& error) const {
    return endpoint_.error(converter_error, error);
}

Response ConverterHandler::image(const Request& request, const service::ConverterImage& image,
                                 const converter::RequestFormat& wanted, bool with_metadata) const {
    // A key can be replaced at any time: clients keep the answer but revalidate (no-cache).
    service::Validators validators{image.etag, image.last_modified_s, {}, true};
    if (auto decided = endpoint_.preconditions(request, validators, false, converter_error))
        return std::move(*decided);
    Response res;
    if (with_metadata) { // multipart/form-data with an `image` part and a JSON `metadata` part
        std::string boundary = "pictor-" + policy::random_hex(12);
        std::string ext = image.mime.substr(image.mime.find('/') + 1);
        std::string body = "--" + boundary +
                           "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"image." +
                           (ext == "jpeg" ? "jpg" : ext) + "\"\r\nContent-Type: " + image.mime +
                           "\r\n\r\n" + image.bytes + "\r\n--" + boundary +
                           "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                           "Content-Type: application/json\r\n\r\n" +
                           image.metadata.dump() + "\r\n--" + boundary + "--\r\n";
        res =
            make_response(status::ok, std::move(body), "multipart/form-data; boundary=" + boundary);
    } else {
        res = make_response(status::ok, image.bytes, image.mime);
    }
    res.set("X-Pictor-Rendition", image.format);
    res.set("X-Pictor-Requested", wanted.canonical());
    return endpoint_.document(request, std::move(res), validators, false, converter_error);
}

bool ConverterHandler::needs_credentials(std::string_view op) const {
    if (config_.require_auth) return true;
    if (!converter::operand_of(op)) return false; // unknown: 404 for everyone
    std::string_view group = kind_of(op) == "get" || op == "getKeyCount" ? "read"
                             : op.starts_with("cache")                   ? "write"
                             : op == "status"                            ? "status"
                                                                         : "admin";
    if (group == "status") return false; // the operator pages' own credentials (ops.user)
    for (const auto& open : config_.anonymous)
        if (open == group) return false;
    return true;
}

Handler ConverterHandler::route_handler(bool ops_listener) {
    return [this, ops_listener](RequestContext& ctx, Reply reply) {
        const Request* request = &ctx.request; // alive until the reply is sent
        std::string path(ctx.path.substr(kPrefix.size()));
        std::string query(ctx.query);
        if (kind_of(path.substr(0, path.find('/'))) == "get")
            if (auto s = endpoint_.signed_urls().check("converter", ctx); !s)
                return reply(error(s.error()));
        auto started = Clock::now();
        auto work = [this, request, path, query, started, ops_listener] {
            Response res = handle(*request, path, query, ops_listener);
            record(kind_of(path.substr(0, path.find('/'))),
                   std::chrono::duration<double, std::milli>(Clock::now() - started).count());
            return res;
        };
        // The wait for a worker is bounded; an upload's own transfer time is not counted.
        // Uploads wait in their own lane (CpuPool), in order, instead of taking request places.
        Lane lane = path.starts_with("cache") ? Lane::Upload : Lane::Request;
        offload(
            pool_, Clock::now() + limits_.deadline(), std::move(reply), std::move(work),
            [this](const core::Error& e) {
                Response res = error(e);
                res.set(field::retry_after, "1");
                return res;
            },
            nullptr, lane);
    };
}

void ConverterHandler::register_routes(Router& router) {
    router.add_prefix(std::string(kPrefix), "imageconverter", route_handler(false), Methods::Any);
    router.set_body_rules(
        std::string(kPrefix), config_.upload_bytes,
        [this](const Request& request) -> std::optional<Response> {
            std::string_view target = request.target();
            std::string_view op = target.substr(kPrefix.size());
            op = op.substr(0, op.find_first_of("/?"));
            if (!needs_credentials(op)) return std::nullopt;
            if (!config_.user.empty() &&
                basic_auth_matches(request, config_.user, config_.password))
                return std::nullopt;
            Response res = json_answer(status::unauthorized,
                                       {{"code", 401}, {"message", "credentials required"}});
            res.set(field::www_authenticate, "Basic realm=\"pictor imageconverter\"");
            return res;
        },
        converter_error); // an upload over converter.upload_bytes: 413 in the converter's JSON
}

void ConverterHandler::record(const std::string& kind, double ms) {
    std::lock_guard lock(timings_mutex_);
    for (auto& [k, window] : timings_)
        if (k == kind) return window.add(ms);
    timings_.emplace_back(kind, service::TimingWindow{});
    timings_.back().second.add(ms);
}

void ConverterHandler::register_status_route(Router& ops_router) {
    status_on_ops_listener_ = true;
    ops_router.add_exact(std::string(kPrefix) + "status", "imageconverter", route_handler(true));
}

Response ConverterHandler::handle(const Request& request, std::string_view path,
                                  std::string_view query, bool ops_listener) {
    // 405 before anything else about the request: the method is part of the operation.
    std::string op = converter::operation_of(path);
    auto method = request.method();
    bool reading = method == verb::get || method == verb::head;
    if (converter::operand_of(op)) {
        if (op.starts_with("cache") && method != verb::post) return method_not_allowed("POST");
        if (op.starts_with("clear") && method != verb::delete_) return method_not_allowed("DELETE");
        if ((op.starts_with("get") || op == "status") && !reading)
            return method_not_allowed("GET, HEAD");
    }
    if (op == "status" && status_on_ops_listener_ && !ops_listener)
        return error({core::ErrorCode::NotFound, "no such operation", {}});
    auto route = converter::parse_converter_route(path, query);
    if (!route) return error(route.error());
    return run(request, *route);
}

Response ConverterHandler::run(const Request& request, const converter::ConverterRoute& r) {
    const std::string& op = r.operation;
    std::string ctx = r.context.value_or("");
    if (op == "cacheImage" || op == "cacheAndGetImage" || op == "cacheAndGetImageAndMetadata") {
        bool get = op != "cacheImage";
        // cacheAndGet* creates the set only "if not available" (Open-Xchange's documentation): a
        // key that is already there answers from its set. Replacing is cacheImage's job.
        if (get && r.format)
            if (auto existing = service_.image(ctx, r.key, *r.format); existing) {
                return image(request, *existing, *r.format, op.ends_with("AndMetadata"));
            }
        auto image = source_image(request);
        if (!image) return error(image.error());
        auto cached =
            service_.cache(ctx, r.key, *image, r.format,
                           get ? service::Priority::Medium : service::Priority::Background);
        if (!cached) return error(cached.error());
        if (!get)
            return json_answer(
                status::ok,
                {{"code", 200}, {"message", "cached"}, {"imageKey", r.key}, {"context", ctx}});
    }
    if (op == "getMetadata") {
        auto metadata = service_.metadata(ctx, r.key);
        return metadata ? json_answer(status::ok, *metadata) : error(metadata.error());
    }
    if (r.format) { // the image (and metadata) operations
        auto answer = service_.image(ctx, r.key, *r.format);
        if (!answer) return error(answer.error());
        return image(request, *answer, *r.format, op.ends_with("AndMetadata"));
    }
    if (op == "clearImages" || op == "clearImagesByKey") {
        auto cleared = op == "clearImages" ? service_.clear(r.context) : service_.clear_key(r.key);
        if (!cleared) return error(cleared.error());
        return json_answer(status::ok,
                           {{"code", 200}, {"message", "cleared"}, {"count", *cleared}});
    }
    if (op == "status") {
        if (auto refused = ops_refusal(request, server_)) return std::move(*refused);
        return status_page(r.with_metrics);
    }
    if (op == "getKeyCount") {
        auto n = service_.count(r.context);
        return n ? json_answer(status::ok, {{"count", *n}}) : error(n.error());
    }
    auto keys = service_.keys(r.context);
    return keys ? json_answer(status::ok, {{"keys", *keys}}) : error(keys.error());
}

std::vector<std::pair<std::string, service::TimingSummary>>
ConverterHandler::request_timings() const {
    std::vector<std::pair<std::string, service::TimingSummary>> out;
    std::lock_guard lock(timings_mutex_);
    for (const auto& [kind, window] : timings_)
        out.emplace_back(kind, window.summary());
    return out;
}

std::vector<ConverterHandler::Metric> ConverterHandler::collect() const {
    auto s = service_.stats();
    std::vector<Metric> m;
    auto labelled = [](const char* name, const std::string& value) {
        return std::string("{") + name + "=\"" + value + "\"}";
    };
    double ratio = s.gets ? static_cast<double>(s.hits) / static_cast<double>(s.gets) : 0;
    m.push_back({"pictor_converter_hit_ratio", "", ratio});
    m.push_back(
        {"pictor_converter_keys_processed_total", "", static_cast<double>(s.keys_processed)});
    m.push_back({"pictor_converter_key_processing_ms_median", "", s.key_processing.median_ms});
    for (const auto& [kind, t] : request_timings()) {
        m.push_back({"pictor_converter_requests_total", labelled("kind", kind),
                     static_cast<double>(t.count)});
        m.push_back({"pictor_converter_request_ms_median", labelled("kind", kind), t.median_ms});
    }
    for (int p = 0; p < 3; ++p) {
        std::string label = labelled("priority", kPriorities[p]);
        m.push_back(
            {"pictor_converter_queue_length", label, static_cast<double>(s.queue.length[p])});
        m.push_back({"pictor_converter_queue_peak", label, static_cast<double>(s.queue.peak[p])});
        m.push_back({"pictor_converter_queue_wait_ms_median", label, s.queue.wait[p].median_ms});
    }
    auto keys = service_.count(std::nullopt);
    m.push_back({"pictor_converter_keys", "", static_cast<double>(keys ? *keys : 0)});
    auto bytes = service_.total_bytes();
    m.push_back({"pictor_converter_bytes", "", static_cast<double>(bytes ? *bytes : 0)});
    return m;
}

void ConverterHandler::metrics(MetricFamilies& out) const {
    auto s = service_.stats();
    double ratio = s.gets ? static_cast<double>(s.hits) / static_cast<double>(s.gets) : 0;
    add_gauge(out, "pictor_converter_hit_ratio",
              "Share of image requests answered with exactly the requested format.", ratio);
    add_counter(out, "pictor_converter_keys_processed_total", "Uploads stored and rendered.",
                static_cast<double>(s.keys_processed));
    add_counter(out, "pictor_converter_evicted_keys_total",
                "Keys removed, least recently used first, to keep a context within "
                "converter.context_max_bytes and converter.context_max_keys.",
                static_cast<double>(s.keys_evicted));
    add_histogram(out, "pictor_converter_key_processing_seconds",
                  "Time to store an upload and render its first rendition.",
                  s.key_processing.histogram);
    for (const auto& [kind, t] : request_timings()) {
        add_counter(out, "pictor_converter_requests_total", "Converter requests by kind.",
                    static_cast<double>(t.count), {{"kind", kind}});
        add_histogram(out, "pictor_converter_request_seconds", "Converter request time by kind.",
                      t.histogram, {{"kind", kind}});
    }
    for (int p = 0; p < 3; ++p) {
        MetricLabels priority{{"priority", kPriorities[p]}};
        add_gauge(out, "pictor_converter_queue_length", "Renditions waiting, by priority.",
                  static_cast<double>(s.queue.length[p]), priority);
        add_gauge(out, "pictor_converter_queue_peak",
                  "Longest the rendering queue has been, by priority.",
                  static_cast<double>(s.queue.peak[p]), priority);
        add_histogram(out, "pictor_converter_queue_wait_seconds",
                      "Time renditions waited in the rendering queue, by priority.",
                      s.queue.wait[p].histogram, priority);
    }
    auto keys = service_.count(std::nullopt);
    add_gauge(out, "pictor_converter_keys", "Image keys in the converter.",
              static_cast<double>(keys ? *keys : 0));
    auto bytes = service_.total_bytes();
    add_gauge(out, "pictor_converter_bytes", "Bytes of stored renditions.",
              static_cast<double>(bytes ? *bytes : 0));
}

Response ConverterHandler::status_page(bool with_metrics) const {
    std::string body = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                       "<title>pictor imageconverter</title></head>\n<body>\n"
                       "<h1>pictor imageconverter</h1>\n<p>Status: running</p>\n";
    if (with_metrics) {
        body += "<table>\n<tr><th>metric</th><th>value</th></tr>\n";
        for (const auto& m : collect())
            body += "<tr><td>" + html_escape(m.name + m.labels) + "</td><td>" +
                    plan::format_number(m.value) + "</td></tr>\n";
        body += "</table>\n";
    }
    body += "</body></html>\n";
    return uncacheable_response(status::ok, std::move(body), "text/html; charset=utf-8");
}

} // namespace pictor::api
