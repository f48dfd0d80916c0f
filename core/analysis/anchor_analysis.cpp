// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis/anchor_analysis.h"

#include "util/error.h"
#include "util/random.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace anchorscope {

namespace {

struct LevelLayout {
    int offset = 0, W = 1, H = 1, A = 1;
    double stepX = 1, stepY = 1, offX = 0.5, offY = 0.5;
};

std::vector<LevelLayout> layoutOf(const AnchorSet& as, const std::vector<std::pair<int, int>>& fs, int inH, int inW)
{
    std::vector<LevelLayout> out;
    int offset = 0;
    for (int l = 0; l < as.numLevels(); ++l) {
        const AnchorLevel& L = as.levels[size_t(l)];
        LevelLayout o;
        o.offset = offset;
        o.H = fs[size_t(l)].first;
        o.W = fs[size_t(l)].second;
        o.A = std::max(1, int(L.anchors.size()));
        o.stepX = L.stepMode == StepMode::Fixed ? L.stepX : L.stepMode == StepMode::FitFloat ? double(inW) / o.W : double(inW / o.W);
        o.stepY = L.stepMode == StepMode::Fixed ? L.stepY : L.stepMode == StepMode::FitFloat ? double(inH) / o.H : double(inH / o.H);
        o.offX = L.offsetX;
        o.offY = L.offsetY;
        offset += o.H * o.W * int(L.anchors.size());
        out.push_back(o);
    }
    return out;
}

int binOf(double v, double lo, double hi, int bins)
{
    const int b = int((v - lo) / (hi - lo) * bins);
    return std::clamp(b, 0, bins - 1); // out-of-range values land in the edge bins
}

// The running sums of one analysis, filled image by image by the three per-image phases and
// turned into the result's shares at the end.
class AnalysisPass {
public:
    AnalysisPass(const PredictionCache& cache, const AnalysisOptions& opt, AnalysisResult& r)
        : cache_(cache), meta_(cache.meta), as_(cache.meta.anchors), opt_(opt), r_(r), N_(as_.numAnchors()),
          info_(as_.table()), coveredBy_(size_t(N_) * size_t(N_), 0.0), coveredAny_(size_t(N_), 0.0),
          coveredWithout_(size_t(N_), 0), served_(size_t(N_), 0), rng_(12345)
    {
        for (int c = 0; c < meta_.numClasses; ++c)
            if (meta_.categoryOfColumn(c) >= 0)
                columnOfCategory_[meta_.categoryOfColumn(c)] = c;
        for (const auto& a : cache.gt.annotations)
            if (!a.iscrowd)
                gtOfImage_[a.imageId].push_back(&a);
    }

    void addImage(size_t i)
    {
        const CachedImage& im = cache_.images[i];
        const CandidateView v = cache_.view(i);
        const auto layout = layoutOf(as_, im.featureSizes, meta_.inputH, meta_.inputW);
        const auto gt = groundTruthOf(im);
        const std::vector<uint32_t> confident = addDistributions(v, layout, gt);
        addRedundancy(v, confident);
        addGtCoverage(gt, as_.priors(im.featureSizes, meta_.inputH, meta_.inputW), layout);
    }

    // Candidate counts → shares: redundancy matrix, served GT, recall without each anchor.
    void finish()
    {
        r_.redundancy.assign(size_t(N_) * size_t(N_), 0.0);
        for (int a = 0; a < N_; ++a) {
            AnchorStats& st = r_.anchors[size_t(a)];
            if (st.confident > 0) {
                for (int j = 0; j < N_; ++j)
                    r_.redundancy[size_t(a) * size_t(N_) + size_t(j)] = coveredBy_[size_t(a) * size_t(N_) + size_t(j)] / st.confident;
                st.redundancy = coveredAny_[size_t(a)] / st.confident;
            }
            r_.redundancy[size_t(a) * size_t(N_) + size_t(a)] = st.confident > 0 ? 1.0 : 0.0;
            st.gtServedShare = numGt_ ? double(served_[size_t(a)]) / double(numGt_) : 0.0;
            st.recallWithout = numGt_ ? double(coveredWithout_[size_t(a)]) / double(numGt_) : 0.0;
        }
        r_.bestPossibleRecall = numGt_ ? double(coveredGt_) / double(numGt_) : 0.0;
        for (int l = 0; l < as_.numLevels(); ++l) {
            double s = 0;
            for (int a = 0; a < as_.anchorsInLevel(l); ++a)
                s += r_.anchors[size_t(as_.globalId(l, a))].redundancy;
            r_.levelRedundancy.push_back(as_.anchorsInLevel(l) ? s / as_.anchorsInLevel(l) : 0.0);
        }
    }

private:
    struct GroundTruth {
        Boxf box;   // in model-input pixels
        int column; // its score column, -1 when the model has none
        int64_t id;
    };

    std::vector<GroundTruth> groundTruthOf(const CachedImage& im)
    {
        std::vector<GroundTruth> gt;
        for (const Annotation* ap : gtOfImage_[im.imageId]) {
            const Annotation& a = *ap;
            auto c = columnOfCategory_.find(a.categoryId);
            const Boxf b{float(a.x / im.scaleX), float(a.y / im.scaleY), float((a.x + a.w) / im.scaleX),
                         float((a.y + a.h) / im.scaleY)};
            gt.push_back({b, c == columnOfCategory_.end() ? -1 : c->second, a.id});
            r_.gtHist[histBin(b.width(), b.height())]++;
        }
        return gt;
    }

    size_t histBin(float w, float h) const
    {
        return size_t(binOf(std::log(std::max(1e-3f, w)), r_.histMin, r_.histMax, opt_.bins)) * size_t(opt_.bins)
            + size_t(binOf(std::log(std::max(1e-3f, h)), r_.histMin, r_.histMax, opt_.bins));
    }

    // Phase 1, per-anchor box distributions: every confident candidate as a point (shape,
    // offset from its cell, score, matched or not) in the anchor's histograms and sample.
    std::vector<uint32_t> addDistributions(const CandidateView& v, const std::vector<LevelLayout>& layout,
                                           const std::vector<GroundTruth>& gt)
    {
        std::vector<uint32_t> confident;
        for (uint32_t k = 0; k < v.size; ++k) {
            const int a = v.anchorId[k];
            AnchorStats& st = r_.anchors[size_t(a)];
            ++st.candidates;
            if (v.scores[k] < opt_.score)
                continue;
            confident.push_back(k);
            const Boxf& b = v.boxes[k];
            BoxPoint p;
            p.w = b.width();
            p.h = b.height();
            p.ratio = p.w > 0 ? p.h / p.w : 0;
            p.scaleToPrior = float(std::sqrt(std::max(0.f, p.w * p.h) / (info_[size_t(a)].w * info_[size_t(a)].h)));
            const LevelLayout& L = layout[size_t(v.level[k])];
            const int cell = (v.boxIndex[k] - L.offset) / L.A;
            const int cy = cell / L.W, cx = cell % L.W;
            p.offsetX = float((0.5 * (b.x1 + b.x2) - (cx + L.offX) * L.stepX) / L.stepX);
            p.offsetY = float((0.5 * (b.y1 + b.y2) - (cy + L.offY) * L.stepY) / L.stepY);
            p.score = v.scores[k];
            for (const GroundTruth& g : gt)
                if (g.column == v.labels[k] && iou(g.box, b) >= opt_.matchIou)
                    p.tp = true;
            ++st.confident;
            st.truePositives += p.tp;
            const size_t bin = histBin(p.w, p.h);
            st.histConfident[bin]++;
            if (p.tp)
                st.histTp[bin]++;
            // Reservoir sampling keeps maxPoints points, deterministically.
            if (int(st.points.size()) < opt_.maxPoints) {
                st.points.push_back(p);
            } else {
                const int64_t j = rng_.integer(0, st.confident - 1);
                if (j < opt_.maxPoints)
                    st.points[size_t(j)] = p;
            }
        }
        return confident;
    }

    // Phase 2, redundancy: is confident candidate c of anchor i covered by a confident
    // candidate of anchor j (same class, IoU ≥ τ, score ≥ α × c's)?
    void addRedundancy(const CandidateView& v, const std::vector<uint32_t>& confident)
    {
        std::vector<uint8_t> covered(static_cast<size_t>(N_));
        for (uint32_t c : confident) {
            std::fill(covered.begin(), covered.end(), 0);
            for (uint32_t d : confident) {
                if (d == c || v.labels[d] != v.labels[c] || v.anchorId[d] == v.anchorId[c])
                    continue;
                if (v.scores[d] < opt_.alpha * v.scores[c] || iou(v.boxes[d], v.boxes[c]) < opt_.tau)
                    continue;
                covered[size_t(v.anchorId[d])] = 1;
            }
            const int a = v.anchorId[c];
            bool any = false;
            for (int j = 0; j < N_; ++j)
                if (covered[size_t(j)]) {
                    coveredBy_[size_t(a) * size_t(N_) + size_t(j)] += 1;
                    any = true;
                }
            coveredAny_[size_t(a)] += any;
        }
    }

    // Phase 3, ground-truth coverage by the priors: each GT's best and second-best anchor,
    // for the best-possible recall with and without each anchor.
    void addGtCoverage(const std::vector<GroundTruth>& gt, const std::vector<Boxf>& priors, const std::vector<LevelLayout>& layout)
    {
        for (const GroundTruth& t : gt) {
            const Boxf& g = t.box;
            ++numGt_;
            std::vector<float> best(size_t(N_), 0.f);
            // Anchor id of each prior follows the box order of the levels.
            size_t b = 0;
            for (int l = 0; l < as_.numLevels(); ++l) {
                const int A = as_.anchorsInLevel(l), first = as_.firstId(l);
                for (int cell = 0; cell < layout[size_t(l)].H * layout[size_t(l)].W; ++cell)
                    for (int a = 0; a < A; ++a, ++b)
                        best[size_t(first + a)] = std::max(best[size_t(first + a)], iou(priors[b], g));
            }
            int top = -1, second = -1;
            for (int a = 0; a < N_; ++a) {
                if (top < 0 || best[size_t(a)] > best[size_t(top)]) {
                    second = top;
                    top = a;
                } else if (second < 0 || best[size_t(a)] > best[size_t(second)]) {
                    second = a;
                }
            }
            if (top >= 0)
                served_[size_t(top)]++;
            r_.gtCoverage.push_back({t.id, top, top >= 0 ? best[size_t(top)] : 0.f});
            coveredGt_ += top >= 0 && best[size_t(top)] >= opt_.matchIou;
            for (int a = 0; a < N_; ++a) {
                const int alt = a == top ? second : top;
                coveredWithout_[size_t(a)] += alt >= 0 && best[size_t(alt)] >= opt_.matchIou;
            }
        }
    }

    const PredictionCache& cache_;
    const ModelMeta& meta_;
    const AnchorSet& as_;
    const AnalysisOptions& opt_;
    AnalysisResult& r_;
    const int N_;
    std::vector<AnchorInfo> info_;
    std::map<int64_t, int> columnOfCategory_;
    std::unordered_map<int64_t, std::vector<const Annotation*>> gtOfImage_;
    std::vector<double> coveredBy_, coveredAny_;
    size_t numGt_ = 0, coveredGt_ = 0;
    std::vector<size_t> coveredWithout_, served_;
    Rng rng_;
};

// Phase 4, leave-one-out ΔAP: every single-anchor removal is a child of the full model, so
// each is evaluated incrementally from one remembered root state; the children are
// independent, so two run at a time. An anchor without cached candidates changes nothing:
// its ΔAP is exactly 0 without evaluating.
void leaveOneOutDeltaAp(const ModelMeta& meta, ConfigEvaluator& ev, const ConfigEvaluator::State& root,
                        AnalysisResult& r, const ProgressToken* progress)
{
    const AnchorSet& as = meta.anchors;
    // The units whose removal is measured: single anchors, or in a shared head (where one
    // anchor alone is not a configuration) an anchor index on every level — each anchor of
    // the unit then carries the unit's ΔAP. Units without a cached candidate change nothing.
    std::vector<Configuration> todo;
    auto addIfFires = [&](Configuration c) {
        for (int a : c.removed)
            if (!ev.imagesWithAnchor(a).empty()) {
                todo.push_back(std::move(c));
                return;
            }
    };
    if (meta.sharedHead) {
        for (int i = 0; i < as.anchorsInLevel(0); ++i) {
            Configuration unit;
            for (int l = 0; l < as.numLevels(); ++l)
                unit.removed.push_back(as.globalId(l, i));
            validateConfiguration(as, true, unit);
            addIfFires(std::move(unit));
        }
    } else {
        for (int a = 0; a < as.numAnchors(); ++a)
            addIfFires(Configuration{{a}});
    }
    std::atomic<size_t> next{0}, done{0};
    std::exception_ptr failure;
    std::mutex failureMutex;
    auto work = [&]() {
        try {
            for (size_t k; (k = next++) < todo.size();) {
                checkCancelled(progress);
                const Configuration& unit = todo[k];
                const double ap = ev.score(ev.childDetections(root, unit)).stats[0];
                for (int a : unit.removed)
                    r.anchors[size_t(a)].deltaAp = ap - r.baselineAp;
                ++done;
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(failureMutex);
            if (!failure)
                failure = std::current_exception();
            next = todo.size();
        }
    };
    std::thread helper(work);
    work(); // the calling thread works too
    helper.join();
    if (failure)
        std::rethrow_exception(failure);
    reportProgress(progress, 0.99, "leave-one-out ΔAP of " + std::to_string(done.load()) + (meta.sharedHead ? " anchor indices" : " anchors"));
}

} // namespace

AnalysisResult analyzeCache(const PredictionCache& cache, ConfigEvaluator& ev, const AnalysisOptions& opt,
                            const ProgressToken* progress)
{
    const ModelMeta& meta = cache.meta;
    const int N = meta.anchors.numAnchors();
    if (opt.bins < 2 || opt.bins > 512)
        throw InputError("analysis: bins must be between 2 and 512");
    AnalysisResult r;
    r.numAnchors = N;
    r.bins = opt.bins;
    r.histMin = std::log(2.0);
    r.histMax = std::log(1.5 * std::max(meta.inputH, meta.inputW));
    r.anchors.resize(size_t(N));
    for (int a = 0; a < N; ++a) {
        r.anchors[size_t(a)].anchor = a;
        r.anchors[size_t(a)].histConfident.assign(size_t(opt.bins * opt.bins), 0);
        r.anchors[size_t(a)].histTp.assign(size_t(opt.bins * opt.bins), 0);
    }
    r.gtHist.assign(size_t(opt.bins * opt.bins), 0);

    AnalysisPass pass(cache, opt, r);
    for (size_t i = 0; i < cache.images.size(); ++i) {
        if (progress && i % 32 == 0) {
            progress->checkCancelled();
            progress->report(0.6 * double(i) / double(cache.images.size()), "analysing predictions");
        }
        pass.addImage(i);
    }
    pass.finish();
    ConfigEvaluator::State root = ev.detections({});
    r.baselineAp = ev.scoreAndKeep(root).stats[0];
    if (opt.leaveOneOut)
        leaveOneOutDeltaAp(meta, ev, root, r, progress);
    reportProgress(progress, 1.0, "analysis done");
    return r;
}

nlohmann::json AnalysisResult::toJson(const AnchorSet& as, const AnalysisOptions& opt) const
{
    nlohmann::json j;
    j["settings"] = {{"tau", opt.tau}, {"alpha", opt.alpha}, {"score", opt.score}, {"match_iou", opt.matchIou},
                     {"bins", bins}, {"log_range", {histMin, histMax}}};
    j["baseline_ap"] = baselineAp;
    j["best_possible_recall"] = bestPossibleRecall;
    j["level_redundancy"] = levelRedundancy;
    j["redundancy"] = nlohmann::json::array();
    for (int i = 0; i < numAnchors; ++i)
        j["redundancy"].push_back(std::vector<double>(redundancy.begin() + long(i) * numAnchors,
                                                      redundancy.begin() + long(i + 1) * numAnchors));
    j["gt_histogram"] = gtHist;
    nlohmann::json cov = nlohmann::json::array();
    for (const auto& g : gtCoverage)
        cov.push_back({g.annotationId, g.bestAnchor, g.bestIou});
    j["gt_best_anchor_columns"] = {"annotation_id", "anchor", "iou"};
    j["gt_best_anchor"] = cov;
    nlohmann::json an = nlohmann::json::array();
    for (const auto& a : anchors) {
        const AnchorInfo inf = as.info(a.anchor);
        nlohmann::json pts = nlohmann::json::array();
        for (const auto& p : a.points)
            pts.push_back({p.w, p.h, p.ratio, p.scaleToPrior, p.offsetX, p.offsetY, p.score, p.tp ? 1 : 0});
        an.push_back({{"id", a.anchor},
                      {"level", inf.level},
                      {"index", inf.index},
                      {"prior", {inf.w, inf.h}},
                      {"scale", inf.scale},
                      {"ratio", inf.ratio},
                      {"candidates", a.candidates},
                      {"confident", a.confident},
                      {"true_positives", a.truePositives},
                      {"redundancy", a.redundancy},
                      {"delta_ap", a.deltaAp},
                      {"gt_served_share", a.gtServedShare},
                      {"recall_without", a.recallWithout},
                      {"hist_confident", a.histConfident},
                      {"hist_tp", a.histTp},
                      {"points_columns", {"w", "h", "ratio", "scale_to_prior", "offset_x", "offset_y", "score", "tp"}},
                      {"points", pts}});
    }
    j["anchors"] = an;
    return j;
}

} // namespace anchorscope
