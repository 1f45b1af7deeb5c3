#!/usr/bin/python3
"""Reference values for Harmonia's harmonization metrics, computed independently in float64.

Run with Debian's interpreter (python3-numpy, python3-scipy; python3-skimage optional):
    /usr/bin/python3 tests/data/evaluation/make_metric_reference.py > tests/data/evaluation/metric_reference.json

Images are 8-bit, interleaved (row-major, channels last). Masks hold float32-representable weights
(written as the exact float64 value of the float32) so the C# side, which stores masks as float,
sees the same numbers.

SSIM is computed two ways here and both must agree:
  * "filter then crop": scipy.ndimage.gaussian_filter (sigma 1.5, truncate 3.5 -> 11 taps, reflect
    padding) on the whole image, then dropping 5 pixels at every border (skimage's route);
  * "valid 2-D convolution": scipy.signal.convolve2d(mode="valid") with the outer product of the 11-tap
    kernel (pytorch_msssim's route, which filters without padding).
If skimage is importable its structural_similarity(gaussian_weights=True, sigma=1.5,
use_sample_covariance=False, data_range=255) is recorded as well (null otherwise).
"""
import json
import sys

import numpy as np
import scipy
from scipy import ndimage, signal

try:
    import skimage
    from skimage.metrics import structural_similarity
except ImportError:  # the reference still stands without it
    skimage = None

K1, K2, L = 0.01, 0.03, 255.0
C1, C2 = (K1 * L) ** 2, (K2 * L) ** 2


def gaussian_taps(size=11, sigma=1.5):
    x = np.arange(size, dtype=np.float64) - size // 2
    g = np.exp(-(x ** 2) / (2 * sigma ** 2))
    return g / g.sum()


def ssim_map_from_moments(mx, my, mxx, myy, mxy):
    vx, vy, cxy = mxx - mx * mx, myy - my * my, mxy - mx * my
    return ((2 * mx * my + C1) * (2 * cxy + C2)) / ((mx * mx + my * my + C1) * (vx + vy + C2))


def ssim_filter_then_crop(x, y):
    def blur(a):
        return ndimage.gaussian_filter(a, sigma=1.5, truncate=3.5, mode="reflect")
    s = ssim_map_from_moments(blur(x), blur(y), blur(x * x), blur(y * y), blur(x * y))
    return s[5:-5, 5:-5].mean()


def ssim_valid_convolution(x, y):
    g = gaussian_taps()
    window = np.outer(g, g)
    def blur(a):
        return signal.convolve2d(a, window, mode="valid")
    return ssim_map_from_moments(blur(x), blur(y), blur(x * x), blur(y * y), blur(x * y)).mean()


def expected_values(pred, target, mask):
    p = pred.astype(np.float64)
    t = target.astype(np.float64)
    m = mask.astype(np.float64)
    channels = p.shape[2]
    sq = (p - t) ** 2
    mse = sq.mean()
    fmse_standard = (m[:, :, None] * sq).sum() / (channels * m.sum())
    fmse_squared_masked = ((m[:, :, None] * (p - t)) ** 2).sum() / (channels * m.sum())
    peak_target = t.max()

    def psnr255(e):
        return 10 * np.log10(255.0 ** 2 / e)

    def psnr_target(e):
        return 10 * np.log10(peak_target ** 2 / (e + 1e-6))

    per_channel_crop = [ssim_filter_then_crop(p[:, :, c], t[:, :, c]) for c in range(channels)]
    per_channel_valid = [ssim_valid_convolution(p[:, :, c], t[:, :, c]) for c in range(channels)]
    for a, b in zip(per_channel_crop, per_channel_valid):
        assert abs(a - b) < 1e-12, (a, b)

    sk = None
    if skimage is not None:
        if channels == 1:
            sk = structural_similarity(pred[:, :, 0], target[:, :, 0], gaussian_weights=True, sigma=1.5,
                                       use_sample_covariance=False, data_range=255)
        else:
            sk = structural_similarity(pred, target, gaussian_weights=True, sigma=1.5,
                                       use_sample_covariance=False, data_range=255, channel_axis=-1)
        sk = float(sk)

    return {
        "foreground_ratio": float(m.sum() / (m.shape[0] * m.shape[1])),
        "mse": float(mse),
        "fmse_standard": float(fmse_standard),
        "fmse_squared_masked": float(fmse_squared_masked),
        "psnr_255": float(psnr255(mse)),
        "fpsnr_255": float(psnr255(fmse_standard)),
        "psnr_target_max": float(psnr_target(mse)),
        "fpsnr_target_max": float(psnr_target(fmse_standard)),
        "ssim_per_channel": [float(v) for v in per_channel_crop],
        "ssim": float(np.mean(per_channel_crop)),
        "ssim_skimage": sk,
    }


def case(name, pred, target, mask):
    h, w, c = pred.shape
    return {
        "name": name,
        "width": w,
        "height": h,
        "channels": c,
        "prediction": pred.reshape(-1).tolist(),
        "target": target.reshape(-1).tolist(),
        "mask": [float(v) for v in mask.astype(np.float32).reshape(-1)],
        "expected": expected_values(pred, target, mask.astype(np.float32)),
    }


def main():
    rng = np.random.default_rng(20240611)
    cases = []

    # Independent noise, binary mask.
    t = rng.integers(0, 256, size=(16, 16, 3), dtype=np.uint8)
    p = rng.integers(0, 256, size=(16, 16, 3), dtype=np.uint8)
    m = (rng.random((16, 16)) < 0.3).astype(np.float32)
    cases.append(case("noise_16x16_binary_mask", p, t, m))

    # Textured target, prediction = target + 17 (no clipping), soft mask; non-square to catch transposes.
    t = rng.integers(20, 200, size=(20, 24, 3), dtype=np.uint8)
    p = (t.astype(np.int32) + 17).astype(np.uint8)
    m = rng.random((20, 24)).astype(np.float32)
    cases.append(case("offset17_h20_w24_soft_mask", p, t, m))

    # Smooth structured image with a locally perturbed foreground, soft-edged rectangle mask.
    yy, xx = np.mgrid[0:24, 0:32]
    base = np.stack([4 * xx + 2 * yy, 200 - 3 * yy, 60 + 40 * np.sin(xx / 3.0)], axis=-1)
    t = np.clip(base + rng.normal(0, 4, base.shape), 0, 255).round().astype(np.uint8)
    p = t.astype(np.int32)
    # The perturbation spills one pixel past the hard mask, onto the soft edge, so the fMSE variants differ.
    p[5:19, 7:25] = np.clip(p[5:19, 7:25] * 0.8 + 25 + rng.normal(0, 6, (14, 18, 3)), 0, 255).round()
    p = p.astype(np.uint8)
    m = np.zeros((24, 32), dtype=np.float32)
    m[6:18, 8:24] = 1.0
    m[5, 8:24] = m[18, 8:24] = 0.5
    m[6:18, 7] = m[6:18, 24] = 0.25
    cases.append(case("structured_h24_w32_soft_edge_mask", p, t, m))

    # Grey image with one side at the window size.
    t = rng.integers(0, 256, size=(18, 11, 1), dtype=np.uint8)
    p = np.clip(t.astype(np.int32) + rng.integers(-30, 31, size=t.shape), 0, 255).astype(np.uint8)
    m = (rng.random((18, 11)) < 0.5).astype(np.float32)
    cases.append(case("grey_h18_w11_binary_mask", p, t, m))

    json.dump({
        "generator": "tests/data/evaluation/make_metric_reference.py",
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "skimage": None if skimage is None else skimage.__version__,
        "cases": cases,
    }, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
