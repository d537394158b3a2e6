"""Correct, written differently: a DCGAN-style conv G and D (BatchNorm, strided convs), separate backward
passes for the real and fake D terms, and D frozen with requires_grad_ for the G update."""

import torch
from torch import nn


class Generator(nn.Module):
    def __init__(self, z_dim: int = 64) -> None:
        super().__init__()
        self.fc = nn.Sequential(nn.Linear(z_dim, 64 * 7 * 7), nn.BatchNorm1d(64 * 7 * 7), nn.ReLU())
        self.up = nn.Sequential(
            nn.ConvTranspose2d(64, 32, 4, stride=2, padding=1),  # 7 -> 14
            nn.BatchNorm2d(32),
            nn.ReLU(),
            nn.ConvTranspose2d(32, 1, 4, stride=2, padding=1),  # 14 -> 28
        )

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        h = self.fc(z).reshape(-1, 64, 7, 7)
        return torch.tanh(self.up(h))


class Discriminator(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 32, 4, stride=2, padding=1),
            nn.LeakyReLU(0.2),
            nn.Conv2d(32, 64, 4, stride=2, padding=1),
            nn.BatchNorm2d(64),
            nn.LeakyReLU(0.2),
        )
        self.out = nn.Linear(64 * 7 * 7, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(self.features(x).flatten(1))[:, 0]


def gan_step(G, D, opt_g, opt_d, real, z):
    criterion = nn.BCEWithLogitsLoss()
    fake = G(z)

    D.zero_grad()
    out_real = D(real)
    err_real = criterion(out_real, torch.ones(real.shape[0]))
    err_real.backward()
    out_fake = D(fake.detach())
    err_fake = criterion(out_fake, torch.zeros(real.shape[0]))
    err_fake.backward()
    opt_d.step()

    for p in D.parameters():
        p.requires_grad_(False)
    G.zero_grad()
    err_g = criterion(D(fake), torch.ones(z.shape[0]))
    err_g.backward()
    opt_g.step()
    for p in D.parameters():
        p.requires_grad_(True)
    return float(err_real + err_fake), float(err_g)
