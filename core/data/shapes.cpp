// SPDX-License-Identifier: GPL-3.0-or-later
#include "data/shapes.h"

#include "data/coco_json.h"
#include "data/image_size.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/random.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>

namespace anchorscope {
namespace fs = std::filesystem;

const std::vector<std::string>& shapesClassNames()
{
    static const std::vector<std::string> names = {"square", "bar", "ellipse", "triangle", "ring"};
    return names;
}

namespace {

enum Shape { Square = 0, Bar, Ellipse, Triangle, Ring };

// Background: a colour gradient, low-frequency blobs, thin clutter lines and pixel noise.
void drawBackground(cv::Mat& img, Rng& rng)
{
    const int S = img.rows;
    const cv::Vec3d c0(rng.uniform(30, 220), rng.uniform(30, 220), rng.uniform(30, 220));
    const cv::Vec3d c1(rng.uniform(30, 220), rng.uniform(30, 220), rng.uniform(30, 220));
    const double angle = rng.uniform(0, 6.283185307179586);
    const double ca = std::cos(angle), sa = std::sin(angle);
    for (int y = 0; y < S; ++y) {
        auto* row = img.ptr<cv::Vec3b>(y);
        for (int x = 0; x < S; ++x) {
            const double t = std::clamp(0.5 + ((x - S / 2.0) * ca + (y - S / 2.0) * sa) / S, 0.0, 1.0);
            const cv::Vec3d c = c0 * (1 - t) + c1 * t;
            row[x] = cv::Vec3b(cv::saturate_cast<uchar>(c[0]), cv::saturate_cast<uchar>(c[1]),
                               cv::saturate_cast<uchar>(c[2]));
        }
    }
    // Texture: low-contrast blobs and lines.
    const int blobs = int(rng.integer(3, 9));
    for (int i = 0; i < blobs; ++i) {
        const cv::Point c(int(rng.integer(0, S - 1)), int(rng.integer(0, S - 1)));
        const int r = int(rng.integer(S / 16, S / 4));
        const cv::Scalar col(rng.uniform(20, 235), rng.uniform(20, 235), rng.uniform(20, 235));
        cv::Mat overlay = img.clone();
        cv::circle(overlay, c, r, col, cv::FILLED, cv::LINE_AA);
        cv::addWeighted(overlay, 0.25, img, 0.75, 0, img);
    }
    const int lines = int(rng.integer(0, 6));
    for (int i = 0; i < lines; ++i) {
        const cv::Point a(int(rng.integer(0, S - 1)), int(rng.integer(0, S - 1)));
        const cv::Point b(int(rng.integer(0, S - 1)), int(rng.integer(0, S - 1)));
        const cv::Scalar col(rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255));
        cv::line(img, a, b, col, 1, cv::LINE_AA);
    }
}

void addNoise(cv::Mat& img, Rng& rng)
{
    cv::Mat noise(img.size(), CV_16SC3);
    cv::RNG cvRng(rng.next());
    cvRng.fill(noise, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(rng.uniform(4, 14)));
    cv::Mat tmp;
    img.convertTo(tmp, CV_16SC3);
    tmp += noise;
    tmp.convertTo(img, CV_8UC3);
}

// Size and aspect distribution of one object: (width, height) in pixels.
cv::Size2d sampleSize(Shape shape, int S, Rng& rng)
{
    // sqrt(area) as a fraction of the image: many small, some medium, few large.
    const double u = rng.uniform();
    const double frac = u < 0.55 ? rng.uniform(0.07, 0.15) : u < 0.88 ? rng.uniform(0.15, 0.32) : rng.uniform(0.32, 0.55);
    const double side = frac * S;
    double ratio = 1.0; // width / height
    switch (shape) {
    case Square: ratio = std::exp(rng.uniform(std::log(0.8), std::log(1.25))); break;
    case Bar: {
        const double r = rng.uniform(2.8, 5.0);
        ratio = rng.bernoulli(0.8) ? r : 1.0 / r; // vertical bars are rare
        break;
    }
    case Ellipse: ratio = std::exp(rng.uniform(std::log(0.5), std::log(2.0))); break;
    case Triangle: ratio = rng.uniform(0.8, 1.4); break;
    case Ring: ratio = rng.uniform(0.9, 1.1); break;
    }
    double w = side * std::sqrt(ratio), h = side / std::sqrt(ratio);
    const double limit = 0.9 * S;
    const double scale = std::min({1.0, limit / w, limit / h});
    return {std::max(6.0, w * scale), std::max(6.0, h * scale)};
}

// Draws the shape filled into `mask` (255 inside) within the rectangle r.
void drawShapeMask(cv::Mat& mask, Shape shape, const cv::Rect2d& r, Rng& rng)
{
    const cv::Point2d c(r.x + r.width / 2, r.y + r.height / 2);
    switch (shape) {
    case Square:
    case Bar:
        cv::rectangle(mask, cv::Point(int(std::lround(r.x)), int(std::lround(r.y))),
                      cv::Point(int(std::lround(r.x + r.width)) - 1, int(std::lround(r.y + r.height)) - 1), 255,
                      cv::FILLED);
        break;
    case Ellipse:
        cv::ellipse(mask, cv::Point(int(std::lround(c.x)), int(std::lround(c.y))),
                    cv::Size(int(std::lround(r.width / 2)), int(std::lround(r.height / 2))), 0, 0, 360, 255, cv::FILLED);
        break;
    case Triangle: {
        const bool up = rng.bernoulli(0.5);
        std::vector<cv::Point> pts;
        const int x0 = int(std::lround(r.x)), x1 = int(std::lround(r.x + r.width)) - 1;
        const int y0 = int(std::lround(r.y)), y1 = int(std::lround(r.y + r.height)) - 1;
        const int xm = int(std::lround(c.x));
        if (up)
            pts = {{xm, y0}, {x1, y1}, {x0, y1}};
        else
            pts = {{x0, y0}, {x1, y0}, {xm, y1}};
        cv::fillConvexPoly(mask, pts, 255);
        break;
    }
    case Ring: {
        const cv::Point cc(int(std::lround(c.x)), int(std::lround(c.y)));
        const cv::Size ax(int(std::lround(r.width / 2)), int(std::lround(r.height / 2)));
        cv::ellipse(mask, cc, ax, 0, 0, 360, 255, cv::FILLED);
        const double inner = rng.uniform(0.45, 0.7);
        cv::ellipse(mask, cc, cv::Size(std::max(1, int(ax.width * inner)), std::max(1, int(ax.height * inner))), 0, 0,
                    360, 0, cv::FILLED);
        break;
    }
    }
}

std::string splitFor(const ShapesOptions& opt, int index)
{
    // A fixed permutation of indices decides the split, so every split is spread over the
    // whole index range and its size is exact.
    Rng rng = Rng::forItem(opt.seed ^ 0x5EED5EEDull, uint64_t(index));
    const double u = rng.uniform();
    const double rest = (1.0 - opt.trainFraction) / 2.0;
    return u < opt.trainFraction ? "train" : u < opt.trainFraction + rest ? "search" : "holdout";
}

} // namespace

ShapesImage renderShapesImage(const ShapesOptions& opt, int index, cv::Mat& img)
{
    Rng rng = Rng::forItem(opt.seed, uint64_t(index));
    const int S = opt.size;
    img.create(S, S, CV_8UC3);
    drawBackground(img, rng);

    ShapesImage out;
    out.split = splitFor(opt, index);
    cv::Mat owner(S, S, CV_16SC1, cv::Scalar(-1)); // which object is visible at each pixel
    std::vector<int> fullArea;
    std::vector<cv::Rect> boxes;
    const int wanted = int(rng.integer(opt.minObjects, opt.maxObjects));
    // Class frequencies: bars and squares common, rings rarer.
    const double classCdf[5] = {0.25, 0.50, 0.70, 0.87, 1.0};
    for (int n = 0; n < wanted; ++n) {
        for (int attempt = 0; attempt < 20; ++attempt) {
            const double u = rng.uniform();
            int cls = 0;
            while (cls < 4 && u >= classCdf[cls])
                ++cls;
            const Shape shape = Shape(cls);
            const cv::Size2d sz = sampleSize(shape, S, rng);
            const cv::Rect2d r(rng.uniform(0, S - sz.width), rng.uniform(0, S - sz.height), sz.width, sz.height);
            cv::Mat mask(S, S, CV_8UC1, cv::Scalar(0));
            Rng shapeRng(rng.next());
            drawShapeMask(mask, shape, r, shapeRng);
            const int area = cv::countNonZero(mask);
            if (area < 16)
                continue;
            // Reject placements that would hide more than half of an earlier object.
            bool ok = true;
            for (size_t j = 0; j < boxes.size() && ok; ++j) {
                const cv::Mat visible = owner == int16_t(j);
                const int hidden = cv::countNonZero(visible & mask);
                if (hidden > 0 && double(cv::countNonZero(visible) - hidden) < 0.5 * fullArea[j])
                    ok = false;
            }
            if (!ok)
                continue;
            // Colour with enough contrast to the background under the shape.
            const cv::Scalar bg = cv::mean(img, mask);
            cv::Scalar col;
            for (int tries = 0; tries < 50; ++tries) {
                col = cv::Scalar(rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255));
                const double d = std::abs(col[0] - bg[0]) + std::abs(col[1] - bg[1]) + std::abs(col[2] - bg[2]);
                if (d > 150)
                    break;
            }
            img.setTo(col, mask);
            owner.setTo(int16_t(boxes.size()), mask);
            const cv::Rect br = cv::boundingRect(mask);
            boxes.push_back(br);
            fullArea.push_back(area);
            Annotation a;
            a.categoryId = cls + 1;
            a.x = br.x;
            a.y = br.y;
            a.w = br.width;
            a.h = br.height;
            out.objects.push_back(a);
            break;
        }
    }
    // COCO "area" is the visible (segment) area.
    for (size_t j = 0; j < out.objects.size(); ++j)
        out.objects[j].area = cv::countNonZero(owner == int16_t(j));
    addNoise(img, rng);
    return out;
}

Dataset generateShapesDataset(const std::string& outDir, const ShapesOptions& opt, const ProgressToken* progress)
{
    if (opt.numImages <= 0)
        throw InputError("make-dataset: --images must be positive");
    if (opt.size < 32 || opt.size > 4096)
        throw InputError("make-dataset: --size must be between 32 and 4096 pixels");
    if (opt.minObjects < 0 || opt.maxObjects < opt.minObjects || opt.maxObjects > 50)
        throw InputError("make-dataset: object counts must satisfy 0 <= min <= max <= 50");
    std::error_code ec;
    fs::create_directories(fs::path(outDir) / "images", ec);
    if (ec)
        throw InputError(outDir, "cannot create the output directory: " + ec.message());

    std::vector<ShapesImage> results(size_t(opt.numImages));
    std::atomic<int> next{0}, done{0};
    std::mutex errorMutex;
    std::exception_ptr error;
    disableOpenCvThreading();
    auto worker = [&]() {
        try {
            for (int i = next++; i < opt.numImages; i = next++) {
                if (progress && progress->isCancelled())
                    return;
                cv::Mat img;
                results[size_t(i)] = renderShapesImage(opt, i, img);
                std::vector<uchar> png;
                cv::imencode(".png", img, png);
                char name[32];
                std::snprintf(name, sizeof name, "%06d.png", i + 1);
                writeFileAtomically((fs::path(outDir) / "images" / name).string(),
                                    std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
                const int d = ++done;
                if (progress && (d % 16 == 0 || d == opt.numImages))
                    progress->report(double(d) / opt.numImages, "drawing images");
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(errorMutex);
            if (!error)
                error = std::current_exception();
            next = opt.numImages;
        }
    };
    std::vector<std::thread> pool;
    for (int t = 0; t < std::max(1, opt.threads); ++t)
        pool.emplace_back(worker);
    for (auto& t : pool)
        t.join();
    if (error)
        std::rethrow_exception(error);
    checkCancelled(progress);

    Dataset ds;
    ds.source = (fs::path(outDir) / "annotations.json").string();
    ds.imageRoot = (fs::path(outDir) / "images").string();
    const auto& names = shapesClassNames();
    for (size_t c = 0; c < names.size(); ++c)
        ds.categories.push_back({int64_t(c) + 1, names[c], "shape"});
    int64_t annId = 1;
    for (int i = 0; i < opt.numImages; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "%06d.png", i + 1);
        ds.images.push_back({int64_t(i) + 1, name, opt.size, opt.size, results[size_t(i)].split});
        for (Annotation a : results[size_t(i)].objects) {
            a.id = annId++;
            a.imageId = i + 1;
            ds.annotations.push_back(a);
        }
    }
    ds.reindex();
    writeCocoDataset(ds, (fs::path(outDir) / "annotations.json").string());
    for (const char* split : {"train", "search", "holdout"})
        writeCocoDataset(ds.subset(split), (fs::path(outDir) / (std::string(split) + ".json")).string());
    return ds;
}

} // namespace anchorscope
