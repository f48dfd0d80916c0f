// SPDX-License-Identifier: GPL-3.0-or-later
// anchorscope.json, the metadata of an .aspt package (and the AnchorSet and post-processing
// inside it): parse and validate; what is accepted must give priors for its own input size
// and survive a JSON round trip.
#include "util/json_access.h"
#include "fuzz_common.h"
#include "models/model_meta.h"

using namespace anchorscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    fuzz::expectInputErrorOnly([&] {
        const auto j = jsonaccess::parseJson(fuzz::text(data, size), "anchorscope.json");
        const ModelMeta m = ModelMeta::fromJson(j, "anchorscope.json");
        m.validate("anchorscope.json");
        const ModelMeta again = ModelMeta::fromJson(m.toJson(), "anchorscope.json (round trip)");
        if (again.anchors.numAnchors() != m.anchors.numAnchors() || again.numClasses != m.numClasses)
            std::abort();
        if (m.anchors.numAnchors() <= 64 && m.inputH <= 1024 && m.inputW <= 1024)
            m.anchors.priors();
    });
    return 0;
}
