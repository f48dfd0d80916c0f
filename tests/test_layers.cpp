// SPDX-License-Identifier: GPL-3.0-or-later
// The layer order of docs/design.md §2, read from the sources: a core folder includes only
// folders of lower layers (and itself), core includes no Qt, widgets include only the core
// types they draw (layers 0-2) and nothing of app/; the window's files stay small.
#include "test_util.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>

namespace {

namespace fs = std::filesystem;

// docs/design.md §2. Every folder of core/ has a row (coreFoldersAreRanked), so a new one
// cannot escape the check.
const std::map<std::string, int> kLayer = {{"util", 0},     {"geometry", 0}, {"data", 1},     {"eval", 2},
                                           {"anchors", 2},  {"models", 3},   {"dist", 4},     {"train", 5},
                                           {"prune", 5},    {"analysis", 6}, {"project", 7}};

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


size_t countLines(const std::string& text) { return size_t(std::count(text.begin(), text.end(), '\n')); }

// The line counts of the lambdas passed directly to each `submit(` call in `text` (the
// job's work and its callbacks), from the lambda's introducer to its closing brace.
std::vector<size_t> jobLambdaLengths(const std::string& text)
{
    std::vector<size_t> out;
    for (size_t at = text.find("submit("); at != std::string::npos; at = text.find("submit(", at + 1)) {
        int depth = 0; // parentheses and braces inside the call
        for (size_t i = at + 6; i < text.size(); ++i) {
            const char c = text[i];
            if (c == '(' || c == '{')
                ++depth;
            else if (c == ')' || c == '}') {
                if (--depth == 0)
                    break;
            } else if (c == '[' && depth == 1) { // a lambda argument of the call
                const size_t open = text.find('{', i);
                int braces = 0;
                size_t j = open;
                for (; j < text.size(); ++j) {
                    braces += text[j] == '{' ? 1 : text[j] == '}' ? -1 : 0;
                    if (braces == 0)
                        break;
                }
                out.push_back(countLines(text.substr(i, j - i)) + 1);
                i = j;
            }
        }
    }
    return out;
}

std::string readSource(const fs::path& p)
{
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
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

    void coreFoldersAreRanked()
    {
        QStringList unranked;
        int folders = 0;
        for (const auto& e : fs::directory_iterator(root_ / "core"))
            if (e.is_directory()) {
                ++folders;
                if (!kLayer.count(e.path().filename().string()))
                    unranked << QString::fromStdString(e.path().filename().string());
            }
        QVERIFY(folders >= int(kLayer.size()));
        QVERIFY2(unranked.isEmpty(), qPrintable(QStringLiteral("core folders without a layer: ") + unranked.join(QLatin1Char(' '))));
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

    // The window stays in small files: a frame header of at most 100 lines, no file over 300,
    // no job lambda over 30 lines (a longer job is a core workflow).
    void windowFilesStaySmall()
    {
        QStringList wrong;
        for (const auto& e : fs::directory_iterator(root_ / "app" / "gui")) {
            const std::string text = readSource(e.path()), name = e.path().filename().string();
            const size_t lines = countLines(text);
            if (lines > (name == "main_window.h" ? 100u : 300u))
                wrong << QStringLiteral("%1: %2 lines").arg(QString::fromStdString(name)).arg(lines);
            for (size_t n : jobLambdaLengths(text))
                if (n > 30)
                    wrong << QStringLiteral("%1: a job lambda of %2 lines").arg(QString::fromStdString(name)).arg(n);
        }
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QLatin1Char('\n'))));
        // The measure itself: a two-line work lambda and a three-line callback.
        const auto n = jobLambdaLengths("jobs_->submit(\n  t, k, this, [a](ProgressToken& t) {\n  return 1; },\n"
                                        "  [this](int r) {\n  use(r);\n  });\n");
        QCOMPARE(n, (std::vector<size_t>{2, 3}));
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
