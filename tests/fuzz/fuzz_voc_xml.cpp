// SPDX-License-Identifier: GPL-3.0-or-later
// One Pascal VOC annotation file (and the XML reader under it).
#include "data/voc_xml.h"
#include "fuzz_common.h"

#include <cmath>

using namespace anchorscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    fuzz::expectInputErrorOnly([&] {
        const VocAnnotation a = parseVocXml(fuzz::text(data, size), "fuzz.xml");
        for (const VocObject& o : a.objects)
            if (!std::isfinite(o.xmin) || !std::isfinite(o.ymin) || !std::isfinite(o.xmax) || !std::isfinite(o.ymax))
                std::abort(); // the reader promises finite coordinates
    });
    return 0;
}
