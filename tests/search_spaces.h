// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Search spaces small enough for exhaustive search, shared by the engine and search tests:
// an untrained ssd_small over 6 shapes images with 3 anchors per level (12 anchors), and
// settings whose caps bind.
#include "test_util.h"

#include "anchors/anchor_set.h"
#include "data/shapes.h"
#include "models/detector.h"
#include "prune/prediction_cache.h"
#include "constructed_cache.h"

#include "models/architecture.h"
#include "util/random.h"

#include <algorithm>
#include <cmath>

#include <QTemporaryDir>

namespace testutil {

// A small anchor set for ssd_small at 128 px: 3 anchors per level (12 anchors, ≤ 12 units).
inline anchorscope::AnchorSet smallAnchors()
{
    anchorscope::AnchorSet a = anchorscope::anchorPreset("ssd_small", 128, 128);
    for (auto& L : a.levels)
        L.anchors.resize(3);
    a.name = "test3";
    return a;
}

// Settings whose caps bind: per-class top-k, per-image maximum, or per-level top-k.
inline anchorscope::PostProcessSettings capped(anchorscope::TopKMode mode)
{
    anchorscope::PostProcessSettings s = anchorscope::PostProcessSettings::ssdTorchvision();
    s.scoreThreshold = 0.19f;
    s.topkMode = mode;
    s.topk = 25;
    s.maxDetections = 30;
    s.nmsIou = 0.45f;
    return s;
}

// The 12-anchor space: `model` is the untrained detector the cache comes from (seed 3).
struct SmallSpace {
    anchorscope::Dataset dataset;
    std::unique_ptr<anchorscope::Detector> model;
    std::unique_ptr<anchorscope::PredictionCache> cache;
};

inline SmallSpace smallSpace(const QTemporaryDir& dir)
{
    using namespace anchorscope;
    SmallSpace s;
    ShapesOptions so;
    so.numImages = 6;
    so.size = 128;
    so.seed = 11;
    s.dataset = generateShapesDataset(tempPath(dir, "data"), so);
    s.model = std::make_unique<Detector>(Detector::createNative("ssd_small", smallAnchors(), shapesModelClasses(), 3));
    // Spread the scores: a random head gives near-uniform softmax outputs.
    s.model->mutableMeta().postprocess = capped(TopKMode::PerClass);
    // Batch 1, as raw outputs of single images: convolutions may round differently per batch.
    s.cache = std::make_unique<PredictionCache>(buildPredictionCache(*s.model, s.dataset, 0.19f, 1));
    return s;
}

// The swap trap (test_search): ssd_small's head at 128 px, so that configurations have a
// cost; level 0 holds anchors A, B, C (ids 0–2, equal cost), levels 1–3 one anchor each
// (ids 3–5) without candidates. Two images with one object each: A detects both at 0.6, B the
// first and C the second at 0.9; B and C also score 0.05 on an empty spot of the other image.
inline anchorscope::PredictionCache swapTrapCache()
{
    using namespace anchorscope;
    PredictionCache c;
    ModelMeta& m = c.meta;
    m.architecture = "ssd_small";
    m.inputH = m.inputW = 128;
    m.anchors.name = "swap-trap";
    m.anchors.inputH = m.anchors.inputW = 128;
    const int cells[] = {16, 8, 4, 2};
    for (int l = 0; l < 4; ++l) {
        AnchorLevel L;
        L.stepX = L.stepY = 128.0 / cells[l];
        L.featureW = L.featureH = cells[l];
        L.anchors.assign(l == 0 ? 3 : 1, AnchorShape{16, 16, 16, 1});
        m.anchors.levels.push_back(L);
        m.levelParams.push_back({"c.w", "c.b", "r.w", "r.b"});
        m.levelEnabled.push_back(true);
    }
    m.classes = {{"__background__", -1}, {"a", 1}};
    m.numClasses = 2;
    m.postprocess = PostProcessSettings::ssdTorchvision();
    m.postprocess.tieRule = TieRule::Rank;
    c.threshold = m.postprocess.scoreThreshold;
    c.modelIdentity = c.identity = "swap-trap";
    c.gt.categories = {{1, "a", ""}};
    c.gt.images = {{1, "1.png", 128, 128, ""}, {2, "2.png", 128, 128, ""}};
    c.gt.annotations = {gtBox(1, 1, 1, 10, 10, 20, 20), gtBox(2, 2, 1, 60, 60, 20, 20)};
    c.gt.reindex();
    const Boxf first{10, 10, 30, 30}, second{60, 60, 80, 80}, empty{100, 100, 110, 110};
    auto box = [](int cell, int anchor) { return int32_t(cell * 3 + anchor); };
    std::vector<CandidateList> perImage(2);
    perImage[0].push(first, 0.9f, 1, box(20, 1), 0, 1);
    perImage[0].push(first, 0.6f, 1, box(20, 0), 0, 0);
    perImage[0].push(empty, 0.05f, 1, box(200, 2), 0, 2);
    perImage[1].push(second, 0.9f, 1, box(120, 2), 0, 2);
    perImage[1].push(second, 0.6f, 1, box(120, 0), 0, 0);
    perImage[1].push(empty, 0.05f, 1, box(200, 1), 0, 1);
    for (size_t i = 0; i < 2; ++i) {
        perImage[i].sortByRank();
        c.images.push_back({c.gt.images[i].id, 1.f, 1.f, {{16, 16}, {8, 8}, {4, 4}, {2, 2}}, c.candidates.size(),
                            perImage[i].size()});
        c.candidates.append(perImage[i]);
    }
    return c;
}

// A cache shaped like a trained detector's, for search-quality tests: anchors of three
// aspect ratios per level, objects of random size and shape, and each anchor firing on the
// objects its shape fits (score rising with the fit, saturating at exactly 1.0, the box
// noisier the worse the fit, weaker duplicates in the next cell) and on background (low
// scores) — so every anchor has candidates in most images, several anchors cover most
// objects, and which ones can go is a real question. ssd_small at 128 px (4 levels, softmax,
// rank rule) or, `shared`, retinanet_r18_fpn at 256 px (5 levels, sigmoid, shared head:
// 3 anchor indices + 5 levels = 8 units). `anchorsPerLevel` (up to 6) adds aspect ratios 3,
// 1/3 and 1.5 for spaces too large for the exhaustive front.
inline anchorscope::PredictionCache syntheticSpace(bool shared, int images, uint64_t seed, int anchorsPerLevel = 3)
{
    using namespace anchorscope;
    PredictionCache c;
    ModelMeta& m = c.meta;
    m.architecture = shared ? "retinanet_r18_fpn" : "ssd_small";
    m.inputH = m.inputW = shared ? 256 : 128;
    m.sharedHead = shared;
    m.anchors.name = shared ? "synthetic-shared" : "synthetic";
    m.anchors.inputH = m.anchors.inputW = m.inputH;
    const auto feats = architectureSpec(m.architecture).featureSizes(m.inputH, m.inputW);
    const double allRatios[] = {1.0, 2.0, 0.5, 3.0, 1.0 / 3.0, 1.5};
    const std::vector<double> ratios(allRatios, allRatios + std::clamp(anchorsPerLevel, 1, 6));
    const int A = int(ratios.size()), K = 3; // anchors per level, object classes
    for (size_t l = 0; l < feats.size(); ++l) {
        AnchorLevel L;
        L.stepX = L.stepY = double(m.inputW) / feats[l].second;
        L.featureH = feats[l].first;
        L.featureW = feats[l].second;
        const double scale = 3.0 * L.stepX;
        for (double r : ratios)
            L.anchors.push_back({scale / std::sqrt(r), scale * std::sqrt(r), scale, r});
        m.anchors.levels.push_back(L);
        m.levelParams.push_back({"c.w", "c.b", "r.w", "r.b"});
        m.levelEnabled.push_back(true);
    }
    if (shared) {
        m.classes = {{"a", 1}, {"b", 2}, {"c", 3}};
        m.postprocess = PostProcessSettings::retinanetTorchvision();
    } else {
        m.classes = {{"__background__", -1}, {"a", 1}, {"b", 2}, {"c", 3}};
        m.postprocess = PostProcessSettings::ssdTorchvision();
    }
    m.numClasses = int(m.classes.size());
    m.postprocess.tieRule = TieRule::Rank;
    m.postprocess.scoreThreshold = 0.02f;
    c.threshold = m.postprocess.scoreThreshold;
    c.modelIdentity = c.identity = m.anchors.name;
    c.gt.categories = {{1, "a", ""}, {2, "b", ""}, {3, "c", ""}};
    const int labelOffset = shared ? -1 : 0; // score column of category k (1-based)
    Rng rng(seed);
    std::vector<size_t> levelOffset(feats.size() + 1, 0);
    for (size_t l = 0; l < feats.size(); ++l)
        levelOffset[l + 1] = levelOffset[l] + size_t(feats[l].first * feats[l].second * A);
    const double W = m.inputW;
    int64_t annId = 1;
    for (int i = 0; i < images; ++i) {
        c.gt.images.push_back({i + 1, std::to_string(i + 1) + ".png", int(W), int(W), ""});
        CandidateList im;
        auto emit = [&](size_t l, int a, double cx, double cy, double w, double h, float score, int label) {
            const int fw = feats[l].second, fh = feats[l].first;
            const int x = std::clamp(int(cx / W * fw), 0, fw - 1), y = std::clamp(int(cy / W * fh), 0, fh - 1);
            const int32_t box = int32_t(levelOffset[l] + size_t((y * fw + x) * A + a));
            const Boxf b = clipToImage(Boxf{float(cx - w / 2), float(cy - h / 2), float(cx + w / 2), float(cy + h / 2)},
                                       float(W), float(W));
            im.push(b, score, label + labelOffset, box, int16_t(l), int32_t(l * A + size_t(a)));
        };
        const int objects = int(rng.integer(2, 6));
        for (int o = 0; o < objects; ++o) {
            const double size = W * std::exp(rng.uniform(std::log(0.06), std::log(0.6)));
            const double ratio = std::exp(rng.uniform(std::log(0.4), std::log(2.5)));
            const double w = size / std::sqrt(ratio), h = size * std::sqrt(ratio);
            const double cx = rng.uniform(w / 2, W - w / 2), cy = rng.uniform(h / 2, W - h / 2);
            const int k = int(rng.integer(1, K));
            c.gt.annotations.push_back(gtBox(annId++, i + 1, k, cx - w / 2, cy - h / 2, w, h));
            for (size_t l = 0; l < feats.size(); ++l)
                for (int a = 0; a < A; ++a) {
                    const AnchorShape& s = m.anchors.levels[l].anchors[size_t(a)];
                    const double fit = std::min(w, s.w) * std::min(h, s.h) / (w * h + s.w * s.h - std::min(w, s.w) * std::min(h, s.h));
                    if (fit < 0.25)
                        continue;
                    const double noise = 0.25 * (1.0 - fit) + 0.02;
                    const double logit = 14.0 * (fit - 0.45) + rng.normal(0, 1.0);
                    float score = float(1.0 / (1.0 + std::exp(-logit)));
                    if (score > 0.97f)
                        score = 1.0f; // trained heads saturate: exact ties
                    if (score <= c.threshold)
                        continue;
                    const int label = rng.bernoulli(0.05) ? int(rng.integer(1, K)) : k;
                    emit(l, a, cx + rng.normal(0, noise * w), cy + rng.normal(0, noise * h), w * (1 + rng.normal(0, noise)),
                         h * (1 + rng.normal(0, noise)), score, label);
                    // A weaker duplicate from the next cell.
                    emit(l, a, cx + rng.normal(0, 2 * noise * w) + 0.5 * w, cy, w, h, score * 0.6f, label);
                }
        }
        // Background: every anchor fires weakly somewhere in most images.
        for (size_t l = 0; l < feats.size(); ++l)
            for (int a = 0; a < A; ++a) {
                const AnchorShape& s = m.anchors.levels[l].anchors[size_t(a)];
                for (int n = int(rng.integer(0, 3)); n > 0; --n)
                    emit(l, a, rng.uniform(0, W), rng.uniform(0, W), s.w, s.h, float(rng.uniform(0.021, 0.35)),
                         int(rng.integer(1, K)));
            }
        im.sortByRank();
        CachedImage ci;
        ci.imageId = i + 1;
        for (const auto& f : feats)
            ci.featureSizes.push_back(f);
        ci.offset = c.candidates.size();
        ci.count = im.size();
        c.images.push_back(ci);
        c.candidates.append(im);
    }
    c.gt.reindex();
    return c;
}

} // namespace testutil
