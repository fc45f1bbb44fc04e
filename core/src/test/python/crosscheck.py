#!/usr/bin/python3
"""Cross-checks Odeon's file formats against NumPy and an independent safetensors reader.

    crosscheck.py check DIR   read the files Odeon wrote into DIR (listed in DIR/manifest.json)
                              with numpy.load and with the reader below; compare with the manifest
    crosscheck.py write DIR   write .npy/.npz files with NumPy and a .safetensors file with the
                              writer below, plus DIR/manifest.json describing what Odeon must read

The manifest gives every array as {"dtype": "F32"|"F64", "shape": [...], "bits": [hex, ...]},
the bits being the IEEE-754 float64 pattern of each value, so no decimal rounding is involved.
The safetensors code follows the published format only (8-byte little-endian header length,
JSON header, little-endian row-major data) and uses nothing but json and numpy.
"""
import hashlib
import json
import os
import struct
import sys

import numpy as np

SAFETENSORS_DTYPES = {"F32": np.dtype("<f4"), "F64": np.dtype("<f8")}


def read_safetensors(path):
    """Returns ({name: array}, metadata) and checks the layout rules of the format."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = raw[8 + n:]
    metadata = header.pop("__metadata__", {})
    tensors, end = {}, 0
    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
        begin, stop = info["data_offsets"]
        assert begin == end, f"{name}: gap or overlap at {begin}, previous tensor ended at {end}"
        dtype = SAFETENSORS_DTYPES[info["dtype"]]
        count = int(np.prod(info["shape"], dtype=np.int64))
        assert stop - begin == count * dtype.itemsize, f"{name}: {stop - begin} bytes for shape {info['shape']}"
        tensors[name] = np.frombuffer(data[begin:stop], dtype=dtype).reshape(info["shape"])
        end = stop
    assert end == len(data), f"data buffer has {len(data)} bytes, tensors cover {end}"
    digest = metadata.pop("odeon.sha256", None)
    if digest is not None:
        assert digest == hashlib.sha256(data).hexdigest(), f"odeon.sha256 {digest} is not the SHA-256 of the data buffer"
    return tensors, metadata


def write_safetensors(path, tensors, metadata):
    """Header keys sorted by name while data goes in the given order, padded to 8 bytes with spaces."""
    header, chunks, offset = {}, [], 0
    for name, a in tensors.items():
        kind = {np.dtype("float32"): "F32", np.dtype("float64"): "F64"}[a.dtype]
        b = np.ascontiguousarray(a, dtype=SAFETENSORS_DTYPES[kind]).tobytes()
        header[name] = {"dtype": kind, "shape": list(a.shape), "data_offsets": [offset, offset + len(b)]}
        chunks.append(b)
        offset += len(b)
    header["__metadata__"] = metadata
    text = json.dumps(header, sort_keys=True).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))


def describe(a):
    """Manifest entry: what Odeon should hold after reading a (floats keep their type, the rest is F64)."""
    kind = "F32" if a.dtype.kind == "f" and a.dtype.itemsize == 4 else "F64"
    bits = np.ascontiguousarray(a, dtype=np.float64).reshape(-1).view(np.uint64)
    return {"dtype": kind, "shape": list(a.shape), "bits": [format(int(b), "016x") for b in bits]}


def expected(entry):
    a = np.array([int(h, 16) for h in entry["bits"]], dtype=np.uint64).view(np.float64).reshape(entry["shape"])
    return a.astype(np.float32) if entry["dtype"] == "F32" else a


def same(a, e):
    """Same type and shape, equal values with NaN equal to NaN, and -0.0 told apart from 0.0."""
    return (a.dtype == e.dtype and a.shape == e.shape and np.array_equal(a, e, equal_nan=True)
            and np.array_equal(np.signbit(a), np.signbit(e)))


def check(directory):
    with open(os.path.join(directory, "manifest.json")) as f:
        manifest = json.load(f)
    arrays = {name: expected(e) for name, e in manifest["arrays"].items()}
    problems, checked = [], 0

    def compare(where, name, actual):
        nonlocal checked
        checked += 1
        e = arrays[name]
        if not same(actual, e):
            problems.append(f"{where}: {name} is {actual.dtype}{actual.shape} {actual.ravel()[:6]}, "
                            f"expected {e.dtype}{e.shape} {e.ravel()[:6]}")

    for name, file in manifest["npy"].items():
        compare(file, name, np.load(os.path.join(directory, file)))
    for file in manifest["npz"]:
        with np.load(os.path.join(directory, file)) as z:
            if sorted(z.files) != sorted(arrays):
                problems.append(f"{file}: holds {sorted(z.files)}, expected {sorted(arrays)}")
            for name in z.files:
                compare(file, name, z[name])
    tensors, metadata = read_safetensors(os.path.join(directory, manifest["safetensors"]))
    if list(tensors) != list(arrays):
        problems.append(f"safetensors order {list(tensors)}, expected {list(arrays)}")
    for name, a in tensors.items():
        compare(manifest["safetensors"], name, a)
    if metadata != manifest["metadata"]:
        problems.append(f"safetensors metadata {metadata}, expected {manifest['metadata']}")
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print(f"checked {checked} arrays")


def write(directory):
    rng = np.random.default_rng(20261127)
    special = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 5e-324, 1.7976931348623157e308, 1 / 3])
    arrays = {
        "f8": rng.standard_normal((3, 4)),
        "f4": rng.standard_normal((2, 3, 2)).astype(np.float32),
        "special_f8": special,
        "special_f4": np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e-45, 3.4028235e38, 1 / 3], dtype=np.float32),
        "big_endian_f8": rng.standard_normal(5).astype(">f8"),
        "big_endian_f4": rng.standard_normal(5).astype(">f4"),
        "fortran_f8": np.asfortranarray(rng.standard_normal((3, 5))),
        "fortran_f4_3d": np.asfortranarray(rng.standard_normal((2, 3, 4)).astype(np.float32)),
        "i4": rng.integers(-2**31, 2**31, size=(4, 2), dtype=np.int32),
        "i8": np.array([-(2**53), -1, 0, 2**53], dtype=np.int64),
        "u1": np.arange(256, dtype=np.uint8).reshape(16, 16),
        "bool": np.array([True, False, True]),
        "scalar": np.array(2.5),
        "empty": np.zeros((0, 3)),
    }
    manifest = {"npy": {}, "npz": {}, "safetensors": {}}
    for name, a in arrays.items():
        np.save(os.path.join(directory, name + ".npy"), a)
        manifest["npy"][name + ".npy"] = describe(a)
    with open(os.path.join(directory, "v2.npy"), "wb") as f:
        np.lib.format.write_array(f, arrays["f8"], version=(2, 0))
    manifest["npy"]["v2.npy"] = describe(arrays["f8"])
    with open(os.path.join(directory, "v3.npy"), "wb") as f:
        np.lib.format.write_array(f, arrays["f4"], version=(3, 0))
    manifest["npy"]["v3.npy"] = describe(arrays["f4"])
    floats = {k: v for k, v in arrays.items() if v.dtype.kind == "f"}
    np.savez(os.path.join(directory, "stored.npz"), **arrays)
    np.savez_compressed(os.path.join(directory, "compressed.npz"), **arrays)
    manifest["npz"] = {"stored.npz": {k: describe(v) for k, v in arrays.items()},
                       "compressed.npz": {k: describe(v) for k, v in arrays.items()}}
    tensors = {k: v.astype(v.dtype.newbyteorder("=")) for k, v in floats.items()}
    write_safetensors(os.path.join(directory, "numpy.safetensors"), tensors, {"source": "crosscheck.py"})
    manifest["safetensors"] = {"file": "numpy.safetensors", "order": list(tensors),
                               "arrays": {k: describe(v) for k, v in tensors.items()},
                               "metadata": {"source": "crosscheck.py"}}
    # the reader above must agree with the writer above before Odeon is held to either
    back, _ = read_safetensors(os.path.join(directory, "numpy.safetensors"))
    assert all(same(back[k], v) for k, v in tensors.items())
    with open(os.path.join(directory, "manifest.json"), "w") as f:
        json.dump(manifest, f)
    print(f"wrote {len(arrays) + 2} npy files, 2 npz files, 1 safetensors file")


if __name__ == "__main__":
    {"check": check, "write": write}[sys.argv[1]](sys.argv[2])
