// SPDX-License-Identifier: GPL-3.0-or-later
#include "prune/latency_model.h"

#include "util/json_access.h"
#include "util/error.h"
#include "util/random.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <thread>

namespace anchorscope {

nlohmann::json LatencyModel::toJson() const
{
    return {{"a_ms", a}, {"b_ms_per_box", b}, {"c_ms_per_candidate", c}, {"num_classes", numClasses}, {"machine", machine}};
}

LatencyModel LatencyModel::fromJson(const nlohmann::json& j, const std::string& source)
{
    try {
        LatencyModel m;
        m.a = j.at("a_ms").get<double>();
        m.b = j.at("b_ms_per_box").get<double>();
        m.c = j.at("c_ms_per_candidate").get<double>();
        m.numClasses = jsonaccess::integerOr<int>(j, "num_classes", 0);
        m.machine = j.value("machine", std::string());
        return m;
    } catch (const nlohmann::json::exception& e) {
        throw InputError(source, std::string("invalid latency model: ") + jsonaccess::describe(e));
    } catch (const InputError& e) {
        jsonaccess::rethrowNaming(e, source);
    }
}

double measurePostprocessMs(const PostProcessSettings& s, int K, int boxes, int candidates, int repeats)
{
    // Synthetic raw outputs: logits put about `candidates` (box, class) scores above the
    // threshold, boxes spread over a 512² input with clusters so NMS has work to do.
    Rng rng(uint64_t(boxes) * 7919 + uint64_t(candidates));
    std::vector<float> logits(size_t(boxes) * size_t(K), -8.f), reg(size_t(boxes) * 4);
    std::vector<Boxf> priors(static_cast<size_t>(boxes));
    for (int b = 0; b < boxes; ++b) {
        const float cx = float(rng.uniform(0, 512)), cy = float(rng.uniform(0, 512));
        const float w = float(rng.uniform(8, 160)), h = float(rng.uniform(8, 160));
        priors[size_t(b)] = {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
        for (int k = 0; k < 4; ++k)
            reg[size_t(b) * 4 + size_t(k)] = float(rng.normal(0, 0.5));
    }
    const int first = s.backgroundIndex == 0 ? 1 : 0;
    if (s.backgroundIndex >= 0)
        for (int b = 0; b < boxes; ++b)
            logits[size_t(b) * size_t(K) + size_t(s.backgroundIndex)] = 4.f;
    for (int n = 0; n < candidates; ++n) {
        const int b = int(rng.integer(0, boxes - 1));
        const int k = first + int(rng.integer(0, std::max(0, K - 1 - first)));
        logits[size_t(b) * size_t(K) + size_t(k)] = float(rng.uniform(3.5, 8.0));
    }
    std::vector<double> t;
    SelectionWorkspace ws;
    for (int r = 0; r < repeats + 1; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        const CandidateList c =
            candidatesFromRaw(logits.data(), reg.data(), priors.data(), nullptr, nullptr, size_t(boxes), K, 512.f, 512.f, s);
        SelectionOptions opt;
        opt.presorted = true;
        volatile size_t kept = selectDetections(c.view(), s, ws, opt).size();
        (void)kept;
        if (r > 0) // the first run warms caches
            t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

LatencyModel calibrateLatency(const PostProcessSettings& s, int K, int repeats, const ProgressToken* progress)
{
    if (K < 2)
        throw InputError("latency calibration needs at least 2 score columns");
    // Grid over box counts and candidate counts, least squares for (a, b, c).
    std::vector<std::array<double, 3>> rows; // boxes, candidates, ms
    const int boxesGrid[] = {500, 2000, 5000, 10000, 20000};
    const double rates[] = {0.01, 0.05, 0.2};
    int done = 0;
    for (int B : boxesGrid)
        for (double r : rates) {
            checkCancelled(progress);
            const int C = std::max(1, int(B * r));
            rows.push_back({double(B), double(C), measurePostprocessMs(s, K, B, C, repeats)});
            reportProgress(progress, double(++done) / 15.0, "timing post-processing");
        }
    // Normal equations for t = a + b·B + c·C.
    double m[3][4] = {};
    for (const auto& row : rows) {
        const double x[3] = {1.0, row[0], row[1]};
        for (int i = 0; i < 3; ++i) {
            for (int j = 0; j < 3; ++j)
                m[i][j] += x[i] * x[j];
            m[i][3] += x[i] * row[2];
        }
    }
    for (int i = 0; i < 3; ++i) { // Gauss–Jordan
        int p = i;
        for (int r = i + 1; r < 3; ++r)
            if (std::fabs(m[r][i]) > std::fabs(m[p][i]))
                p = r;
        for (int j = 0; j < 4; ++j)
            std::swap(m[i][j], m[p][j]);
        for (int r = 0; r < 3; ++r) {
            if (r == i || m[i][i] == 0)
                continue;
            const double f = m[r][i] / m[i][i];
            for (int j = 0; j < 4; ++j)
                m[r][j] -= f * m[i][j];
        }
    }
    LatencyModel lm;
    lm.a = m[0][3] / m[0][0];
    lm.b = m[1][3] / m[1][1];
    lm.c = m[2][3] / m[2][2];
    lm.numClasses = K;
    lm.machine = std::to_string(std::thread::hardware_concurrency()) + " threads";
    std::ifstream cpu("/proc/cpuinfo");
    for (std::string line; std::getline(cpu, line);)
        if (line.rfind("model name", 0) == 0) {
            lm.machine = line.substr(line.find(':') + 2) + ", " + lm.machine;
            break;
        }
    return lm;
}

} // namespace anchorscope
