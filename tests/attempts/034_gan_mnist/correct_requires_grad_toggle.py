"""Correct, written differently: D frozen with requires_grad_(False) for the G update and restored,
BCE written with softplus, and D's gradients assigned from torch.autograd.grad."""

import torch
import torch.nn.functional as F
from torch import nn


class Generator(nn.Module):
    def __init__(self, z_dim: int = 64) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(z_dim, 256),
            nn.LeakyReLU(0.2),
            nn.Linear(256, 512),
            nn.LeakyReLU(0.2),
            nn.Linear(512, 28 * 28),
            nn.Tanh(),
        )

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(z).reshape(-1, 1, 28, 28)


class Discriminator(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Flatten(),
            nn.Linear(28 * 28, 256),
            nn.LeakyReLU(0.2),
            nn.Linear(256, 1),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).squeeze(1)


def gan_step(G, D, opt_g, opt_d, real, z):
    fake = G(z)
    # 1. discriminator
    d_real = D(real)
    d_fake = D(fake.detach())
    d_loss = F.softplus(-d_real).mean() + F.softplus(d_fake).mean()
    d_params = [p for p in D.parameters() if p.requires_grad]
    grads = torch.autograd.grad(d_loss, d_params)
    for p, g in zip(d_params, grads, strict=True):
        p.grad = g
    opt_d.step()
    # 2. generator, against the updated D
    opt_g.zero_grad()
    flags = [p.requires_grad for p in D.parameters()]
    D.requires_grad_(False)
    try:
        out = D(fake)
        g_loss = F.softplus(-out).mean()
        g_loss.backward()
    finally:
        for p, f in zip(D.parameters(), flags, strict=True):
            p.requires_grad_(f)
    opt_g.step()
    return d_loss.item(), g_loss.item()
