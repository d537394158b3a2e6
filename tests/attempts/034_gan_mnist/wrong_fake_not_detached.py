"""Wrong: the fake batch is not detached for the D update (retain_graph=True papers over the error),
and G's gradients are cleared only at the start, so d_loss leaks into the G update."""
# fails: d_update_leaves_generator_alone, parameters_after_the_step_match_reference

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
    opt_d.zero_grad()
    opt_g.zero_grad()
    fake = G(z)

    d_real, d_fake = D(real), D(fake)
    d_loss = bce(d_real, torch.ones_like(d_real)) + bce(d_fake, torch.zeros_like(d_fake))
    d_loss.backward(retain_graph=True)
    opt_d.step()

    d_out = D(fake)
    g_loss = bce(d_out, torch.ones_like(d_out))
    g_loss.backward()
    opt_g.step()
    return d_loss.item(), g_loss.item()
