"""PyTorch side of Odeon's model files: read and write model.safetensors without extra packages, and
the flow-map MLP as a torch module whose state dict has Odeon's keys ("0.weight", "0.bias", "2.weight", ...).

    python3 odeon_torch.py mlp-forward MODEL INPUTS OUTPUT    # y = model(x) for x = INPUTS["x"], written as OUTPUT["y"]
    python3 odeon_torch.py lipschitz-forward MODEL INPUTS OUTPUT   # a dense or convolutional 1-Lipschitz classifier; INPUTS has x
    python3 odeon_torch.py sympflow-forward MODEL INPUTS OUTPUT    # INPUTS has z [B, 2d] and t [B, 1]; OUTPUT y and h
    python3 odeon_torch.py train lipschitz|sympflow MODEL INPUTS TRAINED_MODEL OUTPUT   # Adam steps in PyTorch
    python3 odeon_torch.py mlp-random MODEL INPUTS SEED W0 W1 ... Wn
        # a torch-initialised tanh MLP of widths W0..Wn saved to MODEL; INPUTS gets x and the torch outputs y

Odeon's Mlp is Linear, Tanh, Linear, ..., Linear with Linear(x) = x Wᵀ + b and W: [out, in], which is
torch.nn.Sequential of torch.nn.Linear and torch.nn.Tanh in float64, key for key.
"""
import json
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


def java_fingerprint(w):
    """Java's Arrays.hashCode of the weight values (double bits, 32-bit wrap-around), as Odeon's
    SpectralNormalized stores it in "eval_key" to say which weights its "eval_norm" belongs to."""
    h = 1
    for b in w.detach().contiguous().double().view(torch.int64).flatten().tolist():
        b &= 0xFFFFFFFFFFFFFFFF
        h = (31 * h + ((b ^ (b >> 32)) & 0xFFFFFFFF)) & 0xFFFFFFFF
    return float(h - (1 << 32) if h >= 1 << 31 else h)


class LipschitzClassifier(torch.nn.Module):
    """Odeon's Classifiers.dense or Classifiers.conv (constrained regime CONTRACTIVE) in evaluation mode,
    from its state dict alone. Layer i of the Sequential is recognised by its keys:

        "0.mean", "0.std"            Normalize: x <- (x - mean) / std per channel
        "i.eval_norm"                SpectralNormalized (lift, transition or head, radius 1):
                                     y = A_Wbar x + b, Wbar = W / max(1, s), s = the stored eval_norm;
                                     A is a 3x3 same-size convolution (W 4-D) or dense (W 2-D, input flattened)
        "i.first.potential.weight"   a CONTRACTIVE step pair: two steps x <- x - h A^T relu(A x + b), h clamped
                                     to [0, 2 / (1.02 sigma)^2], sigma the stored power_sigma (GradientStep.MARGIN)
        no keys                      Flatten if layer i+1 is dense, else MaxPool 2x2

    A convolution's adjoint is the transposed convolution with the same kernel and padding. Each eval_norm must
    belong to its layer's weights (eval_key = their fingerprint, 0.5 before Odeon first evaluated the model), i.e.
    the model was saved in evaluation mode.
    """

    def __init__(self, state):
        super().__init__()
        self.state = state
        self.last = max(int(k.split(".")[0]) for k in state)
        for k in (k for k in state if k.endswith(".eval_norm")):
            i = k[:-len("eval_norm")]
            if state[i + "eval_key"].item() != java_fingerprint(state[i + "weight"]):
                raise ValueError("%seval_norm was not computed for %sweight: save the Odeon model after model.eval()" % (i, i))

    def _dense(self, i):
        return ("%d.weight" % i) in self.state and self.state["%d.weight" % i].dim() == 2

    @staticmethod
    def _maps(w):
        if w.dim() == 4:
            p = w.shape[-1] // 2
            return (lambda x: torch.nn.functional.conv2d(x, w, padding=p)), (lambda y: torch.nn.functional.conv_transpose2d(y, w, padding=p))
        return (lambda x: x @ w.T), (lambda y: y @ w)

    def _affine(self, i, x):
        w, s = self.state["%d.weight" % i], self.state["%d.eval_norm" % i].item()
        w = w if s <= 1 else w * (1 / s)
        if w.dim() == 2:
            x = x.flatten(1)
        return self._maps(w)[0](x) + self.state["%d.bias" % i]

    def _step(self, prefix, x):
        a, at = self._maps(self.state[prefix + ".potential.weight"])
        s = self.state[prefix + ".potential.power_sigma"].item() * 1.02
        h = self.state[prefix + ".step"].clamp(0, 2 / (1 * s * s))
        return x - at(torch.relu(a(x) + self.state[prefix + ".potential.bias"])) * h

    def forward(self, x):
        shape = [1] * x.dim()
        shape[1] = self.state["0.mean"].numel()
        x = (x - self.state["0.mean"].reshape(shape)) / self.state["0.std"].reshape(shape)
        for i in range(1, self.last + 1):
            if ("%d.eval_norm" % i) in self.state:
                x = self._affine(i, x)
            elif ("%d.first.potential.weight" % i) in self.state:
                x = self._step("%d.second" % i, self._step("%d.first" % i, x))
            elif self._dense(i + 1):
                x = x.flatten(1)
            else:
                x = torch.nn.functional.max_pool2d(x, 2)
        return x


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
        model = LipschitzClassifier(state)
        return lambda: model(io["x"])
    if kind == "sympflow":
        model = SympFlow(state)
        return lambda: torch.cat(model(io["z"], io["t"]), 1)
    raise ValueError("unknown model kind %r (lipschitz, sympflow)" % kind)


def train(kind, model_in, inputs, model_out, outputs, steps=5):
    """A few Adam steps in PyTorch on the weights of an Odeon model file (buffers such as power_sigma and eval_norm
    stay fixed); writes the trained state dict in Odeon's keys and the trained model's outputs on INPUTS["x"|"z","t"]
    as "y". Each eval_key is set to the trained weights' fingerprint: the fixed eval_norm is the scale these weights
    were evaluated with, so Odeon applies the same one (and certifies with it)."""
    state = read_safetensors(model_in)
    io = read_safetensors(inputs)
    trainable = [v.requires_grad_(True) for k, v in state.items() if "power_" not in k and "eval_" not in k and not k.endswith((".mean", ".std"))]
    run = _build(kind, state, io)
    opt = torch.optim.Adam(trainable, lr=1e-2)
    for _ in range(steps):
        opt.zero_grad()
        loss = run().square().mean()
        loss.backward()
        opt.step()
    with torch.no_grad():
        y = run()
    for k in [k for k in state if k.endswith(".eval_key")]:
        state[k] = torch.tensor(java_fingerprint(state[k[:-len("eval_key")] + "weight"]), dtype=torch.float64)
    write_safetensors(model_out, {k: v.detach() for k, v in state.items()})
    write_safetensors(outputs, {"y": y})


def main(argv):
    if len(argv) >= 4 and argv[0] == "mlp-forward":
        model = mlp_from_state(read_safetensors(argv[1]))
        with torch.no_grad():
            y = model(read_safetensors(argv[2])["x"])
        write_safetensors(argv[3], {"y": y})
    elif len(argv) >= 4 and argv[0] == "lipschitz-forward":
        model = LipschitzClassifier(read_safetensors(argv[1]))
        with torch.no_grad():
            y = model(read_safetensors(argv[2])["x"])
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
    try:
        main(sys.argv[1:])
    except ValueError as e:
        sys.exit("odeon_torch.py: %s" % e)
