"""Correct, written differently: the image id -> annotations index is a cached_property, built on the first
__getitem__ rather than in __init__ (still one pass over the annotations); pixels through torch.frombuffer."""

import json
from collections import defaultdict
from functools import cached_property
from pathlib import Path

import torch
from PIL import Image
from torch.utils.data import Dataset


class CocoDetection(Dataset):
    def __init__(self, annotation_file, image_dir):
        self.coco = json.loads(Path(annotation_file).read_text())
        self.image_dir = Path(image_dir)
        self.images = sorted(self.coco["images"], key=lambda image: image["id"])
        ids = sorted(category["id"] for category in self.coco["categories"])
        self.label_of = dict(zip(ids, range(1, len(ids) + 1), strict=True))

    @cached_property
    def by_image(self):
        index = defaultdict(list)
        for annotation in self.coco["annotations"]:
            index[annotation["image_id"]].append(annotation)
        return index

    def __len__(self):
        return len(self.images)

    def __getitem__(self, index):
        info = self.images[index]
        with Image.open(self.image_dir / info["file_name"]) as img:
            rgb = img.convert("RGB")
        data = torch.frombuffer(bytearray(rgb.tobytes()), dtype=torch.uint8)
        image = data.reshape(rgb.height, rgb.width, 3).permute(2, 0, 1).to(torch.float32).div(255)
        annotations = self.by_image.get(info["id"], [])
        boxes = torch.empty(len(annotations), 4)
        for row, annotation in zip(boxes, annotations, strict=True):
            x, y, w, h = annotation["bbox"]
            row.copy_(torch.tensor([x, y, x + w, y + h]))
        target = {
            "boxes": boxes,
            "labels": torch.tensor([self.label_of[a["category_id"]] for a in annotations], dtype=torch.long),
            "image_id": int(info["id"]),
            "area": torch.tensor([a.get("area", a["bbox"][2] * a["bbox"][3]) for a in annotations], dtype=torch.float),
            "iscrowd": torch.tensor([a.get("iscrowd", 0) for a in annotations], dtype=torch.long),
        }
        return image, target
