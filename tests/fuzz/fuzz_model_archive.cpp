// SPDX-License-Identifier: GPL-3.0-or-later
// The .aspt zip layout check that runs before LibTorch opens a model: whatever it accepts
// must have every entry's data inside the file.
#include "fuzz_common.h"
#include "models/model_archive.h"

using namespace anchorscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    fuzz::expectInputErrorOnly([&] {
        const ModelArchiveLayout l = checkModelArchiveBytes(fuzz::text(data, size), "fuzz.aspt");
        for (const auto& e : l.entries)
            if (e.dataOffset > size || e.compressedSize > size - e.dataOffset)
                std::abort();
        if (!l.find("extra/anchorscope.json"))
            std::abort();
    });
    return 0;
}
