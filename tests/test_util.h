// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Helpers shared by the test suites.
#include "cli_run.h"
#include "data/dataset.h"
#include "data/shapes.h"
#include "models/detector.h"
#include "models/model_meta.h"
#include "util/error.h"
#include "util/random.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QUrl>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

namespace testutil {

// A ground-truth box (area w·h).
inline anchorscope::Annotation gtBox(int64_t id, int64_t imageId, int64_t categoryId, double x, double y, double w, double h)
{
    anchorscope::Annotation a;
    a.id = id;
    a.imageId = imageId;
    a.categoryId = categoryId;
    a.x = x;
    a.y = y;
    a.w = w;
    a.h = h;
    a.area = w * h;
    return a;
}

inline std::string readText(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline void writeText(const std::string& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary);
    out << text;
}

// A 3 × h × w image of seeded uniform noise in [-2, 2) (as a normalised image looks).
inline std::vector<float> normalisedNoise(int h, int w, uint64_t seed)
{
    anchorscope::Rng rng(seed);
    std::vector<float> image(size_t(3 * h * w));
    for (float& v : image)
        v = float(rng.uniform() * 4.0 - 2.0);
    return image;
}

// The largest relative difference (denominator at least 1); -1 when the sizes differ.
inline double worstRelativeDifference(const std::vector<float>& got, const std::vector<float>& want)
{
    if (got.size() != want.size())
        return -1;
    double worst = 0;
    for (size_t i = 0; i < got.size(); ++i)
        worst = std::max(worst, std::fabs(double(got[i]) - want[i]) / std::max(1.0, std::fabs(double(want[i]))));
    return worst;
}

inline nlohmann::json readJson(const std::string& path) { return nlohmann::json::parse(readText(path)); }

// A native model's score columns for the shapes datasets: background, then the shapes by id.
inline std::vector<anchorscope::ClassInfo> shapesModelClasses()
{
    std::vector<anchorscope::ClassInfo> classes{{"__background__", -1}};
    for (size_t k = 0; k < anchorscope::shapesClassNames().size(); ++k)
        classes.push_back({anchorscope::shapesClassNames()[k], int64_t(k + 1)});
    return classes;
}

// What a window test sets up first: Qt's paths in test mode and the prediction caches under
// `dir` (nothing of the user's is read or written), the CLI the model validator runs, the
// tests' own settings, two LibTorch threads.
inline void isolateWindowTest(const QTemporaryDir& dir)
{
    QStandardPaths::setTestModeEnabled(true);
    qputenv("XDG_CACHE_HOME", dir.filePath(QStringLiteral("xdg-cache")).toUtf8());
    qputenv("ANCHORSCOPE_CLI", ANCHORSCOPE_CLI);
    QCoreApplication::setOrganizationName(QStringLiteral("AnchorscopeTests"));
    anchorscope::configureThreads(2);
}

inline std::string tempPath(const QTemporaryDir& dir, const char* name) { return dir.filePath(QString::fromLatin1(name)).toStdString(); }

// A report page (app/report) as a browser has it once loaded — headless Chromium's DOM after
// the load event — read from the page's own check: "ok", "broken: <what>", or a sentence
// saying why there is no status (no browser, the check did not run).
inline QString reportStatus(const QString& indexHtml)
{
    const QString chromium = QStandardPaths::findExecutable(QStringLiteral("chromium"));
    if (chromium.isEmpty())
        return QStringLiteral("(no chromium: bash scripts/install-deps.sh test installs it)");
    QProcess p;
    p.start(chromium, {QStringLiteral("--headless"), QStringLiteral("--no-sandbox"), QStringLiteral("--disable-gpu"),
                       QStringLiteral("--dump-dom"), QUrl::fromLocalFile(indexHtml).toString()});
    p.waitForFinished(120000);
    const auto m = QRegularExpression(QStringLiteral("data-report-status=\"([^\"]*)\"")).match(QString::fromUtf8(p.readAllStandardOutput()));
    return m.hasMatch() ? m.captured(1) : QStringLiteral("(no status: the page's check did not run)");
}

} // namespace testutil

// Asserts that `expr` throws InputError whose message contains `needle`.
#define EXPECT_INPUT_ERROR(expr, needle)                                                                            \
    do {                                                                                                            \
        bool thrown_ = false;                                                                                       \
        try {                                                                                                       \
            expr;                                                                                                   \
        } catch (const anchorscope::InputError& e_) {                                                               \
            thrown_ = true;                                                                                         \
            const std::string msg_ = e_.what();                                                                     \
            if (msg_.find(needle) == std::string::npos)                                                             \
                QFAIL(qPrintable(QStringLiteral("message '%1' lacks '%2'").arg(QString::fromStdString(msg_),        \
                                                                               QString::fromUtf8(needle))));        \
        }                                                                                                           \
        QVERIFY2(thrown_, "expected InputError from " #expr);                                                       \
    } while (0)
