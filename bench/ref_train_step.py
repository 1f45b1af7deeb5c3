"""Times one training step of the authors' PyTorch models on this CPU, the yardstick for
`harmonia bench --train`. Not part of Harmonia; it needs PyTorch and the shared tools folder
(reference.py, which imports the authors' code from REF_HDNET / REF_PHNET at run time).

    python3 bench/ref_train_step.py MODEL SIZE THREADS BATCH [REPS]

MODEL is hdnet, hdnet-lite or phnet. Each step is what Harmonia's bench times for the preset:
  hdnet, hdnet-lite: inputs in [-1, 1], output blended with the composite by the mask, the mask-
    weighted MSE sum((pred - real)^2) / (C * max(sum(M), 100)) per sample, batch mean; Adam, lr 1e-3.
  phnet: inputs in [0, 1], the raw output; 0.2 * 100 / PSNR + 0.01 * FN-MSE + 0.01 * L1 of the
    masked images' forward differences; Lion (written out below: PyTorch 1.13 has none), lr 1e-4.
Prints one JSON line with the median seconds per step after one warm-up step.
"""
import json, os, sys, time

import torch

sys.path.insert(0, os.environ.get("SHARED_TOOLS", os.path.join(os.path.dirname(__file__), "..", "..", "shared", "tools")))
import reference as R  # noqa: E402


class Lion(torch.optim.Optimizer):
    """Lion (Chen et al. 2023): sign of an interpolated momentum, decoupled weight decay."""

    def __init__(self, params, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
        super().__init__(params, dict(lr=lr, betas=betas, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state.setdefault(p, {})
                if "exp_avg" not in state:
                    state["exp_avg"] = torch.zeros_like(p)
                momentum = state["exp_avg"]
                p.mul_(1 - group["lr"] * group["weight_decay"])
                p.add_(torch.sign(momentum * beta1 + p.grad * (1 - beta1)), alpha=-group["lr"])
                momentum.mul_(beta2).add_(p.grad, alpha=1 - beta2)


def hdnet_loss(net, comp, real, mask):
    comp, real = comp * 2 - 1, real * 2 - 1
    blended = net(comp, mask) * mask + comp * (1 - mask)
    per_sample = ((blended - real) ** 2).sum(dim=(1, 2, 3)) / (3 * mask.sum(dim=(1, 2, 3)).clamp(min=100))
    return per_sample.mean()


def phnet_loss(net, comp, real, mask):
    pred = net(comp, mask)
    mse = ((pred - real) ** 2).mean()
    psnr = 10 * torch.log10(1 / mse)
    fn_mse = (((pred - real) ** 2) * mask).sum() / (3 * mask.sum()).clamp(min=100)
    pm, rm = pred * mask, real * mask
    grad = (pm[..., 1:, :] - pm[..., :-1, :] - (rm[..., 1:, :] - rm[..., :-1, :])).abs().mean() \
        + (pm[..., :, 1:] - pm[..., :, :-1] - (rm[..., :, 1:] - rm[..., :, :-1])).abs().mean()
    return 0.2 * 100 / (psnr + 1e-7) + 0.01 * fn_mse + 0.01 * grad


def main():
    model, size, threads, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    reps = int(sys.argv[5]) if len(sys.argv) > 5 else 3
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    if model in ("hdnet", "hdnet-lite"):
        net = R.hdnet(32 if model == "hdnet" else 8)
        optimizer, loss_fn = torch.optim.Adam(net.parameters(), lr=1e-3), hdnet_loss
    elif model == "phnet":
        net = R.phnet(**R.PHNET_IHARMONY)
        optimizer, loss_fn = Lion(net.parameters(), lr=1e-4), phnet_loss
    else:
        sys.exit(f"unknown model {model}")
    net.train()
    comp, real = torch.rand(batch, 3, size, size), torch.rand(batch, 3, size, size)
    mask = (torch.rand(batch, 1, size, size) > 0.7).float()

    def step():
        optimizer.zero_grad()
        loss = loss_fn(net, comp, real, mask)
        loss.backward()
        optimizer.step()

    step()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    times.sort()
    print(json.dumps({"model": model, "size": size, "threads": threads, "batch": batch, "train": True,
                      "median_s": round(times[len(times) // 2], 4), "torch": torch.__version__}), flush=True)


if __name__ == "__main__":
    main()
