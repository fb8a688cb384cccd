// The image pipeline alone, over fake sources, renderer and policies: the order of its steps
// (roles decided before the source is read), what each step refuses, and what an answer's
// validators and privacy depend on.
#include <map>

#include <gtest/gtest.h>

#include "service/image_pipeline.h"

namespace pictor::service {
namespace {

using policy::AssetPolicy;
using policy::ImageServiceKind;

class FakeSources : public Sources {
  public:
    std::map<std::string, core::Size> images{
        {"open.jpg", {6000, 4000}}, {"staff.jpg", {6000, 4000}}, {"teaser.jpg", {6000, 4000}}};
    mutable int located = 0;
    int opened = 0;
    bool known = true;
    std::int64_t mtime_ns = 42'000'000'000; // of every file: a change is a new version

    std::optional<core::Result<sources::SourceFile>> locate_known(std::string_view id,
                                                                  bool lenient) const override {
        if (id.starts_with("web/")) return std::nullopt; // a remote original not cached yet
        return locate(id, lenient);
    }
    bool unchanged(std::string_view id, const sources::SourceFile& was) const override {
        auto now = locate_known(id, false);
        return now && *now && (*now)->path == was.path && (*now)->mtime_ns == was.mtime_ns;
    }
    core::Result<sources::SourceFile> locate(std::string_view id, bool) const override {
        ++located;
        if (!images.contains(std::string(id))) return core::Error::not_found("no such image");
        return sources::SourceFile{std::string(id), 1000, mtime_ns};
    }
    std::string catalog_id(const sources::SourceFile& file) const override {
        return file.path.string();
    }
    core::Result<SourceHandle> open(const sources::SourceFile& file) override {
        ++opened;
        return handle(file);
    }
    std::optional<SourceHandle> open_known(const sources::SourceFile& file) const override {
        if (!known) return std::nullopt;
        return handle(file);
    }

  private:
    SourceHandle handle(const sources::SourceFile& file) const {
        SourceHandle h;
        h.file = file;
        h.info.size = images.at(file.path.string());
        h.info.format = core::ImageFormat::Jpeg;
        h.content_hash = "hash-of-" + file.path.string();
        return h;
    }
};

class FakeRenderer : public Renditions {
  public:
    int renders = 0;
    Validators validators(const SourceHandle& source, const plan::Plan& plan,
                          std::string_view tier) const override {
        std::string key = source.content_hash + "|" + plan.canonical() + "|" + std::string(tier);
        return {"\"" + key + "\"", 42, key};
    }
    std::shared_ptr<const cache::CachedImage> from_memory(const Validators&) const override {
        return nullptr;
    }
    core::Result<ImageAnswer> render(const SourceHandle&, const plan::Plan&, const Validators& v,
                                     Deadline) override {
        ++renders;
        auto image = std::make_shared<cache::CachedImage>();
        image->bytes = "pixels";
        return ImageAnswer{image, v, 1, false};
    }
};

class FakePolicies : public Access {
  public:
    std::map<std::string, AssetPolicy> assets{{"staff.jpg", {{"staff"}, 1000, 0, 0}},
                                              {"teaser.jpg", {{"staff"}, 0, 400, 0}}};
    mutable int viewers = 0;
    policy::SizePolicy policy_for(const std::string& id) const override {
        auto it = assets.find(id);
        return {it == assets.end() ? AssetPolicy{} : it->second, 10000};
    }
    policy::Viewer viewer(const Credentials& c) const override {
        ++viewers;
        if (c.session_secret == "alice") return {true, {"staff"}};
        if (c.session_secret == "bob") return {true, {"other"}};
        return {};
    }
    std::uint64_t version = 0;
    std::uint64_t generation() const override { return version; }
};

// A job whose compile step resizes the whole image to `width` px wide.
ImageJob resize_job(const std::string& id, int width, const std::string& who = "") {
    ImageJob job;
    job.identifier = id;
    job.credentials.session_secret = who;
    job.compile = [width](const Sight& sight, std::string&) -> core::Result<plan::Plan> {
        core::Size full = sight.source.info.size;
        plan::Plan p;
        p.source = sight.id;
        p.ops.push_back(plan::Resize{{width, full.height * width / full.width}});
        return p;
    };
    return job;
}

class ImagePipelineTest : public ::testing::Test {
  protected:
    static config::LimitsConfig limits() {
        config::LimitsConfig l;
        l.max_output_pixels = 50'000'000;
        return l;
    }
    config::RuntimeLimits limits_{limits()}; // outlives the pipeline that reads it
    FakeSources sources_;
    FakeRenderer renderer_;
    FakePolicies policies_;
    ImagePipeline pipeline_{sources_, renderer_, policies_, limits_};
};

TEST_F(ImagePipelineTest, RolesAloneRefuseBeforeTheSourceIsRead) {
    auto anonymous = pipeline_.prepare(resize_job("staff.jpg", 300));
    ASSERT_FALSE(anonymous);
    EXPECT_EQ(anonymous.error().code, core::ErrorCode::Unauthorized);
    auto bob = pipeline_.prepare(resize_job("staff.jpg", 300, "bob"));
    ASSERT_FALSE(bob);
    EXPECT_EQ(bob.error().code, core::ErrorCode::Forbidden);
    EXPECT_EQ(sources_.opened, 0);
    EXPECT_TRUE(pipeline_.prepare(resize_job("staff.jpg", 300, "alice")));
    EXPECT_EQ(sources_.opened, 1);
}

TEST_F(ImagePipelineTest, RolesAreDecidedBeforeSizes) {
    // 1500 px is beyond maxWidth for everyone, yet a viewer without the role hears about roles.
    EXPECT_EQ(pipeline_.prepare(resize_job("staff.jpg", 1500, "bob")).error().code,
              core::ErrorCode::Forbidden);
    EXPECT_EQ(pipeline_.prepare(resize_job("staff.jpg", 1500, "alice")).error().code,
              core::ErrorCode::TooLarge);
    // And when the dialect's own compile step finds the size too large, the same holds.
    ImageJob job = resize_job("teaser.jpg", 300);
    job.compile = [](const Sight&, std::string&) -> core::Result<plan::Plan> {
        return core::Error::too_large("beyond the limits");
    };
    EXPECT_EQ(pipeline_.prepare(job).error().code, core::ErrorCode::Unauthorized);
    job.credentials.session_secret = "alice";
    EXPECT_EQ(pipeline_.prepare(job).error().code, core::ErrorCode::TooLarge);
}

TEST_F(ImagePipelineTest, OpenAnswersArePublicAndShareOneKey) {
    auto a = pipeline_.prepare(resize_job("open.jpg", 300));
    auto b = pipeline_.prepare(resize_job("open.jpg", 300, "alice"));
    ASSERT_TRUE(a);
    ASSERT_TRUE(b);
    EXPECT_FALSE(a->private_answer);
    EXPECT_EQ(a->validators.key, b->validators.key);
    EXPECT_EQ(policies_.viewers, 0); // nobody is looked up for an open asset
}

TEST_F(ImagePipelineTest, RestrictedAnswersArePrivateAndKeyedByTier) {
    auto anonymous = pipeline_.prepare(resize_job("teaser.jpg", 300));
    auto staff = pipeline_.prepare(resize_job("teaser.jpg", 300, "alice"));
    ASSERT_TRUE(anonymous);
    ASSERT_TRUE(staff);
    EXPECT_TRUE(anonymous->private_answer);
    EXPECT_TRUE(staff->private_answer);
    EXPECT_NE(anonymous->validators.key, staff->validators.key);
    EXPECT_NE(anonymous->validators.etag, staff->validators.etag);
    EXPECT_EQ(pipeline_.prepare(resize_job("teaser.jpg", 500)).error().code,
              core::ErrorCode::Unauthorized);
}

TEST_F(ImagePipelineTest, AJobThatDependsOnTheViewerIsPrivate) {
    ImageJob job = resize_job("open.jpg", 300, "alice");
    job.depends_on_viewer = true;
    auto gated = pipeline_.prepare(job);
    auto open = pipeline_.prepare(resize_job("open.jpg", 300));
    ASSERT_TRUE(gated);
    EXPECT_TRUE(gated->private_answer);
    EXPECT_NE(gated->validators.key, open->validators.key);
    EXPECT_FALSE(pipeline_.prepare_known(job, "memo")); // never on the network thread
}

TEST_F(ImagePipelineTest, OutputLimitAndErrorsOfEachStep) {
    EXPECT_EQ(pipeline_.prepare(resize_job("open.jpg", 9000)).error().code,
              core::ErrorCode::TooLarge); // 9000 x 6000 > 50 MP
    auto missing = pipeline_.prepare(resize_job("nothing.jpg", 300));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, core::ErrorCode::NotFound);
    EXPECT_EQ(missing.error().subject, core::Subject::Source);
    ImageJob bad = resize_job("open.jpg", 300);
    bad.compile = [](const Sight&, std::string&) -> core::Result<plan::Plan> {
        return core::Error::bad_request("no such size");
    };
    EXPECT_EQ(pipeline_.prepare(bad).error().message, "no such size");
    EXPECT_EQ(pipeline_.prepare(bad).error().subject, core::Subject::Request);
}

TEST_F(ImagePipelineTest, PrepareKnownOnlyForOpenAssetsWithAKnownSource) {
    EXPECT_TRUE(pipeline_.prepare_known(resize_job("open.jpg", 300), "memo"));
    EXPECT_FALSE(pipeline_.prepare_known(resize_job("teaser.jpg", 300), "memo"));
    EXPECT_EQ(policies_.viewers, 0);
    sources_.known = false;
    EXPECT_FALSE(pipeline_.prepare_known(resize_job("open.jpg", 300), "memo"));
    EXPECT_EQ(sources_.opened, 0);
    // A remote original that would need an origin request is never located here.
    sources_.known = true;
    sources_.images["web/far.jpg"] = {6000, 4000};
    int located = sources_.located;
    EXPECT_FALSE(pipeline_.prepare_known(resize_job("web/far.jpg", 300), "memo"));
    EXPECT_EQ(sources_.located, located);
}

TEST_F(ImagePipelineTest, RenderGoesThroughTheRenderer) {
    auto prepared = pipeline_.prepare(resize_job("open.jpg", 300));
    ASSERT_TRUE(prepared);
    auto answer = pipeline_.render(*prepared, std::chrono::steady_clock::now());
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->validators.etag, prepared->validators.etag);
    EXPECT_EQ(renderer_.renders, 1);
}

TEST_F(ImagePipelineTest, LookGivesListingsTheSamePolicy) {
    auto sight = pipeline_.look("teaser.jpg", {});
    ASSERT_TRUE(sight);
    EXPECT_TRUE(sight->allows({400, 267}));
    EXPECT_EQ(sight->allows({6000, 4000}).error().code, core::ErrorCode::Unauthorized);
    EXPECT_EQ(sight->max_square(true), 400);
    EXPECT_EQ(sight->tier(), "open");
    EXPECT_EQ(pipeline_.look("teaser.jpg", {}, false, ImageServiceKind::Substitute).error().code,
              core::ErrorCode::NotFound);
}

TEST_F(ImagePipelineTest, ASubstituteIsTheSameForEveryone) {
    policies_.assets["teaser.jpg"].open_max_width = 512;
    ImageJob job = resize_job("teaser.jpg", 500, "alice");
    job.service = ImageServiceKind::Substitute;
    auto staff = pipeline_.prepare(job);
    job.credentials = {};
    auto anonymous = pipeline_.prepare(job);
    ASSERT_TRUE(staff);
    ASSERT_TRUE(anonymous);
    EXPECT_FALSE(staff->private_answer);
    EXPECT_EQ(staff->validators.key, anonymous->validators.key);
    EXPECT_EQ(policies_.viewers, 0);
    job.compile = resize_job("teaser.jpg", 600).compile;
    EXPECT_EQ(pipeline_.prepare(job).error().code, core::ErrorCode::TooLarge);
}

} // namespace
} // namespace pictor::service

namespace pictor::service {
namespace {

TEST_F(ImagePipelineTest, AGlanceDecidesTheRolesWithoutReadingTheSource) {
    auto anonymous = pipeline_.glance("staff.jpg", {});
    ASSERT_TRUE(anonymous);
    ASSERT_FALSE(anonymous->roles);
    EXPECT_EQ(anonymous->roles.error().code, core::ErrorCode::Unauthorized);
    Credentials alice;
    alice.session_secret = "alice";
    auto staff = pipeline_.glance("staff.jpg", alice);
    ASSERT_TRUE(staff);
    EXPECT_TRUE(staff->roles);
    EXPECT_EQ(sources_.opened, 0);
    // A description goes on to read the header whatever the verdict (info.json's 401 document).
    auto sight = pipeline_.open(std::move(*anonymous));
    ASSERT_TRUE(sight);
    EXPECT_EQ(sight->source.info.size, (core::Size{6000, 4000}));
    EXPECT_EQ(sources_.opened, 1);
    EXPECT_EQ(pipeline_.glance("missing.jpg", {}).error().code, core::ErrorCode::NotFound);
}

TEST_F(ImagePipelineTest, TheMemoKeepsAnAnswerWhileSourceAndPoliciesAreUnchanged) {
    EXPECT_FALSE(pipeline_.remembered("open/300"));
    auto first = pipeline_.prepare_known(resize_job("open.jpg", 300), "open/300");
    ASSERT_TRUE(first && *first);
    auto kept = pipeline_.remembered("open/300");
    EXPECT_EQ(kept, **first);
    EXPECT_FALSE(pipeline_.remembered("open/400"));
    // A changed source file is a new version: decided again.
    sources_.mtime_ns += 1'000'000'000;
    EXPECT_FALSE(pipeline_.remembered("open/300"));
    ASSERT_TRUE(pipeline_.prepare_known(resize_job("open.jpg", 300), "open/300"));
    EXPECT_TRUE(pipeline_.remembered("open/300"));
    // A changed policy forgets everything decided under the old ones.
    ++policies_.version;
    EXPECT_FALSE(pipeline_.remembered("open/300"));
}

TEST_F(ImagePipelineTest, ThePreparedImageCarriesTheCompileStepsCanonicalForm) {
    ImageJob job = resize_job("open.jpg", 300);
    job.compile = [](const Sight& sight, std::string& canonical) -> core::Result<plan::Plan> {
        canonical = "full/300,/0/default.jpg";
        plan::Plan p;
        p.source = sight.id;
        return p;
    };
    auto prepared = pipeline_.prepare(job);
    ASSERT_TRUE(prepared);
    EXPECT_EQ(prepared->canonical, "full/300,/0/default.jpg");
}

} // namespace
} // namespace pictor::service
