"""One training epoch of the flexible network on Fashion-MNIST in PyTorch, the peer of FlexibleEpoch.java.

Same network, loss, optimiser and projection: normalise -> flatten -> spectrally normalised lift 784->w
(persistent power iteration, one step per training forward) -> `blocks` flexible pairs
N_A(h/2) E_B(h_e) N_A(h/2) with N_A x = x - h A^T relu(Ax + b), E_B x = x + h_e B^T relu(Bx + c),
h clamped to [0, 2/(1.02 s_A)^2], h_e to [0, 0.5] -> spectrally normalised head w->10; Adam 1e-3,
batch 128, multi-class hinge loss (margin 0.5); after each step one power iteration per potential and
A <- A/s when s > 1. Usage: OMP_NUM_THREADS=2 python3 flexible_epoch.py DATA_DIR [width blocks batches]
"""
import gzip, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(int(__import__("os").environ.get("OMP_NUM_THREADS", "2")))
MARGIN = 1.02


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


class Power:
    """Persistent power iteration for the top singular pair of a weight matrix."""

    def __init__(self, w):
        self.v = F.normalize(torch.randn(w.shape[1], dtype=w.dtype), dim=0)
        self.refresh(w, 30)

    @torch.no_grad()
    def refresh(self, w, iters):
        for _ in range(iters):
            self.v = F.normalize(w.t() @ (w @ self.v), dim=0)
        self.estimate = float((w @ self.v).norm())
        return self.estimate


class SpectralLinear(nn.Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        w = torch.empty(n_out, n_in, dtype=torch.float64)
        nn.init.orthogonal_(w)
        self.weight = nn.Parameter(w)
        self.bias = nn.Parameter(torch.zeros(n_out, dtype=torch.float64))
        self.power = Power(self.weight.detach())

    def forward(self, x):
        w = self.weight
        if self.training:
            self.power.refresh(w.detach(), 1)
        with torch.no_grad():
            u = F.normalize(w @ self.power.v, dim=0)
        sigma = u @ (w @ self.power.v)
        if float(sigma) > 1:
            w = w / sigma
        return x @ w.t() + self.bias


class Potential(nn.Module):
    def __init__(self, width):
        super().__init__()
        w = torch.empty(width, width, dtype=torch.float64)
        nn.init.xavier_uniform_(w)
        self.weight = nn.Parameter(w)
        self.bias = nn.Parameter(torch.zeros(width, dtype=torch.float64))
        self.power = Power(self.weight.detach())
        self.project()

    def grad(self, x):
        return F.relu(x @ self.weight.t() + self.bias) @ self.weight

    @torch.no_grad()
    def project(self):
        s = self.power.refresh(self.weight, 1)
        if s > 1:
            self.weight.mul_(1 / s)
            self.power.estimate /= s


class FlexiblePair(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.a, self.b = Potential(width), Potential(width)
        self.h = nn.Parameter(torch.ones(1, dtype=torch.float64))
        self.he = nn.Parameter(torch.full((1,), 0.1, dtype=torch.float64))

    def h_max(self):
        s = self.a.power.estimate * MARGIN
        return 2 / (s * s)

    def forward(self, x):
        h = self.h.clamp(0, self.h_max()) * 0.5
        he = self.he.clamp(0, 0.5)
        x = x - h * self.a.grad(x)
        x = x + he * self.b.grad(x)
        return x - h * self.a.grad(x)

    @torch.no_grad()
    def project(self):
        self.h.clamp_(0, self.h_max())
        self.he.clamp_(0, 0.5)
        self.a.project()
        self.b.project()


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
    width = int(sys.argv[2]) if len(sys.argv) > 2 else 256
    blocks = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else 10 ** 9
    torch.manual_seed(0)
    x = torch.tensor(idx(d + "/train-images-idx3-ubyte.gz"), dtype=torch.float64).reshape(-1, 784) / 255
    y = torch.tensor(idx(d + "/train-labels-idx1-ubyte.gz").astype(np.int64))
    pairs = [FlexiblePair(width) for _ in range(blocks)]
    net = nn.Sequential(SpectralLinear(784, width), *pairs, SpectralLinear(width, 10))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.MultiMarginLoss(margin=0.5)
    perm = torch.randperm(x.shape[0])
    net.train()
    t0 = time.perf_counter()
    n = 0
    for start in range(0, x.shape[0], 128):
        if n >= limit:
            break
        i = perm[start:start + 128]
        loss = loss_fn(net((x[i] - 0.2860) / 0.3530), y[i])
        opt.zero_grad()
        loss.backward()
        opt.step()
        for p in pairs:
            p.project()
        n += 1
    s = time.perf_counter() - t0
    print(f"torch flexible dense w={width} blocks={blocks}: {n} batches in {s:.2f} s ({1000 * s / n:.1f} ms/batch), last loss {loss.item():.4f}")


if __name__ == "__main__":
    main()
