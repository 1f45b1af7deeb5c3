"""Adds or replaces metadata entries of a safetensors file, leaving its tensors byte for byte as they are.

  python3 set_metadata.py FILE KEY=VALUE [KEY=VALUE ...]

Used to record what a bundled model was trained on (harmonia.trained_on) after `harmonia convert`
wrote its architecture. The file is replaced atomically.
"""
import json, os, struct, sys


def main():
    if len(sys.argv) < 3 or any("=" not in a for a in sys.argv[2:]):
        raise SystemExit(__doc__)
    path = sys.argv[1]
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        data = f.read()
    metadata = header.setdefault("__metadata__", {})
    for pair in sys.argv[2:]:
        key, value = pair.split("=", 1)
        metadata[key] = value
    encoded = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode()
    encoded += b" " * (-len(encoded) % 8)
    temporary = path + ".tmp"
    with open(temporary, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporary, path)


if __name__ == "__main__":
    main()
