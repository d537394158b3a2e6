"""Question 27 - Small CNN for CIFAR-10.

Design `CifarCNN`, a convolutional network that maps a batch of CIFAR-10 images (B, 3, 32, 32) to class
logits (B, num_classes) with fewer than one million parameters. The layers are yours to choose (a few
convolution blocks with pooling, then a classifier is the classic shape).

    >>> model = CifarCNN()
    >>> sum(p.numel() for p in model.parameters()) < 1_000_000
    True
    >>> model(torch.randn(7, 3, 32, 32)).shape
    torch.Size([7, 10])

What the grader checks:
- output shape (B, num_classes) for num_classes = 10 (the default) and 3: for B = 1 in eval mode, and for
  B = 2 and 7 in train mode;
- fewer than 1,000,000 parameters for num_classes = 10;
- every parameter requires grad and receives a finite gradient from one backward pass in train mode
  (no layer that `forward` leaves unused); gradients stay finite in eval mode on a batch holding an
  all-black (zero) image and a flat grey one;
- the state_dict holds every weight: a second `CifarCNN()` built under another seed, given the first one's
  `state_dict()`, computes the same outputs in eval mode (layers kept in a plain Python list are not
  registered: use `nn.ModuleList` or `nn.Sequential`);
- eval mode is deterministic: the same input gives exactly the same output twice, whatever the random
  state in between (no dropout left on);
- eval mode treats each image on its own: an image's logits do not depend on the other images in the batch
  (BatchNorm must use its running statistics in eval);
- it overfits a small seeded batch: 8 random images with random labels, Adam (lr 1e-3) in train mode,
  and within 200 steps the cross-entropy of a step reaches <= 0.1 (which logits can reach and
  probabilities cannot: return logits, no softmax; a BatchNorm CNN gets there in about 50 steps);
- the input is not modified.
"""

import torch
from torch import nn


class CifarCNN(nn.Module):
    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        # TODO
        raise NotImplementedError

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x (B, 3, 32, 32) -> logits (B, num_classes)."""
        # TODO
        raise NotImplementedError
