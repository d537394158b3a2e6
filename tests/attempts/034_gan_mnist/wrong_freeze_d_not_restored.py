"""Wrong: D.requires_grad_(False) for the G update, never restored, so D cannot train next step."""
# fails: models_stay_trainable

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
    opt_d.zero_grad()
    d_real = D(real)
    d_fake = D(fake.detach())
    d_loss = F.binary_cross_entropy_with_logits(d_real, torch.ones_like(d_real)) + F.binary_cross_entropy_with_logits(
        d_fake, torch.zeros_like(d_fake)
    )
    d_loss.backward()
    opt_d.step()
    # 2. generator, against the updated D
    opt_g.zero_grad()
    D.requires_grad_(False)
    out = D(fake)
    g_loss = F.binary_cross_entropy_with_logits(out, torch.ones_like(out))
    g_loss.backward()
    opt_g.step()
    return d_loss.item(), g_loss.item()
