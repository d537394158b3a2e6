"""Wrong: caches each image's box tensor and converts it to xyxy in place on every access: the second read
of an item (and the tensor handed out by the first) gets x and y added again."""
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
        self.box_cache = {}
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
        if info["id"] not in self.box_cache:
            self.box_cache[info["id"]] = torch.tensor([a["bbox"] for a in anns], dtype=torch.float32).reshape(-1, 4)
        boxes = self.box_cache[info["id"]]
        boxes[:, 2:] += boxes[:, :2]
        labels = torch.tensor([self.cat_to_label[a["category_id"]] for a in anns], dtype=torch.int64)
        area = torch.tensor(
            [a["area"] if "area" in a else a["bbox"][2] * a["bbox"][3] for a in anns], dtype=torch.float32
        )
        iscrowd = torch.tensor([a["iscrowd"] for a in anns], dtype=torch.int64)
        target = {"boxes": boxes, "labels": labels, "image_id": int(info["id"]), "area": area, "iscrowd": iscrowd}
        return image, target
