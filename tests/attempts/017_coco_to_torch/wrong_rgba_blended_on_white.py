"""Wrong: alpha-composites RGBA images onto a white background before dropping the alpha channel, which
changes their R, G, B values."""
# fails: image_is_rgb_float_in_unit_range

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
        for ann in coco["annotations"]:
            self.by_image[ann["image_id"]].append(ann)

    def __len__(self):
        return len(self.images)

    def __getitem__(self, index):
        info = self.images[index]
        with Image.open(self.image_dir / info["file_name"]) as img:
            if img.mode == "RGBA":
                bg = Image.new("RGBA", img.size, (255, 255, 255, 255))
                img = Image.alpha_composite(bg, img)
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
