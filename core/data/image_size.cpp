// SPDX-License-Identifier: GPL-3.0-or-later
#include "data/image_size.h"

#include "util/error.h"

#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <vector>

namespace anchorscope {

namespace {

uint32_t be16(const unsigned char* p) { return uint32_t(p[0]) << 8 | p[1]; }
uint32_t be32(const unsigned char* p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }
int32_t le32(const unsigned char* p) { return int32_t(uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24); }

bool jpegSize(std::ifstream& in, ImageSize& out)
{
    in.seekg(2);
    unsigned char m[9];
    for (int guard = 0; guard < 10000; ++guard) {
        int c = in.get();
        while (c != EOF && c != 0xFF)
            c = in.get();
        while (c == 0xFF)
            c = in.get();
        if (c == EOF)
            return false;
        const int marker = c;
        if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01)
            continue; // markers without a length
        if (!in.read(reinterpret_cast<char*>(m), 2))
            return false;
        const uint32_t len = be16(m);
        if (len < 2)
            return false;
        const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof) {
            if (!in.read(reinterpret_cast<char*>(m), 5))
                return false;
            out.height = int(be16(m + 1));
            out.width = int(be16(m + 3));
            return out.width > 0 && out.height > 0;
        }
        in.seekg(long(len) - 2, std::ios::cur);
        if (!in)
            return false;
    }
    return false;
}

} // namespace

void disableOpenCvThreading()
{
    static std::once_flag once;
    std::call_once(once, []() { cv::setNumThreads(1); });
}

ImageSize readImageSize(const std::string& path)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw InputError(path, "image file not found");
    std::ifstream in(path, std::ios::binary);
    unsigned char h[32] = {};
    in.read(reinterpret_cast<char*>(h), sizeof h);
    const auto got = in.gcount();
    in.clear();
    ImageSize s;
    if (got >= 24 && h[0] == 0x89 && h[1] == 'P' && h[2] == 'N' && h[3] == 'G') {
        s.width = int(be32(h + 16));
        s.height = int(be32(h + 20));
        if (s.width > 0 && s.height > 0)
            return s;
    } else if (got >= 4 && h[0] == 0xFF && h[1] == 0xD8) {
        if (jpegSize(in, s))
            return s;
    } else if (got >= 26 && h[0] == 'B' && h[1] == 'M') {
        s.width = le32(h + 18);
        s.height = std::abs(le32(h + 22));
        if (s.width > 0 && s.height > 0)
            return s;
    }
    const cv::Mat img = cv::imread(path, cv::IMREAD_UNCHANGED | cv::IMREAD_IGNORE_ORIENTATION);
    if (img.empty())
        throw InputError(path, "not a readable image");
    return {img.cols, img.rows};
}

} // namespace anchorscope
