// SPDX-License-Identifier: GPL-3.0-or-later
// The end-to-end export's post-processing under the torchvision tie rule: torchvision's own
// operations in TorchScript (softmax over [N, boxes, classes] or a sigmoid per level, topk,
// BoxCoder.decode_single, clip_boxes_to_image, batched_nms with its two paths, the NMS
// kernel's stable order), so that the exported module's detections are torchvision's —
// ties included — and equal the engine's (eval/torchvision_selection.h).
#include "models/end_to_end.h"

#include "util/error.h"

#include <cmath>
#include <limits>
#include <sstream>

namespace anchorscope {

namespace {

// torchvision compares the float IoU with a double threshold t: x > t holds exactly when x
// is above the largest float not above t, which TorchScript's float comparison can test.
float floatBelowOrAt(double t)
{
    float f = float(t);
    if (double(f) > t)
        f = std::nextafter(f, -std::numeric_limits<float>::infinity());
    return f;
}

} // namespace

std::string endToEndTorchvisionSource(const ModelMeta& m, const std::vector<int64_t>& boxesPerLevel)
{
    const PostProcessSettings& s = m.postprocess;
    std::ostringstream o;
    o.precision(9);
    const bool softmax = s.scoreFunction == ScoreFunction::Softmax;
    // forward: normalise, the raw model, scores as torchvision computes them, per image.
    o << "def forward(self, images: Tensor) -> List[Tuple[Tensor, Tensor, Tensor]]:\n"
      << "    x = (images - self.mean.view(1, 3, 1, 1)) / self.std.view(1, 3, 1, 1)\n"
      << "    out = self.model.forward(x)\n"
      << "    logits = out[0]\n"
      << "    reg = out[1]\n";
    if (softmax)
        o << "    logits = torch.softmax(logits, -1)\n";
    o << "    results: List[Tuple[Tensor, Tensor, Tensor]] = []\n"
      << "    for n in range(logits.size(0)):\n"
      << "        results.append(self.postprocess(logits[n], reg[n]))\n"
      << "    return results\n\n";

    // decode_single + clip_boxes_to_image, operation for operation.
    o << "def decode(self, rel: Tensor, pri: Tensor) -> Tensor:\n"
      << "    widths = pri[:, 2] - pri[:, 0]\n"
      << "    heights = pri[:, 3] - pri[:, 1]\n"
      << "    ctr_x = pri[:, 0] + 0.5 * widths\n"
      << "    ctr_y = pri[:, 1] + 0.5 * heights\n"
      << "    dx = rel[:, 0::4] / " << double(s.coderWeights.wx) << "\n"
      << "    dy = rel[:, 1::4] / " << double(s.coderWeights.wy) << "\n"
      << "    dw = torch.clamp(rel[:, 2::4] / " << double(s.coderWeights.ww) << ", max=" << double(s.dwhClamp) << ")\n"
      << "    dh = torch.clamp(rel[:, 3::4] / " << double(s.coderWeights.wh) << ", max=" << double(s.dwhClamp) << ")\n"
      << "    pcx = dx * widths.unsqueeze(1) + ctr_x.unsqueeze(1)\n"
      << "    pcy = dy * heights.unsqueeze(1) + ctr_y.unsqueeze(1)\n"
      << "    pw = torch.exp(dw) * widths.unsqueeze(1)\n"
      << "    ph = torch.exp(dh) * heights.unsqueeze(1)\n"
      << "    cch = 0.5 * ph\n"
      << "    ccw = 0.5 * pw\n"
      << "    boxes = torch.stack([pcx - ccw, pcy - cch, pcx + ccw, pcy + cch], 2).flatten(1)\n";
    if (s.clipBoxes)
        o << "    bx = boxes[:, 0::2].clamp(min=0.0, max=" << m.inputW << ".0)\n"
          << "    by = boxes[:, 1::2].clamp(min=0.0, max=" << m.inputH << ".0)\n"
          << "    boxes = torch.stack([bx, by], 2).reshape(boxes.size())\n";
    o << "    return boxes\n\n";

    // torchvision's NMS kernel: stable descending order, greedy, float IoU vs double threshold.
    o << "def nms(self, boxes: Tensor, scores: Tensor) -> Tensor:\n"
      << "    x1 = boxes[:, 0].contiguous()\n"
      << "    y1 = boxes[:, 1].contiguous()\n"
      << "    x2 = boxes[:, 2].contiguous()\n"
      << "    y2 = boxes[:, 3].contiguous()\n"
      << "    areas = (x2 - x1) * (y2 - y1)\n"
      << "    order = torch.sort(scores, stable=True, descending=True)[1]\n"
      << "    suppressed = torch.zeros_like(scores) > 1.0\n"
      << "    keep: List[int] = []\n"
      << "    for k in range(order.size(0)):\n"
      << "        i = int(order[k])\n"
      << "        if bool(suppressed[i]):\n"
      << "            continue\n"
      << "        keep.append(i)\n"
      << "        rest = order[k + 1:]\n"
      << "        xx1 = torch.clamp(x1[rest], min=float(x1[i]))\n"
      << "        yy1 = torch.clamp(y1[rest], min=float(y1[i]))\n"
      << "        xx2 = torch.clamp(x2[rest], max=float(x2[i]))\n"
      << "        yy2 = torch.clamp(y2[rest], max=float(y2[i]))\n"
      << "        inter = torch.clamp(xx2 - xx1, min=0.0) * torch.clamp(yy2 - yy1, min=0.0)\n"
      << "        ovr = inter / (areas[i] + areas[rest] - inter)\n"
      << "        suppressed[rest[ovr > " << double(floatBelowOrAt(s.nmsIou)) << "]] = True\n"
      << "    return torch.tensor(keep, dtype=4)\n\n";

    // batched_nms: the per-class loop above 1000 boxes (and its unstable final sort), the
    // coordinate trick below.
    o << "def batched_nms(self, boxes: Tensor, scores: Tensor, idxs: Tensor) -> Tensor:\n";
    if (s.classAgnosticNms) {
        o << "    return self.nms(boxes, scores)\n\n";
    } else {
        o << "    if boxes.numel() > 4000:\n"
          << "        keep_mask = torch.zeros_like(scores) > 1.0\n"
          << "        for c in range(" << m.numClasses << "):\n" // torch.unique's ascending order
          << "            curr = torch.nonzero(idxs == c).reshape(-1)\n"
          << "            if curr.numel() > 0:\n"
          << "                keep_mask[curr[self.nms(boxes[curr], scores[curr])]] = True\n"
          << "        keep_indices = torch.nonzero(keep_mask).reshape(-1)\n"
          << "        return keep_indices[torch.sort(scores[keep_indices], descending=True)[1]]\n"
          << "    if boxes.numel() == 0:\n"
          << "        return torch.nonzero(scores > 2.0).reshape(-1)\n"
          << "    offsets = idxs.type_as(boxes) * (boxes.max() + 1.0)\n"
          << "    return self.nms(boxes + offsets.unsqueeze(1), scores)\n\n";
    }

    // Selection per image.
    o << "def postprocess(self, scores: Tensor, reg: Tensor) -> Tuple[Tensor, Tensor, Tensor]:\n"
      << "    parts_b: List[Tensor] = []\n"
      << "    parts_s: List[Tensor] = []\n"
      << "    parts_l: List[Tensor] = []\n";
    const double thr = double(s.scoreThreshold);
    if (softmax) {
        if (s.topkMode == TopKMode::PerLevel)
            throw InputError("the end-to-end export of a softmax model with per-level top-k is not supported");
        o << "    boxes = self.decode(reg, self.priors)\n"
          << "    for label in range(" << m.numClasses << "):\n"
          << "        if label != " << s.backgroundIndex << ":\n"
          << "            score = scores[:, label]\n"
          << "            keep = score > " << thr << "\n"
          << "            score = score[keep]\n"
          << "            box = boxes[keep]\n";
        if (s.topkMode == TopKMode::PerClass)
            o << "            top = score.topk(min(" << s.topk << ", score.size(0)))\n"
              << "            score = top[0]\n"
              << "            box = box[top[1]]\n";
        o << "            parts_b.append(box)\n"
          << "            parts_s.append(score)\n"
          << "            parts_l.append(torch.full_like(score, label, dtype=4))\n";
    } else {
        if (s.topkMode == TopKMode::PerClass)
            throw InputError("the end-to-end export of a sigmoid model with per-class top-k is not supported");
        int64_t start = 0;
        const int K = m.numClasses;
        for (int64_t n : boxesPerLevel) {
            if (n > 0) {
                o << "    sc = torch.sigmoid(scores[" << start << ":" << start + n << "]).flatten()\n"
                  << "    keep = sc > " << thr << "\n"
                  << "    sc = sc[keep]\n"
                  << "    idx = torch.nonzero(keep).reshape(-1)\n";
                if (s.topkMode == TopKMode::PerLevel)
                    o << "    top = sc.topk(min(" << s.topk << ", idx.size(0)))\n"
                      << "    sc = top[0]\n"
                      << "    idx = idx[top[1]]\n";
                o << "    a = torch.div(idx, " << K << ", rounding_mode='floor')\n"
                  << "    parts_l.append(idx % " << K << ")\n"
                  << "    parts_s.append(sc)\n"
                  << "    parts_b.append(self.decode(reg[" << start << ":" << start + n << "][a], self.priors[" << start
                  << ":" << start + n << "][a]))\n";
            }
            start += n;
        }
    }
    o << "    b = torch.cat(parts_b, 0)\n"
      << "    s = torch.cat(parts_s, 0)\n"
      << "    l = torch.cat(parts_l, 0)\n"
      << "    keep = self.batched_nms(b, s, l)\n";
    if (s.maxDetections > 0)
        o << "    keep = keep[:" << s.maxDetections << "]\n";
    o << "    return b[keep], s[keep], l[keep]\n";
    return o.str();
}

} // namespace anchorscope
