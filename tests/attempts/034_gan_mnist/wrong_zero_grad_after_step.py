"""Wrong: gradients are cleared after each step instead of before each backward, so
gradients left by earlier code leak into this step."""
# fails: stale_gradients_are_cleared

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
            nn.Tanh(),  # MNIST scaled to [-1, 1]
        )

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(z).view(z.shape[0], 1, 28, 28)  # (B, 1, 28, 28)


class Discriminator(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Flatten(),
            nn.Linear(28 * 28, 512),
            nn.LeakyReLU(0.2),
            nn.Linear(512, 256),
            nn.LeakyReLU(0.2),
            nn.Linear(256, 1),  # a logit: no sigmoid, BCE-with-logits is stable
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).squeeze(1)  # (B,)


def gan_step(
    G: nn.Module,
    D: nn.Module,
    opt_g: torch.optim.Optimizer,
    opt_d: torch.optim.Optimizer,
    real: torch.Tensor,
    z: torch.Tensor,
) -> tuple[float, float]:
    bce = F.binary_cross_entropy_with_logits
    fake = G(z)

    d_real, d_fake = D(real), D(fake.detach())
    d_loss = bce(d_real, torch.ones_like(d_real)) + bce(d_fake, torch.zeros_like(d_fake))
    d_loss.backward()
    opt_d.step()
    opt_d.zero_grad()

    d_out = D(fake)
    g_loss = bce(d_out, torch.ones_like(d_out))
    g_loss.backward()
    opt_g.step()
    opt_g.zero_grad()
    opt_d.zero_grad()  # g_loss also reached D
    return d_loss.item(), g_loss.item()
