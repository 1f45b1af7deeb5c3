#!/usr/bin/env python3
"""Exports one of the authors' PyTorch models to ONNX (opset 17) for the ONNX Runtime yardstick.

Usage: bench/export_reference_onnx.py MODEL SIZE OUT.onnx
MODEL is hdnet, hdnet-lite, phnet or phnet-ffhqh. The model is built by the shared tools'
reference.py (set SHARED_TOOLS, default ../shared/tools) from checkouts of the authors'
repositories named by REF_HDNET and REF_PHNET; nothing of their code is copied here. The weights
are the models' initial ones: the file is for timing, not for results. Inputs: composite
[1, 3, SIZE, SIZE] in the model's own range and mask [1, 1, SIZE, SIZE]; output: the raw network
output. The files are generated on demand by bench/compare.sh and not committed.
"""
import os
import sys

import torch

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.environ.get("SHARED_TOOLS", os.path.join(root, "..", "shared", "tools")))
import reference as R  # noqa: E402  (the shared tools' loader of the authors' models)

MODELS = {
    "hdnet": lambda: R.hdnet(32),
    "hdnet-lite": lambda: R.hdnet(8),
    "phnet": lambda: R.phnet(**R.PHNET_IHARMONY),
    "phnet-ffhqh": lambda: R.phnet(**R.PHNET_FFHQH),
}


def per_image_pointwise(x, kernel, **_):
    """x [B, C, H, W] times per-image kernels [B, K*C, 1, 1]: [B, K, H, W]."""
    batch, channels, height, width = x.shape
    out = torch.matmul(kernel.reshape(batch, -1, channels), x.reshape(batch, channels, height * width))
    return out.reshape(batch, -1, height, width)


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in MODELS:
        sys.exit(f"usage: {sys.argv[0]} {'|'.join(MODELS)} SIZE OUT.onnx")
    name, size, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    net = MODELS[name]()
    net.eval()
    composite = torch.rand(1, 3, size, size)
    mask = (torch.rand(1, 1, size, size) > 0.7).float()
    with torch.no_grad():
        expected = net(composite, mask)
    for module in net.modules():
        # HDNet's correlation layers apply per-image 1x1 kernels as one grouped convolution whose
        # kernel shape the ONNX exporter cannot know (its eval path also emits a non-standard "Corr"
        # op). For the export they compute the same products as a batched matrix product.
        if type(module).__name__ == "Correlation":
            module.forward = per_image_pointwise
    with torch.no_grad():
        difference = (net(composite, mask) - expected).abs().max().item()
    if difference > 1e-4:
        sys.exit(f"error: the exported form of {name} differs from the authors' by {difference:.2e}")
    temporary = out + ".partial"
    with torch.no_grad():
        torch.onnx.export(net, (composite, mask), temporary, opset_version=17,
                          input_names=["composite", "mask"], output_names=["output"], do_constant_folding=True)
    os.replace(temporary, out)  # a complete file or none
    print(f"wrote {out}: {name} at {size}x{size}, opset 17", file=sys.stderr)


if __name__ == "__main__":
    main()
