"""Correct, written differently: every target is built once in __init__ (one pass over the annotations
into per-image lists), and __getitem__ only loads the image."""

import json
from collections import defaultdict
from pathlib import Path

import torch
from PIL import Image
from torch.utils.data import Dataset


class CocoDetection(Dataset):
    def __init__(self, annotation_file, image_dir):
        with Path(annotation_file).open() as f:
            coco = json.load(f)
        self.dir = Path(image_dir)
        label = {cid: k + 1 for k, cid in enumerate(sorted(c["id"] for c in coco["categories"]))}
        rows = defaultdict(lambda: ([], [], [], []))
        for a in coco["annotations"]:
            x, y, w, h = a["bbox"]
            boxes, labels, areas, crowd = rows[a["image_id"]]
            boxes.append((x, y, x + w, y + h))
            labels.append(label[a["category_id"]])
            areas.append(a.get("area", w * h))
            crowd.append(a.get("iscrowd", 0))
        self.items = []
        for im in sorted(coco["images"], key=lambda im: im["id"]):
            boxes, labels, areas, crowd = rows.get(im["id"], ([], [], [], []))
            target = {
                "boxes": torch.tensor(boxes, dtype=torch.float32).reshape(len(boxes), 4),
                "labels": torch.tensor(labels, dtype=torch.int64),
                "image_id": im["id"],
                "area": torch.tensor(areas, dtype=torch.float32),
                "iscrowd": torch.tensor(crowd, dtype=torch.int64),
            }
            self.items.append((im["file_name"], target))

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        file_name, target = self.items[i]
        img = Image.open(self.dir / file_name).convert("RGB")
        data = torch.frombuffer(bytearray(img.tobytes()), dtype=torch.uint8)
        image = data.view(img.height, img.width, 3).permute(2, 0, 1).to(torch.float32) / 255
        return image, {k: v.clone() if isinstance(v, torch.Tensor) else v for k, v in target.items()}
