#!/usr/bin/python3
"""Regenerates the resampling references in resize/ and their manifest resize/manifest.json.

8-bit cases: small grey, RGB and RGBA source pictures resized by Pillow's Image.resize with
NEAREST, BILINEAR and BICUBIC to sizes that enlarge, shrink (by integer and awkward factors),
and do one of each per axis. Outputs are PNG files; ImageResizer must match them within one
level.

Float cases: a two-plane float source (values outside [0, 1] on purpose) resized plane by plane
by Pillow in mode "F" (PlaneResizer with antialias, the default), and by PyTorch's
interpolate in bilinear mode with and without antialias and bicubic with antialias (the
cases PlaneResizer claims to reproduce). Outputs are raw little-endian float32, planes one
after another.

Run from anywhere: /usr/bin/python3 tests/data/imaging/make_resize_fixtures.py
Needs: Pillow, numpy, and PyTorch for the torch cases.
"""
import json
import os

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "resize")
FILTERS = {"nearest": Image.Resampling.NEAREST, "bilinear": Image.Resampling.BILINEAR, "bicubic": Image.Resampling.BICUBIC}
SOURCE_W, SOURCE_H = 37, 29
SIZES = [(61, 47), (13, 11), (5, 4), (74, 10), (37, 17), (12, 29), (1, 1), (111, 87)]


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    rng = np.random.default_rng(7)
    yy, xx = np.mgrid[0:SOURCE_H, 0:SOURCE_W]
    # Gradients, a hard edge and some noise: smooth areas test interpolation, edges test
    # overshoot clamping of the bicubic's negative lobes.
    base = np.dstack([xx * 7, yy * 9, np.where(xx > 18, 230, 20), 255 - xx * 6]).astype(np.int64)
    base = np.clip(base + rng.integers(-25, 26, size=base.shape), 0, 255).astype(np.uint8)
    alpha = base[..., 3].copy()
    alpha[:5, :5] = 0      # fully transparent corner
    alpha[-5:, -5:] = 255  # fully opaque corner
    sources = {
        "grey": Image.fromarray(base[..., 0], "L"),
        "rgb": Image.fromarray(base[..., :3], "RGB"),
        "rgba": Image.fromarray(np.dstack([base[..., :3], alpha]), "RGBA"),
    }
    manifest = []
    for name, image in sources.items():
        image.save(os.path.join(OUT, f"src-{name}.png"))
        for filter_name, resample in FILTERS.items():
            for w, h in SIZES:
                out = f"{name}-{filter_name}-{w}x{h}.png"
                image.resize((w, h), resample).save(os.path.join(OUT, out))
                manifest.append(dict(kind="image", source=f"src-{name}.png", output=out, width=w, height=h,
                                     filter=filter_name, antialias=True, reference="pillow"))

    planes = np.stack([
        (xx / SOURCE_W * 3.5 - 1.5),
        np.sin(xx / 3.0) * np.cos(yy / 4.0) * 2 + (xx > 20),
    ]).astype(np.float32)
    planes += rng.normal(0, 0.05, size=planes.shape).astype(np.float32)
    planes.astype("<f4").tofile(os.path.join(OUT, "src-float.f32"))
    float_sizes = [(61, 47), (13, 11), (5, 4), (74, 10), (1, 1)]
    for filter_name, resample in FILTERS.items():
        for w, h in float_sizes:
            out = f"float-pillow-{filter_name}-{w}x{h}.f32"
            result = np.stack([np.asarray(Image.fromarray(p, "F").resize((w, h), resample)) for p in planes])
            result.astype("<f4").tofile(os.path.join(OUT, out))
            manifest.append(dict(kind="float", source="src-float.f32", output=out, width=w, height=h,
                                 filter=filter_name, antialias=True, reference="pillow"))
    try:
        import torch
        import torch.nn.functional as F
        x = torch.from_numpy(planes).unsqueeze(0).double()
        for mode, antialias in [("bilinear", False), ("bilinear", True), ("bicubic", True)]:
            for w, h in float_sizes:
                out = f"float-torch-{mode}{'-aa' if antialias else ''}-{w}x{h}.f32"
                y = F.interpolate(x, size=(h, w), mode=mode, align_corners=False, antialias=antialias)
                y[0].numpy().astype("<f4").tofile(os.path.join(OUT, out))
                manifest.append(dict(kind="float", source="src-float.f32", output=out, width=w, height=h,
                                     filter=mode, antialias=antialias, reference="torch"))
    except ImportError:
        print("PyTorch not installed: torch reference cases skipped")

    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(dict(sourceWidth=SOURCE_W, sourceHeight=SOURCE_H, floatPlanes=2, cases=manifest), f, indent=1)
        f.write("\n")
    print(f"{len(manifest)} resize cases")


if __name__ == "__main__":
    main()
