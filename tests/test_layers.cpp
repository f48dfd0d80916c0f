// SPDX-License-Identifier: GPL-3.0-or-later
// The layer order of docs/design.md §2, read from the sources: a core folder includes only
// folders of lower layers (and itself), core includes no Qt, widgets include only the core
// types they draw (layers 0-2) and nothing of app/.
#include "test_util.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>

namespace {

namespace fs = std::filesystem;

const std::map<std::string, int> kLayer = {{"util", 0},  {"geometry", 0}, {"data", 1},  {"eval", 2},
                                           {"anchors", 2}, {"models", 3},   {"train", 4}, {"prune", 4},
                                           {"analysis", 5}, {"project", 5}};

struct Include {
    std::string file, target;
    int line = 0;
};

// Every #include of a source file below `dir` (recursively): "x/y.h" and <Q...> alike.
std::vector<Include> includesBelow(const fs::path& dir)
{
    std::vector<Include> out;
    const std::regex re("^\\s*#\\s*include\\s*[<\"]([^>\"]+)[>\"]");
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        const std::string ext = e.path().extension().string();
        if (!e.is_regular_file() || (ext != ".h" && ext != ".cpp"))
            continue;
        std::ifstream in(e.path());
        std::string text;
        int n = 0;
        while (std::getline(in, text)) {
            ++n;
            std::smatch m;
            if (std::regex_search(text, m, re))
                out.push_back({fs::relative(e.path(), dir.parent_path()).string(), m[1].str(), n});
        }
    }
    return out;
}

std::string folderOf(const std::string& include)
{
    const size_t slash = include.find('/');
    return slash == std::string::npos ? std::string() : include.substr(0, slash);
}

} // namespace

class TestLayers : public QObject {
    Q_OBJECT
    const fs::path root_{ANCHORSCOPE_SOURCE_DIR};

private Q_SLOTS:
    void coreIncludesRunDown()
    {
        QStringList wrong;
        size_t seen = 0;
        for (const Include& inc : includesBelow(root_ / "core")) {
            const std::string from = folderOf(fs::path(inc.file).lexically_relative("core").generic_string());
            const std::string to = folderOf(inc.target);
            if (!kLayer.count(from))
                continue; // core/CMakeLists.txt's folder itself
            if (inc.target.rfind("Q", 0) == 0)
                wrong << QStringLiteral("%1:%2 includes Qt (%3)").arg(QString::fromStdString(inc.file)).arg(inc.line)
                             .arg(QString::fromStdString(inc.target));
            if (!kLayer.count(to))
                continue;
            ++seen;
            if (to != from && kLayer.at(to) >= kLayer.at(from))
                wrong << QStringLiteral("%1:%2 includes %3 (layer %4 from layer %5)")
                             .arg(QString::fromStdString(inc.file)).arg(inc.line).arg(QString::fromStdString(inc.target))
                             .arg(kLayer.at(to)).arg(kLayer.at(from));
        }
        QVERIFY(seen > 100); // the scan found the sources
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QLatin1Char('\n'))));
    }

    void widgetsSeeOnlyWhatTheyDraw()
    {
        QStringList wrong;
        for (const Include& inc : includesBelow(root_ / "widgets")) {
            const std::string to = folderOf(inc.target);
            const bool core = kLayer.count(to) > 0;
            if ((core && kLayer.at(to) > 2) || to == "app" || to == "cli" || to == "gui"
                || inc.target.find("torch") != std::string::npos)
                wrong << QStringLiteral("%1:%2 includes %3").arg(QString::fromStdString(inc.file)).arg(inc.line)
                             .arg(QString::fromStdString(inc.target));
        }
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QLatin1Char('\n'))));
    }

    // The checker itself: an upward include is caught.
    void anUpwardIncludeIsCaught()
    {
        QTemporaryDir dir;
        const fs::path models = fs::path(dir.path().toStdString()) / "core" / "models";
        fs::create_directories(models);
        testutil::writeText((models / "x.h").string(), "#include \"prune/search.h\"\n#include <QString>\n");
        const auto incs = includesBelow(fs::path(dir.path().toStdString()) / "core");
        QCOMPARE(incs.size(), size_t(2));
        QCOMPARE(incs[0].target, std::string("prune/search.h"));
        QVERIFY(kLayer.at(folderOf(incs[0].target)) >= kLayer.at("models"));
    }
};

QTEST_GUILESS_MAIN(TestLayers)
#include "test_layers.moc"
