#!/usr/bin/python3
"""Regenerates the JPEG decoder test fixtures in this folder.

Needs libjpeg-turbo's tools (Debian libjpeg-turbo-progs: cjpeg, djpeg, jpegtran), ImageMagick's
`convert`, and Pillow (python3-pil). Run it from anywhere: `/usr/bin/python3 generate.py`.

For every fixture NAME it writes NAME.jpg and, where the decoder must reproduce djpeg, the
reference NAME.ppm / NAME.pgm made by `djpeg` with default settings (ISLOW IDCT, fancy
upsampling). The Exif fixtures' references are djpeg's output turned upright by Pillow's
ImageOps.exif_transpose, an implementation independent of the one under test.
"""
import math
import os
import random
import struct
import subprocess
import sys
import tempfile

from PIL import Image, ImageOps

HERE = os.path.dirname(os.path.abspath(__file__))


def run(*args, stdin=None):
    return subprocess.run(args, input=stdin, stdout=subprocess.PIPE, check=True).stdout


def source_ppm(width, height, seed):
    """A small synthetic photo: smooth gradients, hard edges and a little noise (all seeded)."""
    rng = random.Random(seed)
    pixels = bytearray()
    cx, cy, radius = width * 0.6, height * 0.4, min(width, height) * 0.3
    for y in range(height):
        for x in range(width):
            r = 255 * x / max(1, width - 1)
            g = 128 + 100 * math.sin(x * 0.3 + y * 0.2)
            b = 255 * y / max(1, height - 1)
            if (x - cx) ** 2 + (y - cy) ** 2 < radius ** 2:
                r, g, b = 230, 40 + 3 * y % 200, 60
            if x < width / 5 and y > height / 2:
                r, g, b = 20, 20, 240 - 2 * x
            noise = rng.randint(-12, 12)
            pixels += bytes(max(0, min(255, int(v + noise))) for v in (r, g, b))
    return b"P6\n%d %d\n255\n" % (width, height) + bytes(pixels)


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def reference(jpeg):
    """djpeg's default decode: PGM for greyscale, PPM otherwise."""
    return run("djpeg", "-pnm", stdin=jpeg)


def fixture(name, width, height, *cjpeg_args, seed=1, with_reference=True):
    jpeg = run("cjpeg", *cjpeg_args, stdin=source_ppm(width, height, seed))
    write(name + ".jpg", jpeg)
    if with_reference:
        ref = reference(jpeg)
        write(name + (".pgm" if ref.startswith(b"P5") else ".ppm"), ref)
    return jpeg


def exif_app1(orientation, big_endian):
    """An APP1 Exif segment whose IFD0 holds one entry: Orientation (SHORT, count 1)."""
    order = ">" if big_endian else "<"
    tiff = (b"MM" if big_endian else b"II") + struct.pack(order + "HI", 42, 8)
    # One IFD entry: tag 0x0112, type 3 (SHORT), count 1, value left-aligned in 4 bytes; then next-IFD 0.
    tiff += struct.pack(order + "H", 1) + struct.pack(order + "HHIHH", 0x0112, 3, 1, orientation, 0)
    tiff += struct.pack(order + "I", 0)
    body = b"Exif\0\0" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


def main():
    for tool in ("cjpeg", "djpeg", "jpegtran", "convert"):
        subprocess.run(["which", tool], stdout=subprocess.DEVNULL, check=True)

    # Sequential, every common chroma subsampling.
    fixture("baseline_444", 48, 32, "-quality", "90", "-sample", "1x1")
    fixture("baseline_422", 48, 32, "-quality", "90", "-sample", "2x1")
    fixture("baseline_420", 64, 48, "-quality", "75")
    fixture("baseline_440", 48, 32, "-quality", "90", "-sample", "1x2")
    fixture("baseline_411", 48, 32, "-quality", "90", "-sample", "4x1")
    fixture("baseline_420_q100", 48, 32, "-quality", "100")
    fixture("baseline_420_q10", 48, 32, "-quality", "10", "-baseline")
    fixture("baseline_grey", 48, 32, "-quality", "90", "-grayscale")
    fixture("baseline_optimized", 48, 32, "-quality", "85", "-optimize")
    # Quality 2 without -baseline needs 16-bit quantization tables, so cjpeg writes SOF1.
    fixture("extended_sof1", 48, 32, "-quality", "2")
    # Restart intervals: every MCU row, and every 5 MCUs.
    fixture("restart_rows_420", 48, 32, "-quality", "90", "-restart", "1")
    fixture("restart_blocks_444", 48, 32, "-quality", "90", "-sample", "1x1", "-restart", "5B")
    # One scan per component (non-interleaved sequential).
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as script:
        script.write("0;\n1;\n2;\n")
    fixture("noninterleaved_420", 48, 32, "-quality", "90", "-scans", script.name)
    os.unlink(script.name)

    # Progressive (cjpeg's default script uses spectral selection and successive approximation).
    fixture("progressive_420", 64, 48, "-quality", "85", "-progressive")
    fixture("progressive_444", 48, 32, "-quality", "90", "-sample", "1x1", "-progressive")
    fixture("progressive_grey", 48, 32, "-quality", "90", "-grayscale", "-progressive")
    fixture("progressive_restart_422", 48, 32, "-quality", "90", "-sample", "2x1", "-progressive", "-restart", "3B")
    fixture("progressive_odd_17x13", 17, 13, "-quality", "90", "-progressive")

    # Sizes that are not multiples of the MCU.
    fixture("odd_17x13_420", 17, 13, "-quality", "90", seed=2)
    fixture("odd_1x1_420", 1, 1, "-quality", "90", seed=3)
    fixture("odd_2x2_420", 2, 2, "-quality", "90", seed=4)
    fixture("odd_33x65_422", 33, 65, "-quality", "90", "-sample", "2x1", seed=5)
    fixture("odd_7x9_440", 7, 9, "-quality", "90", "-sample", "1x2", seed=6)

    # Arithmetic coding: the decoder must refuse it clearly (no reference).
    fixture("arithmetic", 16, 16, "-arithmetic", with_reference=False)

    # CMYK written by ImageMagick (Adobe APP14, inverted CMYK); djpeg converts it to RGB.
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "src.ppm")
        out = os.path.join(tmp, "cmyk.jpg")
        with open(src, "wb") as f:
            f.write(source_ppm(32, 24, seed=7))
        run("convert", src, "-colorspace", "CMYK", "-quality", "90", out)
        with open(out, "rb") as f:
            cmyk = f.read()
    write("cmyk.jpg", cmyk)
    write("cmyk.ppm", reference(cmyk))

    # Exif orientations 1..8 on a 40x24 image (odd orientations little-endian, even big-endian).
    base = run("cjpeg", "-quality", "95", stdin=source_ppm(40, 24, seed=8))
    stored = reference(base)
    for orientation in range(1, 9):
        jpeg = base[:2] + exif_app1(orientation, big_endian=orientation % 2 == 0) + base[2:]
        write("exif_orientation_%d.jpg" % orientation, jpeg)
        with tempfile.NamedTemporaryFile(suffix=".ppm") as tmp:
            tmp.write(stored)
            tmp.flush()
            image = Image.open(tmp.name)
            image.load()
        image.getexif()[0x0112] = orientation
        upright = ImageOps.exif_transpose(image)
        with tempfile.NamedTemporaryFile(suffix=".ppm") as tmp:
            upright.save(tmp.name, format="PPM")
            with open(tmp.name, "rb") as f:
                write("exif_orientation_%d.ppm" % orientation, f.read())


if __name__ == "__main__":
    sys.exit(main())
