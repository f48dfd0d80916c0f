// SPDX-License-Identifier: GPL-3.0-or-later
// YOLO label files, classes.txt and data.yaml's names. The first byte picks the parser (and
// the class count for labels) so one corpus covers all three.
#include "data/yolo_txt.h"
#include "fuzz_common.h"

#include <cmath>

using namespace anchorscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
        return 0;
    const uint8_t selector = data[0];
    const std::string body = fuzz::text(data + 1, size - 1);
    switch (selector % 3) {
    case 0:
        fuzz::expectInputErrorOnly([&] {
            const size_t numClasses = 1 + selector / 3 % 16;
            for (const YoloLabel& l : parseYoloLabels(body, "fuzz.txt", numClasses))
                if (l.classIndex < 0 || size_t(l.classIndex) >= numClasses || !std::isfinite(l.cx) || !std::isfinite(l.cy)
                    || !std::isfinite(l.w) || !std::isfinite(l.h))
                    std::abort();
        });
        break;
    case 1:
        fuzz::expectInputErrorOnly([&] { parseYoloClassesTxt(body); });
        break;
    default:
        fuzz::expectInputErrorOnly([&] { parseDataYamlNames(body, "data.yaml"); });
    }
    return 0;
}
