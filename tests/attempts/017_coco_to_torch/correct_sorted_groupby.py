"""Correct, written differently: json.loads of the text, a stable sort of the annotations by image id
and itertools.groupby, bisect for the labels, and box arithmetic on tensors."""

import bisect
import itertools
import json
import operator
from pathlib import Path

import numpy as np
import torch
from PIL import Image


class CocoDetection(torch.utils.data.Dataset):
    def __init__(self, annotation_file, image_dir):
        coco = json.loads(Path(annotation_file).read_text())
        self.image_dir = image_dir
        self.images = {im["id"]: im for im in coco["images"]}
        self.ids = sorted(self.images)
        self.category_ids = sorted(c["id"] for c in coco["categories"])
        by_image = operator.itemgetter("image_id")
        ordered = sorted(coco["annotations"], key=by_image)  # stable: file order within an image
        self.groups = {k: list(g) for k, g in itertools.groupby(ordered, key=by_image)}

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        image_id = self.ids[index]
        path = Path(self.image_dir) / self.images[image_id]["file_name"]
        with Image.open(path) as img:
            image = torch.tensor(np.asarray(img.convert("RGB")), dtype=torch.float32).permute(2, 0, 1).div(255)
        anns = self.groups.get(image_id, ())
        xywh = torch.as_tensor([a["bbox"] for a in anns], dtype=torch.float32).view(-1, 4)
        boxes = torch.cat([xywh[:, :2], xywh[:, :2] + xywh[:, 2:]], dim=1)
        areas = [a.get("area") for a in anns]
        computed = (xywh[:, 2] * xywh[:, 3]).tolist()
        labels = [bisect.bisect_left(self.category_ids, a["category_id"]) + 1 for a in anns]
        return image, {
            "boxes": boxes,
            "labels": torch.as_tensor(labels, dtype=torch.long),
            "image_id": image_id,
            "area": torch.as_tensor(
                [c if a is None else a for a, c in zip(areas, computed, strict=True)], dtype=torch.float32
            ),
            "iscrowd": torch.as_tensor([int(a.get("iscrowd", 0)) for a in anns], dtype=torch.long),
        }
