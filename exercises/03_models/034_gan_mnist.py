"""Question 34 - GAN for MNIST digits.

Write a `Generator` that maps noise to 28x28 digit images, a `Discriminator` that scores images with a
logit, and `gan_step`, one training step of the GAN: one discriminator update, then one generator update.

    >>> G, D = Generator(z_dim=64), Discriminator()
    >>> opt_g, opt_d = torch.optim.Adam(G.parameters(), 2e-4), torch.optim.Adam(D.parameters(), 2e-4)
    >>> real, z = torch.rand(32, 1, 28, 28) * 2 - 1, torch.randn(32, 64)   # MNIST scaled to [-1, 1]
    >>> G(z).shape, D(real).shape
    (torch.Size([32, 1, 28, 28]), torch.Size([32]))
    >>> d_loss, g_loss = gan_step(G, D, opt_g, opt_d, real, z)            # two Python floats

- `Generator(z_dim=64)`: z (B, z_dim) -> images (B, 1, 28, 28) with values in [-1, 1] (the range of MNIST
  scaled to [-1, 1], so both signs are needed). Any architecture.
- `Discriminator()`: images (B, 1, 28, 28) -> raw logits (B,), no sigmoid. Any architecture.
- `gan_step(G, D, opt_g, opt_d, real, z)` works with any G and D of those shapes (the grader passes its
  own small models, in train mode, and optimizers; `opt_g` holds G's parameters, `opt_d` D's). With
  fake = G(z), the one fake batch of this step, and BCE the mean binary cross-entropy with logits:
  1. D update: d_loss = BCE(D(real), 1) + BCE(D(fake), 0) (the sum of the two means), with the fake
     detached so that d_loss does not backpropagate into G; then `opt_d.step()` once;
  2. G update, against the updated D: the non-saturating loss g_loss = BCE(D(fake), 1); then
     `opt_g.step()` once; D must not change during this update;
  gradients left in G or D by earlier code must not leak into either update. Returns `(d_loss, g_loss)`
  as Python floats, each the value its optimizer stepped on. Leave G and D trainable: a parameter you
  freeze during the step (`requires_grad_(False)`) has requires_grad=True again on return.

What the grader checks:
- `Generator` output shape (B, 1, 28, 28) for B = 1 (in eval mode) and B > 1 (train mode), for z_dim = 64
  (the default) and another z_dim, also for a non-contiguous z; values within [-1, 1] with both signs
  present for random z, and still within [-1, 1] (and finite) for z scaled by 100;
- `Discriminator` output shape (B,) for B = 1 (eval mode) and B > 1 (train mode), also for non-contiguous
  images (H and W transposed in memory); its outputs are logits: with its last layer's parameters scaled
  up they leave [0, 1];
- `gan_step` returns a tuple of two Python floats;
- d_loss and g_loss match the reference run on copies of the same G, D and inputs (plain SGD);
- the D update leaves G alone: no gradient reaches G's parameters before `opt_d.step()`, and G has not
  changed when D steps;
- the G update leaves D alone: `opt_d.step()` runs once, on the gradient of d_loss alone, and D's
  parameters do not change after it;
- G's and D's parameters after the step match the reference's (opt_g steps on a non-zero gradient of G);
  G runs once per step: the grader's G has a BatchNorm, whose running statistics after the step match
  the reference's;
- stale gradients already in G and D before the call do not change the result;
- after the call every parameter of G and D still has requires_grad=True.
"""

import torch
from torch import nn


class Generator(nn.Module):
    def __init__(self, z_dim: int = 64) -> None:
        super().__init__()
        # TODO
        raise NotImplementedError

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        """z (B, z_dim) -> images (B, 1, 28, 28) in [-1, 1]."""
        # TODO
        raise NotImplementedError


class Discriminator(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        # TODO
        raise NotImplementedError

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """images (B, 1, 28, 28) -> logits (B,)."""
        # TODO
        raise NotImplementedError


def gan_step(
    G: nn.Module,
    D: nn.Module,
    opt_g: torch.optim.Optimizer,
    opt_d: torch.optim.Optimizer,
    real: torch.Tensor,
    z: torch.Tensor,
) -> tuple[float, float]:
    """One D update then one G update; returns (d_loss, g_loss) as Python floats."""
    # TODO
    raise NotImplementedError
