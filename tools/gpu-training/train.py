"""Trains Harmonia's bundled models on a GPU, with composites synthesized on the fly.

Harmonia trains on the CPU (`harmonia train`); this script is for the days when a GPU is at hand. It
runs the authors' own PyTorch networks (loaded at run time from checkouts of chenhaoxing/HDNet and
befozg/PHNet, never copied here), so the state_dict keys are exactly those Harmonia loads, and writes
safetensors files that `harmonia convert` and `harmonia run --weights` read directly.

Every step draws a fresh composite for each photo of the batch (Harmonia's synthesis recipes, written
again in batched torch; docs/training.md gives the distribution):
  identity    the composite is the photo itself (teaches the model to leave a harmonious photo alone)
  lighting    white balance along warm-cool, tint, exposure, contrast, gamma, saturation; no hue rotation
  transfer    Reinhard colour transfer in Lab toward another photo's object or whole image, at strength
              0.3-1, followed by exposure, white balance and gamma with probability 1/2 each (iHarmony4-like)

Usage (inputs: JPEG photos and PNG masks with matching names, and the list of training photos):
  python3 train.py --model hdnet-lite --photos P --masks M --train-list L --minutes 7 --out DIR \
      [--init weights.safetensors] [--batch 64] [--lr 1e-3] [--snapshots 0.05,0.1,...]

Outputs in DIR: snapshot-NNN.safetensors at the given fractions of the time budget, final.safetensors,
and log.jsonl (one line per 50 steps: step, images seen, seconds, learning rate, loss).
"""
import argparse, importlib.util, json, math, os, struct, sys, time, types

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

PRESETS = {
    "hdnet-lite": dict(family="hdnet", ngf=8),
    "hdnet": dict(family="hdnet", ngf=32),
    "phnet-lite": dict(family="phnet", enc_sizes=[3, 8, 16, 32, 64, 128, 256], grid_count=[10, 5, 1]),
    "phnet": dict(family="phnet", enc_sizes=[3, 16, 32, 64, 128, 256, 512], grid_count=[10, 5, 1]),
}

# ----------------------------------------------------------------------------- reference networks

def _fake_module(name, **attrs):
    module = sys.modules.get(name) or types.ModuleType(name)
    for key, value in attrs.items():
        setattr(module, key, value)
    sys.modules[name] = module
    return module


def build_network(preset, hdnet_root, phnet_root):
    spec = PRESETS[preset]
    if spec["family"] == "hdnet":
        sys.path.insert(0, hdnet_root)
        _fake_module("imp")  # imported but unused by the authors' networks.py; gone from Python 3.12
        from models import networks
        net = networks.HDNet(3, 3, spec["ngf"], norm_layer=networks.get_norm_layer("RAIN"), use_attention=True)
        networks.init_weights(net, "normal", 0.02)
        return net
    # PHNet's model.py imports cv2 and torchvision for its data code only.
    _fake_module("cv2")
    vision = _fake_module("torchvision")
    vision.transforms = _fake_module("torchvision.transforms")
    package = _fake_module("phnet_tools")
    package.__path__ = [os.path.join(phnet_root, "tools")]

    def load(name, relative):
        module_spec = importlib.util.spec_from_file_location(name, os.path.join(phnet_root, relative))
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[name] = module
        module_spec.loader.exec_module(module)
        return module

    source = open(os.path.join(phnet_root, "tools", "model.py")).read()
    if "from .normalizer" in source:
        load("phnet_tools.normalizer", "tools/normalizer.py")
        sys.modules["tools"] = package
        sys.modules["tools.normalizer"] = sys.modules["phnet_tools.normalizer"]
    model = load("phnet_tools.model", "tools/model.py")
    return model.PHNet(enc_sizes=spec["enc_sizes"], grid_count=spec["grid_count"])

# ----------------------------------------------------------------------------- safetensors

def read_safetensors(path):
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        data = f.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] not in ("F32", "I64"):
            raise SystemExit(f"{path}: tensor {name} has dtype {entry['dtype']}; expected F32 or I64")
        start, end = entry["data_offsets"]
        kind = "<f4" if entry["dtype"] == "F32" else "<i8"
        tensors[name] = torch.from_numpy(np.frombuffer(data[start:end], dtype=kind).copy()).reshape(entry["shape"])
    return tensors, header.get("__metadata__", {})


def write_safetensors(path, state, metadata):
    """Writes float32 and int64 tensors atomically: a temporary file, fsync, rename."""
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, tensor in state.items():
        integer = tensor.dtype == torch.int64  # BatchNorm's num_batches_tracked
        array = tensor.detach().cpu().contiguous().numpy()
        raw = array.astype("<i8" if integer else "<f4").tobytes()
        header[name] = {"dtype": "I64" if integer else "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    encoded = json.dumps(header, separators=(",", ":")).encode()
    encoded += b" " * (-len(encoded) % 8)
    temporary = path + ".tmp"
    with open(temporary, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for raw in blobs:
            f.write(raw)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporary, path)

# ----------------------------------------------------------------------------- data

def load_photos(photos, masks, names, device):
    """Photos NAME.jpg, .png or .webp; masks as NAME.png files or one .npz of bit-packed masks
    (arrays 'masks' [N, H, W/8] and 'names')."""
    def open_photo(name):
        for extension in (".jpg", ".png", ".webp"):
            path = os.path.join(photos, name + extension)
            if os.path.exists(path):
                return np.asarray(Image.open(path).convert("RGB"))
        raise SystemExit(f"{photos}: no photo named {name}")
    images = np.stack([open_photo(n) for n in names])
    if masks.endswith(".npz"):
        packed = np.load(masks)
        position = {str(n): i for i, n in enumerate(packed["names"])}
        bits = np.unpackbits(packed["masks"], axis=-1)[..., : images.shape[2]].astype(bool)
        regions = np.stack([bits[position[n]] for n in names])
    else:
        regions = np.stack([np.asarray(Image.open(os.path.join(masks, n + ".png")).convert("L")) >= 128 for n in names])
    images = torch.from_numpy(images).permute(0, 3, 1, 2).contiguous().to(device)  # uint8 N,3,H,W
    regions = torch.from_numpy(regions)[:, None].to(device)                       # bool  N,1,H,W
    return images, regions


# sRGB (D65) <-> CIE Lab, batched, values in [0, 1].
_RGB_TO_XYZ = torch.tensor([[0.4124564, 0.3575761, 0.1804375],
                            [0.2126729, 0.7151522, 0.0721750],
                            [0.0193339, 0.1191920, 0.9503041]])
_WHITE = torch.tensor([0.95047, 1.0, 1.08883])


def srgb_to_linear(x):
    return torch.where(x <= 0.04045, x / 12.92, ((x.clamp(min=0) + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(x):
    x = x.clamp(0, 1)
    return torch.where(x <= 0.0031308, x * 12.92, 1.055 * x.clamp(min=1e-12) ** (1 / 2.4) - 0.055)


def rgb_to_lab(rgb):
    xyz = torch.einsum("ij,bjhw->bihw", _RGB_TO_XYZ.to(rgb), srgb_to_linear(rgb)) / _WHITE.to(rgb)[None, :, None, None]
    f = torch.where(xyz > (6 / 29) ** 3, xyz.clamp(min=1e-12) ** (1 / 3), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return torch.stack([116 * f[:, 1] - 16, 500 * (f[:, 0] - f[:, 1]), 200 * (f[:, 1] - f[:, 2])], 1)


def lab_to_rgb(lab):
    fy = (lab[:, 0] + 16) / 116
    f = torch.stack([fy + lab[:, 1] / 500, fy, fy - lab[:, 2] / 200], 1)
    xyz = torch.where(f > 6 / 29, f ** 3, 3 * (6 / 29) ** 2 * (f - 4 / 29)) * _WHITE.to(lab)[None, :, None, None]
    return linear_to_srgb(torch.einsum("ij,bjhw->bihw", torch.linalg.inv(_RGB_TO_XYZ).to(lab), xyz))


def region_moments(values, region):
    """Per-sample, per-channel mean and standard deviation of values over a boolean region."""
    weight = region.float()
    count = weight.sum((2, 3)).clamp(min=1)
    mean = (values * weight).sum((2, 3)) / count
    variance = (((values - mean[..., None, None]) ** 2) * weight).sum((2, 3)) / count
    return mean, variance.clamp(min=1e-6).sqrt()


def draw(shape, low, high, generator, device):
    return torch.empty(shape, device=device).uniform_(low, high, generator=generator)


def lighting_shift(x, region, generator, light_only=False):
    """A camera-and-light change of each sample's pixels; each part is applied with probability 0.7
    (0.5 and only exposure, white balance and gamma when light_only), all parameters centred on no change."""
    b, device = x.shape[0], x.device
    chance = 0.5 if light_only else 0.7

    def on(p=chance):
        return (draw((b,), 0, 1, generator, device) < p).float()[:, None, None, None]

    linear = srgb_to_linear(x)
    temperature = draw((b,), -0.35, 0.35, generator, device) * on()[:, 0, 0, 0]
    tint = torch.zeros_like(temperature) if light_only else draw((b,), -0.12, 0.12, generator, device) * on()[:, 0, 0, 0]
    # log2 gains per channel: warm (+R, -B) to cool (-R, +B), and green-magenta tint on G.
    log_gain = torch.stack([temperature, -tint, -temperature], 1)
    exposure = draw((b,), -1.0, 1.0, generator, device) * on()[:, 0, 0, 0]
    linear = linear * torch.exp2(log_gain + exposure[:, None])[..., None, None]
    y = linear_to_srgb(linear)
    if not light_only:
        contrast = torch.exp(draw((b,), -0.4, 0.4, generator, device))[:, None, None, None]
        luminance = (0.299 * y[:, 0:1] + 0.587 * y[:, 1:2] + 0.114 * y[:, 2:3])
        mean, _ = region_moments(luminance, region)
        y = torch.lerp(y, mean[..., None, None] + (y - mean[..., None, None]) * contrast, on())
    gamma = torch.exp(draw((b,), -0.35, 0.35, generator, device))[:, None, None, None]
    y = torch.lerp(y, y.clamp(min=0) ** gamma, on())
    if not light_only:
        saturation = torch.exp(draw((b,), -0.5, 0.4, generator, device))[:, None, None, None]
        grey = 0.299 * y[:, 0:1] + 0.587 * y[:, 1:2] + 0.114 * y[:, 2:3]
        y = torch.lerp(y, grey + (y - grey) * saturation, on())
    return y.clamp(0, 1)


def colour_transfer(x, region, references, reference_regions, generator):
    """Reinhard transfer in Lab of each sample's object toward its reference's object (or whole image)."""
    b, device = x.shape[0], x.device
    lab = rgb_to_lab(x)
    source_mean, source_std = region_moments(lab, region)
    use_object = draw((b,), 0, 1, generator, device) < 0.5
    target_region = torch.where(use_object[:, None, None, None], reference_regions, torch.ones_like(reference_regions))
    target_mean, target_std = region_moments(rgb_to_lab(references), target_region)
    moved = (lab - source_mean[..., None, None]) / source_std[..., None, None] * target_std[..., None, None] + target_mean[..., None, None]
    strength = draw((b,), 0.3, 1.0, generator, device)[:, None, None, None]
    y = lab_to_rgb(torch.lerp(lab, moved, strength)).clamp(0, 1)
    return lighting_shift(y, region, generator, light_only=True)


def synthesize(images, regions, indices, generator, identity_share, transfer_share):
    """Composite, real and mask in [0, 1] for the photos at indices, with random flips."""
    real = images[indices].float() / 255
    mask = regions[indices]
    flip = torch.rand(len(indices), device=real.device, generator=generator) < 0.5
    real = torch.where(flip[:, None, None, None], real.flip(3), real)
    mask = torch.where(flip[:, None, None, None], mask.flip(3), mask)
    others = torch.randint(0, images.shape[0], (len(indices),), device=real.device, generator=generator)
    shifted_light = lighting_shift(real, mask, generator)
    shifted_transfer = colour_transfer(real, mask, images[others].float() / 255, regions[others], generator)
    choice = torch.rand(len(indices), device=real.device, generator=generator)
    shifted = torch.where((choice < transfer_share)[:, None, None, None], shifted_transfer, shifted_light)
    shifted = torch.where((choice >= 1 - identity_share)[:, None, None, None], real, shifted)
    shifted = torch.round(shifted * 255) / 255  # composites are 8-bit images
    maskf = mask.float()
    composite = maskf * shifted + (1 - maskf) * real
    return composite, real, maskf

# ----------------------------------------------------------------------------- objectives

def masked_mse(output, target, mask, min_area=100.0):
    """Foreground-normalized MSE (HDNet's MaskWeightedMSE): squared error over the image / (C * max(area, 100))."""
    error = ((output - target) ** 2).sum((1, 2, 3))
    area = mask.sum((1, 2, 3)).clamp(min=min_area)
    return (error / (area * output.shape[1])).mean()


def masked_gradient_l1(output, target, mask):
    a, b = output * mask, target * mask
    dx = (a[..., :, 1:] - a[..., :, :-1]) - (b[..., :, 1:] - b[..., :, :-1])
    dy = (a[..., 1:, :] - a[..., :-1, :]) - (b[..., 1:, :] - b[..., :-1, :])
    return dx.abs().mean() + dy.abs().mean()


def loss_of(family, net, composite, real, mask):
    if family == "hdnet":
        # HDNet's recipe: [-1, 1] values, the output blended into the composite's background.
        c, r = composite * 2 - 1, real * 2 - 1
        blended = net(c, mask) * mask + c * (1 - mask)
        return masked_mse(blended, r, mask)
    # PHNet: [0, 1] values; the blended output's foreground MSE plus PHNet's masked-gradient term,
    # which penalizes texture the real photo does not have.
    blended = net(composite, mask) * mask + composite * (1 - mask)
    return masked_mse(blended, real, mask) + 0.1 * masked_gradient_l1(blended, real, mask)

# ----------------------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=sorted(PRESETS), required=True)
    parser.add_argument("--photos", required=True)
    parser.add_argument("--masks", required=True)
    parser.add_argument("--train-list", required=True, help="file with one photo name (no extension) per line")
    parser.add_argument("--out", required=True)
    parser.add_argument("--minutes", type=float, required=True, help="wall-clock training budget")
    parser.add_argument("--init", help="start from these weights (safetensors)")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--final-lr", type=float, default=1e-5)
    parser.add_argument("--warmup-steps", type=int, default=100)
    parser.add_argument("--identity-share", type=float, default=0.15)
    parser.add_argument("--transfer-share", type=float, default=0.4)
    parser.add_argument("--snapshots", default="0.05,0.1,0.2,0.35,0.5,0.75")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hdnet-ref", default=os.environ.get("REF_HDNET", ""))
    parser.add_argument("--phnet-ref", default=os.environ.get("REF_PHNET", ""))
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--max-photos", type=int, default=0, help="use only the first N photos (smoke tests)")
    args = parser.parse_args()

    started = time.time()
    deadline = started + args.minutes * 60
    os.makedirs(args.out, exist_ok=True)
    torch.manual_seed(args.seed)
    torch.backends.cudnn.benchmark = True
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.allow_tf32 = True
    device = torch.device(args.device)
    generator = torch.Generator(device=device)
    generator.manual_seed(args.seed)

    names = [line.strip() for line in open(args.train_list) if line.strip()]
    if args.max_photos:
        names = names[: args.max_photos]
    images, regions = load_photos(args.photos, args.masks, names, device)
    family = PRESETS[args.model]["family"]
    net = build_network(args.model, args.hdnet_ref, args.phnet_ref)
    init_metadata = {}
    if args.init:
        state, init_metadata = read_safetensors(args.init)
        missing, unexpected = net.load_state_dict(state, strict=False)
        trainable_missing = [k for k in missing if not k.endswith("num_batches_tracked")]
        if trainable_missing or unexpected:
            raise SystemExit(f"{args.init}: does not fit {args.model}: missing {trainable_missing[:5]}, unexpected {unexpected[:5]}")
    net.to(device).train()
    optimizer = torch.optim.Adam(net.parameters(), lr=args.lr, betas=(0.9, 0.999))
    snapshot_fractions = sorted(float(s) for s in args.snapshots.split(",") if s)
    log = open(os.path.join(args.out, "log.jsonl"), "a")
    print(f"{args.model}: {sum(p.numel() for p in net.parameters())} parameters, {len(names)} photos, "
          f"loaded in {time.time() - started:.1f} s", flush=True)

    def save(path, step, seen):
        metadata = {"harmonia.gpu_training": json.dumps({
            "preset": args.model, "step": step, "images_seen": seen, "seconds": round(time.time() - started, 1),
            "batch": args.batch, "lr": args.lr, "final_lr": args.final_lr, "identity_share": args.identity_share,
            "transfer_share": args.transfer_share, "init": os.path.basename(args.init) if args.init else None,
            "device": torch.cuda.get_device_name(0) if device.type == "cuda" else "cpu", "torch": torch.__version__})}
        write_safetensors(path, net.state_dict(), metadata)

    train_start = time.time()
    budget = max(deadline - train_start, 1.0)
    step, seen, next_snapshot, running = 0, 0, 0, []
    while True:
        progress = (time.time() - train_start) / budget
        if progress >= 1:
            break
        # Warm-up, then cosine decay over the wall-clock budget (the step count is not known in advance).
        warm = min(1.0, (step + 1) / args.warmup_steps)
        lr = args.final_lr + 0.5 * (args.lr - args.final_lr) * (1 + math.cos(math.pi * progress))
        for group in optimizer.param_groups:
            group["lr"] = lr * warm
        indices = torch.randint(0, images.shape[0], (args.batch,), device=device, generator=generator)
        with torch.no_grad():
            composite, real, mask = synthesize(images, regions, indices, generator, args.identity_share, args.transfer_share)
        loss = loss_of(family, net, composite, real, mask)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        step += 1
        seen += args.batch
        running.append(loss.detach())
        if step % 50 == 0:
            mean_loss = torch.stack(running).mean().item()
            running = []
            if not math.isfinite(mean_loss):
                raise SystemExit(f"loss is {mean_loss} at step {step}")
            record = {"step": step, "images": seen, "seconds": round(time.time() - started, 1), "lr": lr * warm, "loss": mean_loss}
            log.write(json.dumps(record) + "\n")
            log.flush()
            if step % 500 == 0:
                print(json.dumps(record), flush=True)
        while next_snapshot < len(snapshot_fractions) and progress >= snapshot_fractions[next_snapshot]:
            save(os.path.join(args.out, f"snapshot-{next_snapshot:03d}.safetensors"), step, seen)
            next_snapshot += 1
    save(os.path.join(args.out, "final.safetensors"), step, seen)
    print(f"{args.model}: done, {step} steps, {seen} images in {time.time() - train_start:.0f} s", flush=True)


if __name__ == "__main__":
    main()
