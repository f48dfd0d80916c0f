// SPDX-License-Identifier: GPL-3.0-or-later
// The prediction cache's file format (torch-free, so the fuzzers build it alone): magic,
// version, JSON header, the candidate arrays, FNV-1a checksum of everything before it.
#include "prune/prediction_cache.h"

#include "data/coco_json.h"
#include "util/json_access.h"
#include "util/atomic_file.h"
#include "util/byte_io.h"
#include "util/error.h"
#include "util/fnv1a.h"

#include <cmath>
#include <cstring>

namespace anchorscope {

namespace {

constexpr char kMagic[8] = {'A', 'S', 'C', 'A', 'C', 'H', 'E', '\0'};

} // namespace

void appendCandidateArrays(std::string& out, const CandidateList& c)
{
    appendArray(out, c.boxes);
    appendArray(out, c.scores);
    appendArray(out, c.labels);
    appendArray(out, c.boxIndex);
    appendArray(out, c.level);
    appendArray(out, c.anchorId);
}

void readCandidateArrays(ByteReader& in, CandidateList& c, size_t n)
{
    in.getArray(c.boxes, n);
    in.getArray(c.scores, n);
    in.getArray(c.labels, n);
    in.getArray(c.boxIndex, n);
    in.getArray(c.level, n);
    in.getArray(c.anchorId, n);
}

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

std::string PredictionCache::toBytes() const
{
    nlohmann::json header;
    header["identity"] = identity;
    header["model_identity"] = modelIdentity;
    header["threshold"] = threshold;
    header["threads"] = threads;
    header["batch"] = batch;
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
    appendCandidateArrays(body, candidates);
    const uint64_t sum = fnv1a(body.data(), body.size());
    body.append(reinterpret_cast<const char*>(&sum), 8);
    return body;
}

void PredictionCache::save(const std::string& path) const
{
    writeFileAtomically(path, toBytes());
}

PredictionCache PredictionCache::load(const std::string& path)
{
    return fromBytes(readWholeFile(path), path);
}

PredictionCache PredictionCache::fromBytes(const std::string& in, const std::string& path)
{
    if (in.size() < 28 || std::memcmp(in.data(), kMagic, 8) != 0)
        throw InputError(path, "not an Anchorscope prediction cache");
    uint64_t sum = 0;
    std::memcpy(&sum, in.data() + in.size() - 8, 8);
    if (fnv1a(in.data(), in.size() - 8) != sum)
        throw InputError(path, "the cache file is corrupted or truncated (checksum mismatch)");
    uint32_t version = 0;
    std::memcpy(&version, in.data() + 8, 4);
    if (version != kFormatVersion)
        throw InputError(path, version < kFormatVersion
                                   ? "a prediction cache of an older format (" + std::to_string(version)
                                         + "): build it again from the model"
                                   : "unsupported cache format version " + std::to_string(version));
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
        c.threshold = jsonaccess::real32(header.at("threshold"));
        c.threads = jsonaccess::integerAt<int>(header, "threads");
        c.batch = jsonaccess::integerAt<int>(header, "batch");
        c.meta = ModelMeta::fromJson(header.at("model"), path);
        c.gt = parseCocoDataset(header.at("ground_truth").dump(), path + " (ground truth)");
        c.gt.source = header.value("ground_truth_source", path);
        c.gt.imageRoot = header.value("image_root", std::string());
        const size_t total = jsonaccess::integerAt<size_t>(header, "candidates");
        for (const auto& im : header.at("images")) {
            CachedImage ci;
            ci.imageId = jsonaccess::integerAt<int64_t>(im, "id");
            ci.scaleX = jsonaccess::real32(im.at("scale").at(0));
            ci.scaleY = jsonaccess::real32(im.at("scale").at(1));
            for (const auto& f : im.at("features"))
                ci.featureSizes.emplace_back(jsonaccess::integer<int>(f.at(0)), jsonaccess::integer<int>(f.at(1)));
            ci.offset = jsonaccess::integerAt<size_t>(im, "offset");
            ci.count = jsonaccess::integerAt<size_t>(im, "count");
            if (ci.offset > total || ci.count > total - ci.offset)
                throw InputError(path, "image slice out of range");
            c.images.push_back(std::move(ci));
        }
        if (c.images.size() != c.gt.images.size())
            throw InputError(path, "images and ground truth disagree");
        ByteReader arrays(in, 20 + hlen, path, "the cache file is truncated");
        readCandidateArrays(arrays, c.candidates, total);
        if (arrays.pos() != in.size() - 8)
            throw InputError(path, "unexpected data at the end of the cache");
    } catch (const nlohmann::json::exception& e) {
        throw InputError(path, std::string("invalid cache header: ") + jsonaccess::describe(e));
    } catch (const InputError& e) {
        jsonaccess::rethrowNaming(e, path);
    }
    // Everything later code indexes with is checked here, so a damaged or hand-made cache is
    // refused with a message instead of reading out of bounds during a search.
    const int numAnchors = c.meta.anchors.numAnchors();
    const size_t numLevels = c.meta.anchors.levels.size();
    for (size_t i = 0; i < c.images.size(); ++i) {
        const CachedImage& im = c.images[i];
        if (im.imageId != c.gt.images[i].id)
            throw InputError(path, "image " + std::to_string(i) + " has id " + std::to_string(im.imageId)
                                       + " but the ground truth says " + std::to_string(c.gt.images[i].id));
        if (!(std::isfinite(im.scaleX) && im.scaleX > 0 && std::isfinite(im.scaleY) && im.scaleY > 0))
            throw InputError(path, "image " + std::to_string(i) + " has an invalid scale");
        if (im.featureSizes.size() != numLevels)
            throw InputError(path, "image " + std::to_string(i) + " has " + std::to_string(im.featureSizes.size())
                                       + " feature sizes for " + std::to_string(numLevels) + " levels");
        for (const auto& fs : im.featureSizes)
            if (fs.first <= 0 || fs.second <= 0)
                throw InputError(path, "image " + std::to_string(i) + " has an empty feature map");
    }
    std::vector<int16_t> levelOfAnchor;
    for (size_t l = 0; l < numLevels; ++l)
        levelOfAnchor.insert(levelOfAnchor.end(), c.meta.anchors.levels[l].anchors.size(), int16_t(l));
    for (size_t i = 0; i < c.candidates.size(); ++i) {
        const Boxf& b = c.candidates.boxes[i];
        if (c.candidates.anchorId[i] < 0 || c.candidates.anchorId[i] >= numAnchors || c.candidates.labels[i] < 0
            || c.candidates.labels[i] >= c.meta.numClasses || !std::isfinite(c.candidates.scores[i])
            || c.candidates.level[i] < 0 || size_t(c.candidates.level[i]) >= numLevels || c.candidates.boxIndex[i] < 0
            || !(std::isfinite(b.x1) && std::isfinite(b.y1) && std::isfinite(b.x2) && std::isfinite(b.y2))
            || levelOfAnchor[size_t(c.candidates.anchorId[i])] != c.candidates.level[i])
            throw InputError(path, "candidate " + std::to_string(i) + " is out of range");
    }
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


} // namespace anchorscope
