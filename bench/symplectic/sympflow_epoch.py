"""PyTorch twin of org.odeon.bench.symplectic.SympFlowEpochBench: one unsupervised SympFlow
training epoch on Henon-Heiles, float64, same sizes, same loss, same algorithm.

Each shear needs grad_x U(x) of a tanh network U, taken by reverse mode with create_graph
(double backward through the MLPs); d/dt of the model output comes from the double-vjp trick;
then loss.backward() and one Adam step. Prints one JSON object with the median wall and CPU (all threads) time per epoch.
Run with /usr/bin/python3 and OMP_NUM_THREADS=2.
"""
import json
import sys
import time

import torch

args = dict(a.split("=", 1) for a in sys.argv[1:])
LAYERS, WIDTH, DEPTH = int(args.get("layers", 4)), int(args.get("width", 32)), int(args.get("depth", 2))
BATCH, WARMUP, RUNS = int(args.get("batch", 1000)), int(args.get("warmup", 5)), int(args.get("runs", 20))
D = 2
torch.manual_seed(0)
dt = torch.float64


def potential():
    sizes = [D + 1] + [WIDTH] * DEPTH + [1]
    ps = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        ps += [(torch.randn(b, a, dtype=dt) / a ** 0.5).requires_grad_(), torch.zeros(b, dtype=dt, requires_grad=True)]
    return ps


def u(ps, x):
    h = x
    for i in range(0, len(ps) - 2, 2):
        h = torch.tanh(h @ ps[i].T + ps[i + 1])
    return h @ ps[-2].T + ps[-1]


def grad_u(ps, x):
    if not x.requires_grad:
        x = x.detach().requires_grad_()
    (g,) = torch.autograd.grad(u(ps, x).sum(), x, create_graph=True)
    return g


vs = [potential() for _ in range(LAYERS)]
ks = [potential() for _ in range(LAYERS)]
params = [p for ps in vs + ks for p in ps]
opt = torch.optim.Adam(params, lr=1e-3)


def shear(ps, x, t):
    b = x.shape[0]
    inp = torch.cat([torch.cat([x, t], 1), torch.cat([x, torch.zeros_like(t)], 1)], 0)
    g = grad_u(ps, inp)
    return g[:b, :D] - g[b:, :D]


def flow(z, t):
    q, p = z[:, :D], z[:, D:]
    for V, K in zip(vs, ks):
        p = p - shear(V, q, t)
        q = q + shear(K, p, t)
    return torch.cat([q, p], 1)


def henon_field(z):
    x, y, px, py = z[:, 0:1], z[:, 1:2], z[:, 2:3], z[:, 3:4]
    return torch.cat([px, py, -(x + 2 * x * y), -(y + (x * x - y * y))], 1)


def epoch():
    z = torch.rand(BATCH, 2 * D, dtype=dt) - 0.5
    t = torch.rand(BATCH, 1, dtype=dt).requires_grad_()
    opt.zero_grad()
    y = flow(z, t)
    w = torch.zeros_like(y, requires_grad=True)
    (jtw,) = torch.autograd.grad(y, t, w, create_graph=True)
    (dydt,) = torch.autograd.grad(jtw.sum(), w, create_graph=True)
    loss = ((dydt - henon_field(y)) ** 2).mean()
    loss.backward()
    opt.step()
    return loss.item()


for _ in range(WARMUP):
    epoch()
times, cpu = [], []
for _ in range(RUNS):
    s, c = time.perf_counter(), time.process_time()
    epoch()
    times.append(time.perf_counter() - s)
    cpu.append(time.process_time() - c)
times.sort()
cpu.sort()
print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "median_s": times[len(times) // 2],
                  "min_s": times[0], "cpu_s": cpu[len(cpu) // 2], "layers": LAYERS, "width": WIDTH, "depth": DEPTH, "batch": BATCH}))
