// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The zip layout of an .aspt model package, checked before LibTorch opens it (model files
// come from strangers; LibTorch's reader trusts sizes and offsets it finds in the file).
// Only the archive's directory is read — no entry is inflated — so the check costs a few
// kilobytes of I/O however large the model is.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace anchorscope {

struct ModelArchiveEntry {
    std::string name;        // full path inside the zip ("archive/data.pkl")
    uint16_t method = 0;     // 0 stored, 8 deflate
    uint64_t compressedSize = 0, size = 0;
    uint64_t dataOffset = 0; // first byte of the entry's data in the file
};

struct ModelArchiveLayout {
    std::string root;                 // the top folder every entry lies in ("archive")
    std::vector<ModelArchiveEntry> entries;
    uint64_t totalSize = 0;           // sum of uncompressed sizes
    const ModelArchiveEntry* find(const std::string& relativeName) const; // relative to root
};

// Throws InputError (naming `source`) unless the file is a well-formed TorchScript zip with
// an Anchorscope metadata entry: end-of-directory records found (zip64 too), every entry
// inside the file and not overlapping the directory, stored or deflated, no absolute or
// ".." paths, no duplicates, one root folder holding data.pkl, version and
// extra/anchorscope.json, sizes within limits (no zip bombs).
ModelArchiveLayout checkModelArchive(const std::string& path);
// The same over bytes in memory (tests, fuzzing).
ModelArchiveLayout checkModelArchiveBytes(const std::string& bytes, const std::string& source);

} // namespace anchorscope
