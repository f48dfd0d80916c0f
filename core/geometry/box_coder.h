// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Box coders: the (dx, dy, dw, dh) parametrisation relative to a prior box, with weights
// (SSD: 10,10,5,5; RetinaNet: 1,1,1,1) and the dw/dh clamp of torchvision (log(1000/16)),
// in float and in the same operation order as torchvision's BoxCoder so that decoded boxes
// agree to the last bits.
#include "geometry/box.h"

#include <array>
#include <cmath>

namespace anchorscope {

struct BoxCoderWeights {
    float wx = 10.f, wy = 10.f, ww = 5.f, wh = 5.f;
    static BoxCoderWeights ssd() { return {10.f, 10.f, 5.f, 5.f}; }
    static BoxCoderWeights retinanet() { return {1.f, 1.f, 1.f, 1.f}; }
    bool operator==(const BoxCoderWeights& o) const
    {
        return wx == o.wx && wy == o.wy && ww == o.ww && wh == o.wh;
    }
};

class BoxCoder {
public:
    static constexpr float kDefaultClamp = 4.135166556742356f; // log(1000 / 16)

    explicit BoxCoder(BoxCoderWeights w = {}, float dwhClamp = kDefaultClamp) : w_(w), clamp_(dwhClamp) {}

    const BoxCoderWeights& weights() const { return w_; }
    float dwhClamp() const { return clamp_; }

    // Regression targets of `target` relative to `prior` (both xyxy).
    std::array<float, 4> encode(const Boxf& target, const Boxf& prior) const
    {
        const float pw = prior.x2 - prior.x1, ph = prior.y2 - prior.y1;
        const float pcx = prior.x1 + 0.5f * pw, pcy = prior.y1 + 0.5f * ph;
        const float gw = target.x2 - target.x1, gh = target.y2 - target.y1;
        const float gcx = target.x1 + 0.5f * gw, gcy = target.y1 + 0.5f * gh;
        return {w_.wx * (gcx - pcx) / pw, w_.wy * (gcy - pcy) / ph, w_.ww * std::log(gw / pw),
                w_.wh * std::log(gh / ph)};
    }

    // Box predicted by regression `d` (dx, dy, dw, dh) on `prior` (xyxy).
    Boxf decode(const float* d, const Boxf& prior) const
    {
        const float pw = prior.x2 - prior.x1, ph = prior.y2 - prior.y1;
        const float pcx = prior.x1 + 0.5f * pw, pcy = prior.y1 + 0.5f * ph;
        const float dx = d[0] / w_.wx, dy = d[1] / w_.wy;
        const float dw = std::min(d[2] / w_.ww, clamp_), dh = std::min(d[3] / w_.wh, clamp_);
        const float cx = dx * pw + pcx, cy = dy * ph + pcy;
        const float w = std::exp(dw) * pw, h = std::exp(dh) * ph;
        const float hw = 0.5f * w, hh = 0.5f * h;
        return {cx - hw, cy - hh, cx + hw, cy + hh};
    }

private:
    BoxCoderWeights w_;
    float clamp_;
};

} // namespace anchorscope
