// SPDX-License-Identifier: GPL-3.0-or-later
#include "report_renderer.h"

#include "util/child_process.h"
#include "util/error.h"

#include <cstdlib>
#include <filesystem>

namespace anchorscope::cli {

namespace fs = std::filesystem;

std::string reportRendererPath()
{
    if (const char* env = std::getenv("ANCHORSCOPE_REPORT_RENDERER"); env && *env)
        return env;
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    for (const fs::path& dir : {self.parent_path(), self.parent_path() / "report"}) {
        const fs::path candidate = dir / "anchorscope-report";
        if (!ec && fs::exists(candidate))
            return candidate.string();
    }
    throw InputError("the report renderer anchorscope-report was not found beside " + self.string()
                     + " (was Anchorscope built without its GUI? set ANCHORSCOPE_REPORT_RENDERER to its path)");
}

void renderReport(const std::string& dataFile, const std::string& outDir, const ProgressToken& progress)
{
    const ChildResult r = runChild({reportRendererPath(), "--data", dataFile, "--out", outDir}, &progress);
    if (r.exitCode != 0)
        throw InputError(dataFile, "the report renderer failed (exit " + std::to_string(r.exitCode) + "): " + lastLine(r.err));
}

} // namespace anchorscope::cli
