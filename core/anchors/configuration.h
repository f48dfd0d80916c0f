// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A configuration = the removed anchor ids of one AnchorSet (docs/design.md §5). One validity check
// for every user of configurations: evaluate, prune, search strategies and the GUI.
#include "anchors/anchor_set.h"

#include <string>
#include <vector>

namespace anchorscope {

struct Configuration {
    std::vector<int> removed; // sorted, unique global anchor ids

    bool isRemoved(int id) const;
    std::string toString() const; // "3,7,12"
    bool operator==(const Configuration& o) const { return removed == o.removed; }
};

// Parses "3,7,12" or ranges "3-5,9"; throws InputError on bad syntax.
Configuration parseConfiguration(const std::string& ids);

// Throws InputError when an id does not exist, when every anchor would be removed, or, for a
// shared head, when the removal is not a union of "index i on every level" and "whole level".
void validateConfiguration(const AnchorSet& anchors, bool sharedHead, const Configuration& c);

// removedAnchor mask (size numAnchors) for selectDetections.
std::vector<uint8_t> removalMask(const AnchorSet& anchors, const Configuration& c);

} // namespace anchorscope
