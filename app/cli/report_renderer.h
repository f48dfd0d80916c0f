// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The report's pictures and page are drawn by `anchorscope-report` (app/report: Qt, the
// window's own widgets, offscreen), a separate program so that anchorscope-cli stays
// Qt-free: the CLI computes `report.json` in core and runs the renderer on it.
#include <string>

namespace anchorscope {
class ProgressToken;
}

namespace anchorscope::cli {

// The renderer beside this executable (the build tree and the installed bin folder), or
// $ANCHORSCOPE_REPORT_RENDERER. Throws InputError when there is none.
std::string reportRendererPath();

// Draws `dataFile` (report.json) into `outDir`: index.html, PNG and PDF plots. Throws
// InputError with the renderer's message when it fails; CancelledError.
void renderReport(const std::string& dataFile, const std::string& outDir, const ProgressToken& progress);

} // namespace anchorscope::cli
