"""Question 17 - COCO annotations to a Dataset (reference)."""

import json
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch.utils.data import Dataset


class CocoDetection(Dataset):
    def __init__(self, annotation_file: str | Path, image_dir: str | Path) -> None:
        with open(annotation_file) as f:
            coco = json.load(f)
        self.image_dir = Path(image_dir)
        self.images = sorted(coco["images"], key=lambda image: image["id"])
        categories = sorted(category["id"] for category in coco["categories"])
        self.label_of = {category: k for k, category in enumerate(categories, start=1)}  # 0 stays background
        self.annotations = defaultdict(list)  # image id -> its annotations: one pass, O(N)
        for annotation in coco["annotations"]:
            self.annotations[annotation["image_id"]].append(annotation)

    def __len__(self) -> int:
        return len(self.images)

    def __getitem__(self, index: int) -> tuple[torch.Tensor, dict]:
        info = self.images[index]
        with Image.open(self.image_dir / info["file_name"]) as img:
            pixels = np.array(img.convert("RGB"))  # (H, W, 3) uint8, also for grayscale and RGBA files
        image = torch.from_numpy(pixels).permute(2, 0, 1).float() / 255  # (3, H, W)
        annotations = self.annotations.get(info["id"], [])
        boxes = torch.tensor([a["bbox"] for a in annotations], dtype=torch.float32).reshape(-1, 4)  # (N, 4) xywh
        boxes[:, 2:] += boxes[:, :2]  # xyxy
        target = {
            "boxes": boxes,
            "labels": torch.tensor([self.label_of[a["category_id"]] for a in annotations], dtype=torch.int64),
            "image_id": int(info["id"]),
            "area": torch.tensor([a.get("area", a["bbox"][2] * a["bbox"][3]) for a in annotations]).float(),
            "iscrowd": torch.tensor([a.get("iscrowd", 0) for a in annotations], dtype=torch.int64),
        }
        return image, target
