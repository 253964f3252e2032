"""The shop's demo data: categories, goods, pictures and the homepage's shop window.

Everything is keyed on stable names (page slugs, SPU and SKU names, image titles in the demo
collection), so running it again creates nothing new and leaves existing rows as they are: what
an editor changed in the admin stays changed. ``bulk_goods_ensure`` adds a large, cheap catalog
for benchmarks on top.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from io import BytesIO

from django.core.files.images import ImageFile
from django.db import connections, transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.models import Collection

from catalog.models import CategoryPage, GoodsImage, GoodsSKU, GoodsSPU

from . import demo_images
from .models import HomePage

DEMO_COLLECTION = "演示数据"
BULK_SPU_PREFIX = "批量商品 "
BULK_BATCH_SIZE = 1000


# --- The catalog -----------------------------------------------------------------------------
@dataclass(frozen=True)
class SkuSpec:
    spec: str  # "500g": the SKU is named "<product> <spec>"
    spec_en: str
    unit: str
    price: str
    stock: int
    sales: int
    on_sale: bool = True
    gallery: int = 0  # extra pictures (GoodsImage)


@dataclass(frozen=True)
class ProductSpec:
    name: str
    english: str
    description: str
    origin: str
    shape: str
    colour: str
    skus: tuple[SkuSpec, ...]

    def sku_name(self, sku: SkuSpec) -> str:
        return f"{self.name} {sku.spec}"

    def sku_english(self, sku: SkuSpec) -> str:
        return f"{self.english} {sku.spec_en}"

    def detail_html(self, *, storage: str) -> str:
        specs = "、".join(sku.spec for sku in self.skus)
        return (
            f"<p>{escape(self.description)}</p>"
            f"<ul><li>产地：{escape(self.origin)}</li><li>规格：{escape(specs)}</li>"
            f"<li>储存：{escape(storage)}</li></ul>"
            "<p>天天生鲜产地直采，冷链配送，收货后如有质量问题请联系客服处理。</p>"
        )


@dataclass(frozen=True)
class BulkWord:
    """One kind of goods of the bulk catalog: ``大促 <name> #123``."""

    name: str
    english: str
    shape: str
    colour: str
    price: str
    units: tuple[str, ...]


@dataclass(frozen=True)
class CategorySpec:
    slug: str
    title: str
    english: str
    glyph: str
    glyph_en: str
    colour: str
    shape: str
    slogan: str
    slogan_en: str
    storage: str
    products: tuple[ProductSpec, ...]
    bulk_words: tuple[BulkWord, ...]


# Short constructors keep the tables below readable: positional on purpose.
def _p(
    name: str, english: str, description: str, origin: str, shape: str, colour: str, *skus: SkuSpec
) -> ProductSpec:
    return ProductSpec(name, english, description, origin, shape, colour, skus)


def _s(
    spec: str,
    spec_en: str,
    unit: str,
    price: str,
    stock: int,
    sales: int,
    *,
    on_sale: bool = True,
    gallery: int = 0,
) -> SkuSpec:
    return SkuSpec(spec, spec_en, unit, price, stock, sales, on_sale, gallery)


def _w(name: str, english: str, shape: str, colour: str, price: str, *units: str) -> BulkWord:
    return BulkWord(name, english, shape, colour, price, units)


# fmt: off
CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec(
        "fruit", "新鲜水果", "Fresh Fruit", "果", "Fr", "#e53950", "heart",
        "当季鲜果 产地直发", "In season, from the farm", "冷藏 0–4℃，尽快食用",
        (
            _p("草莓", "Strawberry",
               "丹东九九草莓，果形饱满，香甜多汁。", "辽宁丹东", "heart", "#e53950",
               _s("500g", "500g", "500g", "29.90", 320, 1860, gallery=2),
               _s("1kg", "1kg", "1kg", "55.80", 180, 940, gallery=1),
               _s("2.5kg", "2.5kg", "2.5kg", "128.00", 40, 210)),
            _p("红富士苹果", "Fuji Apple",
               "烟台红富士，脆甜爽口，果香浓郁。", "山东烟台", "circle", "#c62828",
               _s("1kg", "1kg", "1kg", "16.80", 500, 2380, gallery=1),
               _s("5kg", "5kg", "箱", "69.90", 90, 410)),
            _p("香蕉", "Banana", "海南香蕉，自然熟，软糯香甜。", "海南", "crescent", "#f9c80e",
               _s("1kg", "1kg", "1kg", "9.90", 600, 3120)),
            _p("巨峰葡萄", "Kyoho Grape",
               "颗粒大，皮薄汁多，酸甜适中。", "云南宾川", "cluster", "#7b1fa2",
               _s("500g", "500g", "500g", "19.90", 260, 880, gallery=1)),
            _p("柠檬", "Lemon", "安岳黄柠檬，果香清新，泡水佳品。", "四川安岳", "oval", "#f2d024",
               _s("4个装", "4 pcs", "袋", "12.80", 340, 760)),
            _p("奇异果", "Kiwi", "绿心奇异果，维C丰富。", "陕西周至", "circle", "#8bc34a",
               _s("6个装", "6 pcs", "盒", "35.00", 0, 120, on_sale=False)),
            _p("台农芒果", "Mango", "台农小芒果，香甜细腻，无丝。", "海南三亚", "oval", "#ff9800",
               _s("1kg", "1kg", "1kg", "25.90", 150, 530)),
        ),
        (
            _w("苹果", "Apple", "circle", "#d84315", "12.00", "500g", "1kg", "箱"),
            _w("橙子", "Orange", "circle", "#fb8c00", "10.00", "500g", "1kg", "袋"),
            _w("西瓜", "Watermelon", "circle", "#388e3c", "25.00", "个", "份"),
            _w("蓝莓", "Blueberry", "cluster", "#3949ab", "20.00", "盒", "125g"),
        ),
    ),
    CategorySpec(
        "seafood", "海鲜水产", "Seafood", "鱼", "Se", "#1e88e5", "fish",
        "鲜活海产 冷链到家", "Fresh from the sea", "冷冻 -18℃ 保存，解冻后勿再冷冻",
        (
            _p("大闸蟹", "Hairy Crab",
               "阳澄湖大闸蟹，膏满黄肥，鲜活发货。", "江苏苏州", "crab", "#ef6c00",
               _s("4只装", "4 pcs", "盒", "168.00", 80, 640, gallery=2),
               _s("8只装", "8 pcs", "盒", "318.00", 40, 220)),
            _p("基围虾", "Shrimp",
               "鲜活基围虾，肉质Q弹，白灼最佳。", "广东湛江", "shrimp", "#ff7043",
               _s("500g", "500g", "500g", "59.90", 200, 1320, gallery=1),
               _s("1kg", "1kg", "1kg", "112.00", 90, 480)),
            _p("三文鱼", "Salmon", "挪威冰鲜三文鱼，切片即食。", "挪威", "fish", "#fa8072",
               _s("300g", "300g", "份", "78.00", 120, 950)),
            _p("带鱼", "Hairtail", "东海带鱼，段装，香煎红烧皆宜。", "浙江舟山", "fish", "#90a4ae",
               _s("1kg", "1kg", "袋", "45.80", 160, 690)),
            _p("扇贝", "Scallop",
               "獐子岛扇贝，肉厚鲜甜，蒜蓉粉丝蒸。", "辽宁大连", "fan", "#ffb74d",
               _s("500g", "500g", "500g", "39.90", 140, 410)),
            _p("鱿鱼", "Squid", "新鲜鱿鱼，整只冷冻，铁板烧烤。", "福建宁德", "long", "#ce93d8",
               _s("2只装", "2 pcs", "袋", "32.00", 0, 75, on_sale=False)),
            _p("生蚝", "Oyster",
               "乳山生蚝，个大饱满，可生食可炭烤。", "山东乳山", "oval", "#b0bec5",
               _s("12只装", "12 pcs", "盒", "88.00", 60, 260, on_sale=False)),
        ),
        (
            _w("鲈鱼", "Sea Bass", "fish", "#607d8b", "38.00", "条", "500g"),
            _w("龙虾", "Lobster", "shrimp", "#d32f2f", "98.00", "只", "500g"),
            _w("蛤蜊", "Clam", "fan", "#bcaaa4", "18.00", "500g", "袋"),
            _w("海带", "Kelp", "leafy", "#2e7d32", "8.00", "袋", "500g"),
        ),
    ),
    CategorySpec(
        "meat", "猪牛羊肉", "Meat", "肉", "Me", "#c62828", "steak",
        "优选好肉 新鲜排酸", "Choice cuts", "冷藏 0–4℃ 3 天内食用，或冷冻保存",
        (
            _p("澳洲牛排", "Ribeye Steak",
               "澳洲谷饲眼肉牛排，大理石花纹，鲜嫩多汁。", "澳大利亚", "steak", "#8d1f1f",
               _s("200g", "200g", "份", "49.90", 220, 1580, gallery=2),
               _s("400g", "400g", "份", "92.00", 110, 620)),
            _p("五花肉", "Pork Belly",
               "黑猪五花肉，肥瘦相间，红烧首选。", "黑龙江", "slab", "#e57373",
               _s("500g", "500g", "500g", "26.80", 300, 2040, gallery=1),
               _s("1kg", "1kg", "1kg", "49.90", 150, 730)),
            _p("羊肉卷", "Lamb Rolls",
               "内蒙古羔羊肉卷，涮火锅不膻。", "内蒙古锡林郭勒", "spiral", "#d7a49a",
               _s("500g", "500g", "袋", "45.00", 260, 1450)),
            _p("猪排骨", "Pork Ribs", "精选肋排，炖汤红烧。", "吉林", "slab", "#c0504d",
               _s("500g", "500g", "500g", "35.80", 180, 880)),
            _p("牛腩", "Beef Brisket",
               "草饲牛腩，筋肉相连，久炖软烂。", "新疆", "nuggets", "#a0522d",
               _s("1kg", "1kg", "1kg", "89.00", 100, 390)),
            _p("羊排", "Lamb Chops", "法式羊排，烤制鲜嫩。", "宁夏盐池", "drumstick", "#b5651d",
               _s("1kg", "1kg", "1kg", "98.00", 70, 260)),
            _p("牛肉丸", "Beef Balls", "潮汕手打牛肉丸，弹牙爆汁。", "广东汕头", "balls", "#a1887f",
               _s("500g", "500g", "袋", "29.90", 0, 540, on_sale=False)),
        ),
        (
            _w("牛腱", "Beef Shank", "steak", "#7f1d1d", "68.00", "500g", "1kg"),
            _w("猪里脊", "Pork Loin", "slab", "#ef9a9a", "22.00", "500g", "份"),
            _w("羊腿", "Leg of Lamb", "drumstick", "#8d6e63", "88.00", "1kg", "只"),
            _w("牛骨", "Beef Bone", "spiral", "#d7ccc8", "15.00", "1kg", "袋"),
        ),
    ),
    CategorySpec(
        "eggs", "禽类蛋品", "Poultry & Eggs", "蛋", "Eg", "#f9a825", "eggs",
        "散养禽蛋 营养新鲜", "Free-range poultry", "冷藏保存，蛋品 15 天内食用",
        (
            _p("土鸡蛋", "Free-range Eggs",
               "林间散养土鸡蛋，蛋黄饱满。", "湖北恩施", "eggs", "#f5d6a8",
               _s("10枚", "10 pcs", "盒", "19.90", 400, 2650, gallery=1),
               _s("30枚", "30 pcs", "盒", "52.00", 160, 870)),
            _p("咸鸭蛋", "Salted Duck Eggs", "高邮咸鸭蛋，红心流油。", "江苏高邮", "egg", "#a5d6a7",
               _s("6枚", "6 pcs", "盒", "18.00", 220, 760)),
            _p("鹌鹑蛋", "Quail Eggs", "新鲜鹌鹑蛋，小巧营养。", "河北", "eggs", "#d7ccc8",
               _s("20枚", "20 pcs", "盒", "15.80", 180, 420)),
            _p("三黄鸡", "Whole Chicken",
               "散养三黄鸡，炖汤鲜美。", "广东清远", "drumstick", "#ffb74d",
               _s("1只", "whole", "只", "68.00", 90, 510, gallery=1)),
            _p("鸡翅中", "Chicken Wings",
               "冷鲜鸡翅中，可乐鸡翅好搭档。", "山东", "drumstick", "#ff8a65",
               _s("500g", "500g", "袋", "32.80", 240, 1290),
               _s("1kg", "1kg", "袋", "62.00", 120, 560)),
            _p("鸭腿", "Duck Legs", "樱桃谷鸭腿，卤烤皆宜。", "山东", "drumstick", "#bcaaa4",
               _s("4只装", "4 pcs", "袋", "36.00", 0, 180, on_sale=False)),
            _p("乳鸽", "Pigeon", "28 天乳鸽，清炖红烧。", "广东中山", "egg", "#9e9e9e",
               _s("1只", "whole", "只", "45.00", 40, 150, on_sale=False)),
        ),
        (
            _w("鸡蛋", "Egg", "eggs", "#ffe0b2", "15.00", "盒", "30枚"),
            _w("鸡腿", "Chicken Leg", "drumstick", "#ffa726", "25.00", "500g", "袋"),
            _w("鹅蛋", "Goose Egg", "egg", "#fff8e1", "30.00", "盒", "枚"),
            _w("鸭胸", "Duck Breast", "steak", "#a1887f", "32.00", "500g", "袋"),
        ),
    ),
    CategorySpec(
        "vegetables", "新鲜蔬菜", "Vegetables", "菜", "Ve", "#43a047", "leafy",
        "清晨采摘 当日送达", "Picked this morning", "冷藏保存，3 天内食用",
        (
            _p("西红柿", "Tomato", "自然熟西红柿，沙瓤多汁。", "山东寿光", "circle", "#ff5252",
               _s("500g", "500g", "500g", "6.80", 500, 2980, gallery=1),
               _s("1kg", "1kg", "1kg", "12.80", 260, 1160)),
            _p("黄瓜", "Cucumber", "带刺水果黄瓜，清脆爽口。", "山东寿光", "long", "#43a047",
               _s("500g", "500g", "500g", "4.50", 420, 2210)),
            _p("西兰花", "Broccoli", "绿色西兰花，花球紧实。", "云南", "cloud", "#2e7d32",
               _s("约400g", "~400g", "个", "8.90", 300, 1450, gallery=1)),
            _p("胡萝卜", "Carrot", "沙地胡萝卜，脆甜。", "内蒙古", "carrot", "#fb8c00",
               _s("1kg", "1kg", "袋", "5.90", 380, 980)),
            _p("土豆", "Potato", "黄心土豆，软糯。", "甘肃定西", "oval", "#c8a165",
               _s("2.5kg", "2.5kg", "袋", "12.00", 210, 860)),
            _p("菠菜", "Spinach", "嫩叶菠菜，焯水凉拌。", "河北", "leafy", "#66bb6a",
               _s("300g", "300g", "份", "6.50", 190, 640)),
            _p("紫甘蓝", "Red Cabbage", "紫甘蓝，沙拉好颜色。", "河北张家口", "circle", "#8e24aa",
               _s("1个", "1 head", "个", "7.80", 0, 230, on_sale=False)),
            _p("香菇", "Shiitake", "肉厚香浓的鲜香菇。", "河南西峡", "mushroom", "#8d6e63",
               _s("250g", "250g", "盒", "12.90", 240, 720)),
        ),
        (
            _w("茄子", "Eggplant", "long", "#6a1b9a", "6.00", "500g", "根"),
            _w("白菜", "Cabbage", "leafy", "#9ccc65", "4.00", "颗", "1kg"),
            _w("青椒", "Green Pepper", "oval", "#558b2f", "5.00", "500g", "袋"),
            _w("南瓜", "Pumpkin", "circle", "#ef8f00", "7.00", "个", "1kg"),
        ),
    ),
    CategorySpec(
        "frozen", "速冻食品", "Frozen Food", "冻", "Fz", "#00acc1", "dumpling",
        "冷链直达 随时开吃", "Cold chain to your door", "冷冻 -18℃ 保存",
        (
            _p("三鲜水饺", "Dumplings", "猪肉三鲜馅，皮薄馅大。", "河北", "dumpling", "#ffe0b2",
               _s("500g", "500g", "袋", "22.90", 360, 2470, gallery=1),
               _s("1kg", "1kg", "袋", "42.80", 180, 920)),
            _p("黑芝麻汤圆", "Tangyuan", "黑芝麻馅汤圆，香甜软糯。", "浙江宁波", "balls", "#f8bbd0",
               _s("400g", "400g", "袋", "13.50", 300, 1380)),
            _p("虾饺", "Shrimp Dumplings",
               "广式水晶虾饺，整只虾仁。", "广东广州", "dumpling", "#ffccbc",
               _s("240g", "240g", "盒", "29.90", 150, 690, gallery=1)),
            _p("速冻薯条", "French Fries",
               "细切薯条，空气炸锅 12 分钟。", "内蒙古", "sticks", "#ffd54f",
               _s("1kg", "1kg", "袋", "19.80", 280, 1120)),
            _p("鸡块", "Chicken Nuggets", "香酥鸡块，外酥里嫩。", "山东", "nuggets", "#ffb300",
               _s("1kg", "1kg", "袋", "35.90", 200, 860)),
            _p("冻虾仁", "Frozen Shrimp Meat",
               "去线大虾仁，滑炒即熟。", "广西北海", "shrimp", "#ff8a80",
               _s("500g", "500g", "袋", "48.00", 130, 540)),
            _p("小笼包", "Xiaolongbao", "鲜肉小笼包，汤汁丰盈。", "上海", "dumpling", "#efebe9",
               _s("12只", "12 pcs", "盒", "26.00", 0, 310, on_sale=False)),
            _p("冰淇淋", "Ice Cream", "香草味甜筒冰淇淋。", "内蒙古", "cone", "#80deea",
               _s("4支装", "4 pcs", "盒", "39.90", 90, 470, on_sale=False)),
        ),
        (
            _w("馄饨", "Wonton", "dumpling", "#fff3e0", "16.00", "袋", "盒"),
            _w("包子", "Bun", "dumpling", "#f5f5f5", "18.00", "袋", "份"),
            _w("春卷", "Spring Roll", "long", "#ffca28", "15.00", "袋", "盒"),
            _w("粽子", "Zongzi", "star", "#7cb342", "28.00", "盒", "只"),
        ),
    ),
)

# The homepage's carousel: (category slug, SKU name, caption, subtitle, subtitle in English).
BANNERS: tuple[tuple[str, str, str, str, str], ...] = (
    ("fruit", "草莓 500g", "当季草莓 香甜多汁", "丹东九九草莓 产地直发", "Strawberries in season"),
    ("seafood", "大闸蟹 4只装", "阳澄湖大闸蟹 鲜活到家", "膏满黄肥 顺丰冷链", "Hairy crabs, alive"),
    ("meat", "澳洲牛排 200g", "澳洲谷饲牛排 限时直降", "大理石花纹 鲜嫩多汁", "Ribeye steak sale"),
    ("frozen", "三鲜水饺 500g", "手工水饺 家的味道", "皮薄馅大 十分钟上桌", "Dumplings like home"),
)
# fmt: on


# --- Report ----------------------------------------------------------------------------------
@dataclass
class SeedReport:
    categories_created: int = 0
    spus_created: int = 0
    skus_created: int = 0
    gallery_created: int = 0
    images_created: int = 0
    home_sections_filled: list[str] = field(default_factory=list)
    bulk_created: int = 0
    bulk_total: int = 0

    def lines(self) -> list[str]:
        home = ", ".join(self.home_sections_filled) or "unchanged"
        return [
            f"categories created: {self.categories_created}",
            f"SPUs created: {self.spus_created}, SKUs created: {self.skus_created}, "
            f"gallery pictures: {self.gallery_created}",
            f"images created: {self.images_created}",
            f"homepage sections filled: {home}",
            f"bulk SKUs created: {self.bulk_created} (bulk total {self.bulk_total})",
        ]


# --- Images ----------------------------------------------------------------------------------
class DemoImages:
    """The demo collection's images by title: found when they exist, drawn when they don't."""

    def __init__(self, *, report: SeedReport):
        self.report = report
        self.collection = demo_collection_ensure()
        self.model = get_image_model()
        self.by_title = {
            image.title: image for image in self.model.objects.filter(collection=self.collection)
        }

    def get(self, *, title: str, filename: str, draw: Callable[[], bytes]) -> AbstractImage:
        image = self.by_title.get(title)
        if image is None:
            data = draw()
            image = self.model(
                title=title,
                collection=self.collection,
                file=ImageFile(BytesIO(data), name=f"{filename}.png"),
                file_size=len(data),
                file_hash=hashlib.sha1(data, usedforsecurity=False).hexdigest(),
            )
            image.save()
            self.by_title[title] = image
            self.report.images_created += 1
        return image


def demo_collection_ensure() -> Collection:
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=DEMO_COLLECTION).first()
    return collection or root.add_child(name=DEMO_COLLECTION)


def _filename(*parts: str) -> str:
    return "demo-" + "-".join(slugify(part.replace(".", "-")) for part in parts)


def _label(*, chinese: str, english: str) -> str:
    return demo_images.label_for(chinese=chinese, english=english)


# --- Categories ------------------------------------------------------------------------------
def categories_ensure(
    *, home: HomePage, images: DemoImages, report: SeedReport
) -> dict[str, CategoryPage]:
    """One live CategoryPage per ``CATEGORIES`` entry under the homepage, with logo and picture."""
    pages: dict[str, CategoryPage] = {}
    for spec in CATEGORIES:
        logo = images.get(
            title=f"演示/分类图标/{spec.title}",
            filename=_filename("logo", spec.slug),
            draw=lambda spec=spec: demo_images.logo_picture(
                glyph=_label(chinese=spec.glyph, english=spec.glyph_en), colour=spec.colour
            ),
        )
        picture = images.get(
            title=f"演示/楼层/{spec.title}",
            filename=_filename("floor", spec.slug),
            draw=lambda spec=spec: demo_images.floor_picture(
                title=_label(chinese=spec.title, english=spec.english),
                slogan=_label(chinese=spec.slogan, english=spec.slogan_en),
                colour=spec.colour,
                shape=spec.shape,
            ),
        )
        page = home.get_children().filter(slug=spec.slug).specific().first()
        if page is None:
            page = home.add_child(
                instance=CategoryPage(title=spec.title, slug=spec.slug, logo=logo, picture=picture)
            )
            page.save_revision().publish()
            report.categories_created += 1
        elif not isinstance(page, CategoryPage):
            raise ValueError(f"/{spec.slug}/ exists and is not a category page")
        elif page.logo_id is None or page.picture_id is None:
            page.logo = page.logo or logo
            page.picture = page.picture or picture
            page.save_revision().publish()
        pages[spec.slug] = page
    return pages


# --- Goods -----------------------------------------------------------------------------------
def spu_ensure(*, name: str, detail: str, report: SeedReport) -> GoodsSPU:
    spu = GoodsSPU.objects.filter(name=name).order_by("id").first()
    if spu is None:
        spu = GoodsSPU.objects.create(name=name, detail=detail)
        report.spus_created += 1
    return spu


def goods_ensure(
    *, categories: dict[str, CategoryPage], images: DemoImages, report: SeedReport
) -> dict[str, GoodsSKU]:
    """The hand-written goods of ``CATEGORIES``; returns every demo SKU by name."""
    existing = {
        (sku.category_id, sku.name): sku
        for sku in GoodsSKU.objects.filter(category__in=list(categories.values()))
    }
    skus: dict[str, GoodsSKU] = {}
    for spec in CATEGORIES:
        category = categories[spec.slug]
        for product in spec.products:
            spu = spu_ensure(
                name=product.name, detail=product.detail_html(storage=spec.storage), report=report
            )
            for sku_spec in product.skus:
                name = product.sku_name(sku_spec)
                sku = existing.get((category.pk, name))
                if sku is None:
                    sku = _sku_create(
                        spu=spu,
                        category=category,
                        product=product,
                        sku_spec=sku_spec,
                        images=images,
                    )
                    report.skus_created += 1
                    report.gallery_created += _gallery_create(
                        sku=sku, product=product, sku_spec=sku_spec, images=images
                    )
                skus[name] = sku
    return skus


def _goods_picture(
    *, images: DemoImages, product: ProductSpec, sku_spec: SkuSpec, view: int = 0
) -> AbstractImage:
    name, english = product.sku_name(sku_spec), product.sku_english(sku_spec)
    suffix = f"/{view + 1}" if view else ""
    return images.get(
        title=f"演示/商品/{name}{suffix}",
        filename=_filename("goods", english, str(view)) if view else _filename("goods", english),
        draw=lambda: demo_images.goods_picture(
            label=_label(chinese=name, english=english),
            colour=product.colour,
            shape=product.shape,
            badge="" if view else sku_spec.spec_en,
            view=view,
        ),
    )


def _sku_create(
    *,
    spu: GoodsSPU,
    category: CategoryPage,
    product: ProductSpec,
    sku_spec: SkuSpec,
    images: DemoImages,
) -> GoodsSKU:
    sku = GoodsSKU(
        spu=spu,
        category=category,
        name=product.sku_name(sku_spec),
        description=product.description,
        price=Decimal(sku_spec.price),
        unit=sku_spec.unit,
        stock=sku_spec.stock,
        sales=sku_spec.sales,
        image=_goods_picture(images=images, product=product, sku_spec=sku_spec),
        is_on_sale=sku_spec.on_sale,
    )
    sku.save()
    return sku


def _gallery_create(
    *, sku: GoodsSKU, product: ProductSpec, sku_spec: SkuSpec, images: DemoImages
) -> int:
    for view in range(1, sku_spec.gallery + 1):
        GoodsImage.objects.create(
            sku=sku,
            image=_goods_picture(images=images, product=product, sku_spec=sku_spec, view=view),
            sort_order=view,
        )
    return sku_spec.gallery


# --- Homepage --------------------------------------------------------------------------------
def _product_of(name: str) -> ProductSpec:
    for spec in CATEGORIES:
        for product in spec.products:
            if any(product.sku_name(sku) == name for sku in product.skus):
                return product
    raise KeyError(name)


def _item(block_type: str, value: dict) -> dict:
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def _list_items(values: Iterable[int]) -> list[dict]:
    return [{"type": "item", "value": value, "id": str(uuid.uuid4())} for value in values]


def homepage_ensure(
    *,
    home: HomePage,
    categories: dict[str, CategoryPage],
    skus: dict[str, GoodsSKU],
    images: DemoImages,
    now: datetime,
    report: SeedReport,
) -> None:
    """Fill the homepage's banners, promotions and floors, each only when it is still empty."""
    home = HomePage.objects.get(pk=home.pk)
    filled = []
    if not home.banners:
        home.banners = _banners(skus=skus, images=images)
        filled.append("banners")
    if not home.promotions:
        home.promotions = _promotions(categories=categories, images=images, now=now)
        filled.append("promotions")
    if not home.floors:
        home.floors = _floors(categories=categories, skus=skus)
        filled.append("floors")
    if filled:
        home.save_revision().publish()
        report.home_sections_filled = filled


def _banners(*, skus: dict[str, GoodsSKU], images: DemoImages) -> list[dict]:
    banners = []
    for slug, sku_name, caption, subtitle, english in BANNERS:
        product = _product_of(sku_name)
        image = images.get(
            title=f"演示/轮播图/{caption}",
            filename=_filename("banner", slug),
            draw=lambda product=product, caption=caption, subtitle=subtitle, english=english: (
                demo_images.banner_picture(
                    caption=_label(chinese=caption, english=english),
                    subtitle=_label(chinese=subtitle, english=product.english),
                    colour=product.colour,
                    shape=product.shape,
                )
            ),
        )
        banners.append(
            _item("banner", {"sku": skus[sku_name].pk, "image": image.pk, "caption": caption})
        )
    return banners


def _promotions(
    *, categories: dict[str, CategoryPage], images: DemoImages, now: datetime
) -> list[dict]:
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    future_start = today + timedelta(days=7)
    # (name, English, tagline, page or None, link_url, colour, shape, starts_at, ends_at)
    promotions = (
        (
            "鲜果节 满99减20",
            "Fruit Festival",
            "即日起 全场鲜果",
            categories["fruit"],
            "",
            "#ef6c00",
            "circle",
            today,
            None,
        ),
        (
            "肉食狂欢 爆款直降",
            "Meat Sale",
            "人气好肉 按销量排",
            None,
            f"/{categories['meat'].slug}/?sort=hot",  # site-relative: right on any address
            "#b71c1c",
            "steak",
            today,
            None,
        ),
        (
            "海鲜节 预告",
            "Seafood Week",
            "下周开抢 敬请期待",
            categories["seafood"],
            "",
            "#1565c0",
            "crab",
            future_start,
            future_start + timedelta(days=14),
        ),
    )
    blocks = []
    for name, english, tagline, page, link_url, colour, shape, starts_at, ends_at in promotions:
        image = images.get(
            title=f"演示/促销/{name}",
            filename=_filename("promotion", english),
            draw=lambda name=name, english=english, tagline=tagline, colour=colour, shape=shape: (
                demo_images.promotion_picture(
                    name=_label(chinese=name, english=english),
                    tagline=_label(chinese=tagline, english="Daily Fresh"),
                    colour=colour,
                    shape=shape,
                )
            ),
        )
        blocks.append(
            _item(
                "promotion",
                {
                    "name": name,
                    "page": page.pk if page else None,
                    "link_url": link_url,
                    "image": image.pk,
                    "starts_at": starts_at.isoformat(),
                    "ends_at": ends_at.isoformat() if ends_at else None,
                },
            )
        )
    return blocks


def _floors(*, categories: dict[str, CategoryPage], skus: dict[str, GoodsSKU]) -> list[dict]:
    floors = []
    for spec in CATEGORIES:
        on_shelf = [
            skus[product.sku_name(sku)] for product in spec.products for sku in product.skus
        ]
        on_shelf = [sku for sku in on_shelf if sku.is_on_sale]
        # one picture per product first, so the floor shows four different things
        first_specs, other_specs, seen = [], [], set()
        for sku in on_shelf:
            (other_specs if sku.spu_id in seen else first_specs).append(sku)
            seen.add(sku.spu_id)
        image_goods = (first_specs + other_specs)[:4]
        text_goods = [sku for sku in on_shelf if sku not in image_goods]
        text_goods = (text_goods + image_goods)[: max(4, min(6, len(text_goods)))]
        floors.append(
            _item(
                "floor",
                {
                    "category": categories[spec.slug].pk,
                    "image_goods": _list_items(sku.pk for sku in image_goods),
                    "text_goods": _list_items(sku.pk for sku in text_goods),
                },
            )
        )
    return floors


# --- Bulk catalog ----------------------------------------------------------------------------
def bulk_goods_ensure(
    *,
    total: int,
    categories: dict[str, CategoryPage],
    images: DemoImages,
    now: datetime,
    report: SeedReport,
) -> None:
    """Top the bulk catalog up to ``total`` SKUs (never removes any), spread over the categories.

    Bulk SKUs belong to one "批量商品 <category>" SPU per category and share a pool of pictures
    (one per kind of goods); prices, sales and creation times vary so every sort means something.
    """
    spus = {
        spec.slug: spu_ensure(
            name=f"{BULK_SPU_PREFIX}{spec.title}",
            detail="<p>压测用的批量演示商品。</p>",
            report=report,
        )
        for spec in CATEGORIES
    }
    spu_ids = [spu.pk for spu in spus.values()]
    existing = GoodsSKU.objects.filter(spu_id__in=spu_ids).count()
    report.bulk_total = max(existing, total)
    if existing >= total:
        return
    pool = {
        (spec.slug, word.name): images.get(
            title=f"演示/批量/{word.name}",
            filename=_filename("bulk", word.english),
            draw=lambda word=word: demo_images.goods_picture(
                label=_label(chinese=f"大促 {word.name}", english=f"Sale {word.english}"),
                colour=word.colour,
                shape=word.shape,
                badge="SALE",
            ),
        )
        for spec in CATEGORIES
        for word in spec.bulk_words
    }
    batch: list[tuple[GoodsSKU, datetime]] = []
    for number in range(existing + 1, total + 1):
        batch.append(_bulk_sku(number=number, spus=spus, categories=categories, pool=pool, now=now))
        if len(batch) == BULK_BATCH_SIZE:
            _bulk_insert(batch=batch, spu_ids=spu_ids)
            batch = []
    if batch:
        _bulk_insert(batch=batch, spu_ids=spu_ids)
    report.bulk_created = total - existing


def _bulk_sku(
    *,
    number: int,
    spus: dict[str, GoodsSPU],
    categories: dict[str, CategoryPage],
    pool: dict[tuple[str, str], AbstractImage],
    now: datetime,
) -> tuple[GoodsSKU, datetime]:
    spec = CATEGORIES[number % len(CATEGORIES)]
    word = spec.bulk_words[(number // len(CATEGORIES)) % len(spec.bulk_words)]
    rng = random.Random(number)  # the same numbers every run
    price = (Decimal(word.price) * Decimal(str(round(rng.uniform(0.4, 3.0), 2)))).quantize(
        Decimal("0.01")
    )
    sku = GoodsSKU(
        spu=spus[spec.slug],
        category=categories[spec.slug],
        name=f"大促 {word.name} #{number}",
        description=f"{spec.slogan}，{word.name}限时大促。",
        price=max(price, Decimal("0.50")),
        unit=rng.choice(word.units),
        stock=rng.randint(0, 2000),
        sales=min(int(rng.expovariate(1 / 400)), 99_999),
        image=pool[(spec.slug, word.name)],
        is_on_sale=rng.random() > 0.04,
    )
    created_at = now - timedelta(seconds=rng.randint(0, 180 * 24 * 3600))
    return sku, created_at


def _bulk_insert(*, batch: list[tuple[GoodsSKU, datetime]], spu_ids: list[int]) -> None:
    skus = [sku for sku, _ in batch]
    GoodsSKU.objects.bulk_create(skus, batch_size=BULK_BATCH_SIZE)
    if any(sku.pk is None for sku in skus):  # backends that return no ids (MySQL)
        ids = dict(
            GoodsSKU.objects.filter(
                spu_id__in=spu_ids, name__in=[sku.name for sku in skus]
            ).values_list("name", "pk")
        )
        for sku in skus:
            sku.pk = ids[sku.name]
    _created_at_spread(batch=batch)


def _created_at_spread(*, batch: list[tuple[GoodsSKU, datetime]]) -> None:
    """Back-date the new rows: created_at is auto_now_add, which bulk_create sets to now.

    One prepared UPDATE run for every row (``bulk_update``'s CASE WHEN is several times slower).
    """
    connection = connections[GoodsSKU.objects.db]
    quote = connection.ops.quote_name
    table, column = GoodsSKU._meta.db_table, GoodsSKU._meta.get_field("created_at").column
    sql = f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE {quote('id')} = %s"  # noqa: S608
    rows = []
    for sku, created_at in batch:
        sku.created_at = created_at
        rows.append((connection.ops.adapt_datetimefield_value(created_at), sku.pk))
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


# --- Everything ------------------------------------------------------------------------------
@transaction.atomic
def demo_data_ensure(
    *, home: HomePage, bulk_goods: int = 0, now: datetime | None = None
) -> SeedReport:
    """The demo categories, goods and homepage (and ``bulk_goods`` bulk SKUs); idempotent."""
    now = now or timezone.now()
    report = SeedReport()
    images = DemoImages(report=report)
    categories = categories_ensure(home=home, images=images, report=report)
    skus = goods_ensure(categories=categories, images=images, report=report)
    homepage_ensure(
        home=home, categories=categories, skus=skus, images=images, now=now, report=report
    )
    if bulk_goods:
        bulk_goods_ensure(
            total=bulk_goods, categories=categories, images=images, now=now, report=report
        )
    return report
