# SPDX-License-Identifier: GPL-3.0-or-later
"""Generated test images: uniform noise with coloured rectangles, written as PNGs."""
import os

import torch
from torchvision.io import write_png


def write_noise_images(folder, g, sizes, rectangles, max_side, prefix):
    """One image per (height, width) in `sizes`, each with `rectangles` rectangles of sides
    20..max_side; returns the uint8 tensors and their COCO image entries (ids from 1)."""
    os.makedirs(folder, exist_ok=True)
    images, entries = [], []
    for i, (h, w) in enumerate(sizes):
        img = (torch.rand(3, h, w, generator=g) * 60 + 80).to(torch.uint8)
        for _ in range(rectangles):
            y = int(torch.randint(0, h - 40, (1,), generator=g))
            x = int(torch.randint(0, w - 40, (1,), generator=g))
            hh = int(torch.randint(20, min(max_side, h - y), (1,), generator=g))
            ww = int(torch.randint(20, min(max_side, w - x), (1,), generator=g))
            img[:, y:y + hh, x:x + ww] = (torch.rand(3, 1, 1, generator=g) * 255).to(torch.uint8)
        name = f"{prefix}{i}.png"
        write_png(img, os.path.join(folder, name))
        images.append(img)
        entries.append({"id": i + 1, "file_name": name, "width": w, "height": h})
    return images, entries
