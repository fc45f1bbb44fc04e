"""PyTorch twin of org.odeon.bench.transformer.VitEpochBench: one training epoch of robust-vit's
standard transformer, float64, same sizes, same loss (multi-class hinge, margin 0.5), Adam.

Model: normalise, 16 patches of 7x7, linear embedding + learned positions, pre-norm blocks
(LayerNorm, multi-head softmax attention with q/k/v without bias and an output projection with bias,
LayerNorm, exact-GELU MLP), final LayerNorm, mean over tokens, linear head.
Prints one JSON object with the median and minimum wall time per epoch. Run with /usr/bin/python3, OMP_NUM_THREADS=2.
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

args = dict(a.split("=", 1) for a in sys.argv[1:])
IMAGES, BATCH = int(args.get("images", 6000)), int(args.get("batch", 64))
WIDTH, DEPTH, HEADS, HIDDEN = int(args.get("width", 32)), int(args.get("depth", 2)), int(args.get("heads", 2)), int(args.get("hidden", 64))
RUNS = int(args.get("runs", 3))
torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(WIDTH), nn.LayerNorm(WIDTH)
        self.q, self.k, self.v = (nn.Linear(WIDTH, WIDTH, bias=False) for _ in range(3))
        self.o = nn.Linear(WIDTH, WIDTH)
        self.fc1, self.fc2 = nn.Linear(WIDTH, HIDDEN), nn.Linear(HIDDEN, WIDTH)

    def split(self, t):
        b, n, _ = t.shape
        return t.reshape(b, n, HEADS, WIDTH // HEADS).transpose(1, 2)

    def forward(self, x):
        h = self.norm1(x)
        q, k, v = self.split(self.q(h)), self.split(self.k(h)), self.split(self.v(h))
        p = torch.softmax(q @ k.transpose(-1, -2) / (WIDTH // HEADS) ** 0.5, dim=-1)
        a = (p @ v).transpose(1, 2).reshape(x.shape)
        x = x + self.o(a)
        return x + self.fc2(F.gelu(self.fc1(self.norm2(x))))


class Vit(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(49, WIDTH)
        self.positions = nn.Parameter(0.02 * torch.randn(16, WIDTH))
        self.blocks = nn.ModuleList(Block() for _ in range(DEPTH))
        self.norm = nn.LayerNorm(WIDTH)
        self.head = nn.Linear(WIDTH, 10)

    def forward(self, images):
        x = (images - 0.286) / 0.353
        n = x.shape[0]
        x = x.reshape(n, 1, 4, 7, 4, 7).permute(0, 2, 4, 1, 3, 5).reshape(n, 16, 49)
        h = self.embed(x) + self.positions
        for b in self.blocks:
            h = b(h)
        return self.head(self.norm(h).mean(1))


def hinge(logits, y, margin=0.5):
    onehot = F.one_hot(y, 10).to(logits.dtype)
    true = (logits * onehot).sum(1, keepdim=True)
    return (F.relu(logits - true + margin) * (1 - onehot)).sum() / logits.numel()


model = Vit()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
x = torch.rand(IMAGES, 1, 28, 28)
y = torch.arange(IMAGES) % 10


def epoch():
    for s in range(IMAGES // BATCH):
        opt.zero_grad()
        loss = hinge(model(x[s * BATCH:(s + 1) * BATCH]), y[s * BATCH:(s + 1) * BATCH])
        loss.backward()
        opt.step()


epoch()
wall = []
for _ in range(RUNS):
    t0 = time.perf_counter()
    epoch()
    wall.append(time.perf_counter() - t0)
wall.sort()
print(json.dumps({"median_s": wall[len(wall) // 2], "min_s": wall[0], "threads": torch.get_num_threads()}))
