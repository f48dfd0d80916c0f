// SPDX-License-Identifier: GPL-3.0-or-later
#include "prune/cache_builder.h"

#include "dist/process_group.h"
#include "models/detector.h"
#include "models/inference.h"
#include "models/run_settings.h"
#include "util/byte_io.h"
#include "util/error.h"
#include "util/fault_injection.h"
#include "util/fnv1a.h"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

namespace anchorscope {

namespace fs = std::filesystem;

namespace {

struct ImageResult {
    CachedImage info;
    CandidateList candidates;
};
using BatchResults = std::map<size_t, std::vector<ImageResult>>; // by the batch's first image

// One batch: first image, image count, then per image its info and candidate arrays.
void appendBatch(std::string& out, size_t start, const std::vector<ImageResult>& images)
{
    appendBytes(out, uint64_t(start));
    appendBytes(out, uint32_t(images.size()));
    for (const ImageResult& r : images) {
        appendBytes(out, int64_t(r.info.imageId));
        appendBytes(out, r.info.scaleX);
        appendBytes(out, r.info.scaleY);
        appendBytes(out, uint32_t(r.info.featureSizes.size()));
        for (const auto& f : r.info.featureSizes) {
            appendBytes(out, int32_t(f.first));
            appendBytes(out, int32_t(f.second));
        }
        appendBytes(out, uint64_t(r.candidates.size()));
        appendCandidateArrays(out, r.candidates);
    }
}

// Reads records that passed their checksum; a short one is a format error all the same.
void readBatches(const std::string& bytes, const std::string& file, BatchResults& out)
{
    ByteReader in(bytes, 0, file, "a partial cache record is shorter than it says");
    while (!in.atEnd()) {
        const auto start = size_t(in.get<uint64_t>());
        std::vector<ImageResult> images(in.get<uint32_t>());
        for (ImageResult& r : images) {
            r.info.imageId = in.get<int64_t>();
            r.info.scaleX = in.get<float>();
            r.info.scaleY = in.get<float>();
            r.info.featureSizes.resize(in.get<uint32_t>());
            for (auto& f : r.info.featureSizes) {
                f.first = in.get<int32_t>();
                f.second = in.get<int32_t>();
            }
            r.info.count = size_t(in.get<uint64_t>());
            readCandidateArrays(in, r.candidates, r.info.count);
        }
        out[start] = std::move(images);
    }
}

// The partial file: a framed header naming what the results belong to, then framed
// batches; a frame is length, payload, FNV-1a of the payload.
constexpr char kPartialMagic[8] = {'A', 'S', 'P', 'A', 'R', 'T', '1', '\0'};

void appendFrame(std::ofstream& out, const std::string& payload)
{
    const uint64_t n = payload.size(), sum = fnv1a(payload.data(), payload.size());
    out.write(reinterpret_cast<const char*>(&n), 8);
    out.write(payload.data(), std::streamsize(payload.size()));
    out.write(reinterpret_cast<const char*>(&sum), 8);
    out.flush();
}

// The frames of a partial file that belongs to `key`, and the offset after the last whole
// one (a run killed mid-write leaves a torn tail; a foreign or unreadable file gives none).
std::vector<std::string> readFrames(const std::string& file, const std::string& key, size_t* goodEnd)
{
    std::vector<std::string> frames;
    *goodEnd = 0;
    std::ifstream in(file, std::ios::binary);
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    size_t pos = 0;
    bool headerOk = false;
    while (s.size() - pos >= 16) {
        uint64_t n = 0, sum = 0;
        std::memcpy(&n, s.data() + pos, 8);
        if (n > s.size() - pos - 16)
            break;
        std::memcpy(&sum, s.data() + pos + 8 + n, 8);
        std::string payload = s.substr(pos + 8, n);
        if (fnv1a(payload.data(), payload.size()) != sum)
            break;
        pos += 16 + n;
        if (!headerOk) {
            if (payload != std::string(kPartialMagic, 8) + key)
                return {};
            headerOk = true;
            *goodEnd = pos;
            continue;
        }
        frames.push_back(std::move(payload));
        *goodEnd = pos;
    }
    return frames;
}

std::string partialPrefix(const std::string& cachePath) { return fs::path(cachePath).filename().string() + ".partial."; }

std::vector<fs::path> partialFiles(const std::string& cachePath)
{
    std::vector<fs::path> out;
    std::error_code ec;
    const fs::path dir = fs::absolute(cachePath).parent_path();
    const std::string prefix = partialPrefix(cachePath);
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().filename().string().rfind(prefix, 0) == 0)
            out.push_back(it->path());
    return out;
}

// What the partial results must belong to: the cache's identity (model, threshold, threads,
// batch) and the dataset's images in order.
std::string partialKey(const PredictionCache& c)
{
    uint64_t h = kFnv1aSeed;
    for (const ImageInfo& im : c.gt.images) {
        h = fnv1a(&im.id, sizeof im.id, h);
        h = fnv1a(im.fileName.data(), im.fileName.size(), h);
    }
    return c.identity + "|images=" + std::to_string(c.gt.images.size()) + ":" + std::to_string(h);
}

// The cache's fixed part: metadata, identity, ground truth (no images run yet).
PredictionCache emptyCache(const Detector& model, const Dataset& ds, float threshold, int batchSize)
{
    PredictionCache c;
    c.meta = model.meta();
    if (threshold < 0)
        threshold = c.meta.postprocess.scoreThreshold;
    c.meta.postprocess.scoreThreshold = threshold; // candidates down to the cache threshold
    c.threshold = threshold;
    c.modelIdentity = model.identity();
    c.threads = torchThreads();
    c.batch = resolveRunSettings(c.meta, {0, batchSize}).batch;
    c.identity = predictionCacheIdentity(c.modelIdentity, threshold, c.meta, c.threads, c.batch);
    c.gt = ds;
    checkModelFitsDataset(c.meta, ds);
    checkDatasetHasGroundTruth(ds);
    return c;
}

} // namespace

PredictionCache buildPredictionCache(const Detector& model, const Dataset& ds, const CacheBuildOptions& o,
                                     const ProgressToken* progress, CacheBuildReport* report)
{
    PredictionCache c = emptyCache(model, ds, o.threshold, o.batchSize);
    const int rank = o.group ? o.group->rank() : 0, world = o.group ? o.group->size() : 1;
    const ImageShard shard = shardOfWholeBatches(ds.images.size(), c.batch, rank, world);
    const std::string key = partialKey(c);

    // Resume: every batch of this shard that any partial file holds.
    BatchResults done;
    std::ofstream partial;
    if (!o.path.empty()) {
        const std::string own = fs::path(o.path).string() + ".partial." + std::to_string(rank);
        for (const fs::path& f : partialFiles(o.path)) {
            size_t goodEnd = 0;
            for (const std::string& frame : readFrames(f.string(), key, &goodEnd))
                readBatches(frame, f.string(), done);
            if (f == fs::absolute(own)) {
                std::error_code ec;
                fs::resize_file(f, goodEnd, ec); // drop a torn tail (or a foreign file) before appending
            }
        }
        partial.open(own, std::ios::binary | std::ios::app);
        if (!partial)
            throw InputError(own, "cannot write the partial results beside the cache");
        if (fs::file_size(own) == 0)
            appendFrame(partial, std::string(kPartialMagic, 8) + key);
    }
    for (auto it = done.begin(); it != done.end();)
        it = it->first >= shard.first && it->first < shard.end ? std::next(it) : done.erase(it);
    CacheBuildReport r;
    r.rank = rank;
    r.worldSize = world;
    for (const auto& [start, images] : done)
        r.resumedImages += images.size();

    std::vector<ImageResult> batch;
    InferenceOptions opt;
    opt.batchSize = c.batch;
    opt.settings = &c.meta.postprocess; // the model's settings with the cache threshold
    opt.firstImage = shard.first;
    opt.endImage = shard.end;
    opt.skipBatch = [&](size_t start) { return done.count(start) > 0; };
    opt.onCandidates = [&](size_t i, const CandidateList& cand, float sx, float sy, const std::vector<std::pair<int, int>>& fs) {
        batch.push_back({CachedImage{ds.images[i].id, sx, sy, fs, 0, cand.size()}, cand});
    };
    opt.onBatchDone = [&](size_t start, size_t count) {
        if (partial.is_open()) {
            std::string payload;
            appendBatch(payload, start, batch);
            appendFrame(partial, payload);
            if (!partial) { // disk full: go on without resuming; the cache's own write then says so
                partial.close();
                std::error_code ec;
                fs::remove(fs::path(o.path).string() + ".partial." + std::to_string(rank), ec);
            }
            killAfterCountForTests("ANCHORSCOPE_TEST_KILL_AFTER_BATCHES");
        }
        r.images += count;
        r.batches += 1;
        done[start] = std::move(batch);
        batch.clear();
    };
    detectDataset(model, ds, opt, progress);
    if (report)
        *report = r;

    // Gather: every rank's shard, in rank order (= image order); rank 0 assembles.
    std::string mine;
    for (const auto& [start, images] : done)
        appendBatch(mine, start, images);
    std::vector<std::string> shards{mine};
    if (o.group)
        shards = o.group->gather(mine, 0);
    if (rank != 0) {
        c.gt.images.clear();
        c.gt.annotations.clear();
        c.gt.reindex();
        return c;
    }
    BatchResults all;
    for (const std::string& s : shards)
        readBatches(s, "gathered results", all);
    c.images.resize(ds.images.size());
    size_t next = 0, offset = 0;
    for (auto& [start, images] : all) {
        if (start != next)
            throw InputError("the gathered results miss images " + std::to_string(next) + " to " + std::to_string(start));
        for (ImageResult& im : images) {
            im.info.offset = offset;
            offset += im.candidates.size();
            c.images[next++] = im.info;
            c.candidates.append(im.candidates);
        }
    }
    if (next != ds.images.size())
        throw InputError("the gathered results cover " + std::to_string(next) + " of " + std::to_string(ds.images.size())
                         + " images");
    if (!o.path.empty()) {
        c.save(o.path);
        partial.close();
        std::error_code ec;
        for (const fs::path& f : partialFiles(o.path))
            fs::remove(f, ec);
    }
    return c;
}

PredictionCache buildPredictionCache(const Detector& model, const Dataset& ds, float threshold, int batchSize,
                                     const ProgressToken* progress)
{
    CacheBuildOptions o;
    o.threshold = threshold;
    o.batchSize = batchSize;
    return buildPredictionCache(model, ds, o, progress);
}

} // namespace anchorscope
