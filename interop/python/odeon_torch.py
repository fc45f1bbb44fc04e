"""PyTorch side of Odeon's model files: read and write model.safetensors without extra packages, and
the flow-map MLP as a torch module whose state dict has Odeon's keys ("0.weight", "0.bias", "2.weight", ...).

    python3 odeon_torch.py mlp-forward MODEL INPUTS OUTPUT    # y = model(x) for x = INPUTS["x"], written as OUTPUT["y"]
    python3 odeon_torch.py lipschitz-forward MODEL INPUTS OUTPUT   # a dense 1-Lipschitz classifier; INPUTS has x, mean, std
    python3 odeon_torch.py sympflow-forward MODEL INPUTS OUTPUT    # INPUTS has z [B, 2d] and t [B, 1]; OUTPUT y and h
    python3 odeon_torch.py train lipschitz|sympflow MODEL INPUTS TRAINED_MODEL OUTPUT   # Adam steps in PyTorch
    python3 odeon_torch.py mlp-random MODEL INPUTS SEED W0 W1 ... Wn
        # a torch-initialised tanh MLP of widths W0..Wn saved to MODEL; INPUTS gets x and the torch outputs y

Odeon's Mlp is Linear, Tanh, Linear, ..., Linear with Linear(x) = x Wᵀ + b and W: [out, in], which is
torch.nn.Sequential of torch.nn.Linear and torch.nn.Tanh in float64, key for key.
"""
import json
import math
import struct
import sys

import torch

_DTYPES = {"F64": torch.float64, "F32": torch.float32, "I64": torch.int64, "I32": torch.int32}
_NAMES = {v: k for k, v in _DTYPES.items()}


def read_safetensors(path):
    """The tensors of a safetensors file, by name (metadata is ignored)."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = raw[8 + n:]
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        flat = torch.frombuffer(bytearray(data[begin:end]), dtype=_DTYPES[entry["dtype"]])
        out[name] = flat.reshape(entry["shape"]).clone()
    return out


def write_safetensors(path, tensors):
    """Writes little-endian, row-major tensors with the header padded by spaces to 8 bytes, as the format asks."""
    header, chunks, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous()
        b = t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": _NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        chunks.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(chunks))


def mlp(widths):
    """Odeon's Mlp.tanh(widths) as a torch module (float64)."""
    layers = []
    for k in range(len(widths) - 1):
        if k > 0:
            layers.append(torch.nn.Tanh())
        layers.append(torch.nn.Linear(widths[k], widths[k + 1]))
    return torch.nn.Sequential(*layers).double()


def mlp_from_state(state):
    """The MLP whose Linear layers the state dict describes (keys 0, 2, 4, ...)."""
    indices = sorted(int(k.split(".")[0]) for k in state if k.endswith(".weight"))
    if indices != list(range(0, 2 * len(indices), 2)):
        raise ValueError("not an Odeon MLP state dict: layer indices %s" % indices)
    widths = [state["0.weight"].shape[1]] + [state["%d.weight" % i].shape[0] for i in indices]
    model = mlp(widths)
    model.load_state_dict(state)
    return model


def gram_bound(w):
    """Odeon's OperatorNorm.matrixBound: an upper bound on ||W||_2 from 10 normalised Gram squarings, same arithmetic."""
    wide = w.shape[0] < w.shape[1]
    g = w @ w.T if wide else w.T @ w
    log_scale = 0.0
    k = 0
    while True:
        f = torch.linalg.norm(g).item()
        if f == 0:
            return 0.0
        log_scale += math.log(f)
        g = g * (1 / f)
        if k == 10:
            return math.exp(log_scale / 2 ** (k + 1))
        g = g @ g
        log_scale *= 2
        k += 1


class LipschitzDense(torch.nn.Module):
    """Odeon's Classifiers.dense(CONTRACTIVE, ...) in evaluation mode, from its state dict:

        normalise -> flatten -> lift (spectrally normalised to ||A|| <= 1) -> blocks -> head (||A|| <= 1),

    each block two negative gradient steps x <- x - h A^T relu(A x + b) with h clamped to
    [0, 2 / (1.02 sigma)^2], sigma the stored power-iteration estimate (Odeon's GradientStep.MARGIN = 1.02).
    Normalize's mean and std are passed in (they are also in the state dict, as buffers, and are not trained).
    """

    def __init__(self, state, mean, std):
        super().__init__()
        self.state = state
        self.mean, self.std = mean, std
        self.blocks = sorted({int(k.split(".")[0]) for k in state if ".first." in k})
        self.lift, self.head = self.blocks[0] - 1, self.blocks[-1] + 1

    def _normalised(self, i):
        w = self.state["%d.weight" % i]
        n = gram_bound(w)
        return w if n <= 1 else w * (1 / n)

    def _step(self, prefix, x):
        w, b = self.state[prefix + ".potential.weight"], self.state[prefix + ".potential.bias"]
        s = self.state[prefix + ".potential.power_sigma"].item() * 1.02
        h = self.state[prefix + ".step"].clamp(0, 2 / (1 * s * s))
        return x - torch.relu(x @ w.T + b) @ w * h

    def forward(self, x):
        shape = [1] * x.dim()
        shape[1] = self.mean.numel()
        x = ((x - self.mean.reshape(shape)) / self.std.reshape(shape)).flatten(1)
        x = x @ self._normalised(self.lift).T + self.state["%d.bias" % self.lift]
        for i in self.blocks:
            x = self._step("%d.second" % i, self._step("%d.first" % i, x))
        return x @ self._normalised(self.head).T + self.state["%d.bias" % self.head]


class SympFlow(torch.nn.Module):
    """Odeon's SympFlow from its state dict: layers i = 0, 1, ... of two exact shears

        p <- p - [grad_q V_i(q, t) - grad_q V_i(q, 0)],   q <- q + [grad_p K_i(p, t) - grad_p K_i(p, 0)],

    V_i, K_i tanh MLPs R^{d+1} -> R (keys "V<i>.net.<k>.weight"), and the learnt Hamiltonian
    H = offset + sum over shears of dU/dt(x, t) at the state where the shear acts. The potential
    gradients use the same closed form as Odeon's Potential.gradient (back through tanh' = 1 - tanh^2).
    """

    def __init__(self, state):
        super().__init__()
        self.state = state
        self.layers = len({k.split(".")[0] for k in state if k.startswith("V")})
        self.d = state["V0.net.0.weight"].shape[1] - 1

    def _gradient(self, prefix, x):
        idx = sorted(int(k.split(".")[2]) for k in self.state if k.startswith(prefix + ".net.") and k.endswith(".weight"))
        weights = [self.state["%s.net.%d.weight" % (prefix, i)] for i in idx]
        biases = [self.state["%s.net.%d.bias" % (prefix, i)] for i in idx]
        h = [x]
        for w, b in zip(weights[:-1], biases[:-1]):
            h.append(torch.tanh(h[-1] @ w.T + b))
        g = weights[-1]
        for k in range(len(weights) - 2, -1, -1):
            g = g - g * h[k + 1].square()
            g = g @ weights[k]
        return g

    def _shear(self, prefix, x, t):
        b, d = x.shape[0], self.d
        g = self._gradient(prefix, torch.cat([torch.cat([x, t], 1), torch.cat([x, torch.zeros_like(t)], 1)], 0))
        return g[:b, :d] - g[b:, :d], g[:b, d:d + 1]

    def forward(self, z, t):
        """(Phi(z, t), H_theta at Phi(z, t))."""
        d = self.d
        q, p = z[:, :d], z[:, d:2 * d]
        h = self.state["offset"]
        for i in range(self.layers):
            dv, hv = self._shear("V%d" % i, q, t)
            p = p - dv
            dk, hk = self._shear("K%d" % i, p, t)
            q = q + dk
            h = h + hv + hk
        return torch.cat([q, p], 1), h


def _build(kind, state, io):
    if kind == "lipschitz":
        model = LipschitzDense(state, io["mean"], io["std"])
        return lambda: model(io["x"])
    if kind == "sympflow":
        model = SympFlow(state)
        return lambda: torch.cat(model(io["z"], io["t"]), 1)
    raise ValueError("unknown model kind %r (lipschitz, sympflow)" % kind)


def train(kind, model_in, inputs, model_out, outputs, steps=5):
    """A few Adam steps in PyTorch on the weights of an Odeon model file (buffers such as power_sigma stay fixed);
    writes the trained state dict in Odeon's keys and the trained model's outputs on INPUTS["x"|"z","t"] as "y"."""
    state = read_safetensors(model_in)
    io = read_safetensors(inputs)
    trainable = [v.requires_grad_(True) for k, v in state.items() if "power_" not in k and not k.endswith((".mean", ".std"))]
    run = _build(kind, state, io)
    opt = torch.optim.Adam(trainable, lr=1e-2)
    for _ in range(steps):
        opt.zero_grad()
        loss = run().square().mean()
        loss.backward()
        opt.step()
    with torch.no_grad():
        y = run()
    write_safetensors(model_out, {k: v.detach() for k, v in state.items()})
    write_safetensors(outputs, {"y": y})


def main(argv):
    if len(argv) >= 4 and argv[0] == "mlp-forward":
        model = mlp_from_state(read_safetensors(argv[1]))
        with torch.no_grad():
            y = model(read_safetensors(argv[2])["x"])
        write_safetensors(argv[3], {"y": y})
    elif len(argv) >= 4 and argv[0] == "lipschitz-forward":
        io = read_safetensors(argv[2])
        model = LipschitzDense(read_safetensors(argv[1]), io["mean"], io["std"])
        with torch.no_grad():
            y = model(io["x"])
        write_safetensors(argv[3], {"y": y})
    elif len(argv) >= 4 and argv[0] == "sympflow-forward":
        io = read_safetensors(argv[2])
        with torch.no_grad():
            y, h = SympFlow(read_safetensors(argv[1]))(io["z"], io["t"])
        write_safetensors(argv[3], {"y": y, "h": h})
    elif len(argv) >= 6 and argv[0] == "train":
        train(argv[1], argv[2], argv[3], argv[4], argv[5])
    elif len(argv) >= 6 and argv[0] == "mlp-random":
        torch.manual_seed(int(argv[3]))
        widths = [int(w) for w in argv[4:]]
        model = mlp(widths)
        x = torch.randn(16, widths[0], dtype=torch.float64)
        with torch.no_grad():
            y = model(x)
        write_safetensors(argv[1], model.state_dict())
        write_safetensors(argv[2], {"x": x, "y": y})
    else:
        sys.exit("usage: odeon_torch.py mlp-forward MODEL INPUTS OUTPUT | mlp-random MODEL INPUTS SEED W0 ... Wn")


if __name__ == "__main__":
    main(sys.argv[1:])
