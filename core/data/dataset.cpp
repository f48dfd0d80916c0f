// SPDX-License-Identifier: GPL-3.0-or-later
#include "data/dataset.h"

#include <algorithm>

#include "util/error.h"

#include <cmath>
#include <filesystem>
#include <unordered_set>

namespace anchorscope {

void Dataset::reindex()
{
    imageIndex_.clear();
    categoryIndex_.clear();
    for (size_t i = 0; i < images.size(); ++i)
        imageIndex_.emplace(images[i].id, int64_t(i));
    for (size_t i = 0; i < categories.size(); ++i)
        categoryIndex_.emplace(categories[i].id, int64_t(i));
}

int64_t Dataset::imageIndex(int64_t id) const
{
    auto it = imageIndex_.find(id);
    return it == imageIndex_.end() ? -1 : it->second;
}

int64_t Dataset::categoryIndex(int64_t id) const
{
    auto it = categoryIndex_.find(id);
    return it == categoryIndex_.end() ? -1 : it->second;
}

const Category* Dataset::category(int64_t id) const
{
    const int64_t i = categoryIndex(id);
    return i < 0 ? nullptr : &categories[size_t(i)];
}

const ImageInfo* Dataset::image(int64_t id) const
{
    const int64_t i = imageIndex(id);
    return i < 0 ? nullptr : &images[size_t(i)];
}

void Dataset::validate() const
{
    if (images.empty())
        throw InputError(source, "the dataset has no images");
    if (categories.empty())
        throw InputError(source, "the dataset has no categories");
    std::unordered_set<int64_t> seen;
    for (const auto& im : images) {
        if (!seen.insert(im.id).second)
            throw InputError(source, "duplicate image id " + std::to_string(im.id));
        if (im.width < 0 || im.height < 0)
            throw InputError(source, "image " + std::to_string(im.id) + " has a negative size");
    }
    seen.clear();
    for (const auto& c : categories)
        if (!seen.insert(c.id).second)
            throw InputError(source, "duplicate category id " + std::to_string(c.id));
    seen.clear();
    for (const auto& a : annotations) {
        const std::string what = "annotation " + std::to_string(a.id);
        if (!seen.insert(a.id).second)
            throw InputError(source, "duplicate annotation id " + std::to_string(a.id));
        if (imageIndex(a.imageId) < 0)
            throw InputError(source, what + " refers to unknown image id " + std::to_string(a.imageId));
        if (categoryIndex(a.categoryId) < 0)
            throw InputError(source, what + " refers to unknown category id " + std::to_string(a.categoryId));
        for (double v : {a.x, a.y, a.w, a.h, a.area})
            if (!std::isfinite(v))
                throw InputError(source, what + " has a non-finite box or area");
        if (a.w < 0 || a.h < 0)
            throw InputError(source, what + " has a negative box size");
        if (a.area < 0)
            throw InputError(source, what + " has a negative area");
    }
}

void Dataset::checkImageFiles() const
{
    namespace fs = std::filesystem;
    std::vector<std::string> missing;
    size_t count = 0;
    for (const auto& im : images) {
        const fs::path p = fs::path(imageRoot) / im.fileName;
        std::error_code ec;
        if (!fs::is_regular_file(p, ec)) {
            ++count;
            if (missing.size() < 3)
                missing.push_back(p.string());
        }
    }
    if (count) {
        std::string msg = std::to_string(count) + " image file(s) missing, e.g.";
        for (const auto& m : missing)
            msg += " " + m;
        throw InputError(source, msg);
    }
}

Dataset Dataset::subset(const std::string& split) const
{
    std::vector<uint8_t> keep(images.size());
    for (size_t i = 0; i < images.size(); ++i)
        keep[i] = images[i].split == split;
    return withImages(keep, split);
}

std::vector<int64_t> Dataset::categoryIds() const
{
    std::vector<int64_t> ids;
    for (const auto& c : categories)
        ids.push_back(c.id);
    std::sort(ids.begin(), ids.end());
    return ids;
}

Dataset Dataset::withImages(const std::vector<uint8_t>& keep, const std::string& label) const
{
    Dataset out;
    out.categories = categories;
    out.imageRoot = imageRoot;
    out.source = source + " [" + label + "]";
    std::unordered_set<int64_t> ids;
    for (size_t i = 0; i < images.size(); ++i)
        if (i < keep.size() && keep[i]) {
            out.images.push_back(images[i]);
            ids.insert(images[i].id);
        }
    for (const auto& a : annotations)
        if (ids.count(a.imageId))
            out.annotations.push_back(a);
    out.reindex();
    return out;
}

} // namespace anchorscope
