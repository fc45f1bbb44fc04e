#!/usr/bin/env python3
# usage: synthetic-images.py DIR  (writes DIR/fashion and DIR/cifar)
# Synthetic stand-ins with the real formats (IDX, CIFAR binary) so robust-fashion/-cifar run quick here:
# class k images are a noisy class-specific pattern. Deterministic (seed 0).
import numpy as np, os, struct, sys
os.makedirs(sys.argv[1] + "/fashion", exist_ok=True); os.makedirs(sys.argv[1] + "/cifar", exist_ok=True); os.chdir(sys.argv[1])
rng = np.random.default_rng(0)
def images(n, shape, classes):
    y = rng.integers(0, classes, n).astype(np.uint8)
    proto = rng.uniform(0, 255, (classes,) + shape)
    x = np.clip(0.6 * proto[y] + rng.normal(0, 60, (n,) + shape), 0, 255).astype(np.uint8)
    return x, y
for prefix, n in (("train", 6000), ("t10k", 1000)):
    x, y = images(n, (28, 28), 10)
    with open(f"fashion/{prefix}-images-idx3-ubyte", "wb") as f: f.write(struct.pack(">IIII", 2051, n, 28, 28)); f.write(x.tobytes())
    with open(f"fashion/{prefix}-labels-idx1-ubyte", "wb") as f: f.write(struct.pack(">II", 2049, n)); f.write(y.tobytes())
for name, n in (("data_batch_1.bin", 600), ("test_batch.bin", 300)):
    x, y = images(n, (3, 32, 32), 10)
    rec = np.concatenate([y[:, None], x.reshape(n, -1)], axis=1).astype(np.uint8)
    open(f"cifar/{name}", "wb").write(rec.tobytes())
