"""The demo goods' facts of fresh produce: storage, shelf life, sold by weight and each SKU's net
weight, by product name (the origin is the product's, in ``catalog_text``).

A category's storage is how its goods travel (``GoodsSKU.clean``): a product is kept at its
category's storage or warmer (常温 bananas and potatoes in 冷藏 categories), never colder, and
its texts say nothing of freezing unless it is frozen.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalog.models import Storage

ROOM, CHILLED, FROZEN = Storage.ROOM, Storage.CHILLED, Storage.FROZEN

# the detail page's 储存 line for each storage
STORAGE_TEXT = {ROOM: "常温避光保存", CHILLED: "冷藏 0–4℃ 保存", FROZEN: "冷冻 -18℃ 保存"}

CATEGORY_STORAGE = {
    "fruit": CHILLED,
    "seafood": CHILLED,  # live and iced seafood: nothing frozen is sold here
    "meat": CHILLED,
    "eggs": CHILLED,
    "vegetables": CHILLED,
    "frozen": FROZEN,
}


@dataclass(frozen=True)
class Facts:
    storage: Storage
    shelf_life: str
    weights: tuple[str, ...]  # each SKU's net weight, in the product's SKU order
    sold_by_weight: bool = False


def _f(storage: Storage, shelf_life: str, *weights: str, by_weight: bool = False) -> Facts:
    return Facts(storage, shelf_life, weights, by_weight)


# fmt: off
FACTS: dict[str, Facts] = {
    # 新鲜水果
    "草莓": _f(CHILLED, "冷藏 3 天", "约 500g", "约 1kg", "约 2.5kg", by_weight=True),
    "红富士苹果": _f(CHILLED, "冷藏 30 天", "约 1kg", "约 5kg", by_weight=True),
    "香蕉": _f(ROOM, "常温 5 天，勿放冰箱", "约 1kg", by_weight=True),
    "巨峰葡萄": _f(CHILLED, "冷藏 7 天", "约 500g", by_weight=True),
    "柠檬": _f(ROOM, "常温 15 天", "4 个，约 500g"),
    "奇异果": _f(ROOM, "常温 7 天，软熟后冷藏", "6 个，约 600g"),
    "台农芒果": _f(ROOM, "常温 5 天", "约 1kg", by_weight=True),
    "砂糖橘": _f(ROOM, "常温 10 天", "约 2.5kg", by_weight=True),
    "库尔勒香梨": _f(CHILLED, "冷藏 20 天", "约 1kg", by_weight=True),
    "车厘子": _f(CHILLED, "冷藏 5 天", "500g"),
    "哈密瓜": _f(ROOM, "常温 7 天，切开后冷藏", "1 个，约 2kg", by_weight=True),
    "火龙果": _f(ROOM, "常温 7 天", "2 个，约 800g"),
    "水蜜桃": _f(CHILLED, "冷藏 3 天", "约 1kg", by_weight=True),
    "百香果": _f(ROOM, "常温 10 天", "约 1kg", by_weight=True),
    "山竹": _f(CHILLED, "冷藏 5 天", "约 1kg", by_weight=True),
    # 海鲜水产
    "大闸蟹": _f(CHILLED, "鲜活，收货后 2 天内烹饪", "4 只，每只约 150g", "8 只，每只约 150g"),
    "基围虾": _f(CHILLED, "鲜活，收货当天烹饪", "约 500g", "约 1kg", by_weight=True),
    "三文鱼": _f(CHILLED, "冰鲜，冷藏 2 天", "300g"),
    "带鱼": _f(CHILLED, "冰鲜，冷藏 2 天", "约 1kg", by_weight=True),
    "扇贝": _f(CHILLED, "鲜活，收货后 2 天内烹饪", "约 500g", by_weight=True),
    "鱿鱼": _f(CHILLED, "冰鲜，冷藏 2 天", "2 只，约 600g"),
    "生蚝": _f(CHILLED, "鲜活，收货后 2 天内食用", "12 只，约 1.5kg"),
    # 猪牛羊肉
    "澳洲牛排": _f(CHILLED, "冷藏 5 天", "200g", "400g"),
    "五花肉": _f(CHILLED, "冷藏 3 天", "约 500g", "约 1kg", by_weight=True),
    "羊肉卷": _f(CHILLED, "冷藏 3 天", "500g"),
    "猪排骨": _f(CHILLED, "冷藏 3 天", "约 500g", by_weight=True),
    "牛腩": _f(CHILLED, "冷藏 3 天", "约 1kg", by_weight=True),
    "羊排": _f(CHILLED, "冷藏 3 天", "约 1kg", by_weight=True),
    "牛肉丸": _f(CHILLED, "冷藏 5 天", "500g"),
    # 禽类蛋品
    "土鸡蛋": _f(CHILLED, "冷藏 15 天", "10 枚，约 500g", "30 枚，约 1.5kg"),
    "咸鸭蛋": _f(ROOM, "常温 30 天", "6 枚，约 420g"),
    "鹌鹑蛋": _f(CHILLED, "冷藏 15 天", "20 枚，约 200g"),
    "三黄鸡": _f(CHILLED, "冷藏 2 天", "1 只，约 1.2kg", by_weight=True),
    "鸡翅中": _f(CHILLED, "冷藏 3 天", "500g", "1kg"),
    "鸭腿": _f(CHILLED, "冷藏 3 天", "4 只，约 800g"),
    "乳鸽": _f(CHILLED, "冷藏 2 天", "1 只，约 400g", by_weight=True),
    # 新鲜蔬菜
    "西红柿": _f(ROOM, "常温 5 天", "约 500g", "约 1kg", by_weight=True),
    "黄瓜": _f(CHILLED, "冷藏 5 天", "约 500g", by_weight=True),
    "西兰花": _f(CHILLED, "冷藏 4 天", "约 400g", by_weight=True),
    "胡萝卜": _f(CHILLED, "冷藏 14 天", "约 1kg", by_weight=True),
    "土豆": _f(ROOM, "常温避光 30 天", "约 2.5kg", by_weight=True),
    "菠菜": _f(CHILLED, "冷藏 2 天", "300g"),
    "紫甘蓝": _f(CHILLED, "冷藏 14 天", "1 个，约 1kg", by_weight=True),
    "香菇": _f(CHILLED, "冷藏 5 天", "250g"),
    "生菜": _f(CHILLED, "冷藏 3 天", "300g"),
    "山药": _f(ROOM, "常温避光 14 天", "约 1kg", by_weight=True),
    "莲藕": _f(CHILLED, "冷藏 7 天", "约 1kg", by_weight=True),
    "甜玉米": _f(CHILLED, "冷藏 3 天", "2 根，约 600g"),
    "洋葱": _f(ROOM, "常温 30 天", "约 1kg", by_weight=True),
    "豆角": _f(CHILLED, "冷藏 3 天", "约 500g", by_weight=True),
    "金针菇": _f(CHILLED, "冷藏 7 天", "200g"),
    "芹菜": _f(CHILLED, "冷藏 5 天", "约 500g", by_weight=True),
    # 速冻食品
    "三鲜水饺": _f(FROZEN, "冷冻 12 个月", "500g", "1kg"),
    "黑芝麻汤圆": _f(FROZEN, "冷冻 12 个月", "400g"),
    "虾饺": _f(FROZEN, "冷冻 12 个月", "240g"),
    "速冻薯条": _f(FROZEN, "冷冻 18 个月", "1kg"),
    "鸡块": _f(FROZEN, "冷冻 12 个月", "1kg"),
    "冻虾仁": _f(FROZEN, "冷冻 12 个月", "500g（不含冰衣）"),
    "小笼包": _f(FROZEN, "冷冻 12 个月", "12 只，约 360g"),
    "冰淇淋": _f(FROZEN, "冷冻 18 个月", "4 支，每支 70g"),
}
# fmt: on
