// SPDX-License-Identifier: GPL-3.0-or-later
#include "pareto_points.h"

namespace anchorscope {

ParetoPoint paretoPointOf(const SearchNode& n, double relativeCost, bool ap50)
{
    ParetoPoint p{n.index, relativeCost, n.result.stats[ap50 ? 1 : 0], n.onFront, QString::fromStdString(n.result.config.toString())};
    if (n.validation) {
        p.validationAp = n.validation->stats[ap50 ? 1 : 0];
        if (n.validation->hasInterval) {
            // The interval of ΔAP, put on the accuracy axis around this point's validation AP.
            const auto& ci = ap50 ? n.validation->deltaAp50Ci : n.validation->deltaApCi;
            const double delta = ap50 ? n.validation->deltaAp50 : n.validation->deltaAp;
            p.validationLo = p.validationAp - delta + ci[0];
            p.validationHi = p.validationAp - delta + ci[1];
        }
    }
    return p;
}

} // namespace anchorscope
