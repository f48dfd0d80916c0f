// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Box formats and IoU. Model-side boxes are float (as the networks compute them);
// evaluation-side boxes (COCO JSON) are double. Both follow torchvision's conventions:
// continuous coordinates, width = x2 - x1 (no "+1 pixel").
#include <algorithm>

namespace anchorscope {

template <typename T>
struct BoxXYXY {
    T x1 = 0, y1 = 0, x2 = 0, y2 = 0;
    T width() const { return x2 - x1; }
    T height() const { return y2 - y1; }
    T area() const { return (x2 - x1) * (y2 - y1); }
};

template <typename T>
struct BoxXYWH {   // COCO "bbox": top-left corner + size
    T x = 0, y = 0, w = 0, h = 0;
};

template <typename T>
struct BoxCXCYWH { // centre + size, as prior boxes are usually given
    T cx = 0, cy = 0, w = 0, h = 0;
};

using Boxf = BoxXYXY<float>;
using Boxd = BoxXYXY<double>;

template <typename T>
BoxXYXY<T> toXYXY(const BoxXYWH<T>& b) { return {b.x, b.y, b.x + b.w, b.y + b.h}; }
template <typename T>
BoxXYXY<T> toXYXY(const BoxCXCYWH<T>& b)
{
    return {b.cx - T(0.5) * b.w, b.cy - T(0.5) * b.h, b.cx + T(0.5) * b.w, b.cy + T(0.5) * b.h};
}
template <typename T>
BoxXYWH<T> toXYWH(const BoxXYXY<T>& b) { return {b.x1, b.y1, b.x2 - b.x1, b.y2 - b.y1}; }
template <typename T>
BoxCXCYWH<T> toCXCYWH(const BoxXYXY<T>& b)
{
    const T w = b.x2 - b.x1, h = b.y2 - b.y1;
    return {b.x1 + T(0.5) * w, b.y1 + T(0.5) * h, w, h};
}

// Intersection over union with torchvision's arithmetic (areas from corners, intersection
// clamped at 0). Returns 0 when the union is empty.
template <typename T>
T iou(const BoxXYXY<T>& a, const BoxXYXY<T>& b)
{
    const T iw = std::max(T(0), std::min(a.x2, b.x2) - std::max(a.x1, b.x1));
    const T ih = std::max(T(0), std::min(a.y2, b.y2) - std::max(a.y1, b.y1));
    const T inter = iw * ih;
    const T uni = a.area() + b.area() - inter;
    return uni > T(0) ? inter / uni : T(0);
}

// Clamps a box to an image of the given size (torchvision clip_boxes_to_image).
template <typename T>
BoxXYXY<T> clipToImage(const BoxXYXY<T>& b, T width, T height)
{
    auto cl = [](T v, T hi) { return std::min(std::max(v, T(0)), hi); };
    return {cl(b.x1, width), cl(b.y1, height), cl(b.x2, width), cl(b.y2, height)};
}

} // namespace anchorscope
