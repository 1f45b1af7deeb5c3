"""Writes the small PyTorch checkpoints the importer tests read (tests/data/checkpoints/).

Run from anywhere with the Debian PyTorch: /usr/bin/python3 make_checkpoints.py
Every <name>.pth comes with <name>.expected.safetensors: the tensors it should import to,
as contiguous float32, in the same order, after any wrapper or "module." prefix is removed.

The malicious files are written, never loaded: they would run a shell command on load.
"""
import collections, json, os, pickle, struct, subprocess, zipfile
import numpy as np
import torch
import torch.nn as nn

OUT = os.path.dirname(os.path.abspath(__file__))
PWNED = "/tmp/harmonia-pwned"

SAFETENSORS_DTYPES = {
    torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64",
    torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8",
    torch.uint8: "U8", torch.bool: "BOOL",
}


def raw_bytes(t):
    t = t.detach().contiguous().cpu()
    if t.dtype == torch.bfloat16:  # NumPy has no bfloat16; its bits are an int16.
        return t.view(torch.int16).numpy().tobytes()
    return t.numpy().tobytes()


def write_safetensors(path, tensors, metadata=None, as_float32=False):
    """Minimal safetensors writer: header padded with spaces to a multiple of 8 bytes."""
    header, chunks, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t in tensors.items():
        if as_float32:
            t = t.detach().to(torch.float32)
        data = raw_bytes(t)
        header[name] = {"dtype": SAFETENSORS_DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for chunk in chunks:
            f.write(chunk)


def save_case(name, obj, expected, **save_args):
    torch.save(obj, os.path.join(OUT, name + ".pth"), **save_args)
    write_safetensors(os.path.join(OUT, name + ".expected.safetensors"), expected, as_float32=True)


def tiny_model():
    """A conv + BatchNorm model, and an Adam optimizer that has taken one step (so its state
    holds tensors under integer keys)."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.Conv2d(4, 2, 1))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.eval()  # the step must not touch the BatchNorm statistics set below
    model(torch.randn(2, 3, 6, 6)).square().mean().backward()
    optimizer.step()
    bn = model[1]
    bn.running_mean.uniform_(-1, 1)
    bn.running_var.uniform_(0.5, 2)
    bn.num_batches_tracked.fill_(5)
    return model, optimizer


def wrapped_cases(model, optimizer):
    sd = model.state_dict()
    save_case("plain_state_dict", sd, sd)
    save_case("wrapped_state_dict",
              {"epoch": 7, "arch": "tiny", "best_score": 0.25, "flags": [True, None, (1, 2)],
               "optimizer": optimizer.state_dict(), "state_dict": sd}, sd)
    save_case("wrapped_model", {"step": 3, "model": sd}, sd)
    save_case("dataparallel", nn.DataParallel(model).state_dict(), sd)
    torch.save(sd, os.path.join(OUT, "legacy_format.pth"), _use_new_zipfile_serialization=False)


def view_cases():
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    views = collections.OrderedDict([
        ("transposed", base.t()),               # strides (1, 6)
        ("every_other_column", base[:, 1::2]),  # strides (6, 2)
        ("row", base[2]),                       # storage offset 12
        ("block", base[1:3, 2:5]),              # offset and a gap between rows
        ("expanded", torch.tensor([1.0, 2.0, 3.0]).expand(2, 3)),  # stride 0
        ("scalar", torch.tensor(3.5)),
        ("empty", torch.zeros(0, 3)),
        ("base", base),
    ])
    for t in list(views.values())[:5]:
        assert not t.is_contiguous() or t.storage_offset() > 0
    save_case("views", views, views)


def dtype_cases():
    tensors = collections.OrderedDict([
        ("f16", torch.tensor([0.5, -1.25, 65504.0, 1e-4], dtype=torch.float16)),
        ("bf16", torch.tensor([1.0, -3.140625, 1e20, 0.0078125], dtype=torch.bfloat16)),
        ("f64", torch.tensor([[0.1, -2.5], [1e-30, 123456789.123]], dtype=torch.float64)),
        ("i64", torch.tensor([0, -7, 2**40 + 3, 123456789], dtype=torch.int64)),
        ("i32", torch.tensor([-2**31, 2**31 - 1, 5], dtype=torch.int32)),
        ("i16", torch.tensor([-32768, 32767], dtype=torch.int16)),
        ("i8", torch.tensor([-128, 127, -1], dtype=torch.int8)),
        ("u8", torch.tensor([0, 255, 17], dtype=torch.uint8)),
        ("flags", torch.tensor([True, False, True])),
        ("f16_transposed", torch.arange(6, dtype=torch.float16).reshape(2, 3).t()),
    ])
    save_case("dtypes", tensors, tensors)
    save_case("dtypes_protocol4", tensors, tensors, pickle_protocol=4)
    # The same tensors in their own dtypes, for the safetensors reader.
    write_safetensors(os.path.join(OUT, "dtypes.safetensors"),
                      {k: v.contiguous() for k, v in tensors.items()}, metadata={"written_by": "make_checkpoints.py"})


class RunsShellCommand:
    """Unpickling this calls os.system: the classic pickle exploit."""
    def __reduce__(self):
        return (os.system, ("echo pwned > " + PWNED,))


class EvaluatesCode:
    """Unpickling this calls eval on a string that runs a shell command."""
    def __reduce__(self):
        return (eval, ("__import__('os').system('echo pwned > " + PWNED + "')",))


class StartsProcess:
    """Unpickling this starts a process."""
    def __reduce__(self):
        return (subprocess.Popen, (["touch", PWNED],))


def malicious_cases():
    # torch.save happily pickles the payload next to a real tensor, inside the usual zip.
    torch.save({"weight": torch.ones(2), "payload": RunsShellCommand()}, os.path.join(OUT, "malicious_os_system.pth"))
    torch.save({"payload": StartsProcess(), "weight": torch.ones(2)}, os.path.join(OUT, "malicious_popen.pth"))
    # A plain pickle file (no zip), protocol 4, as someone might rename to .pth.
    with open(os.path.join(OUT, "malicious_eval.pkl"), "wb") as f:
        pickle.dump({"payload": EvaluatesCode()}, f, protocol=4)


def main():
    wrapped_cases(*tiny_model())
    view_cases()
    dtype_cases()
    malicious_cases()
    assert not os.path.exists(PWNED), "nothing here may run the payloads"


if __name__ == "__main__":
    main()
