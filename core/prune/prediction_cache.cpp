// SPDX-License-Identifier: GPL-3.0-or-later
#include "prune/prediction_cache.h"

#include "data/coco_json.h"
#include "data/json_access.h"
#include "models/detector.h"
#include "models/inference.h"
#include "prune/reference_cache_import.h"
#include "util/atomic_file.h"
#include "util/error.h"

#include <cmath>
#include <cstring>

namespace anchorscope {

namespace {

constexpr char kMagic[8] = {'A', 'S', 'C', 'A', 'C', 'H', 'E', '\0'};

uint64_t fnv1a(const char* data, size_t n, uint64_t h = 1469598103934665603ull)
{
    for (size_t i = 0; i < n; ++i) {
        h ^= static_cast<unsigned char>(data[i]);
        h *= 1099511628211ull;
    }
    return h;
}

template <typename T>
void appendRaw(std::string& out, const std::vector<T>& v)
{
    out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

template <typename T>
void readRaw(const std::string& in, size_t& pos, std::vector<T>& v, size_t n, const std::string& path)
{
    if (n > (in.size() - pos) / sizeof(T))
        throw InputError(path, "the cache file is truncated");
    v.resize(n);
    std::memcpy(v.data(), in.data() + pos, n * sizeof(T));
    pos += n * sizeof(T);
}

std::string cacheIdentity(const std::string& modelIdentity, float threshold)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "@%.9g", double(threshold));
    return modelIdentity + buf;
}

} // namespace

CandidateView PredictionCache::view(size_t i) const
{
    const CachedImage& im = images[i];
    CandidateView v = candidates.view();
    v.boxes += im.offset;
    v.scores += im.offset;
    v.labels += im.offset;
    v.boxIndex += im.offset;
    v.level += im.offset;
    v.anchorId += im.offset;
    v.size = im.count;
    return v;
}

void PredictionCache::save(const std::string& path) const
{
    nlohmann::json header;
    header["identity"] = identity;
    header["model_identity"] = modelIdentity;
    header["threshold"] = threshold;
    header["model"] = meta.toJson();
    header["ground_truth"] = nlohmann::json::parse(cocoDatasetToJson(gt));
    header["ground_truth_source"] = gt.source;
    header["image_root"] = gt.imageRoot;
    nlohmann::json ims = nlohmann::json::array();
    for (const auto& im : images) {
        nlohmann::json fs = nlohmann::json::array();
        for (const auto& f : im.featureSizes)
            fs.push_back({f.first, f.second});
        ims.push_back({{"id", im.imageId}, {"scale", {im.scaleX, im.scaleY}}, {"features", fs}, {"offset", im.offset},
                       {"count", im.count}});
    }
    header["images"] = ims;
    header["candidates"] = candidates.size();
    const std::string h = header.dump();
    std::string body(kMagic, 8);
    const uint32_t version = kFormatVersion;
    body.append(reinterpret_cast<const char*>(&version), 4);
    const uint64_t hlen = h.size();
    body.append(reinterpret_cast<const char*>(&hlen), 8);
    body += h;
    appendRaw(body, candidates.boxes);
    appendRaw(body, candidates.scores);
    appendRaw(body, candidates.labels);
    appendRaw(body, candidates.boxIndex);
    appendRaw(body, candidates.level);
    appendRaw(body, candidates.anchorId);
    const uint64_t sum = fnv1a(body.data(), body.size());
    body.append(reinterpret_cast<const char*>(&sum), 8);
    writeFileAtomically(path, body);
}

PredictionCache PredictionCache::load(const std::string& path)
{
    const std::string in = readWholeFile(path);
    if (in.size() < 28 || std::memcmp(in.data(), kMagic, 8) != 0)
        throw InputError(path, "not an Anchorscope prediction cache");
    uint64_t sum = 0;
    std::memcpy(&sum, in.data() + in.size() - 8, 8);
    if (fnv1a(in.data(), in.size() - 8) != sum)
        throw InputError(path, "the cache file is corrupted or truncated (checksum mismatch)");
    uint32_t version = 0;
    std::memcpy(&version, in.data() + 8, 4);
    if (version != kFormatVersion)
        throw InputError(path, "unsupported cache format version " + std::to_string(version));
    uint64_t hlen = 0;
    std::memcpy(&hlen, in.data() + 12, 8);
    if (hlen > in.size() - 28)
        throw InputError(path, "the cache file is truncated");
    const std::string headerText = in.substr(20, hlen);
    const auto header = jsonaccess::parseJson(headerText, path);
    PredictionCache c;
    try {
        c.identity = header.at("identity").get<std::string>();
        c.modelIdentity = header.at("model_identity").get<std::string>();
        c.threshold = header.at("threshold").get<float>();
        c.meta = ModelMeta::fromJson(header.at("model"), path);
        c.gt = parseCocoDataset(header.at("ground_truth").dump(), path + " (ground truth)");
        c.gt.source = header.value("ground_truth_source", path);
        c.gt.imageRoot = header.value("image_root", std::string());
        size_t total = header.at("candidates").get<size_t>();
        for (const auto& im : header.at("images")) {
            CachedImage ci;
            ci.imageId = im.at("id").get<int64_t>();
            ci.scaleX = im.at("scale").at(0).get<float>();
            ci.scaleY = im.at("scale").at(1).get<float>();
            for (const auto& f : im.at("features"))
                ci.featureSizes.emplace_back(f.at(0).get<int>(), f.at(1).get<int>());
            ci.offset = im.at("offset").get<size_t>();
            ci.count = im.at("count").get<size_t>();
            if (ci.offset > total || ci.count > total - ci.offset)
                throw InputError(path, "image slice out of range");
            c.images.push_back(std::move(ci));
        }
        if (c.images.size() != c.gt.images.size())
            throw InputError(path, "images and ground truth disagree");
        size_t pos = 20 + hlen;
        readRaw(in, pos, c.candidates.boxes, total, path);
        readRaw(in, pos, c.candidates.scores, total, path);
        readRaw(in, pos, c.candidates.labels, total, path);
        readRaw(in, pos, c.candidates.boxIndex, total, path);
        readRaw(in, pos, c.candidates.level, total, path);
        readRaw(in, pos, c.candidates.anchorId, total, path);
        if (pos != in.size() - 8)
            throw InputError(path, "unexpected data at the end of the cache");
    } catch (const nlohmann::json::exception& e) {
        throw InputError(path, std::string("invalid cache header: ") + e.what());
    }
    const int numAnchors = c.meta.anchors.numAnchors();
    for (size_t i = 0; i < c.candidates.size(); ++i)
        if (c.candidates.anchorId[i] < 0 || c.candidates.anchorId[i] >= numAnchors || c.candidates.labels[i] < 0
            || c.candidates.labels[i] >= c.meta.numClasses || !std::isfinite(c.candidates.scores[i]))
            throw InputError(path, "candidate " + std::to_string(i) + " is out of range");
    return c;
}

void PredictionCache::checkServes(const std::string& model, float t, const std::string& path) const
{
    if (!model.empty() && model != modelIdentity)
        throw InputError(path, "this cache was made with another model (" + modelIdentity + ", not " + model + ")");
    if (t < threshold)
        throw InputError(path, "this cache keeps candidates above " + std::to_string(threshold)
                                   + "; it cannot serve the lower threshold " + std::to_string(t));
}

PredictionCache buildPredictionCache(const Detector& model, const Dataset& ds, float threshold, int batchSize,
                                     const ProgressToken* progress)
{
    PredictionCache c;
    c.meta = model.meta();
    if (threshold < 0)
        threshold = c.meta.postprocess.scoreThreshold;
    c.meta.postprocess.scoreThreshold = threshold; // candidates down to the cache threshold
    c.threshold = threshold;
    c.modelIdentity = model.identity();
    c.identity = cacheIdentity(c.modelIdentity, threshold);
    c.gt = ds;
    c.images.resize(ds.images.size());
    checkModelFitsDataset(c.meta, ds);
    std::vector<CandidateList> per(ds.images.size());
    InferenceOptions opt;
    opt.batchSize = batchSize;
    opt.settings = &c.meta.postprocess; // the model's settings with the cache threshold
    opt.onCandidates = [&](size_t i, const CandidateList& cand, float sx, float sy,
                           const std::vector<std::pair<int, int>>& fs) {
        per[i] = cand;
        c.images[i] = {ds.images[i].id, sx, sy, fs, 0, cand.size()};
    };
    detectDataset(model, ds, opt, progress);
    size_t offset = 0;
    for (size_t i = 0; i < per.size(); ++i) {
        c.images[i].offset = offset;
        offset += per[i].size();
        c.candidates.append(per[i]);
    }
    return c;
}

PredictionCache importReferenceCache(const std::string& dir, float threshold, const ProgressToken* progress)
{
    ImportedPredictions p = importReferencePredictions(dir, threshold, progress);
    PredictionCache c;
    c.threshold = threshold;
    c.modelIdentity = "make_ssd300_cache:" + dir;
    c.identity = cacheIdentity(c.modelIdentity, threshold);
    c.gt = std::move(p.gt);
    // The generator's layout: SSD300 grid, mmdet-style shapes (s,s), (s',s'), then for each
    // ratio r the (s√r, s/√r) and (s/√r, s√r) pair; boxes are already in image pixels.
    ModelMeta& m = c.meta;
    m.architecture = "ssd300_vgg16";
    m.inputH = m.inputW = 300;
    m.anchors.name = "make_ssd300_cache";
    m.anchors.inputH = m.anchors.inputW = 300;
    const double minS[] = {21, 45, 99, 153, 207, 261}, maxS[] = {45, 99, 153, 207, 261, 315};
    const double steps[] = {8, 16, 32, 64, 100, 300};
    for (size_t l = 0; l < p.featureSizes.size() && l < 6; ++l) {
        AnchorLevel L;
        L.stepX = L.stepY = steps[l];
        L.featureW = L.featureH = p.featureSizes[l];
        const double s = minS[l], sp = std::sqrt(minS[l] * maxS[l]);
        L.anchors.push_back({s, s, s, 1.0});
        L.anchors.push_back({sp, sp, sp, 1.0});
        for (double r : {2.0, 3.0}) {
            if (int(L.anchors.size()) >= p.anchorsPerCell[l])
                break;
            L.anchors.push_back({s * std::sqrt(r), s / std::sqrt(r), s, 1.0 / r});
            L.anchors.push_back({s / std::sqrt(r), s * std::sqrt(r), s, r});
        }
        m.anchors.levels.push_back(std::move(L));
    }
    for (size_t l = 0; l < m.anchors.levels.size(); ++l) {
        const std::string s = std::to_string(l);
        m.levelParams.push_back({"cls_" + s + ".weight", "cls_" + s + ".bias", "reg_" + s + ".weight", "reg_" + s + ".bias"});
        m.levelEnabled.push_back(true);
    }
    m.numClasses = p.scoreColumns;
    for (int k = 0; k < p.scoreColumns; ++k)
        m.classes.push_back({k == p.backgroundColumn ? "__background__" : "c" + std::to_string(p.categoryIdByColumn[size_t(k)]),
                             k == p.backgroundColumn ? -1 : p.categoryIdByColumn[size_t(k)]});
    m.postprocess = PostProcessSettings::ssdTorchvision();
    m.postprocess.backgroundIndex = p.backgroundColumn;
    m.postprocess.scoreThreshold = threshold;
    m.postprocess.topkMode = TopKMode::None;
    m.postprocess.maxDetections = 200;
    m.validate("imported cache");
    size_t offset = 0;
    for (size_t i = 0; i < p.perImage.size(); ++i) {
        // The generator's boxes are in image pixels; the cache keeps model-input pixels
        // (300 × 300) and the per-image scale back, as for a real model.
        CandidateList b = p.perImage[i];
        const ImageInfo& info = c.gt.images[i];
        const float sx = info.width > 0 ? float(info.width) / 300.f : 1.f, sy = info.height > 0 ? float(info.height) / 300.f : 1.f;
        for (auto& box : b.boxes)
            box = {box.x1 / sx, box.y1 / sy, box.x2 / sx, box.y2 / sy};
        CachedImage ci;
        ci.imageId = info.id;
        ci.scaleX = sx;
        ci.scaleY = sy;
        for (int f : p.featureSizes)
            ci.featureSizes.emplace_back(f, f);
        ci.offset = offset;
        ci.count = b.size();
        offset += b.size();
        c.images.push_back(ci);
        c.candidates.append(b);
    }
    return c;
}

} // namespace anchorscope
