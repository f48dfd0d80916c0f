// SPDX-License-Identifier: GPL-3.0-or-later
// anchorscope-report --data report.json --out DIR: the report renderer that
// `anchorscope-cli report` and `demo --full` run (report_writer.h). Draws offscreen: no
// display needed. Exit 0, or 1 with a one-line message on stderr.
#include "report_writer.h"

#include "util/atomic_file.h"
#include "util/error.h"
#include "util/json_access.h"

#include <QApplication>

#include <cstdio>
#include <cstring>
#include <string>

int main(int argc, char** argv)
{
    std::string data, out;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--data") == 0)
            data = argv[i + 1];
        else if (std::strcmp(argv[i], "--out") == 0)
            out = argv[i + 1];
    }
    if (data.empty() || out.empty()) {
        std::fprintf(stderr, "usage: anchorscope-report --data report.json --out DIR\n");
        return 2;
    }
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen"); // pictures only: never a window
    QApplication app(argc, argv);
    try {
        const nlohmann::json j = anchorscope::jsonaccess::parseJson(anchorscope::readWholeFile(data), data);
        const QStringList files = anchorscope::writeReport(j, QString::fromStdString(out));
        std::printf("%s/%s (%lld files)\n", out.c_str(), qPrintable(files.first()), static_cast<long long>(files.size()));
        return 0;
    } catch (const anchorscope::InputError& e) {
        std::fprintf(stderr, "anchorscope-report: error: %s\n", e.what());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "anchorscope-report: internal error: %s\n", e.what());
    }
    return 1;
}
