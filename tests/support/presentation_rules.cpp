#include "presentation_rules.h"

#include <regex>

namespace pictor::test {
namespace {

using nlohmann::json;

constexpr const char* kContext = "http://iiif.io/api/presentation/3/context.json";

class Checker {
  public:
    std::vector<std::string> problems;

    void fail(const std::string& path, const std::string& what) {
        problems.push_back(path + ": " + what);
    }
    bool uri(const json& v) {
        return v.is_string() && std::regex_match(v.get<std::string>(), std::regex("https?://\\S+"));
    }
    // A language map: {"lang": ["text", ...]} with at least one entry.
    void language_map(const json& v, const std::string& path) {
        if (!v.is_object() || v.empty()) return fail(path, "not a language map");
        for (const auto& [lang, values] : v.items()) {
            if (!values.is_array() || values.empty()) fail(path + "." + lang, "not a list");
            for (const auto& s : values)
                if (!s.is_string()) fail(path + "." + lang, "a value is not a string");
        }
    }
    void resource(const json& v, const std::string& path, const std::string& type) {
        if (!v.is_object()) return fail(path, "not an object");
        if (!uri(v.value("id", json()))) fail(path + ".id", "not an http(s) URI");
        if (v.value("type", "") != type) fail(path + ".type", "is not " + type);
        if (v.contains("label")) language_map(v["label"], path + ".label");
    }
    void dimensions(const json& v, const std::string& path, bool required) {
        bool w = v.contains("width"), h = v.contains("height");
        if (w != h) fail(path, "width and height come together");
        if (required && !w) fail(path, "width and height are required");
        for (const char* d : {"width", "height"})
            if (v.contains(d) && (!v[d].is_number_integer() || v[d].get<long long>() < 1))
                fail(path + "." + d, "not a positive integer");
    }
    void services(const json& v, const std::string& path) {
        if (!v.is_array()) return fail(path, "not a list");
        for (std::size_t i = 0; i < v.size(); ++i) {
            const auto& s = v[i];
            std::string p = path + "[" + std::to_string(i) + "]";
            bool v3 = s.contains("id") && s.contains("type");
            bool v2 = s.contains("@id") && s.contains("@type");
            if (!v3 && !v2) fail(p, "a service needs id and type (or @id and @type)");
            if (s.contains("service")) services(s["service"], p + ".service");
        }
    }
    void content(const json& v, const std::string& path) {
        resource(v, path, "Image");
        if (!v.value("format", "").starts_with("image/")) fail(path + ".format", "not image/*");
        dimensions(v, path, false);
        if (v.contains("service")) services(v["service"], path + ".service");
    }
    void thumbnails(const json& v, const std::string& path) {
        if (!v.is_array() || v.empty()) return fail(path, "not a non-empty list");
        for (std::size_t i = 0; i < v.size(); ++i)
            content(v[i], path + "[" + std::to_string(i) + "]");
    }
    void canvas(const json& c, const std::string& path) {
        resource(c, path, "Canvas");
        dimensions(c, path, true);
        if (c.contains("thumbnail")) thumbnails(c["thumbnail"], path + ".thumbnail");
        if (!c.contains("items") || !c["items"].is_array()) return fail(path, "no items");
        for (std::size_t i = 0; i < c["items"].size(); ++i) {
            const auto& page = c["items"][i];
            std::string pp = path + ".items[" + std::to_string(i) + "]";
            resource(page, pp, "AnnotationPage");
            if (!page.contains("items") || !page["items"].is_array()) {
                fail(pp, "no items");
                continue;
            }
            for (std::size_t j = 0; j < page["items"].size(); ++j) {
                const auto& a = page["items"][j];
                std::string ap = pp + ".items[" + std::to_string(j) + "]";
                resource(a, ap, "Annotation");
                if (a.value("motivation", "") != "painting") fail(ap, "motivation is not painting");
                if (a.value("target", json()) != c.value("id", json()))
                    fail(ap + ".target", "does not target its canvas");
                if (!a.contains("body"))
                    fail(ap, "no body");
                else
                    content(a["body"], ap + ".body");
            }
        }
    }
    void context(const json& doc) {
        const json& c = doc.value("@context", json());
        bool last =
            c.is_string() ? c == kContext : c.is_array() && !c.empty() && c.back() == kContext;
        if (!last) fail("@context", "the Presentation 3 context must be (the last) one");
    }
    void manifest(const json& m, const std::string& path) {
        resource(m, path, "Manifest");
        if (!m.contains("label")) fail(path, "a Manifest needs a label");
        if (m.contains("thumbnail")) thumbnails(m["thumbnail"], path + ".thumbnail");
        if (!m.contains("items") || !m["items"].is_array()) return fail(path, "no items");
        for (std::size_t i = 0; i < m["items"].size(); ++i)
            canvas(m["items"][i], path + ".items[" + std::to_string(i) + "]");
    }
    void collection(const json& c, const std::string& path) {
        resource(c, path, "Collection");
        if (!c.contains("label")) fail(path, "a Collection needs a label");
        if (!c.contains("items") || !c["items"].is_array()) return fail(path, "no items");
        for (std::size_t i = 0; i < c["items"].size(); ++i) {
            const auto& item = c["items"][i];
            std::string p = path + ".items[" + std::to_string(i) + "]";
            std::string type = item.value("type", "");
            if (type != "Manifest" && type != "Collection") fail(p, "not a Manifest or Collection");
            resource(item, p, type);
            if (!item.contains("label")) fail(p, "a referenced " + type + " needs a label");
            if (item.contains("thumbnail")) thumbnails(item["thumbnail"], p + ".thumbnail");
        }
        if (c.contains("partOf"))
            for (const auto& parent : c["partOf"])
                resource(parent, path + ".partOf", "Collection");
    }
};

} // namespace

std::vector<std::string> presentation_violations(const json& document) {
    Checker check;
    check.context(document);
    std::string type = document.value("type", "");
    if (type == "Manifest")
        check.manifest(document, "Manifest");
    else if (type == "Collection")
        check.collection(document, "Collection");
    else
        check.fail("type", "neither Manifest nor Collection");
    return check.problems;
}

} // namespace pictor::test
