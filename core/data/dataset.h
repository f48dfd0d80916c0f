// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The one dataset model every reader fills and every job reads: COCO-style images,
// categories (any integer ids, not necessarily contiguous) and box annotations in
// original-image pixels (x, y, w, h).
#include <cstdint>
#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace anchorscope {

struct Category {
    int64_t id = 0;
    std::string name;
    std::string supercategory;
};

struct ImageInfo {
    int64_t id = 0;
    std::string fileName; // relative to Dataset::imageRoot
    int width = 0;
    int height = 0;
    std::string split;    // "train", "search", "holdout" or empty
};

struct Annotation {
    int64_t id = 0;
    int64_t imageId = 0;
    int64_t categoryId = 0;
    double x = 0, y = 0, w = 0, h = 0; // COCO bbox
    double area = 0;                   // COCO "area" (segment area); w*h when the source has none
    bool iscrowd = false;
    bool difficult = false;            // Pascal VOC "difficult"
};

class Dataset {
public:
    std::vector<ImageInfo> images;
    std::vector<Category> categories;
    std::vector<Annotation> annotations;
    std::string imageRoot; // directory the image file names are relative to
    std::string source;    // file or directory it was read from (for messages)

    // Rebuilds the id → index maps; call after editing the vectors.
    void reindex();
    // Index of an id, or -1.
    int64_t imageIndex(int64_t id) const;
    int64_t categoryIndex(int64_t id) const;
    const Category* category(int64_t id) const;
    const ImageInfo* image(int64_t id) const;
    // The category ids, sorted: two datasets describe the same categories when these agree.
    std::vector<int64_t> categoryIds() const;

    // Checks the invariants every reader guarantees (unique ids, known references, finite
    // non-negative sizes, at least one image); throws InputError naming `source`.
    void validate() const;
    // Checks that every image file exists under imageRoot; throws InputError listing the
    // first missing ones.
    void checkImageFiles() const;

    // A new dataset with the images of one split (and their annotations).
    Dataset subset(const std::string& split) const;
    // A new dataset with the images flagged in `keep` (parallel to images); `label` names the
    // part in source, for messages.
    Dataset withImages(const std::vector<uint8_t>& keep, const std::string& label) const;

private:
    std::unordered_map<int64_t, int64_t> imageIndex_, categoryIndex_;
};

} // namespace anchorscope
