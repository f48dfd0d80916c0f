// SPDX-License-Identifier: GPL-3.0-or-later
#include "prune/config_evaluator.h"

#include "models/detection_output.h"
#include "util/error.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <iterator>
#include <thread>

namespace anchorscope {

namespace {

// Set in evaluateAll's workers: each evaluation then runs in its own thread alone.
thread_local bool tlsSideBySide = false;

// One image's kept positions grouped by COCO category, each group in result order (a
// counting sort): two selections match a category exactly when its groups are equal.
struct CategorySequences {
    std::vector<uint32_t> start, items;
    template <typename CategoryOf>
    void build(const std::vector<uint32_t>& kept, size_t K, const CategoryOf& categoryOf)
    {
        start.assign(K + 1, 0);
        for (uint32_t p : kept)
            if (const int32_t k = categoryOf(p); k >= 0)
                ++start[size_t(k) + 1];
        for (size_t k = 0; k < K; ++k)
            start[k + 1] += start[k];
        items.resize(start[K]);
        std::vector<uint32_t> fill(start.begin(), start.end() - 1);
        for (uint32_t p : kept)
            if (const int32_t k = categoryOf(p); k >= 0)
                items[fill[size_t(k)]++] = p;
    }
    bool sameAs(const CategorySequences& o, size_t k) const
    {
        return std::equal(items.begin() + start[k], items.begin() + start[k + 1], o.items.begin() + o.start[k],
                          o.items.begin() + o.start[k + 1]);
    }
};

} // namespace

ConfigEvaluator::ConfigEvaluator(const PredictionCache& cache, int threads)
    : ConfigEvaluator(cache, cache.meta.postprocess, threads)
{
}

ConfigEvaluator::ConfigEvaluator(const PredictionCache& cache, const PostProcessSettings& settings, int threads)
    : cache_(cache), settings_(settings), threads_(std::max(1, threads)), coco_(cache.gt)
{
    settings_.validate();
    if (settings_.scoreThreshold < cache.threshold)
        throw InputError("the cache keeps candidates above " + std::to_string(cache.threshold)
                         + "; it cannot evaluate at the lower threshold " + std::to_string(settings_.scoreThreshold));
    try {
        arch_ = &architectureSpec(cache.meta.architecture);
    } catch (const InputError&) {
        arch_ = nullptr; // unknown architecture: no cost
    }
    for (const auto& im : cache.images)
        cocoIndex_.push_back(size_t(coco_.imageIndex(im.imageId)));
    imagesWithAnchor_.resize(size_t(cache.meta.anchors.numAnchors()));
    candidatesOfAnchor_.assign(imagesWithAnchor_.size(), 0);
    for (size_t k = 0; k < cache.candidates.size(); ++k)
        if (cache.candidates.scores[k] > settings_.scoreThreshold)
            ++candidatesOfAnchor_[size_t(cache.candidates.anchorId[k])];
    rememberedStates_ = std::clamp<size_t>(16000 / std::max<size_t>(1, cache.images.size()), 8, 32);
    rememberedNodes_ = std::clamp<size_t>(32000 / std::max<size_t>(1, cache.images.size()), 8, 128);
    for (int label = 0; label < cache.meta.numClasses; ++label) {
        const int64_t category = cache.meta.categoryOfColumn(label);
        categoryOfLabel_.push_back(category < 0 ? -1 : int32_t(coco_.categoryIndex(category)));
    }
    if (settings_.tieRule == TieRule::Torchvision) {
        groupOrder_.resize(cache.candidates.size());
        std::vector<uint32_t> order;
        for (size_t i = 0; i < cache.images.size(); ++i) {
            canonicalGroupOrder(cache.view(i), settings_.topkMode, order);
            std::copy(order.begin(), order.end(), groupOrder_.begin() + long(cache.images[i].offset));
        }
    }
    if (imagesWithAnchor_.size() < 255) {
        // Selection skips the candidates of removed anchors by one byte each.
        anchorCode_.assign(cache.candidates.size(), 255);
        for (size_t k = 0; k < cache.candidates.size(); ++k)
            if (cache.candidates.scores[k] > settings_.scoreThreshold
                && cache.candidates.labels[k] != settings_.backgroundIndex && cache.candidates.anchorId[k] >= 0)
                anchorCode_[k] = uint8_t(cache.candidates.anchorId[k]);
    }
    candidatesByAnchor_.resize(imagesWithAnchor_.size());
    for (size_t i = 0; i < cache.images.size(); ++i) {
        const CandidateView v = cache.view(i);
        for (size_t k = 0; k < v.size; ++k) {
            auto& list = candidatesByAnchor_[size_t(v.anchorId[k])];
            if (list.empty() || list.back().first != i)
                imagesWithAnchor_[size_t(v.anchorId[k])].push_back(uint32_t(i));
            list.push_back({uint32_t(i), uint32_t(k)});
        }
    }
}

CostReport ConfigEvaluator::cost(const Configuration& c) const
{
    if (!arch_)
        return {};
    const ModelMeta& m = cache_.meta;
    return computeCost(*arch_, m.anchors, m.numClasses, m.inputH, m.inputW, c);
}

void ConfigEvaluator::selectImages(const std::vector<uint32_t>& images, const std::vector<uint8_t>& mask, State& out,
                                   const State* parent, bool detectionsOnly,
                                   const std::vector<uint8_t>* anchorChange) const
{
    const size_t K = coco_.categoryIds().size();
    const bool tv = settings_.tieRule == TieRule::Torchvision;
    const size_t t = std::min<size_t>(size_t(innerThreads()), std::max<size_t>(1, images.size() / 16));
    std::vector<std::vector<uint8_t>> changed(t, std::vector<uint8_t>(K, 0));
    std::array<uint8_t, 256> gone{};
    for (size_t a = 0; a < std::min<size_t>(mask.size(), 255); ++a)
        gone[a] = mask[a];
    gone[255] = 1;
    auto work = [&](size_t begin, size_t step) {
        SelectionWorkspace ws;
        SelectionOptions opt;
        opt.presorted = true;
        opt.removedAnchor = &mask;
        if (!anchorCode_.empty())
            opt.codeGone = gone.data();
        std::vector<DetectionRecord> dets;
        std::vector<uint8_t> rebuild;
        CategorySequences seqA, seqB;
        for (size_t n = begin; n < images.size(); n += step) {
            const uint32_t i = images[n];
            const CandidateView v = cache_.view(i);
            auto sel = std::make_shared<ImageSelection>();
            if (tv)
                opt.groupOrder = groupOrder_.data() + cache_.images[i].offset;
            if (!anchorCode_.empty())
                opt.anchorCode = anchorCode_.data() + cache_.images[i].offset;
            opt.parent = nullptr;
            SelectionOptions::Parent from;
            if (!tv && parent && parent->perImage[i] && anchorChange) {
                // The parent's selection of the image spares most IoU tests.
                const ImageSelection& p = *parent->perImage[i];
                const bool capped = settings_.maxDetections > 0 && p.kept.size() >= size_t(settings_.maxDetections);
                from.kept = &p.kept;
                from.suppressed = &p.suppressed;
                from.suppressor = &p.suppressor;
                from.stop = capped ? p.kept.back() + 1 : uint32_t(v.size);
                opt.parent = &from;
                opt.anchorChange = anchorChange;
            }
            sel->kept = selectDetections(v, settings_, ws, opt);
            sel->topkCut = ws.topkCut;
            if (!tv) {
                // Copied, not moved: the workspace keeps its capacity for the next image.
                sel->suppressed.assign(ws.suppressed.begin(), ws.suppressed.end());
                sel->suppressor.assign(ws.suppressor.begin(), ws.suppressor.end());
            }
            if (tv) {
                sel->ties = ws.ties;
                sel->keptSorted = sel->kept;
                std::sort(sel->keptSorted.begin(), sel->keptSorted.end());
            }
            dets.clear();
            appendDetections(v, sel->kept, cache_.meta, cache_.images[i].imageId, cache_.images[i].scaleX,
                             cache_.images[i].scaleY, dets);
            sel->detections = dets.size();
            out.perImage[i] = sel;
            if (detectionsOnly)
                continue;
            const size_t ci = cocoIndex_[i];
            const bool withParent = parent && !parent->evals.empty() && parent->evals[ci] && parent->perImage[i];
            if (!withParent) {
                out.evals[ci] = coco_.evaluateImage(ci, dets);
                continue;
            }
            const std::vector<uint32_t>& a = parent->perImage[i]->kept;
            const std::vector<uint32_t>& b = sel->kept;
            rebuild.assign(K, 0);
            auto categoryOf = [&](uint32_t position) {
                const size_t label = size_t(v.labels[position]);
                return label < categoryOfLabel_.size() ? categoryOfLabel_[label] : -1;
            };
            if (tv) {
                // Order matters too (COCO matches tied detections in input order): a category
                // is re-matched when its sequence of detections differs.
                if (a != b) {
                    seqA.build(a, K, categoryOf);
                    seqB.build(b, K, categoryOf);
                    for (size_t k = 0; k < K; ++k)
                        rebuild[k] = !seqA.sameAs(seqB, k);
                }
            } else {
                // A category's detections can only differ where the kept positions differ
                // (both lists ascending): the other categories keep the parent's matching.
                auto mark = [&](uint32_t position) {
                    const int32_t k = categoryOf(position);
                    if (k >= 0)
                        rebuild[size_t(k)] = 1;
                };
                size_t x = 0, y = 0;
                while (x < a.size() || y < b.size()) {
                    if (x < a.size() && y < b.size() && a[x] == b[y]) {
                        ++x;
                        ++y;
                    } else if (y == b.size() || (x < a.size() && a[x] < b[y])) {
                        mark(a[x++]);
                    } else {
                        mark(b[y++]);
                    }
                }
            }
            out.evals[ci] = coco_.evaluateImage(ci, dets, *parent->evals[ci], rebuild, &changed[begin]);
        }
    };
    if (t <= 1) {
        work(0, 1);
    } else {
        std::vector<std::thread> pool;
        for (size_t k = 1; k < t; ++k)
            pool.emplace_back(work, k, t);
        work(0, t);
        for (auto& th : pool)
            th.join();
    }
    out.reselectedImages = images.size();
    out.changedCategories.assign(K, 0);
    for (const auto& c : changed)
        for (size_t k = 0; k < K; ++k)
            out.changedCategories[k] |= c[k];
}

std::vector<DetectionRecord> ConfigEvaluator::detectionsOf(const State& s, size_t image) const
{
    std::vector<DetectionRecord> out;
    if (image < s.perImage.size() && s.perImage[image])
        appendDetections(cache_.view(image), s.perImage[image]->kept, cache_.meta, cache_.images[image].imageId,
                         cache_.images[image].scaleX, cache_.images[image].scaleY, out);
    return out;
}

ConfigEvaluator::State ConfigEvaluator::detections(const Configuration& c) const
{
    validateConfiguration(cache_.meta.anchors, cache_.meta.sharedHead, c);
    State s;
    s.config = c;
    s.perImage.resize(cache_.images.size());
    s.evals.resize(coco_.imageIds().size());
    std::vector<uint32_t> all(cache_.images.size());
    for (size_t i = 0; i < all.size(); ++i)
        all[i] = uint32_t(i);
    selectImages(all, removalMask(cache_.meta.anchors, c), s, nullptr);
    // Images of the ground truth without cached candidates still have their GT to match.
    for (size_t ci = 0; ci < s.evals.size(); ++ci)
        if (!s.evals[ci])
            s.evals[ci] = coco_.evaluateImage(ci, {});
    return s;
}

CocoEvalResult ConfigEvaluator::cocoEvaluation(const Configuration& c) const
{
    const State s = detections(c);
    return coco_.accumulate(s.evals, innerThreads());
}

std::vector<DetectionRecord> ConfigEvaluator::imageDetections(const Configuration& c, size_t image) const
{
    validateConfiguration(cache_.meta.anchors, cache_.meta.sharedHead, c);
    if (image >= cache_.images.size())
        throw InputError("the cache has no image " + std::to_string(image));
    State s;
    s.perImage.resize(cache_.images.size());
    selectImages({uint32_t(image)}, removalMask(cache_.meta.anchors, c), s, nullptr, true);
    return detectionsOf(s, image);
}

std::vector<uint32_t> ConfigEvaluator::affectedImages(const State& parent, const std::vector<int>& added) const
{
    std::vector<uint8_t> affected(cache_.images.size(), 0);
    if (settings_.tieRule == TieRule::Torchvision) {
        affectedUnderTorchvisionRule(parent, added, affected);
    } else {
        // Greedy NMS compares a candidate only with kept, better-ranked boxes, and the
        // per-image cap counts kept boxes: taking away candidates the parent did not keep
        // changes nothing, unless a top-k cap cut the image's list (then a removal inside
        // the window lets the next candidate in).
        for (int id : added)
            for (const auto& [i, k] : candidatesByAnchor_[size_t(id)]) {
                if (affected[i])
                    continue;
                const ImageSelection* sel = parent.perImage[i].get();
                if (!sel || sel->topkCut || std::binary_search(sel->kept.begin(), sel->kept.end(), k))
                    affected[i] = 1;
            }
    }
    std::vector<uint32_t> images;
    for (size_t i = 0; i < affected.size(); ++i)
        if (affected[i])
            images.push_back(uint32_t(i));
    return images;
}

void ConfigEvaluator::affectedUnderTorchvisionRule(const State& parent, const std::vector<int>& added,
                                                   std::vector<uint8_t>& affected) const
{
    // Taking away a candidate the parent did not keep changes the image's result only if
    //  * batched_nms's per-class loop kept it, the cap cut it and survivors tie (their
    //    order comes from std::sort over all of them);
    //  * its top-k group holds equal scores among what top-k returned or at its cut (the
    //    order of ties follows the whole sequence std::nth_element / partial_sort got);
    //  * top-k returned it and cut the group (the next candidate enters);
    //  * top-k returned it and batched_nms goes another way without it: the coordinate
    //    trick's offsets follow the largest coordinate of its input, and its path switches
    //    at 1000 boxes.
    const size_t n = cache_.images.size();
    std::vector<uint32_t> removedReturned(n, 0), removedAtMax(n, 0), touched;
    for (int id : added)
        for (const auto& [i, k] : candidatesByAnchor_[size_t(id)]) {
            if (affected[i])
                continue;
            const ImageSelection* sel = parent.perImage[i].get();
            if (!sel) {
                affected[i] = 1;
                continue;
            }
            const CandidateView v = cache_.view(i);
            if (!(v.scores[k] > settings_.scoreThreshold) || v.labels[k] == settings_.backgroundIndex)
                continue; // never a candidate at this threshold
            const auto& kept = sel->ascending();
            const auto& cut = sel->ties.cutSurvivors;
            if (std::binary_search(kept.begin(), kept.end(), k) || std::binary_search(cut.begin(), cut.end(), k)) {
                affected[i] = 1;
                continue;
            }
            const TieSensitivity::Group* g = sel->ties.find(topkGroupOf(v, k, settings_.topkMode));
            if (g && (g->tied || (g->cut && v.scores[k] >= g->kth))) {
                affected[i] = 1;
                continue;
            }
            if (g && g->cut)
                continue; // below the cut of distinct scores: top-k never returned it
            if (removedReturned[i]++ == 0)
                touched.push_back(i);
            const Boxf& b = v.boxes[k];
            if (sel->ties.coordinateTrick && std::max({b.x1, b.y1, b.x2, b.y2}) == sel->ties.maxCoordinate)
                ++removedAtMax[i];
        }
    for (uint32_t i : touched) {
        if (affected[i])
            continue;
        const TieSensitivity& t = parent.perImage[i]->ties;
        if (t.coordinateTrick ? removedAtMax[i] >= t.atMaxCoordinate && removedAtMax[i] > 0
                              : !settings_.classAgnosticNms && t.selected > 1000 && t.selected - removedReturned[i] <= 1000)
            affected[i] = 1;
    }
}

ConfigEvaluator::State ConfigEvaluator::childDetections(const State& parent, const Configuration& child) const
{
    validateConfiguration(cache_.meta.anchors, cache_.meta.sharedHead, child);
    State s;
    s.config = child;
    s.perImage = parent.perImage;
    s.evals = parent.evals;
    s.parentCoco = parent.coco;
    std::vector<int> added, restored;
    std::set_difference(child.removed.begin(), child.removed.end(), parent.config.removed.begin(),
                        parent.config.removed.end(), std::back_inserter(added));
    std::set_difference(parent.config.removed.begin(), parent.config.removed.end(), child.removed.begin(),
                        child.removed.end(), std::back_inserter(restored));
    std::vector<uint32_t> images = affectedImages(parent, added);
    if (!restored.empty()) {
        // An anchor put back brings its candidates back: every image that has one is selected
        // again, whole. Elsewhere the candidates are the parent's minus the added anchors',
        // which affectedImages judged against the parent's selection.
        std::vector<uint8_t> mark(cache_.images.size(), 0);
        for (uint32_t i : images)
            mark[i] = 1;
        for (int id : restored)
            for (uint32_t i : imagesWithAnchor_[size_t(id)])
                mark[i] = 1;
        images.clear();
        for (size_t i = 0; i < mark.size(); ++i)
            if (mark[i])
                images.push_back(uint32_t(i));
    }
    std::vector<uint8_t> change(imagesWithAnchor_.size(), kAnchorSame);
    for (int id : added)
        change[size_t(id)] = kAnchorAdded;
    for (int id : restored)
        change[size_t(id)] = kAnchorRestored;
    selectImages(images, removalMask(cache_.meta.anchors, child), s, &parent, false, &change);
    return s;
}

double ConfigEvaluator::candidatesPerImage(const Configuration& c) const
{
    size_t n = 0;
    for (size_t a = 0; a < candidatesOfAnchor_.size(); ++a)
        if (!c.isRemoved(int(a)))
            n += candidatesOfAnchor_[a];
    return cache_.images.empty() ? 0.0 : double(n) / double(cache_.images.size());
}

ConfigResult ConfigEvaluator::resultOf(const State& s, const CocoSummary& r) const
{
    ConfigResult out;
    out.config = s.config;
    out.stats = r.stats;
    out.perCategoryAP = r.perCategoryAP;
    for (const auto& d : s.perImage)
        out.detections += d ? d->detections : 0;
    const CostReport c = cost(s.config);
    out.headMacs = c.headMacs;
    out.boxes = c.boxes;
    out.candidatesPerImage = candidatesPerImage(s.config);
    if (hasLatency_)
        out.latencyMs = latency_.predict(double(c.boxes), out.candidatesPerImage);
    return out;
}

std::vector<std::shared_ptr<const CocoImageEval>> ConfigEvaluator::imageEvaluations(const Configuration& c)
{
    validateConfiguration(cache_.meta.anchors, cache_.meta.sharedHead, c);
    return stateFor(c)->evals;
}

ConfigResult ConfigEvaluator::score(const State& s) const
{
    const bool incremental = s.parentCoco && s.changedCategories.size() == coco_.categoryIds().size();
    const CocoSummary r = coco_.summaryOf(s.evals, incremental ? s.parentCoco.get() : nullptr,
                                          incremental ? &s.changedCategories : nullptr, innerThreads());
    return resultOf(s, r);
}

ConfigResult ConfigEvaluator::scoreAndKeep(State& s) const
{
    const bool incremental = s.parentCoco && s.changedCategories.size() == coco_.categoryIds().size();
    auto r = std::make_shared<const CocoSummary>(coco_.summaryOf(
        s.evals, incremental ? s.parentCoco.get() : nullptr, incremental ? &s.changedCategories : nullptr, innerThreads()));
    s.coco = r;
    s.parentCoco.reset(); // a chain of states must not keep every ancestor's blocks alive
    return resultOf(s, *r);
}

const ConfigResult* ConfigEvaluator::memo(const Configuration& c) const
{
    auto it = memo_.find(c.removed);
    return it == memo_.end() ? nullptr : &it->second;
}

int ConfigEvaluator::innerThreads() const { return tlsSideBySide ? 1 : threads_; }

size_t ConfigEvaluator::distance(const std::vector<int>& to, const std::vector<int>& from)
{
    // Work of making `to` from `from` (both ascending): an added anchor touches the images
    // where the source kept one of its candidates, an anchor put back every image that has one.
    size_t added = 0, restored = 0, x = 0, y = 0;
    while (x < to.size() || y < from.size()) {
        if (y == from.size() || (x < to.size() && to[x] < from[y])) {
            ++added;
            ++x;
        } else if (x == to.size() || from[y] < to[x]) {
            ++restored;
            ++y;
        } else {
            ++x;
            ++y;
        }
    }
    return added + 2 * restored;
}

std::shared_ptr<ConfigEvaluator::State> ConfigEvaluator::nearestState(const std::vector<int>& target, size_t& best) const
{
    // From scratch counts as the root's distance: every removed anchor added.
    std::shared_ptr<State> parent;
    for (const auto& [key, st] : states_) {
        const size_t d = distance(target, key);
        if (d < best || (d == best && (!parent || key.size() > parent->config.removed.size()))) {
            parent = st;
            best = d;
        }
    }
    return parent;
}

std::shared_ptr<ConfigEvaluator::State> ConfigEvaluator::parentFor(const Configuration& c, const Configuration* near)
{
    std::shared_ptr<State> parent;
    if (near && !(*near == c)) {
        // A search evaluates a node's neighbours one after another, all near that node: its
        // state serves them all, made again once when it is no longer remembered — unless a
        // remembered state is as near or nearer (a swap is one removal from the neighbour
        // that put its anchor back).
        size_t d = distance(c.removed, near->removed);
        parent = nearestState(c.removed, d);
        if (!parent) {
            size_t d = near->removed.size();
            const std::shared_ptr<State> from = nearestState(near->removed, d);
            auto made = std::make_shared<State>(from ? childDetections(*from, *near) : detections(*near));
            scoreAndKeep(*made);
            ++statesRemade_;
            remember(made);
            parent = made;
        }
        if (parent->config == *near)
            keepAsNode(parent);
    } else {
        size_t d = c.removed.size();
        parent = nearestState(c.removed, d);
    }
    if (parent) {
        // Least recently used goes first, and serving as a parent is a use.
        for (auto* order : {&stateOrder_, &nodeOrder_}) {
            auto it = std::find(order->begin(), order->end(), parent->config.removed);
            if (it != order->end())
                std::rotate(it, it + 1, order->end());
        }
    }
    return parent;
}

std::shared_ptr<ConfigEvaluator::State> ConfigEvaluator::stateFor(const Configuration& c, const Configuration* near)
{
    const std::shared_ptr<State> parent = parentFor(c, near);
    return std::make_shared<State>(parent ? childDetections(*parent, c) : detections(c));
}

void ConfigEvaluator::keepAsNode(const std::shared_ptr<State>& state)
{
    const std::vector<int>& key = state->config.removed;
    if (std::find(nodeOrder_.begin(), nodeOrder_.end(), key) != nodeOrder_.end())
        return; // already here (parentFor marks the use)
    if (auto it = std::find(stateOrder_.begin(), stateOrder_.end(), key); it != stateOrder_.end())
        stateOrder_.erase(it);
    states_[key] = state;
    nodeOrder_.push_back(key);
    if (nodeOrder_.size() > rememberedNodes_) {
        retire(nodeOrder_.front());
        nodeOrder_.erase(nodeOrder_.begin());
    }
}

void ConfigEvaluator::retire(const std::vector<int>& key)
{
    auto it = states_.find(key);
    if (it == states_.end())
        return;
    retired_.push_back(std::move(it->second));
    states_.erase(it);
}

void ConfigEvaluator::remember(const std::shared_ptr<State>& state)
{
    if (states_.count(state->config.removed))
        return;
    states_[state->config.removed] = state;
    stateOrder_.push_back(state->config.removed);
    if (stateOrder_.size() > rememberedStates_) { // bound memory
        retire(stateOrder_.front());
        stateOrder_.erase(stateOrder_.begin());
    }
}

ConfigResult ConfigEvaluator::evaluate(const Configuration& c, const Configuration* near)
{
    return evaluateAll({c}, near).front(); // one configuration: on this thread, all threads inside
}

std::vector<ConfigResult> ConfigEvaluator::evaluateAll(const std::vector<Configuration>& configs,
                                                       const Configuration* near)
{
    // The configurations not memoised (each once), validated before any work starts.
    std::vector<size_t> todo;
    for (size_t i = 0; i < configs.size(); ++i) {
        bool again = memo(configs[i]) != nullptr;
        for (size_t j : todo)
            again = again || configs[j] == configs[i];
        if (again)
            continue;
        validateConfiguration(cache_.meta.anchors, cache_.meta.sharedHead, configs[i]);
        todo.push_back(i);
    }
    // A chunk at a time (a state holds a few MB for a large cache): each chunk's parents are
    // chosen here, in order, as evaluate() would choose them (the memo and the remembered
    // states are this thread's alone), then the workers take the chunk's configurations one
    // after another, each made whole by one worker. A chunk of more configurations than
    // workers lets the one that finishes first take the next, so a core waits for the slower
    // of a pair only at the chunk's end.
    const size_t workers = std::max<size_t>(1, std::min<size_t>(size_t(threads_), todo.size()));
    const size_t chunk = std::max(workers, kInFlight);
    for (size_t first = 0; first < todo.size(); first += chunk) {
        const size_t n = std::min(chunk, todo.size() - first);
        std::vector<std::shared_ptr<State>> parents(n), states(n);
        std::vector<ConfigResult> results(n);
        for (size_t t = 0; t < n; ++t)
            parents[t] = parentFor(configs[todo[first + t]], near);
        auto make = [&](size_t t) {
            const Configuration& c = configs[todo[first + t]];
            states[t] = std::make_shared<State>(parents[t] ? childDetections(*parents[t], c) : detections(c));
            results[t] = scoreAndKeep(*states[t]);
        };
        if (n == 1 || workers == 1) {
            retired_.clear();
            for (size_t t = 0; t < n; ++t)
                make(t);
        } else {
            // An exception (bad input) is passed on once all workers have joined. A worker
            // that finds no configuration left frees the states evicted since the last chunk
            // (thousands of blocks each) while the other finishes its last one.
            std::vector<std::exception_ptr> failed(n);
            std::atomic<size_t> next{0}, nextRetired{0};
            std::vector<std::shared_ptr<State>> retired;
            retired.swap(retired_);
            auto work = [&] {
                tlsSideBySide = true;
                for (size_t t; (t = next.fetch_add(1)) < n;) {
                    try {
                        make(t);
                    } catch (...) {
                        failed[t] = std::current_exception();
                    }
                }
                tlsSideBySide = false;
                for (size_t r; (r = nextRetired.fetch_add(1)) < retired.size();)
                    retired[r].reset();
            };
            std::vector<std::thread> pool;
            for (size_t w = 1; w < std::min(workers, n); ++w)
                pool.emplace_back(work);
            work();
            for (auto& th : pool)
                th.join();
            for (const auto& e : failed)
                if (e)
                    std::rethrow_exception(e);
        }
        for (size_t t = 0; t < n; ++t) {
            ++evaluations_;
            memo_[configs[todo[first + t]].removed] = results[t];
            remember(states[t]);
        }
    }
    std::vector<ConfigResult> out;
    out.reserve(configs.size());
    for (const Configuration& c : configs)
        out.push_back(*memo(c));
    return out;
}

} // namespace anchorscope
