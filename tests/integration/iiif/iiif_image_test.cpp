// Every IIIF 3.0 parameter form against the samples, checked by decoding the answer.
// photo.jpg is 6000x4000 with R = 255*x/6000 and G = 255*y/4000 (see scripts/make-samples.sh).
#include "integration/fixture.h"

namespace pictor::test {
namespace {

class IiifImage : public PictorTest {};

// R and G expected at (x, y) of a w x h rendition of the whole photo.
std::vector<double> photo_rg(double x, double y, double w, double h) {
    return {255.0 * x / w, 255.0 * y / h};
}

TEST_F(IiifImage, ConfinedThumbnail) {
    auto r = get("/iiif/3/photo.jpg/full/!300,300/0/default.jpg");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("content-type"), "image/jpeg");
    auto d = decode(r.body);
    EXPECT_EQ(d.width, 300);
    EXPECT_EQ(d.height, 200);
    EXPECT_TRUE(near(pixel(r.body, 30, 20), photo_rg(30, 20, 300, 200)));
    EXPECT_TRUE(near(pixel(r.body, 270, 180), photo_rg(270, 180, 300, 200)));
}

TEST_F(IiifImage, SizeForms) {
    struct Case {
        const char* size;
        int w, h;
    };
    for (Case c : {Case{"300,", 300, 200}, Case{",100", 150, 100}, Case{"pct:5", 300, 200},
                   Case{"200,200", 200, 200}, Case{"!100,400", 100, 67}}) {
        auto r = get(std::string("/iiif/3/photo.jpg/full/") + c.size + "/0/default.jpg");
        ASSERT_EQ(r.status, 200) << c.size << ": " << r.body;
        auto d = decode(r.body);
        EXPECT_EQ(d.width, c.w) << c.size;
        EXPECT_EQ(d.height, c.h) << c.size;
    }
}

TEST_F(IiifImage, RegionForms) {
    auto px = get("/iiif/3/photo.jpg/3000,2000,600,400/max/0/default.png");
    ASSERT_EQ(px.status, 200);
    EXPECT_EQ(decode(px.body).width, 600);
    EXPECT_TRUE(near(pixel(px.body, 2, 2), {127.5, 127.5}));
    EXPECT_TRUE(near(pixel(px.body, 597, 397), {153, 153}));

    auto pct = get("/iiif/3/photo.jpg/pct:50,50,10,10/max/0/default.png");
    ASSERT_EQ(pct.status, 200);
    EXPECT_EQ(decode(pct.body).width, 600);
    EXPECT_TRUE(near(pixel(pct.body, 2, 2), {127.5, 127.5}));

    auto sq = get("/iiif/3/photo.jpg/square/400,/0/default.jpg");
    ASSERT_EQ(sq.status, 200);
    auto d = decode(sq.body);
    EXPECT_EQ(d.width, 400);
    EXPECT_EQ(d.height, 400);
    EXPECT_TRUE(near(pixel(sq.body, 2, 2), {1000 * 0.0425, 0}));

    auto edge = get("/iiif/3/photo.jpg/5900,3900,300,300/max/0/default.jpg");
    ASSERT_EQ(edge.status, 200);
    EXPECT_EQ(decode(edge.body).width, 100); // clipped at the image edge
}

TEST_F(IiifImage, MirroringAndRotation) {
    const std::string base = "/iiif/3/photo.jpg/full/300,/";
    auto mirrored = get(base + "!0/default.jpg");
    ASSERT_EQ(mirrored.status, 200);
    EXPECT_TRUE(near(pixel(mirrored.body, 30, 20), photo_rg(270, 20, 300, 200)));

    auto r90 = get(base + "90/default.jpg");
    ASSERT_EQ(r90.status, 200);
    auto d90 = decode(r90.body);
    EXPECT_EQ(d90.width, 200);
    EXPECT_EQ(d90.height, 300);
    // Clockwise: new (x, y) shows old (y, h - 1 - x).
    EXPECT_TRUE(near(pixel(r90.body, 20, 30), photo_rg(30, 179, 300, 200)));

    auto r180 = get(base + "180/default.jpg");
    EXPECT_TRUE(near(pixel(r180.body, 30, 20), photo_rg(269, 179, 300, 200)));

    auto r270 = get(base + "270/default.jpg");
    // new (x, y) shows old (w - 1 - y, x).
    EXPECT_TRUE(near(pixel(r270.body, 20, 30), photo_rg(269, 20, 300, 200)));

    auto m90 = get(base + "!90/default.jpg");
    // mirror first, then rotate: new (x, y) shows mirrored (y, h-1-x) = old (w-1-y, h-1-x)
    EXPECT_TRUE(near(pixel(m90.body, 20, 30), photo_rg(269, 179, 300, 200)));

    auto r45 = get("/iiif/3/alpha.png/full/max/45/default.png");
    ASSERT_EQ(r45.status, 200);
    auto d45 = decode(r45.body);
    EXPECT_EQ(d45.width, 990);
    EXPECT_EQ(d45.height, 990);
    EXPECT_EQ(d45.bands, 4);
    EXPECT_NEAR(pixel(r45.body, 2, 2)[3], 0, 1); // transparent corner
}

TEST_F(IiifImage, Qualities) {
    auto gray = get("/iiif/3/photo.jpg/full/300,/0/gray.png");
    ASSERT_EQ(gray.status, 200);
    EXPECT_EQ(decode(gray.body).bands, 1);
    auto bitonal = get("/iiif/3/photo.jpg/full/300,/0/bitonal.png");
    ASSERT_EQ(bitonal.status, 200);
    EXPECT_EQ(distinct_values(bitonal.body), (std::vector<int>{0, 255}));
    auto color = get("/iiif/3/photo.jpg/full/300,/0/color.jpg");
    ASSERT_EQ(color.status, 200);
    EXPECT_EQ(decode(color.body).bands, 3);
}

TEST_F(IiifImage, Formats) {
    struct Case {
        const char* ext;
        const char* mime;
        const char* loader;
    };
    for (Case c :
         {Case{"jpg", "image/jpeg", "jpegload_buffer"}, Case{"png", "image/png", "pngload_buffer"},
          Case{"webp", "image/webp", "webpload_buffer"},
          Case{"tif", "image/tiff", "tiffload_buffer"},
          Case{"gif", "image/gif", "gifload_buffer"}}) {
        auto r = get(std::string("/iiif/3/photo.jpg/full/120,/0/default.") + c.ext);
        ASSERT_EQ(r.status, 200) << c.ext;
        EXPECT_EQ(r.header("content-type"), c.mime);
        auto d = decode(r.body);
        EXPECT_EQ(d.loader, c.loader);
        EXPECT_EQ(d.width, 120);
    }
}

TEST_F(IiifImage, AlphaIsKeptOrFlattened) {
    auto png = get("/iiif/3/alpha.png/full/max/0/default.png");
    ASSERT_EQ(png.status, 200);
    EXPECT_TRUE(near(pixel(png.body, 100, 300), {255, 0, 0, 255}, 2));
    EXPECT_TRUE(near(pixel(png.body, 700, 300), {0, 0, 255, 127}, 2));
    auto jpg = get("/iiif/3/alpha.png/full/max/0/default.jpg");
    EXPECT_TRUE(near(pixel(jpg.body, 700, 300), {128, 128, 255}, 8)); // blue over white
}

TEST_F(IiifImage, ExifOrientationIsApplied) {
    auto r = get("/iiif/3/portrait.jpg/full/max/0/default.jpg");
    ASSERT_EQ(r.status, 200);
    auto d = decode(r.body);
    EXPECT_EQ(d.width, 400);
    EXPECT_EQ(d.height, 600);
    EXPECT_TRUE(near(pixel(r.body, 3, 3), {0, 255}));
    EXPECT_TRUE(near(pixel(r.body, 396, 3), {0, 0}));
    EXPECT_TRUE(near(pixel(r.body, 3, 596), {255, 255}));
    // Regions address the displayed image.
    auto top = get("/iiif/3/portrait.jpg/0,0,400,100/max/0/default.jpg");
    EXPECT_EQ(decode(top.body).width, 400);
    EXPECT_EQ(decode(top.body).height, 100);
}

TEST_F(IiifImage, GifAndSlashIdentifiers) {
    auto gif = get("/iiif/3/small.gif/full/max/0/default.png");
    ASSERT_EQ(gif.status, 200);
    EXPECT_EQ(decode(gif.body).width, 64);
    EXPECT_TRUE(near(pixel(gif.body, 10, 24), {255, 0, 0}, 2));
    EXPECT_TRUE(near(pixel(gif.body, 54, 24), {0, 255, 0}, 2));
    auto sub = get("/iiif/3/collection%2Fpage1.jpg/full/max/0/default.jpg");
    ASSERT_EQ(sub.status, 200);
    EXPECT_EQ(decode(sub.body).width, 600);
}

TEST_F(IiifImage, Upscaling) {
    auto r = get("/iiif/3/collection%2Fpage1.jpg/full/^pct:150/0/default.jpg");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(decode(r.body).width, 900);
    EXPECT_EQ(get("/iiif/3/collection%2Fpage1.jpg/full/900,/0/default.jpg").status, 400);
}

TEST_F(IiifImage, PyramidTileComesFromAReducedLevel) {
    auto metric = [] {
        auto m = get("/metrics").body;
        auto pos = m.find("\npictor_decoded_pixels_total ");
        return std::stoll(m.substr(pos + 29));
    };
    long long before = metric();
    auto r = get("/iiif/3/pyramid.tif/2048,1024,1024,1024/512,/0/default.jpg");
    ASSERT_EQ(r.status, 200) << r.body;
    auto d = decode(r.body);
    EXPECT_EQ(d.width, 512);
    EXPECT_EQ(d.height, 512);
    EXPECT_TRUE(near(pixel(r.body, 3, 3), {2048 * 0.0425, 1024 * 0.06375}));
    // On the level's block grid: assembled from level 1's stored coefficients, nothing decoded.
    EXPECT_EQ(metric() - before, 0);
    // 8 px off that grid: decoded, from level 1 (3000x2000), not the full-size region.
    before = metric();
    auto off = get("/iiif/3/pyramid.tif/2056,1024,1024,1024/512,/0/default.jpg");
    ASSERT_EQ(off.status, 200) << off.body;
    EXPECT_TRUE(near(pixel(off.body, 3, 3), {2056 * 0.0425, 1024 * 0.06375}));
    long long decoded = metric() - before;
    EXPECT_GT(decoded, 0);
    EXPECT_LE(decoded, 600 * 600);

    auto thumb = get("/iiif/3/pyramid.tif/full/!300,300/0/default.jpg");
    ASSERT_EQ(thumb.status, 200);
    EXPECT_EQ(decode(thumb.body).width, 300);
    EXPECT_TRUE(near(pixel(thumb.body, 270, 180), photo_rg(270, 180, 300, 200)));
}

// Tiles of a JPEG-compressed pyramid at a level's own scale are read straight from the TIFF's
// tiles (engine/tiff_tiles.cpp); they must be the pixels the general libvips path gives (the
// PNG answers below take that path), whole tiles, edge tiles and full resolution alike.
TEST_F(IiifImage, DirectTileReadsMatchTheGeneralPath) {
    for (const char* region :
         {"2048,1024,1024,1024/512,", "5632,3584,368,416/184,", "0,0,512,512/512,",
          "4000,0,2000,4000/125,", "1000,1000,300,300/300,"}) {
        std::string base = std::string("/iiif/3/pyramid.tif/") + region + "/0/default.";
        auto jpg = get(base + "jpg");
        auto png = get(base + "png");
        ASSERT_EQ(jpg.status, 200) << region << jpg.body;
        ASSERT_EQ(png.status, 200) << region;
        auto dj = decode(jpg.body), dp = decode(png.body);
        EXPECT_EQ(dj.width, dp.width) << region;
        EXPECT_EQ(dj.height, dp.height) << region;
        // 5x5 means on a 3x3 grid: equal up to the JPEG answer's own compression.
        for (double fx : {0.1, 0.5, 0.9})
            for (double fy : {0.1, 0.5, 0.9}) {
                int x = static_cast<int>(dj.width * fx), y = static_cast<int>(dj.height * fy);
                EXPECT_TRUE(near(pixel(jpg.body, x, y), pixel(png.body, x, y), 6))
                    << region << " at " << x << "," << y;
            }
    }
}

TEST_F(IiifImage, LinkHeaders) {
    auto r = get("/iiif/3/photo.jpg/pct:50,50,10,10/!300,300/0/default.jpg");
    ASSERT_EQ(r.status, 200);
    std::string link = r.header("link");
    EXPECT_NE(
        link.find("/iiif/3/photo.jpg/3000,2000,600,400/300,200/0/default.jpg>;rel=\"canonical\""),
        std::string::npos)
        << link;
    EXPECT_NE(link.find("<http://iiif.io/api/image/3/level2.json>;rel=\"profile\""),
              std::string::npos);
}

TEST_F(IiifImage, GoldenPerceptualHash) {
    // The same thumbnail through the pyramid and through the JPEG looks the same.
    auto a = get("/iiif/3/photo.jpg/full/!256,256/0/default.png");
    auto b = get("/iiif/3/pyramid.tif/full/!256,256/0/default.png");
    ASSERT_EQ(a.status, 200);
    ASSERT_EQ(b.status, 200);
    EXPECT_LE(hamming(dhash(a.body), dhash(b.body)), 4);
    // and differs from its mirror image.
    auto m = get("/iiif/3/photo.jpg/full/!256,256/!0/default.png");
    EXPECT_GT(hamming(dhash(a.body), dhash(m.body)), 16);
}

} // namespace
} // namespace pictor::test
