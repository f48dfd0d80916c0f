// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/inference.h"

#include "models/preprocess.h"
#include "models/run_settings.h"
#include "models/torchvision_scores.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <future>
#include <map>

namespace anchorscope {

namespace {

struct PriorCache {
    std::vector<std::pair<int, int>> sizes;
    std::vector<Boxf> priors;
    std::vector<int16_t> level;
    std::vector<int32_t> anchor;
};

const PriorCache& priorsFor(const ModelMeta& meta, const std::vector<std::pair<int, int>>& sizes, int inputH, int inputW)
{
    thread_local std::map<std::string, PriorCache> cache;
    std::string key = meta.anchors.toJson().dump() + std::to_string(inputH) + "x" + std::to_string(inputW);
    for (const auto& s : sizes)
        key += "," + std::to_string(s.first) + "x" + std::to_string(s.second);
    auto it = cache.find(key);
    if (it == cache.end()) {
        if (cache.size() > 16)
            cache.clear();
        PriorCache pc;
        pc.sizes = sizes;
        pc.priors = meta.anchors.priors(sizes, inputH, inputW, &pc.level, &pc.anchor);
        it = cache.emplace(key, std::move(pc)).first;
    }
    return it->second;
}

} // namespace

CandidateList candidatesForImage(const ModelMeta& meta, const RawOutputs& raw, int i, const PostProcessSettings* settings,
                                 const InputGeometry* geometry)
{
    const InputGeometry g = geometry ? *geometry : InputGeometry{meta.inputH, meta.inputW, meta.inputH, meta.inputW};
    const PriorCache& pc = priorsFor(meta, raw.featureSizes, g.height, g.width);
    if (int(pc.priors.size()) != raw.boxes)
        throw InputError("the model produced " + std::to_string(raw.boxes) + " boxes, its anchor set describes "
                         + std::to_string(pc.priors.size()));
    const size_t B = size_t(raw.boxes), K = size_t(raw.classes);
    const PostProcessSettings& s = settings ? *settings : meta.postprocess;
    if (s.tieRule == TieRule::Torchvision)
        return candidatesLikeTorchvision(raw.logits.data() + size_t(i) * B * K, raw.regression.data() + size_t(i) * B * 4,
                                         pc.priors, pc.level, pc.anchor, int(K), float(g.validW), float(g.validH), s);
    return candidatesFromRaw(raw.logits.data() + size_t(i) * B * K, raw.regression.data() + size_t(i) * B * 4,
                             pc.priors.data(), pc.level.data(), pc.anchor.data(), B, int(K), float(g.validW),
                             float(g.validH), s);
}

std::vector<DetectionRecord> detectDataset(const Detector& model, const Dataset& ds, const InferenceOptions& opt,
                                           const ProgressToken* progress)
{
    namespace fs = std::filesystem;
    const ModelMeta& meta = model.meta();
    const PostProcessSettings& post = opt.settings ? *opt.settings : meta.postprocess;
    const size_t n = std::min(ds.images.size(), opt.endImage);
    const int batch = resolveRunSettings(meta, {0, opt.batchSize}).batch;
    std::vector<size_t> starts; // the batches this call runs
    for (size_t start = std::min(opt.firstImage, n); start < n; start += size_t(batch))
        if (!opt.skipBatch || !opt.skipBatch(start))
            starts.push_back(start);
    auto load = [&](size_t start) {
        std::vector<PreparedImage> out;
        for (size_t i = start; i < std::min(n, start + size_t(batch)); ++i)
            out.push_back(prepareImage((fs::path(ds.imageRoot) / ds.images[i].fileName).string(), meta));
        return out;
    };
    std::vector<DetectionRecord> dets;
    SelectionWorkspace ws;
    SelectionOptions sel;
    sel.presorted = true;
    sel.removedAnchor = opt.removedAnchors;
    std::future<std::vector<PreparedImage>> next;
    if (!starts.empty())
        next = std::async(std::launch::async, load, starts[0]);
    std::vector<float> input;
    for (size_t b = 0; b < starts.size(); ++b) {
        checkCancelled(progress);
        const size_t start = starts[b];
        std::vector<PreparedImage> images = next.get(); // rethrows a loading error
        if (b + 1 < starts.size())
            next = std::async(std::launch::async, load, starts[b + 1]);
        const size_t plane = images[0].chw.size();
        input.resize(images.size() * plane);
        for (size_t k = 0; k < images.size(); ++k)
            std::copy(images[k].chw.begin(), images[k].chw.end(), input.begin() + long(k * plane));
        const RawOutputs raw = model.forward(input.data(), int(images.size()), images[0].height, images[0].width);
        for (size_t k = 0; k < images.size(); ++k) {
            const size_t idx = start + k;
            const InputGeometry geometry{images[k].height, images[k].width, images[k].validH, images[k].validW};
            const CandidateList cand = candidatesForImage(meta, raw, int(k), &post, &geometry);
            if (opt.onCandidates)
                opt.onCandidates(idx, cand, images[k].scaleX, images[k].scaleY, raw.featureSizes);
            appendDetections(cand.view(), selectDetections(cand.view(), post, ws, sel), meta,
                             ds.images[idx].id, images[k].scaleX, images[k].scaleY, dets);
        }
        if (opt.onBatchDone)
            opt.onBatchDone(start, images.size());
        reportProgress(progress, double(b + 1) / double(starts.size()), "detecting");
    }
    return dets;
}

} // namespace anchorscope
