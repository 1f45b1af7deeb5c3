#!/usr/bin/python3
"""Regenerates the PNG decoder fixtures in png/ and their manifest png/manifest.json.

Three families of files, all small:
  hand-*    written by the tiny PNG writer below, so every colour type, bit depth, filter type,
            interlace method and chunk layout (split IDAT, tRNS, ancillary chunks) is covered on
            purpose. Expected pixels come from the formula the decoder promises (16 -> 8 bits as
            round(v*255/65535), sub-byte grey scaled to 0..255, tRNS colour key -> alpha 0).
  magick-*  written by ImageMagick (/usr/bin/convert), with explicit png:color-type/bit-depth.
  pillow-*  written by Pillow.
For every file the expected RGBA pixels are ImageMagick's own decoding (read at 16 bits and
rounded the same way); for hand-* files the script also asserts that ImageMagick agrees with
the formula, which checks the writer below. Each expected image is stored as raw RGBA bytes
(<name>.rgba, width*height*4); the manifest says which channel count the decoder must return.

Run from anywhere: /usr/bin/python3 tests/data/imaging/make_png_fixtures.py
Needs: Pillow, numpy, ImageMagick 6 (/usr/bin/convert).
"""
import json
import os
import struct
import subprocess
import zlib

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "png")
CONVERT = "/usr/bin/convert"
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
SAMPLES = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


# ------------------------------------------------------------------ a minimal PNG writer

def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def pack_row(samples, depth):
    """samples: 1-D int array of one scanline's samples -> bytes, MSB first for sub-byte depths."""
    if depth == 16:
        return b"".join(struct.pack(">H", int(v)) for v in samples)
    if depth == 8:
        return bytes(int(v) for v in samples)
    per_byte = 8 // depth
    out = bytearray((len(samples) * depth + 7) // 8)
    for i, v in enumerate(samples):
        out[i // per_byte] |= int(v) << (8 - depth - (i % per_byte) * depth)
    return bytes(out)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def filter_row(raw, prev, bpp, kind):
    out = bytearray(len(raw))
    for i in range(len(raw)):
        a = raw[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
        out[i] = (raw[i] - pred) & 0xFF
    return bytes([kind]) + bytes(out)


def write_png(path, samples, depth, color_type, interlace=False, palette=None, trns=None,
              idat_pieces=1, extra_before_idat=b"", extra_after_idat=b"", after_iend=b""):
    """samples: H x W x S int array. Row r of each pass uses filter type r % 5 (all five appear)."""
    h, w, s = samples.shape
    bpp = max(1, s * depth // 8)
    raw = bytearray()
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    for x0, y0, dx, dy in passes:
        sub = samples[y0::dy, x0::dx]
        if sub.shape[0] == 0 or sub.shape[1] == 0:
            continue
        prev = bytes(((sub.shape[1] * s * depth) + 7) // 8)
        for r in range(sub.shape[0]):
            row = pack_row(sub[r].reshape(-1), depth)
            raw += filter_row(row, prev, bpp, r % 5)
            prev = row
    data = zlib.compress(bytes(raw), 9)
    pieces = np.array_split(np.frombuffer(data, dtype=np.uint8), idat_pieces)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, color_type, 0, 0, int(interlace)))
    if palette is not None:
        png += chunk(b"PLTE", bytes(np.asarray(palette, dtype=np.uint8).reshape(-1)))
    if trns is not None:
        png += chunk(b"tRNS", trns)
    png += extra_before_idat
    for piece in pieces:
        png += chunk(b"IDAT", piece.tobytes())
    png += extra_after_idat + chunk(b"IEND", b"") + after_iend
    with open(path, "wb") as f:
        f.write(png)


def formula_rgba(samples, depth, color_type, palette=None, trns=None):
    """What the decoder promises, as RGBA uint8 (alpha 255 where the file has none)."""
    h, w, s = samples.shape
    v = samples.astype(np.int64)
    if color_type == 3:
        pal = np.asarray(palette, dtype=np.int64)
        alpha = np.full(len(pal), 255, dtype=np.int64)
        if trns is not None:
            alpha[:len(trns)] = list(trns)
        idx = v[..., 0]
        return np.dstack([pal[idx, 0], pal[idx, 1], pal[idx, 2], alpha[idx]]).astype(np.uint8)
    if depth == 16:
        v8 = (v * 255 + 32767) // 65535  # round(v*255/65535): never a tie since 65535 is odd
    elif depth < 8:
        v8 = v * (255 // ((1 << depth) - 1))
    else:
        v8 = v
    if color_type == 0:
        a = np.full((h, w), 255)
        if trns is not None:
            a = np.where(v[..., 0] == struct.unpack(">H", trns)[0], 0, 255)
        return np.dstack([v8[..., 0]] * 3 + [a]).astype(np.uint8)
    if color_type == 2:
        a = np.full((h, w), 255)
        if trns is not None:
            key = struct.unpack(">HHH", trns)
            a = np.where((v[..., 0] == key[0]) & (v[..., 1] == key[1]) & (v[..., 2] == key[2]), 0, 255)
        return np.dstack([v8[..., 0], v8[..., 1], v8[..., 2], a]).astype(np.uint8)
    if color_type == 4:
        return np.dstack([v8[..., 0]] * 3 + [v8[..., 1]]).astype(np.uint8)
    return v8.astype(np.uint8)


# ------------------------------------------------------------------ reading files back

def ihdr_of(path):
    data = open(path, "rb").read()
    w, h, depth, ct, _, _, il = struct.unpack(">IIBBBBB", data[16:29])
    kinds, pos = [], 8
    while pos + 8 <= len(data):
        n = struct.unpack(">I", data[pos:pos + 4])[0]
        kinds.append(data[pos + 4:pos + 8].decode("latin-1"))
        if kinds[-1] == "IEND":
            break
        pos += 12 + n
    return w, h, depth, ct, bool(il), "tRNS" in kinds


def magick_rgba(path, w, h):
    """ImageMagick's decoding, read at 16 bits and rounded to 8 like the decoder does."""
    raw = subprocess.run([CONVERT, path, "-endian", "MSB", "-depth", "16", "rgba:-"], check=True, capture_output=True).stdout
    v = np.frombuffer(raw, dtype=">u2").astype(np.int64).reshape(h, w, 4)
    return ((v * 255 + 32767) // 65535).astype(np.uint8)


def expected_channels(color_type, has_trns):
    if color_type in (4, 6) or has_trns:
        return 4
    return 1 if color_type == 0 else 3


manifest = []


def record(name, formula=None):
    path = os.path.join(OUT, name + ".png")
    w, h, depth, ct, il, has_trns = ihdr_of(path)
    rgba = magick_rgba(path, w, h)
    if formula is not None and not np.array_equal(formula, rgba):
        bad = np.argwhere(formula != rgba)[:5]
        raise SystemExit(f"{name}: ImageMagick disagrees with the formula at {bad.tolist()}")
    rgba.tofile(os.path.join(OUT, name + ".rgba"))
    manifest.append(dict(file=name + ".png", width=w, height=h, channels=expected_channels(ct, has_trns),
                         colorType=ct, bitDepth=depth, interlaced=il))


# ------------------------------------------------------------------ the fixtures

def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    rng = np.random.default_rng(20240611)

    def smooth_plus_noise(h, w, s, maxval):
        # Smooth ramps make the predictive filters matter; noise exercises every bit.
        yy, xx = np.mgrid[0:h, 0:w]
        base = ((xx * 7 + yy * 5)[..., None] + np.arange(s) * 11) % (maxval + 1)
        noise = rng.integers(0, maxval + 1, size=(h, w, s))
        return np.where(rng.random((h, w, s)) < 0.3, noise, base)

    # Every colour type x bit depth, plain and interlaced, on an awkward 13x11 size
    # (rows of sub-byte pixels end mid-byte; Adam7 passes are uneven).
    for ct, depths in [(0, [1, 2, 4, 8, 16]), (2, [8, 16]), (3, [1, 2, 4, 8]), (4, [8, 16]), (6, [8, 16])]:
        for depth in depths:
            for interlace in (False, True):
                name = f"hand-ct{ct}-d{depth}" + ("-adam7" if interlace else "")
                if ct == 3:
                    entries = min(1 << depth, 200)
                    palette = rng.integers(0, 256, size=(entries, 3))
                    samples = rng.integers(0, entries, size=(11, 13, 1))
                    write_png(os.path.join(OUT, name + ".png"), samples, depth, ct, interlace, palette=palette)
                    record(name, formula_rgba(samples, depth, ct, palette))
                else:
                    samples = smooth_plus_noise(11, 13, SAMPLES[ct], (1 << depth) - 1)
                    write_png(os.path.join(OUT, name + ".png"), samples, depth, ct, interlace)
                    record(name, formula_rgba(samples, depth, ct))

    # Transparency: palette alpha shorter than the palette, grey and RGB colour keys (8 and 16 bit, low depth).
    palette = rng.integers(0, 256, size=(16, 3))
    samples = rng.integers(0, 16, size=(9, 10, 1))
    alpha = bytes([0, 64, 128, 200, 255, 30])
    write_png(os.path.join(OUT, "hand-palette-trns.png"), samples, 4, 3, palette=palette, trns=alpha)
    record("hand-palette-trns", formula_rgba(samples, 4, 3, palette, alpha))
    write_png(os.path.join(OUT, "hand-palette-trns-adam7.png"), samples, 4, 3, True, palette=palette, trns=alpha)
    record("hand-palette-trns-adam7", formula_rgba(samples, 4, 3, palette, alpha))
    for depth in (2, 8, 16):
        samples = smooth_plus_noise(9, 10, 1, (1 << depth) - 1)
        key = int(samples[4, 4, 0])
        trns = struct.pack(">H", key)
        name = f"hand-grey-d{depth}-trns"
        write_png(os.path.join(OUT, name + ".png"), samples, depth, 0, trns=trns)
        record(name, formula_rgba(samples, depth, 0, trns=trns))
    for depth in (8, 16):
        samples = smooth_plus_noise(9, 10, 3, (1 << depth) - 1)
        samples[2:5, 3:6] = samples[0, 0]  # a block of the keyed colour
        trns = struct.pack(">HHH", *[int(x) for x in samples[0, 0]])
        name = f"hand-rgb-d{depth}-trns"
        write_png(os.path.join(OUT, name + ".png"), samples, depth, 2, trns=trns)
        record(name, formula_rgba(samples, depth, 2, trns=trns))

    # Layout edge cases: tiny images (most Adam7 passes empty), IDAT split into many pieces
    # including 1-byte ones, ancillary chunks around the data, bytes after IEND.
    for (h, w) in [(1, 1), (2, 3), (1, 9), (9, 1)]:
        samples = smooth_plus_noise(h, w, 3, 255)
        name = f"hand-tiny-{w}x{h}-adam7"
        write_png(os.path.join(OUT, name + ".png"), samples, 8, 2, True)
        record(name, formula_rgba(samples, 8, 2))
    samples = smooth_plus_noise(12, 12, 4, 255)
    text = chunk(b"tEXt", b"Comment\x00made for tests") + chunk(b"gAMA", struct.pack(">I", 45455))
    private = chunk(b"prVt", b"an unknown ancillary chunk the decoder must skip")
    write_png(os.path.join(OUT, "hand-layout-split-idat.png"), samples, 8, 6, idat_pieces=40,
              extra_before_idat=text, extra_after_idat=private, after_iend=b"trailing junk")
    record("hand-layout-split-idat", formula_rgba(samples, 8, 6))

    # ImageMagick-written files from one RGBA source picture.
    src = os.path.join(OUT, "_source.png")
    yy, xx = np.mgrid[0:19, 0:24]
    picture = np.dstack([xx * 10, yy * 13, (xx * yy) % 256, np.where(xx < 12, 255, 40 + yy * 10)])
    picture = np.clip(picture + rng.integers(-20, 21, size=picture.shape), 0, 255).astype(np.uint8)
    Image.fromarray(picture, "RGBA").save(src)
    magick_variants = {
        "magick-rgb8": ["-alpha", "off", "-define", "png:color-type=2", "-define", "png:bit-depth=8"],
        "magick-rgb16": ["-alpha", "off", "-define", "png:color-type=2", "-define", "png:bit-depth=16"],
        "magick-rgba8": ["-define", "png:color-type=6", "-define", "png:bit-depth=8"],
        "magick-rgba16": ["-define", "png:color-type=6", "-define", "png:bit-depth=16"],
        "magick-rgba16-adam7": ["-interlace", "PNG", "-define", "png:color-type=6", "-define", "png:bit-depth=16"],
        "magick-grey1": ["-alpha", "off", "-colorspace", "Gray", "-threshold", "50%", "-define", "png:color-type=0", "-define", "png:bit-depth=1"],
        "magick-grey2": ["-alpha", "off", "-colorspace", "Gray", "-depth", "2", "-define", "png:color-type=0", "-define", "png:bit-depth=2"],
        "magick-grey4-adam7": ["-alpha", "off", "-colorspace", "Gray", "-depth", "4", "-interlace", "PNG", "-define", "png:color-type=0", "-define", "png:bit-depth=4"],
        "magick-grey8": ["-alpha", "off", "-colorspace", "Gray", "-define", "png:color-type=0", "-define", "png:bit-depth=8"],
        "magick-grey16": ["-alpha", "off", "-colorspace", "Gray", "-define", "png:color-type=0", "-define", "png:bit-depth=16"],
        "magick-greyalpha8": ["-colorspace", "Gray", "-define", "png:color-type=4", "-define", "png:bit-depth=8"],
        "magick-greyalpha16-adam7": ["-colorspace", "Gray", "-interlace", "PNG", "-define", "png:color-type=4", "-define", "png:bit-depth=16"],
        "magick-palette8": ["-alpha", "off", "-colors", "60", "-define", "png:color-type=3", "-define", "png:bit-depth=8"],
        "magick-palette4-adam7": ["-alpha", "off", "-colors", "12", "-interlace", "PNG", "-define", "png:color-type=3", "-define", "png:bit-depth=4"],
        "magick-palette-trns": ["-colors", "30", "PNG8:"],
    }
    for name, options in magick_variants.items():
        target = os.path.join(OUT, name + ".png")
        args = [CONVERT, src, "-strip"] + [o for o in options if o != "PNG8:"]
        args.append(("PNG8:" if "PNG8:" in options else "") + target)
        subprocess.run(args, check=True)
        record(name)

    # Pillow-written files.
    rgba = Image.open(src)
    rgba.convert("RGB").save(os.path.join(OUT, "pillow-rgb.png"))
    rgba.save(os.path.join(OUT, "pillow-rgba.png"))
    rgba.convert("L").save(os.path.join(OUT, "pillow-l.png"))
    rgba.convert("LA").save(os.path.join(OUT, "pillow-la.png"))
    rgba.convert("1").save(os.path.join(OUT, "pillow-1bit.png"))
    rgba.convert("RGB").quantize(8).save(os.path.join(OUT, "pillow-p-bits4.png"), bits=4)
    rgba.convert("RGB").quantize(100).save(os.path.join(OUT, "pillow-p.png"))
    quantized = rgba.convert("RGB").quantize(40)
    quantized.info["transparency"] = 3
    quantized.save(os.path.join(OUT, "pillow-p-trns.png"), transparency=3)
    grey16 = Image.fromarray((np.asarray(rgba.convert("L"), dtype=np.uint16) * 257 - rng.integers(0, 200, size=(19, 24))).clip(0, 65535).astype(np.uint16))
    grey16.save(os.path.join(OUT, "pillow-i16.png"))
    for name in ["pillow-rgb", "pillow-rgba", "pillow-l", "pillow-la", "pillow-1bit", "pillow-p-bits4", "pillow-p", "pillow-p-trns", "pillow-i16"]:
        record(name)
    os.remove(src)

    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")

    covered = {(m["colorType"], m["bitDepth"], m["interlaced"]) for m in manifest}
    print(f"{len(manifest)} fixtures; colour type/depth/interlace combinations: {len(covered)}")
    for m in manifest:
        if not m["file"].startswith("hand-"):
            print(f'  {m["file"]}: colour type {m["colorType"]}, depth {m["bitDepth"]}, interlaced {m["interlaced"]}, channels {m["channels"]}')


if __name__ == "__main__":
    main()
