"""PyTorch twins of org.odeon.bench.EngineWorkloads: same shapes, dtypes and losses, written the way a
PyTorch user would (F.linear, F.conv2d with its bias, F.cross_entropy, F.mse_loss, torch.fft,
nn.MultiheadAttention, nn.LayerNorm).

Usage: peer_torch.py [--quick] --threads K NAME...  Prints one JSON object: the median seconds of each
named workload, the thread count and the process's peak RSS. Run with Debian's /usr/bin/python3
(apt-get install python3-torch); OMP_NUM_THREADS should equal K.
"""
import copy
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

args = sys.argv[1:]
quick = "--quick" in args
threads = int(args[args.index("--threads") + 1]) if "--threads" in args else 2
names = [a for i, a in enumerate(args) if not a.startswith("--") and (i == 0 or args[i - 1] != "--threads")]
torch.set_num_threads(threads)
torch.manual_seed(0)
WARMUP, WARMUP_SECONDS, RUNS = (3, 0, 5) if quick else (10, 3, 20)   # as BenchSuite: runs and seconds
EPOCH_PROTOCOL = (1, 0, 1)          # an epoch-sized workload, as its protocol(): one warm-up epoch, one timed


def dense(sizes, dtype):
    ps = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        w = (torch.randn(b, a, dtype=dtype) * (1.0 / a) ** 0.5).requires_grad_()
        ps += [w, torch.zeros(b, dtype=dtype, requires_grad=True)]
    return ps


def forward(ps, x):
    h = x
    for i in range(0, len(ps), 2):
        h = F.linear(h, ps[i], ps[i + 1])
        if i + 2 < len(ps):
            h = torch.tanh(h)
    return h


def zero(ps):
    for p in ps:
        p.grad = None


def mlp():
    ps = dense([64, 256, 256, 256, 1], torch.float32)
    x, y = torch.randn(1024, 64), torch.randn(1024, 1)

    def run():
        zero(ps)
        F.mse_loss(forward(ps, x), y).backward()
    return run


def hamiltonian():
    ps = dense([64, 256, 256, 256, 1], torch.float64)
    x, y = torch.randn(1024, 64, dtype=torch.float64), torch.randn(1024, 64, dtype=torch.float64)

    def run():
        zero(ps)
        z = x.clone().requires_grad_()
        (dh,) = torch.autograd.grad(forward(ps, z).sum(), z, create_graph=True)
        jgrad = torch.cat([dh[:, 32:], -dh[:, :32]], 1)
        (((jgrad - y) ** 2).sum() / 1024).backward()
    return run


def convnet():
    w1 = (torch.randn(32, 1, 3, 3) * (2 / 9) ** 0.5).requires_grad_()
    b1 = torch.zeros(32, requires_grad=True)
    w2 = (torch.randn(64, 32, 3, 3) * (2 / 288) ** 0.5).requires_grad_()
    b2 = torch.zeros(64, requires_grad=True)
    w3 = (torch.randn(10, 3136) * (1 / 3136) ** 0.5).requires_grad_()
    b3 = torch.zeros(10, requires_grad=True)
    ps = [w1, b1, w2, b2, w3, b3]
    x, labels = torch.rand(128, 1, 28, 28), torch.randint(0, 10, (128,))

    def run():
        zero(ps)
        h = F.max_pool2d(F.relu(F.conv2d(x, w1, b1, padding=1)), 2)
        h = F.max_pool2d(F.relu(F.conv2d(h, w2, b2, padding=1)), 2)
        F.cross_entropy(F.linear(h.flatten(1), w3, b3), labels).backward()
    return run


def spectral():
    b, c, n, modes = 32, 64, 1024, 16
    scale = 1.0 / (c * c)
    w = (scale * torch.rand(c, c, modes, dtype=torch.cfloat)).requires_grad_()
    x = torch.randn(b, c, n)

    def run():
        w.grad = None
        z = torch.fft.rfft(x)[:, :, :modes]
        mixed = torch.einsum("bik,iok->bok", z, w)
        out = F.pad(mixed, (0, n // 2 + 1 - modes))
        (torch.fft.irfft(out, n=n) ** 2).mean().backward()
    return run


def fourier2d():
    # The Fourier layer of the FNO reference code: two weight blocks for the positive and negative rows.
    b, c, n, m = 20, 32, 64, 12
    scale = 1.0 / (c * c)
    w1 = (scale * torch.rand(c, c, m, m, dtype=torch.cfloat)).requires_grad_()
    w2 = (scale * torch.rand(c, c, m, m, dtype=torch.cfloat)).requires_grad_()
    x = torch.randn(b, c, n, n)

    def run():
        w1.grad = w2.grad = None
        x_ft = torch.fft.rfft2(x)
        out_ft = torch.zeros(b, c, n, n // 2 + 1, dtype=torch.cfloat)
        out_ft[:, :, :m, :m] = torch.einsum("bixy,ioxy->boxy", x_ft[:, :, :m, :m], w1)
        out_ft[:, :, -m:, :m] = torch.einsum("bixy,ioxy->boxy", x_ft[:, :, -m:, :m], w2)
        (torch.fft.irfft2(out_ft, s=(n, n)) ** 2).mean().backward()
    return run


def message():
    # Message passing as PyTorch Geometric does it: gather the sources, weigh, scatter-add to the targets.
    nodes, edges, f = 10_000, 100_000, 64
    src, dst = torch.randint(0, nodes, (edges,)), torch.randint(0, nodes, (edges,))
    v = torch.rand(edges, requires_grad=True)
    w = (torch.randn(f, f) * (1.0 / f) ** 0.5).requires_grad_()
    x = torch.randn(nodes, f)

    def run():
        v.grad = w.grad = None
        xw = x @ w
        h = torch.zeros(nodes, f).index_add_(0, dst, xw[src] * v[:, None])
        (torch.tanh(h) ** 2).mean().backward()
    return run


class SpectralConv2d(nn.Module):
    """The FNO reference code's Fourier layer: rfft2, two complex weight blocks for the positive and
    negative rows of the kept modes, einsum, irfft2."""

    def __init__(self, cin, cout, m1, m2):
        super().__init__()
        self.m1, self.m2 = m1, m2
        scale = 1 / (cin * cout)
        self.weights1 = nn.Parameter(scale * torch.rand(cin, cout, m1, m2, dtype=torch.cfloat))
        self.weights2 = nn.Parameter(scale * torch.rand(cin, cout, m1, m2, dtype=torch.cfloat))

    def forward(self, x):
        b, _, h, w = x.shape
        x_ft = torch.fft.rfft2(x)
        out_ft = torch.zeros(b, self.weights1.shape[1], h, w // 2 + 1, dtype=torch.cfloat)
        out_ft[:, :, :self.m1, :self.m2] = torch.einsum("bixy,ioxy->boxy", x_ft[:, :, :self.m1, :self.m2], self.weights1)
        out_ft[:, :, -self.m1:, :self.m2] = torch.einsum("bixy,ioxy->boxy", x_ft[:, :, -self.m1:, :self.m2], self.weights2)
        return torch.fft.irfft2(out_ft, s=(h, w))


class FNO2d(nn.Module):
    """The FNO reference code's FNO2d: grid channels, lift, four Fourier layers plus 1x1 convolutions
    (GELU but the last), projection width -> 128 -> 1."""

    def __init__(self, modes, width):
        super().__init__()
        self.fc0 = nn.Linear(3, width)
        self.convs = nn.ModuleList([SpectralConv2d(width, width, modes, modes) for _ in range(4)])
        self.ws = nn.ModuleList([nn.Conv2d(width, width, 1) for _ in range(4)])
        self.fc1 = nn.Linear(width, 128)
        self.fc2 = nn.Linear(128, 1)

    def forward(self, x):                       # x: [B, H, W, 1], channels last as in the reference
        b, h, w, _ = x.shape
        gx = torch.linspace(0, 1, h).reshape(1, h, 1, 1).repeat(b, 1, w, 1)
        gy = torch.linspace(0, 1, w).reshape(1, 1, w, 1).repeat(b, h, 1, 1)
        x = self.fc0(torch.cat((x, gx, gy), dim=-1)).permute(0, 3, 1, 2)
        for i, (conv, pw) in enumerate(zip(self.convs, self.ws)):
            x = conv(x) + pw(x)
            if i < 3:
                x = F.gelu(x)
        x = F.gelu(self.fc1(x.permute(0, 2, 3, 1)))
        return self.fc2(x)


def rel_l2(pred, y):
    """LpLoss of the reference code: per-sample relative L2, averaged over the batch."""
    b = y.shape[0]
    return (torch.norm(pred.reshape(b, -1) - y.reshape(b, -1), 2, 1) / torch.norm(y.reshape(b, -1), 2, 1)).mean()


def fno2d_epoch():
    samples, n, batch = 1000, 64, 20
    a = torch.where(torch.randn(samples, n, n, 1) >= 0, 1.0, -1.0)   # a in {3, 12}, normalised
    u = 0.1 * torch.rand(samples, n, n, 1)
    model = FNO2d(12, 32)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(a, u), batch_size=batch, shuffle=True)

    def run():
        for x, y in loader:
            opt.zero_grad()
            loss = rel_l2(model(x), y)
            loss.backward()
            opt.step()
    return run


def gcn():
    # Kipf and Welling's GCN as a PyTorch user trains it: A_hat = D^-1/2 (A + I) D^-1/2 built once as a sparse
    # tensor, torch.sparse.mm for the propagation, cross-entropy on the training nodes, Adam, then the validation
    # accuracy under no_grad, keeping a copy of the best weights. The graph: a CSBM-like draw of 10^4 nodes in 4
    # classes, expected degrees 8 within and 2 across classes, 128 Gaussian features, hidden 64, float64.
    nodes, classes, feats, hidden, d_in, d_out = 10_000, 4, 128, 64, 8, 2
    dt = torch.float64
    labels = torch.randperm(nodes) % classes
    src_in = torch.randint(0, nodes, (nodes * d_in // 2,))
    # same-class partners: a random member of the source's class; other-class partners: a random node of another class
    order = torch.argsort(labels)
    per = nodes // classes
    dst_in = order[labels[src_in] * per + torch.randint(0, per, src_in.shape)]
    src_out = torch.randint(0, nodes, (nodes * d_out // 2,))
    shift = torch.randint(1, classes, src_out.shape)
    dst_out = order[((labels[src_out] + shift) % classes) * per + torch.randint(0, per, src_out.shape)]
    src, dst = torch.cat([src_in, src_out]), torch.cat([dst_in, dst_out])
    keep = src != dst
    src, dst = src[keep], dst[keep]
    loops = torch.arange(nodes)
    index = torch.stack([torch.cat([src, dst, loops]), torch.cat([dst, src, loops])])
    a = torch.sparse_coo_tensor(index, torch.ones(index.shape[1], dtype=dt), (nodes, nodes)).coalesce()
    a = torch.sparse_coo_tensor(a.indices(), torch.ones_like(a.values()), (nodes, nodes)).coalesce()   # 0/1 weights
    deg = torch.sparse.sum(a, 1).to_dense()
    r, c = a.indices()
    a_hat = torch.sparse_coo_tensor(a.indices(), deg[r].rsqrt() * deg[c].rsqrt(), (nodes, nodes)).coalesce()
    means = torch.linalg.qr(torch.randn(feats, classes, dtype=dt))[0].T * (2.0 / 2 ** 0.5)
    x = means[labels] + torch.randn(nodes, feats, dtype=dt)
    perm = torch.randperm(nodes)
    train, val = perm[:nodes // 10], perm[nodes // 10:nodes // 5]

    class Gcn(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.lin1 = torch.nn.Linear(feats, hidden, bias=False, dtype=dt)
            self.lin2 = torch.nn.Linear(hidden, classes, bias=False, dtype=dt)
            self.b1 = torch.nn.Parameter(torch.zeros(hidden, dtype=dt))
            self.b2 = torch.nn.Parameter(torch.zeros(classes, dtype=dt))

        def forward(self, x):
            h = torch.relu(torch.sparse.mm(a_hat, self.lin1(x)) + self.b1)
            return torch.sparse.mm(a_hat, self.lin2(h)) + self.b2

    model = Gcn()
    opt = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=5e-4)
    best = {"acc": -1.0, "state": None}

    def run():
        model.train()
        opt.zero_grad()
        F.cross_entropy(model(x)[train], labels[train]).backward()
        opt.step()
        model.eval()
        with torch.no_grad():
            acc = (model(x)[val].argmax(1) == labels[val]).double().mean().item()
        if acc > best["acc"]:
            best["acc"], best["state"] = acc, copy.deepcopy(model.state_dict())
    return run


class VitBlock(nn.Module):
    """A pre-norm ViT block as a PyTorch user writes it: nn.LayerNorm, nn.MultiheadAttention (bias-free q/k/v
    and output projection, then the output bias Odeon's attention has), nn.LayerNorm, exact-GELU MLP."""

    def __init__(self, dim, heads, hidden):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.attn = nn.MultiheadAttention(dim, heads, bias=False, batch_first=True)
        self.attn_bias = nn.Parameter(torch.zeros(dim))
        self.fc1, self.fc2 = nn.Linear(dim, hidden), nn.Linear(hidden, dim)

    def forward(self, x):
        h = self.norm1(x)
        x = x + self.attn(h, h, h, need_weights=False)[0] + self.attn_bias
        return x + self.fc2(F.gelu(self.fc1(self.norm2(x))))


class Vit(nn.Module):
    """robust-vit's standard transformer: normalise, 16 patches of 7x7, linear embedding + learned positions,
    pre-norm blocks, final LayerNorm, all tokens concatenated into a linear head."""

    def __init__(self, width=32, depth=2, heads=2, hidden=64, patch=7, tokens=16, classes=10):
        super().__init__()
        self.patch = patch
        self.embed = nn.Linear(patch * patch, width)
        self.positions = nn.Parameter(0.02 * torch.randn(tokens, width))
        self.blocks = nn.ModuleList(VitBlock(width, heads, hidden) for _ in range(depth))
        self.norm = nn.LayerNorm(width)
        self.head = nn.Linear(tokens * width, classes)

    def forward(self, images):
        x = (images - 0.286) / 0.353
        n, c, hh, ww = x.shape
        p = self.patch
        x = x.reshape(n, c, hh // p, p, ww // p, p).permute(0, 2, 4, 1, 3, 5).reshape(n, (hh // p) * (ww // p), c * p * p)
        h = self.embed(x) + self.positions
        for b in self.blocks:
            h = b(h)
        return self.head(self.norm(h).flatten(1))


def vit_epoch():
    # One epoch of 60,000 Fashion-MNIST-shaped images (random pixels, cyclic labels), shuffled batches of 128,
    # cross-entropy of the logits times 2, Adam with OneCycleLR over robust-vit's 1,500 steps (peak 3e-3, no
    # momentum cycling: Odeon's one-cycle schedule moves the rate only), float64.
    images, batch = 60_000, 128
    x = torch.rand(images, 1, 28, 28, dtype=torch.float64)
    y = torch.arange(images) % 10
    model = Vit().double()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=1500, cycle_momentum=False)
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=batch, shuffle=True)

    def run():
        model.train()
        for xb, yb in loader:
            opt.zero_grad()
            F.cross_entropy(model(xb) * 2.0, yb).backward()
            opt.step()
            sched.step()
    return run


def peak_rss():
    """This process's peak resident set (VmHWM). Not getrusage's ru_maxrss: on Linux that keeps the
    high-water mark of the process that spawned us (here a JVM with a pre-touched heap)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return -1


def median_time(run, protocol=(WARMUP, WARMUP_SECONDS, RUNS)):
    warmup, warmup_seconds, runs = protocol
    until, i = time.perf_counter() + warmup_seconds, 0
    while i < warmup or time.perf_counter() < until:
        run()
        i += 1
    ts = []
    for _ in range(runs):
        s = time.perf_counter()
        run()
        ts.append(time.perf_counter() - s)
    ts.sort()
    return ts[len(ts) // 2]


WORKLOADS = {"mlp": mlp, "hamiltonian": hamiltonian, "convnet": convnet, "spectral": spectral,
             "fourier2d": fourier2d, "message": message, "gcn": gcn, "fno2d-epoch": fno2d_epoch,
             "vit-epoch": vit_epoch}
PROTOCOLS = {"fno2d-epoch": EPOCH_PROTOCOL, "vit-epoch": EPOCH_PROTOCOL}
result = {"torch": torch.__version__, "threads": torch.get_num_threads()}
for name in names or list(WORKLOADS):
    if name in WORKLOADS:
        result[name] = median_time(WORKLOADS[name](), PROTOCOLS.get(name, (WARMUP, WARMUP_SECONDS, RUNS)))
result["peak_rss_bytes"] = peak_rss()
print(json.dumps(result))
