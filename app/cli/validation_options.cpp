// SPDX-License-Identifier: GPL-3.0-or-later
#include "validation_options.h"

#include "util/error.h"

namespace anchorscope::cli {

std::vector<OptionSpec> validationOptions()
{
    return {
        {"validation-cache", "CACHE", "with --cache: prediction cache of other images of the same model, for validating",
         false, ""},
        {"validation-split", "F", "hold out the share F of the images for validation, by image (with --cache: split it; "
                                  "with --project: recorded in the project)", false, ""},
        {"split-seed", "N", "seed of --validation-split", false, "0"},
        {"validation-data", "ANN", "with --project: annotations of other images for validation (recorded in the project)",
         false, ""},
    };
}

std::vector<OptionSpec> bootstrapOptions()
{
    return {
        {"bootstrap", "B", "replicates of the paired bootstrap over images for the 95 % intervals", false, "1000"},
        {"bootstrap-seed", "S", "seed of the bootstrap", false, "0"},
    };
}

void addValidationOptions(std::vector<OptionSpec>& options)
{
    for (auto&& o : validationOptions())
        options.push_back(std::move(o));
    for (auto&& o : bootstrapOptions())
        options.push_back(std::move(o));
}

BootstrapOptions bootstrapFromArgs(const Args& a, int threads)
{
    BootstrapOptions o;
    o.replicates = int(a.getInt("bootstrap"));
    if (o.replicates < 1)
        throw InputError("--bootstrap needs at least one replicate");
    const long long seed = a.getInt("bootstrap-seed");
    if (seed < 0)
        throw InputError("--bootstrap-seed takes a number ≥ 0");
    o.seed = uint64_t(seed);
    o.threads = std::max(1, threads);
    return o;
}

nlohmann::json intervalJson(const PairedBootstrap::Interval& v, const BootstrapOptions& o, size_t images)
{
    return {{"delta_ap", v.ap.delta},
            {"delta_ap_ci", {v.ap.lo, v.ap.hi}},
            {"delta_ap50", v.ap50.delta},
            {"delta_ap50_ci", {v.ap50.lo, v.ap50.hi}},
            {"bootstrap", {{"replicates", o.replicates}, {"seed", o.seed}, {"level", o.level}, {"images", images},
                           {"replicates_used", v.replicates}}}};
}

} // namespace anchorscope::cli
