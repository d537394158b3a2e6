"""Wrong: builds boxes with torch.tensor(list) alone, which gives shape (0,) instead of (0, 4) for an image without
annotations."""
# fails: image_without_annotations_has_empty_targets, boxes_are_xyxy

import json
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch.utils.data import Dataset


class CocoDetection(Dataset):
    def __init__(self, annotation_file, image_dir):
        with open(annotation_file) as f:
            coco = json.load(f)
        self.root = Path(image_dir)
        self.images = sorted(coco["images"], key=lambda im: im["id"])
        self.cat_to_label = {cid: i + 1 for i, cid in enumerate(sorted(c["id"] for c in coco["categories"]))}
        self.by_image = {}
        for ann in coco["annotations"]:
            self.by_image.setdefault(ann["image_id"], []).append(ann)

    def __len__(self):
        return len(self.images)

    def __getitem__(self, idx):
        info = self.images[idx]
        img = Image.open(self.root / info["file_name"]).convert("RGB")
        image = torch.from_numpy(np.array(img)).permute(2, 0, 1).float() / 255.0
        anns = self.by_image.get(info["id"], [])
        boxes = []
        for ann in anns:
            x, y, w, h = ann["bbox"]
            boxes.append([x, y, x + w, y + h])
        target = {
            "boxes": torch.tensor(boxes, dtype=torch.float32),
            "labels": torch.tensor([self.cat_to_label[a["category_id"]] for a in anns], dtype=torch.int64),
            "image_id": info["id"],
            "area": torch.tensor(
                [a["area"] if "area" in a else a["bbox"][2] * a["bbox"][3] for a in anns], dtype=torch.float32
            ),
            "iscrowd": torch.tensor([a.get("iscrowd", 0) for a in anns], dtype=torch.int64),
        }
        return image, target
