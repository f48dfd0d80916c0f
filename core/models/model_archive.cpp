// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/model_archive.h"

#include "util/error.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <set>

namespace anchorscope {

namespace {

// Limits far above any real detector and far below what would exhaust the machine.
constexpr uint64_t kMaxEntries = 200000;
constexpr uint64_t kMaxTotalSize = uint64_t(64) << 30; // 64 GiB uncompressed
constexpr uint64_t kMaxDeflateRatio = 1100;            // deflate cannot do better than ~1032:1
constexpr size_t kMaxNameLength = 4096;

constexpr uint32_t kLocalHeader = 0x04034b50, kCentralHeader = 0x02014b50, kEndOfDirectory = 0x06054b50,
                   kZip64End = 0x06064b50, kZip64Locator = 0x07064b50;

// Random access to the archive's bytes: a file or a string.
class Source {
public:
    using Reader = std::function<bool(uint64_t offset, size_t n, char* out)>;
    Source(uint64_t size, Reader read, std::string name) : size_(size), read_(std::move(read)), name_(std::move(name)) {}

    uint64_t size() const { return size_; }
    const std::string& name() const { return name_; }
    [[noreturn]] void fail(const std::string& what) const
    {
        throw InputError(name_, "not a valid model package: " + what);
    }
    std::string bytes(uint64_t offset, uint64_t n) const
    {
        if (offset > size_ || n > size_ - offset)
            fail("a record lies beyond the end of the file (truncated?)");
        std::string out(size_t(n), '\0');
        if (n && !read_(offset, size_t(n), out.data()))
            fail("reading failed");
        return out;
    }

private:
    uint64_t size_;
    Reader read_;
    std::string name_;
};

uint64_t le(const std::string& b, size_t pos, int width)
{
    uint64_t v = 0;
    for (int i = width - 1; i >= 0; --i)
        v = (v << 8) | static_cast<unsigned char>(b[pos + size_t(i)]);
    return v;
}

struct Directory {
    uint64_t entries = 0, size = 0, offset = 0;
};

Directory findDirectory(const Source& src)
{
    if (src.size() < 22)
        src.fail("too short to be a zip archive");
    // The end-of-central-directory record is in the last 64 KiB + 22 bytes (comment ≤ 65535).
    const uint64_t tailLen = std::min<uint64_t>(src.size(), 65535 + 22);
    const uint64_t tailStart = src.size() - tailLen;
    const std::string tail = src.bytes(tailStart, tailLen);
    size_t eocd = std::string::npos;
    for (size_t i = tail.size() - 22 + 1; i-- > 0;)
        if (le(tail, i, 4) == kEndOfDirectory && le(tail, i + 20, 2) == tail.size() - i - 22) {
            eocd = i;
            break;
        }
    if (eocd == std::string::npos)
        src.fail("no zip end-of-directory record (truncated or not a zip file)");
    if (le(tail, eocd + 4, 2) != 0 || le(tail, eocd + 6, 2) != 0)
        src.fail("multi-disk archives are not supported");
    Directory d{le(tail, eocd + 10, 2), le(tail, eocd + 12, 4), le(tail, eocd + 16, 4)};
    const bool needs64 = d.entries == 0xFFFF || d.size == 0xFFFFFFFF || d.offset == 0xFFFFFFFF;
    const uint64_t eocdPos = tailStart + eocd;
    if (eocdPos >= 20) {
        const std::string loc = src.bytes(eocdPos - 20, 20);
        if (le(loc, 0, 4) == kZip64Locator) {
            const uint64_t at = le(loc, 8, 8);
            const std::string rec = src.bytes(at, 56);
            if (le(rec, 0, 4) != kZip64End)
                src.fail("broken zip64 end-of-directory record");
            d = {le(rec, 32, 8), le(rec, 40, 8), le(rec, 48, 8)};
            if (at < d.offset || at - d.offset < d.size)
                src.fail("the zip directory overlaps its end record");
            return d;
        }
    }
    if (needs64)
        src.fail("zip64 sizes without a zip64 end-of-directory record");
    if (eocdPos < d.offset || eocdPos - d.offset < d.size)
        src.fail("the zip directory overlaps its end record");
    return d;
}

bool safeName(const std::string& n)
{
    if (n.empty() || n.size() > kMaxNameLength || n.front() == '/' || n.find('\\') != std::string::npos
        || n.find('\0') != std::string::npos)
        return false;
    size_t start = 0;
    while (start <= n.size()) {
        const size_t end = std::min(n.find('/', start), n.size());
        const std::string part = n.substr(start, end - start);
        if (part == ".." || part == "." || (part.empty() && end != n.size()))
            return false;
        start = end + 1;
    }
    return true;
}

ModelArchiveLayout checkLayout(const Source& src)
{
    const Directory dir = findDirectory(src);
    if (dir.entries == 0)
        src.fail("the zip archive is empty");
    if (dir.entries > kMaxEntries)
        src.fail("too many entries (" + std::to_string(dir.entries) + ")");
    if (dir.entries > dir.size / 46)
        src.fail("the zip directory is too small for its entry count");
    const std::string cd = src.bytes(dir.offset, dir.size);
    ModelArchiveLayout layout;
    std::set<std::string> names;
    size_t pos = 0;
    for (uint64_t e = 0; e < dir.entries; ++e) {
        if (pos + 46 > cd.size() || le(cd, pos, 4) != kCentralHeader)
            src.fail("broken zip directory entry " + std::to_string(e));
        ModelArchiveEntry entry;
        entry.method = uint16_t(le(cd, pos + 10, 2));
        const uint16_t flags = uint16_t(le(cd, pos + 8, 2));
        entry.compressedSize = le(cd, pos + 20, 4);
        entry.size = le(cd, pos + 24, 4);
        const size_t nameLen = size_t(le(cd, pos + 28, 2)), extraLen = size_t(le(cd, pos + 30, 2)),
                     commentLen = size_t(le(cd, pos + 32, 2));
        uint64_t local = le(cd, pos + 42, 4);
        if (pos + 46 + nameLen + extraLen + commentLen > cd.size())
            src.fail("a zip directory entry runs past the directory");
        entry.name = cd.substr(pos + 46, nameLen);
        // zip64 extended information: the fields that were 0xFFFFFFFF, in this order.
        size_t x = pos + 46 + nameLen;
        const size_t xEnd = x + extraLen;
        while (x + 4 <= xEnd) {
            const uint64_t id = le(cd, x, 2), len = le(cd, x + 2, 2);
            if (x + 4 + len > xEnd)
                src.fail("broken zip extra field in " + entry.name);
            if (id == 0x0001) {
                size_t f = x + 4;
                auto take = [&](uint64_t& field) {
                    if (field != 0xFFFFFFFF)
                        return;
                    if (f + 8 > x + 4 + len)
                        src.fail("short zip64 field in " + entry.name);
                    field = le(cd, f, 8);
                    f += 8;
                };
                take(entry.size);
                take(entry.compressedSize);
                take(local);
            }
            x += 4 + size_t(len);
        }
        pos += 46 + nameLen + extraLen + commentLen;

        if (!safeName(entry.name))
            src.fail("unsafe entry name '" + entry.name.substr(0, 80) + "'");
        if (!names.insert(entry.name).second)
            src.fail("entry '" + entry.name + "' appears twice");
        if (flags & 0x1)
            src.fail("encrypted entry '" + entry.name + "'");
        if (entry.method != 0 && entry.method != 8)
            src.fail("entry '" + entry.name + "' uses compression method " + std::to_string(entry.method));
        if (entry.method == 0 && entry.compressedSize != entry.size)
            src.fail("stored entry '" + entry.name + "' has different stored and real sizes");
        if (entry.method == 8 && entry.size / kMaxDeflateRatio > entry.compressedSize)
            src.fail("entry '" + entry.name + "' claims an impossible compression ratio");
        if (entry.size > kMaxTotalSize - layout.totalSize)
            src.fail("the entries are larger than " + std::to_string(kMaxTotalSize >> 30) + " GiB in total");
        layout.totalSize += entry.size;
        // The local header repeats the name; the data follows it and ends before the directory.
        const std::string lh = src.bytes(local, 30);
        if (le(lh, 0, 4) != kLocalHeader)
            src.fail("entry '" + entry.name + "' points at no local header");
        const uint64_t lName = le(lh, 26, 2), lExtra = le(lh, 28, 2);
        if (src.bytes(local + 30, lName) != entry.name)
            src.fail("entry '" + entry.name + "' has a different name in its local header");
        entry.dataOffset = local + 30 + lName + lExtra;
        if (entry.dataOffset > dir.offset || entry.compressedSize > dir.offset - entry.dataOffset)
            src.fail("entry '" + entry.name + "' lies outside the archive's data area");
        layout.entries.push_back(std::move(entry));
    }
    // One root folder (TorchScript names it after the file it was first saved as).
    const std::string& first = layout.entries.front().name;
    const size_t slash = first.find('/');
    if (slash == std::string::npos)
        src.fail("entries are not inside a folder (not a TorchScript archive)");
    layout.root = first.substr(0, slash);
    for (const auto& e : layout.entries)
        if (e.name.compare(0, layout.root.size() + 1, layout.root + "/") != 0)
            src.fail("entry '" + e.name + "' is outside the archive's folder '" + layout.root + "'");
    for (const char* required : {"data.pkl", "version"})
        if (!layout.find(required))
            src.fail(std::string("no ") + required + " (not a TorchScript archive)");
    if (!layout.find("extra/anchorscope.json"))
        throw InputError(src.name(), "the archive has no anchorscope.json (a TorchScript file, but not an Anchorscope "
                                     "model package; import it with import-torchvision)");
    return layout;
}

} // namespace

const ModelArchiveEntry* ModelArchiveLayout::find(const std::string& relativeName) const
{
    const std::string full = root + "/" + relativeName;
    for (const auto& e : entries)
        if (e.name == full)
            return &e;
    return nullptr;
}

ModelArchiveLayout checkModelArchive(const std::string& path)
{
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in)
        throw InputError(path, "cannot open the model file");
    const auto end = in.tellg();
    if (end < 0)
        throw InputError(path, "cannot read the model file");
    Source src(uint64_t(end), [&in](uint64_t off, size_t n, char* out) {
        in.clear();
        in.seekg(std::streamoff(off));
        in.read(out, std::streamsize(n));
        return size_t(in.gcount()) == n;
    }, path);
    return checkLayout(src);
}

ModelArchiveLayout checkModelArchiveBytes(const std::string& bytes, const std::string& source)
{
    Source src(bytes.size(), [&bytes](uint64_t off, size_t n, char* out) {
        std::memcpy(out, bytes.data() + off, n);
        return true;
    }, source);
    return checkLayout(src);
}

} // namespace anchorscope
