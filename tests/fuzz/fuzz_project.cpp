// SPDX-License-Identifier: GPL-3.0-or-later
// .asproj project files, and what opening one reads from them: the label map, the stored
// search result and the latency model.
#include "util/json_access.h"
#include "fuzz_common.h"
#include "prune/latency_model.h"
#include "prune/search.h"
#include "project/project.h"

using namespace anchorscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string file = "/nonexistent/fuzz/p.asproj";
    fuzz::expectInputErrorOnly([&] {
        const auto j = jsonaccess::parseJson(fuzz::text(data, size), file);
        const Project p = Project::fromJson(j, file);
        const Project again = Project::fromJson(p.toJson(file), file);
        if (!(again == p))
            std::abort();
        if (!p.search.is_null())
            SearchResult::fromJson(p.search);
        if (!p.latencyModel.is_null())
            LatencyModel::fromJson(p.latencyModel, file);
    });
    return 0;
}
