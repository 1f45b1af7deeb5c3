#!/usr/bin/python3
"""Reference values for Harmonia.Data.Synthesis (run with /usr/bin/python3; needs torch and numpy).

torchvision is not used: each colour op is written out here from torchvision's documented
tensor semantics for uint8 images (float32 arithmetic, blends clamped to [0, 255] and truncated
to uint8, hue through HSV in float32, blurred image for sharpness rounded half-to-even), so the
C# ports are checked against an independent float32 computation. The colour-transfer references
follow the algorithms as documented in Harmonia's ColorTransfer, in float64 with numpy.

Writes color_references.json next to this script.
"""
import json
import os

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))


# ----------------------------------------------------------------------------- test images

def make_image(height, width, seed):
    rng = np.random.default_rng(seed)
    img = rng.integers(0, 256, size=(height, width, 3), dtype=np.uint8)
    # A few special pixels: greys (max == min), ties between max channels, saturated primaries.
    img[0, 0] = (128, 128, 128)
    img[0, 1] = (200, 200, 10)
    img[0, 2] = (10, 200, 200)
    img[1, 0] = (255, 0, 0)
    img[1, 1] = (0, 0, 0)
    img[1, 2] = (255, 255, 255)
    img[2, 0] = (30, 200, 30)
    img[2, 1] = (40, 40, 220)
    return img


def make_region(height, width):
    yy, xx = np.mgrid[0:height, 0:width]
    return (((yy - height / 2) ** 2 / (height / 2.2) ** 2 + (xx - width / 2) ** 2 / (width / 2.5) ** 2) <= 1).astype(np.uint8)


# ----------------------------------------------------------------------------- torchvision-like ops (CHW uint8 tensors)

def blend(img1, img2, ratio):
    return (ratio * img1 + (1.0 - ratio) * img2).clamp(0, 255).to(torch.uint8)


def grayscale(img):
    r, g, b = img.unbind(dim=-3)
    return (0.2989 * r + 0.587 * g + 0.114 * b).to(img.dtype).unsqueeze(dim=-3)


def brightness(img, factor):
    return blend(img, torch.zeros_like(img), factor)


def contrast(img, factor, region=None):
    grey = grayscale(img).to(torch.float32)
    if region is None:
        mean = torch.mean(grey, dim=(-3, -2, -1), keepdim=True)
    else:
        sel = grey[0][region.bool()]
        mean = (sel.sum() / torch.tensor(float(sel.numel()), dtype=torch.float32)).reshape(1, 1, 1)
    return blend(img, mean, factor)


def saturation(img, factor):
    return blend(img, grayscale(img), factor)


def rgb2hsv(img):
    r, g, b = img.unbind(dim=-3)
    maxc = torch.max(img, dim=-3).values
    minc = torch.min(img, dim=-3).values
    eqc = maxc == minc
    cr = maxc - minc
    ones = torch.ones_like(maxc)
    s = cr / torch.where(eqc, ones, maxc)
    cr_divisor = torch.where(eqc, ones, cr)
    rc = (maxc - r) / cr_divisor
    gc = (maxc - g) / cr_divisor
    bc = (maxc - b) / cr_divisor
    hr = (maxc == r) * (bc - gc)
    hg = ((maxc == g) & (maxc != r)) * (2.0 + rc - bc)
    hb = ((maxc != g) & (maxc != r)) * (4.0 + gc - rc)
    h = hr + hg + hb
    h = torch.fmod((h / 6.0 + 1.0), 1.0)
    return torch.stack((h, s, maxc), dim=-3)


def hsv2rgb(img):
    h, s, v = img.unbind(dim=-3)
    i = torch.floor(h * 6.0)
    f = (h * 6.0) - i
    i = i.to(dtype=torch.int32)
    p = torch.clamp((v * (1.0 - s)), 0.0, 1.0)
    q = torch.clamp((v * (1.0 - s * f)), 0.0, 1.0)
    t = torch.clamp((v * (1.0 - s * (1.0 - f))), 0.0, 1.0)
    i = i % 6
    mask = i.unsqueeze(dim=-3) == torch.arange(6).view(-1, 1, 1)
    a1 = torch.stack((v, q, p, p, t, v), dim=-3)
    a2 = torch.stack((t, v, v, q, p, p), dim=-3)
    a3 = torch.stack((p, p, t, v, v, q), dim=-3)
    a4 = torch.stack((a1, a2, a3), dim=-4)
    return torch.einsum("...ijk, ...xijk -> ...xjk", mask.to(dtype=img.dtype), a4)


def hue(img, factor):
    x = img.to(torch.float32) / 255.0
    hsv = rgb2hsv(x)
    h, s, v = hsv.unbind(dim=-3)
    h = (h + factor) % 1.0
    rgb = hsv2rgb(torch.stack((h, s, v), dim=-3))
    return rgb.mul(255.0 + 1.0 - 1e-3).to(torch.uint8)


def posterize(img, bits):
    return img & (-int(2 ** (8 - bits)))


def sharpness(img, factor):
    if img.shape[-1] <= 2 or img.shape[-2] <= 2:
        return img
    kernel = torch.ones((3, 3), dtype=torch.float32)
    kernel[1, 1] = 5.0
    kernel /= kernel.sum()
    kernel = kernel.expand(3, 1, 3, 3)
    blurred = torch.nn.functional.conv2d(img.to(torch.float32).unsqueeze(0), kernel, groups=3)[0]
    blurred = torch.round(blurred).to(torch.uint8)
    degenerate = img.clone()
    degenerate[..., 1:-1, 1:-1] = blurred
    return blend(img, degenerate, factor)


def autocontrast(img, region=None):
    x = img.to(torch.float32)
    if region is None:
        minimum = x.amin(dim=(-2, -1), keepdim=True)
        maximum = x.amax(dim=(-2, -1), keepdim=True)
    else:
        sel = x[:, region.bool()]
        minimum = sel.amin(dim=1).reshape(3, 1, 1)
        maximum = sel.amax(dim=1).reshape(3, 1, 1)
    scale = 255.0 / (maximum - minimum)
    eq = torch.isfinite(scale).logical_not()
    minimum[eq] = 0.0
    scale[eq] = 1.0
    return ((x - minimum) * scale).clamp(0, 255).to(torch.uint8)


def jitter_pipeline(img, order, b, c, s, h, do_posterize, do_sharpen, do_autocontrast, region=None):
    for op in order:
        if op == 0:
            img = brightness(img, b)
        elif op == 1:
            img = contrast(img, c, region)
        elif op == 2:
            img = saturation(img, s)
        else:
            img = hue(img, h)
    if do_posterize:
        img = posterize(img, 6)
    if do_sharpen:
        img = sharpness(img, 4.0)
    if do_autocontrast:
        img = autocontrast(img, region)
    return img


# ----------------------------------------------------------------------------- colour transfer (float64)

D65 = (0.95047, 1.0, 1.08883)
DELTA = 6.0 / 29.0


def srgb_to_lab(rgb):  # rgb: (n, 3) in [0, 1]
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    m = np.array([[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]])
    xyz = lin @ m.T / np.array(D65)
    f = np.where(xyz > DELTA ** 3, np.cbrt(xyz), xyz / (3 * DELTA ** 2) + 4.0 / 29.0)
    lab = np.stack([116 * f[:, 1] - 16, 500 * (f[:, 0] - f[:, 1]), 200 * (f[:, 1] - f[:, 2])], axis=1)
    return lab.astype(np.float32).astype(np.float64)  # Harmonia's CieLab hands out float32 values


def lab_to_srgb(lab):
    fy = (lab[:, 0] + 16) / 116
    fx = fy + lab[:, 1] / 500
    fz = fy - lab[:, 2] / 200
    f = np.stack([fx, fy, fz], axis=1)
    xyz = np.where(f > DELTA, f ** 3, (f - 4.0 / 29.0) * 3 * DELTA ** 2) * np.array(D65)
    m = np.array([[3.2404542, -1.5371385, -0.4985314], [-0.9692660, 1.8760108, 0.0415560], [0.0556434, -0.2040259, 1.0572252]])
    lin = xyz @ m.T
    rgb = np.where(lin <= 0.0031308, 12.92 * lin, 1.055 * np.sign(lin) * np.abs(lin) ** (1 / 2.4) - 0.055)
    return rgb.astype(np.float32).astype(np.float64)


MAX_GAIN = 2.0
COVARIANCE_EPSILON = 1.0


def finish(original, transferred, strength):
    out = strength * np.clip(transferred, 0, 255) + (1 - strength) * original
    return np.clip(np.floor(out + 0.5), 0, 255).astype(np.uint8)


def reinhard(src_pixels, tgt_pixels, strength):
    ls, lt = srgb_to_lab(src_pixels / 255.0), srgb_to_lab(tgt_pixels / 255.0)
    ms, ss, mt, st = ls.mean(0), ls.std(0), lt.mean(0), lt.std(0)
    ratio = np.where(ss > 1e-6, np.minimum(st / np.maximum(ss, 1e-6), MAX_GAIN), 1.0)
    out = (ls - ms) * ratio + mt
    rgb = np.clip(lab_to_srgb(out), 0, 1) * 255.0
    return finish(src_pixels, rgb, strength)


def sym_fn(m, fn):
    w, v = np.linalg.eigh(m)
    return (v * fn(w)) @ v.T


def covariance_transfer(src_pixels, tgt_pixels, strength):
    ms, mt = src_pixels.mean(0), tgt_pixels.mean(0)
    cs = np.cov(src_pixels.T, bias=True) + COVARIANCE_EPSILON * np.eye(3)
    ct = np.cov(tgt_pixels.T, bias=True) + COVARIANCE_EPSILON * np.eye(3)
    cs_half = sym_fn(cs, np.sqrt)
    cs_inv_half = sym_fn(cs, lambda w: 1 / np.sqrt(w))
    a = cs_inv_half @ sym_fn(cs_half @ ct @ cs_half, np.sqrt) @ cs_inv_half
    a = sym_fn((a + a.T) / 2, lambda w: np.clip(w, 0, MAX_GAIN))
    out = (src_pixels - ms) @ a.T + mt
    return finish(src_pixels, out, strength)


def histogram_match(src_pixels, tgt_pixels, strength):
    out = np.zeros_like(src_pixels, dtype=np.float64)
    ns, nt = len(src_pixels), len(tgt_pixels)
    for c in range(3):
        cum_s = np.cumsum(np.bincount(src_pixels[:, c].astype(np.int64), minlength=256))
        cum_t = np.cumsum(np.bincount(tgt_pixels[:, c].astype(np.int64), minlength=256))
        mapping = np.array([np.argmax(cum_t * ns >= cum_s[v] * nt) for v in range(256)])
        out[:, c] = mapping[src_pixels[:, c].astype(np.int64)]
    return finish(src_pixels, out, strength)


# ----------------------------------------------------------------------------- main

def chw(img):
    return torch.from_numpy(np.ascontiguousarray(img.transpose(2, 0, 1)))


def hwc_list(t):
    return t.permute(1, 2, 0).flatten().tolist()


def main():
    h, w = 6, 7
    img = make_image(h, w, seed=3)
    region = make_region(h, w)
    t = chw(img)
    reg = torch.from_numpy(region)
    ops = []

    def add(name, result, **params):
        ops.append({"op": name, "params": params, "output": hwc_list(result)})

    for f in (0.5, 0.73, 1.5):
        add("brightness", brightness(t, f), factor=f)
    for f in (0.6, 1.37):
        add("contrast", contrast(t, f), factor=f)
        add("contrast_region", contrast(t, f, reg), factor=f)
    for f in (0.94, 1.06, 0.3, 2.0):
        add("saturation", saturation(t, f), factor=f)
    for f in (-0.05, 0.031, 0.5, -0.5, 0.0):
        add("hue", hue(t, f), factor=f)
    for bits in (6, 3):
        add("posterize", posterize(t, bits), bits=bits)
    for f in (4.0, 0.5):
        add("sharpness", sharpness(t, f), factor=f)
    add("autocontrast", autocontrast(t))
    add("autocontrast_region", autocontrast(t, reg))
    pipelines = [
        dict(order=[3, 1, 0, 2], b=1.31, c=0.72, s=1.04, h=-0.033, posterize=True, sharpen=True, autocontrast=False),
        dict(order=[0, 2, 3, 1], b=0.61, c=1.22, s=0.95, h=0.045, posterize=False, sharpen=False, autocontrast=True),
    ]
    for p in pipelines:
        result = jitter_pipeline(t, p["order"], p["b"], p["c"], p["s"], p["h"], p["posterize"], p["sharpen"], p["autocontrast"], reg)
        add("ffhqh_pipeline_region", result, **p)

    # Colour transfer: source = region of img; target = region of a second image.
    h2, w2 = 9, 8
    target = make_image(h2, w2, seed=11)
    target[:, :, 0] = np.clip(target[:, :, 0].astype(int) // 2 + 100, 0, 255)  # a warmer, flatter target
    target_region = make_region(h2, w2)
    src_pixels = img[region.astype(bool)].astype(np.float64)
    tgt_pixels = target[target_region.astype(bool)].astype(np.float64)
    transfers = []
    for method, fn in (("reinhard_lab", reinhard), ("rgb_covariance", covariance_transfer), ("histogram", histogram_match)):
        for strength in (1.0, 0.55):
            transfers.append({"method": method, "strength": strength, "region_output": fn(src_pixels, tgt_pixels, strength).flatten().tolist()})

    doc = {
        "width": w, "height": h, "image": img.flatten().tolist(), "region": region.flatten().tolist(),
        "ops": ops,
        "target": {"width": w2, "height": h2, "image": target.flatten().tolist(), "region": target_region.flatten().tolist()},
        "transfers": transfers,
    }
    with open(os.path.join(HERE, "color_references.json"), "w") as f:
        json.dump(doc, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
