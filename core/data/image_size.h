// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Image dimensions without decoding the pixels: PNG, JPEG and BMP headers are read
// directly; other formats fall back to a full OpenCV decode.
#include <string>

namespace anchorscope {

struct ImageSize {
    int width = 0;
    int height = 0;
};

// OpenCV's own thread pool is switched off once per process (the project parallelises
// across images itself); calling cv::setNumThreads from several threads at once crashes
// OpenCV's TBB backend, so every caller goes through this.
void disableOpenCvThreading();

// Throws InputError naming the file when it is missing or not a readable image.
ImageSize readImageSize(const std::string& path);

} // namespace anchorscope
