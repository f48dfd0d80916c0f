// SPDX-License-Identifier: GPL-3.0-or-later
#include "prune/validation.h"

#include "util/error.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <set>

namespace anchorscope {

PairedBootstrap::PairedBootstrap(ConfigEvaluator& ev, const BootstrapOptions& options)
    : ev_(ev), options_(options), weights_(ev.coco().imageIds().size(), options.replicates, options.seed)
{
    if (!(options.level > 0 && options.level < 1))
        throw InputError("the interval's level must lie between 0 and 1");
    baseline_ = ev.evaluate({});
    const CocoReplicates base(ev.coco(), ev.imageEvaluations({}));
    for (const auto& s : base.all(weights_, options.threads)) {
        baseAp_.push_back(s[0]);
        baseAp50_.push_back(s[1]);
    }
}

PairedBootstrap::Interval PairedBootstrap::interval(const Configuration& c)
{
    if (auto it = memo_.find(c.removed); it != memo_.end())
        return it->second;
    Interval out;
    out.result = ev_.evaluate(c);
    std::vector<double> ap, ap50;
    if (c.removed.empty()) {
        ap = baseAp_;
        ap50 = baseAp50_;
    } else {
        const CocoReplicates mine(ev_.coco(), ev_.imageEvaluations(c));
        for (const auto& s : mine.all(weights_, options_.threads)) {
            ap.push_back(s[0]);
            ap50.push_back(s[1]);
        }
    }
    out.ap = pairedInterval(ap, baseAp_, out.result.stats[0] - baseline_.stats[0], options_.level, &out.replicates);
    out.ap50 = pairedInterval(ap50, baseAp50_, out.result.stats[1] - baseline_.stats[1], options_.level);
    memo_[c.removed] = out;
    return out;
}

NodeValidation toNodeValidation(const PairedBootstrap::Interval& v)
{
    NodeValidation n;
    n.stats = v.result.stats;
    n.deltaAp = v.ap.delta;
    n.deltaAp50 = v.ap50.delta;
    n.deltaApCi = {v.ap.lo, v.ap.hi};
    n.deltaAp50Ci = {v.ap50.lo, v.ap50.hi};
    n.hasInterval = true;
    return n;
}

NodeValidation quickValidation(ConfigEvaluator& validation, const ConfigResult& baseline, const Configuration& c)
{
    NodeValidation n;
    n.stats = validation.evaluate(c).stats;
    n.deltaAp = n.stats[0] - baseline.stats[0];
    n.deltaAp50 = n.stats[1] - baseline.stats[1];
    return n;
}

NodeCallback liveValidation(ConfigEvaluator& validation, const ConfigResult& baseline, double maxDrop, NodeCallback next)
{
    auto seen = std::make_shared<std::vector<std::pair<double, double>>>(); // (cost, AP) so far, root first
    return [&validation, baseline, maxDrop, seen, next = std::move(next)](const SearchNode& n) {
        const double ap = n.result.stats[0];
        const double minAp = (seen->empty() ? ap : seen->front().second) - maxDrop;
        bool dominated = false;
        for (const auto& [cost, a] : *seen)
            if (cost <= n.cost && a >= ap && (cost < n.cost || a > ap)) {
                dominated = true;
                break;
            }
        seen->emplace_back(n.cost, ap);
        if (dominated || ap < minAp || !next) {
            if (next)
                next(n);
            return;
        }
        SearchNode v = n;
        v.validation = quickValidation(validation, baseline, n.result.config);
        next(v);
    };
}

IntervalVerdict intervalVerdict(const std::array<double, 2>& ci)
{
    if (ci[0] > 0)
        return IntervalVerdict::MeasurableGain;
    if (ci[1] < 0)
        return IntervalVerdict::MeasurableLoss;
    return IntervalVerdict::NoMeasurableDifference;
}

namespace {

std::string labelMapOf(const ModelMeta& m)
{
    std::string s;
    for (size_t k = 0; k < m.classes.size(); ++k)
        s += m.classes[k].name + "=" + std::to_string(m.classes[k].categoryId) + ";";
    return s;
}

// What makes two images the same image: the file name, the size and the ground truth
// (categories and boxes). Two datasets that name their files alike (000001.png, …) share no
// image unless the contents of the annotations agree too.
std::map<int64_t, std::string> imageKeys(const Dataset& gt)
{
    std::map<int64_t, std::vector<std::string>> boxes;
    for (const auto& a : gt.annotations) {
        char buf[128];
        std::snprintf(buf, sizeof buf, "%lld:%.6g,%.6g,%.6g,%.6g", static_cast<long long>(a.categoryId), a.x, a.y, a.w, a.h);
        boxes[a.imageId].push_back(buf);
    }
    std::map<int64_t, std::string> keys;
    for (const auto& im : gt.images) {
        std::string k = (im.fileName.empty() ? "#" + std::to_string(im.id) : im.fileName) + " " + std::to_string(im.width)
                        + "x" + std::to_string(im.height);
        auto& b = boxes[im.id];
        std::sort(b.begin(), b.end());
        for (const auto& s : b)
            k += ";" + s;
        keys[im.id] = k;
    }
    return keys;
}

} // namespace

void checkValidationCache(const PredictionCache& search, const PredictionCache& v, const std::string& path)
{
    std::vector<std::string> differences;
    if (v.modelIdentity != search.modelIdentity)
        differences.push_back("it was made with another model (" + v.modelIdentity + ", the search cache's is "
                              + search.modelIdentity + ")");
    if (v.threshold != search.threshold) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "its score threshold is %g, the search cache's %g", double(v.threshold),
                      double(search.threshold));
        differences.push_back(buf);
    }
    if (labelMapOf(v.meta) != labelMapOf(search.meta))
        differences.push_back("its label map differs (which category each score column predicts)");
    if (v.threads != search.threads || v.batch != search.batch)
        differences.push_back("the model ran at other settings (threads " + std::to_string(v.threads) + ", batch "
                              + std::to_string(v.batch) + "; the search cache: " + std::to_string(search.threads)
                              + ", " + std::to_string(search.batch) + ")");
    if (search.gt.categoryIds() != v.gt.categoryIds())
        differences.push_back("its dataset has other categories");
    if (!differences.empty()) {
        std::string msg = "this validation cache does not fit the search cache: ";
        for (size_t i = 0; i < differences.size(); ++i)
            msg += (i ? "; " : "") + differences[i];
        throw InputError(path, msg);
    }
    std::set<std::string> seen;
    for (const auto& [id, key] : imageKeys(search.gt))
        seen.insert(key);
    size_t shared = 0;
    std::string example;
    const std::map<int64_t, std::string> keys = imageKeys(v.gt);
    for (const auto& im : v.gt.images)
        if (seen.count(keys.at(im.id)) && shared++ == 0)
            example = im.fileName.empty() ? "#" + std::to_string(im.id) : im.fileName;
    if (shared)
        throw InputError(path, std::to_string(shared) + " of its " + std::to_string(v.gt.images.size())
                                   + " images are also search images (e.g. " + example
                                   + "): validation needs images the search has not seen");
}

void validateFront(SearchResult& r, PairedBootstrap& bootstrap, const std::string& validationCache,
                   const ProgressToken* progress)
{
    SearchValidation sv;
    sv.cache = validationCache;
    sv.images = bootstrap.images();
    sv.replicates = bootstrap.options().replicates;
    sv.seed = bootstrap.options().seed;
    sv.level = bootstrap.options().level;
    sv.maxDrop = r.baselineAp - r.minAp;
    sv.baseline = bootstrap.baseline().stats;
    for (auto& n : r.nodes)
        if (!n.onFront)
            n.validation.reset();
    for (size_t k = 0; k < r.front.size(); ++k) {
        if (progress) {
            progress->checkCancelled();
            progress->report(double(k) / double(r.front.size()),
                             "validating front point " + std::to_string(k + 1) + " of " + std::to_string(r.front.size()));
        }
        SearchNode& n = r.nodes[size_t(r.front[k])];
        n.validation = toNodeValidation(bootstrap.interval(n.result.config));
    }
    r.validation = sv;
    r.recommended = recommendedNode(r);
}

int recommendedNode(const SearchResult& r)
{
    if (!r.validation)
        return -1;
    const double maxDrop = r.validation->maxDrop;
    int best = -1;
    for (int f : r.front) {
        const SearchNode& n = r.nodes[size_t(f)];
        if (n.result.config.removed.empty() || !n.validation || !n.validation->hasInterval)
            continue;
        if (n.validation->deltaApCi[0] < -maxDrop)
            continue;
        if (best < 0 || n.cost < r.nodes[size_t(best)].cost
            || (n.cost == r.nodes[size_t(best)].cost && n.validation->deltaAp > r.nodes[size_t(best)].validation->deltaAp))
            best = f;
    }
    return best;
}

} // namespace anchorscope
