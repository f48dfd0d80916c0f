// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Physical anchor pruning (docs/design.md §1, §5): every level's final cls/reg convs keep only the
// output channels of their kept anchors (row-sliced weights and biases); a level left
// without anchors is disabled (it then emits [N, 0, K]); the AnchorSet, level flags and
// provenance (parent identity, removed ids, new → parent id mapping) are updated. One code
// path for native and imported models. The parent is not modified.
#include "models/detector.h"
#include "anchors/configuration.h"

namespace anchorscope {

Detector pruneDetector(const Detector& parent, const Configuration& removed);

} // namespace anchorscope
