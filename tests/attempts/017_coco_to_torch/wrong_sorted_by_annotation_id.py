"""Wrong: groups the annotations after sorting them by (image_id, annotation id), which reorders an image's
annotations whenever their ids are not in file order."""
# fails: boxes_are_xyxy, labels_are_contiguous_by_sorted_category_id, area_and_iscrowd_come_from_the_annotations
# cause: the annotations were reordered: keep the order they appear in the file

import json
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch.utils.data import Dataset


class CocoDetection(Dataset):
    def __init__(self, annotation_file, image_dir):
        with open(annotation_file) as f:
            coco = json.load(f)
        self.image_dir = Path(image_dir)
        self.images = sorted(coco["images"], key=lambda im: im["id"])
        cat_ids = sorted(c["id"] for c in coco["categories"])
        self.cat_to_label = {cid: i + 1 for i, cid in enumerate(cat_ids)}
        self.by_image = defaultdict(list)
        for ann in sorted(coco["annotations"], key=lambda a: (a["image_id"], a["id"])):
            self.by_image[ann["image_id"]].append(ann)

    def __len__(self):
        return len(self.images)

    def __getitem__(self, index):
        info = self.images[index]
        with Image.open(self.image_dir / info["file_name"]) as img:
            arr = np.asarray(img.convert("RGB"), dtype=np.float32) / 255.0
        image = torch.from_numpy(arr).permute(2, 0, 1).contiguous()
        anns = self.by_image.get(info["id"], [])
        boxes = torch.zeros((len(anns), 4), dtype=torch.float32)
        for i, a in enumerate(anns):
            x, y, w, h = a["bbox"]
            boxes[i] = torch.tensor([x, y, x + w, y + h])
        target = {
            "boxes": boxes,
            "labels": torch.tensor([self.cat_to_label[a["category_id"]] for a in anns], dtype=torch.int64),
            "image_id": int(info["id"]),
            "area": torch.tensor(
                [a["area"] if "area" in a else a["bbox"][2] * a["bbox"][3] for a in anns], dtype=torch.float32
            ),
            "iscrowd": torch.tensor([a.get("iscrowd", 0) for a in anns], dtype=torch.int64),
        }
        return image, target
