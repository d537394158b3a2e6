"""Wrong: converts each bbox to xyxy inside the loaded annotation dicts, in place: the first read of an
item is right, the second adds x and y again."""
# fails: items_read_again_are_the_same

import json
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch.utils.data import Dataset


class CocoDetection(Dataset):
    def __init__(self, annotation_file, image_dir):
        self.image_dir = Path(image_dir)
        with open(annotation_file) as f:
            coco = json.load(f)
        self.images = sorted(coco["images"], key=lambda im: im["id"])
        self.cat_to_label = {cid: i + 1 for i, cid in enumerate(sorted(c["id"] for c in coco["categories"]))}
        self.by_image = defaultdict(list)
        for ann in coco["annotations"]:
            self.by_image[ann["image_id"]].append(ann)

    def __len__(self):
        return len(self.images)

    def _load(self, info):
        img = Image.open(self.image_dir / info["file_name"]).convert("RGB")
        return torch.from_numpy(np.array(img)).permute(2, 0, 1).float() / 255.0

    def __getitem__(self, index):
        info = self.images[index]
        image = self._load(info)
        anns = self.by_image.get(info["id"], [])
        for a in anns:
            a["bbox"][2] += a["bbox"][0]
            a["bbox"][3] += a["bbox"][1]
        boxes = torch.tensor([a["bbox"] for a in anns], dtype=torch.float32).reshape(-1, 4)
        labels = torch.tensor([self.cat_to_label[a["category_id"]] for a in anns], dtype=torch.int64)
        area = torch.tensor(
            [a["area"] if "area" in a else (a["bbox"][2] - a["bbox"][0]) * (a["bbox"][3] - a["bbox"][1]) for a in anns],
            dtype=torch.float32,
        )
        iscrowd = torch.tensor([a["iscrowd"] for a in anns], dtype=torch.int64)
        target = {"boxes": boxes, "labels": labels, "image_id": int(info["id"]), "area": area, "iscrowd": iscrowd}
        return image, target
