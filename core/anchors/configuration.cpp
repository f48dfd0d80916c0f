// SPDX-License-Identifier: GPL-3.0-or-later
#include "anchors/configuration.h"

#include "util/error.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace anchorscope {

bool Configuration::isRemoved(int id) const { return std::binary_search(removed.begin(), removed.end(), id); }

std::string Configuration::toString() const
{
    std::string s;
    for (int id : removed)
        s += (s.empty() ? "" : ",") + std::to_string(id);
    return s;
}

Configuration parseConfiguration(const std::string& ids)
{
    std::set<int> out;
    size_t i = 0;
    auto readInt = [&](int& v) {
        size_t start = i;
        while (i < ids.size() && std::isdigit(static_cast<unsigned char>(ids[i])))
            ++i;
        if (i == start || i - start > 6)
            throw InputError("anchor ids: expected a non-negative integer at position " + std::to_string(start + 1)
                             + " of '" + ids + "'");
        v = std::stoi(ids.substr(start, i - start));
    };
    while (i < ids.size()) {
        while (i < ids.size() && ids[i] == ' ')
            ++i;
        if (i >= ids.size())
            break;
        int a = 0, b = 0;
        readInt(a);
        b = a;
        if (i < ids.size() && ids[i] == '-') {
            ++i;
            readInt(b);
            if (b < a)
                throw InputError("anchor ids: empty range " + std::to_string(a) + "-" + std::to_string(b));
        }
        for (int v = a; v <= b; ++v)
            out.insert(v);
        while (i < ids.size() && ids[i] == ' ')
            ++i;
        if (i < ids.size()) {
            if (ids[i] != ',')
                throw InputError("anchor ids: expected ',' at position " + std::to_string(i + 1) + " of '" + ids + "'");
            ++i;
        }
    }
    return {std::vector<int>(out.begin(), out.end())};
}

void validateConfiguration(const AnchorSet& anchors, bool sharedHead, const Configuration& c)
{
    const int n = anchors.numAnchors();
    for (int id : c.removed)
        if (id < 0 || id >= n)
            throw InputError("anchor id " + std::to_string(id) + " does not exist (the model has " + std::to_string(n)
                             + " anchors, ids 0.." + std::to_string(n - 1) + ")");
    if (int(c.removed.size()) >= n)
        throw InputError("a configuration cannot remove every anchor");
    if (!sharedHead)
        return;
    // Shared head: per level, either every anchor is removed, or exactly the common index set.
    std::set<int> common;
    bool haveCommon = false;
    for (int l = 0; l < anchors.numLevels(); ++l) {
        std::set<int> idx;
        for (int a = 0; a < anchors.anchorsInLevel(l); ++a)
            if (c.isRemoved(anchors.globalId(l, a)))
                idx.insert(a);
        if (int(idx.size()) == anchors.anchorsInLevel(l))
            continue; // whole level
        if (!haveCommon) {
            common = idx;
            haveCommon = true;
        } else if (idx != common) {
            throw InputError("this model has a shared head: remove an anchor index on every level at once, or a whole "
                             "level (level " + std::to_string(l) + " differs)");
        }
    }
}

std::vector<uint8_t> removalMask(const AnchorSet& anchors, const Configuration& c)
{
    std::vector<uint8_t> m(size_t(anchors.numAnchors()), 0);
    for (int id : c.removed)
        if (id >= 0 && id < int(m.size()))
            m[size_t(id)] = 1;
    return m;
}

} // namespace anchorscope
