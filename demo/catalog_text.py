"""The demo catalog, written by hand: categories, their products and SKUs, and the kinds of
goods the bulk catalog is made of. Names are the keys ``seed_demo`` finds rows by, so renaming
one makes a new row on the next run.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape


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

    def detail_html(self, *, storage: str, shelf_life: str) -> str:
        specs = "、".join(sku.spec for sku in self.skus)
        return (
            f"<p>{escape(self.description)}</p>"
            f"<ul><li>产地：{escape(self.origin)}</li><li>规格：{escape(specs)}</li>"
            f"<li>储存：{escape(storage)}</li><li>保质期：{escape(shelf_life)}</li></ul>"
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
            # enough goods for a second page of the list (15 a page)
            _p("砂糖橘", "Sugar Tangerine", "砂糖橘，皮薄易剥，清甜化渣。", "广西桂林", "circle",
               "#ff9800", _s("2.5kg", "2.5kg", "袋", "29.90", 260, 1320)),
            _p("库尔勒香梨", "Korla Pear", "库尔勒香梨，皮薄肉细，汁多味甜。", "新疆库尔勒", "oval",
               "#cddc39", _s("1kg", "1kg", "1kg", "14.80", 300, 860)),
            _p("车厘子", "Cherry", "JJ 级车厘子，果大核小，脆甜。", "智利", "cluster", "#b71c1c",
               _s("500g", "500g", "盒", "59.90", 120, 640)),
            _p("哈密瓜", "Hami Melon", "哈密瓜，瓜肉橙红，香甜。", "新疆哈密", "oval", "#ffcc80",
               _s("1个", "1 melon", "个", "28.00", 90, 310)),
            _p("火龙果", "Dragon Fruit", "红心火龙果，果肉细腻。", "广西南宁", "oval", "#e91e63",
               _s("2个装", "2 pcs", "袋", "19.90", 200, 720)),
            _p("水蜜桃", "Peach", "阳山水蜜桃，软糯多汁。", "江苏无锡", "heart", "#f48fb1",
               _s("1kg", "1kg", "1kg", "32.00", 110, 450)),
            _p("百香果", "Passion Fruit", "紫皮百香果，酸甜浓香，泡水佳品。", "广西玉林", "circle",
               "#6a1b9a", _s("1kg", "1kg", "袋", "22.80", 180, 530)),
            _p("山竹", "Mangosteen", "进口山竹，果肉雪白，清甜。", "泰国", "circle", "#4a148c",
               _s("1kg", "1kg", "1kg", "45.00", 80, 260)),
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
        "鲜活海产 冷链到家", "Fresh from the sea", "鲜活、冰鲜海产，冷藏 0–4℃ 尽快烹饪",
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
            _p("鱿鱼", "Squid", "新鲜鱿鱼，整只冰鲜，铁板烧烤。", "福建宁德", "long", "#ce93d8",
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
        "优选好肉 新鲜排酸", "Choice cuts", "冷藏 0–4℃，3 天内食用",
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
            # enough goods for a second page of the list (15 a page)
            _p("生菜", "Lettuce", "球生菜，脆嫩爽口，沙拉涮锅。", "北京", "leafy", "#9ccc65",
               _s("300g", "300g", "份", "4.90", 260, 980)),
            _p("山药", "Chinese Yam", "铁棍山药，粉糯香甜。", "河南焦作", "long", "#d7ccc8",
               _s("1kg", "1kg", "1kg", "15.80", 150, 520)),
            _p("莲藕", "Lotus Root", "洪湖莲藕，炖汤粉，清炒脆。", "湖北武汉", "long", "#d7b899",
               _s("1kg", "1kg", "1kg", "9.90", 170, 430)),
            _p("甜玉米", "Sweet Corn", "水果玉米，生吃清甜。", "吉林", "long", "#fdd835",
               _s("2根装", "2 pcs", "袋", "6.90", 300, 1100)),
            _p("洋葱", "Onion", "紫皮洋葱，辛香味足。", "甘肃酒泉", "circle", "#ce93d8",
               _s("1kg", "1kg", "袋", "4.80", 400, 890)),
            _p("豆角", "Green Beans", "嫩豆角，无筋，焖面炖肉。", "山东寿光", "long", "#7cb342",
               _s("500g", "500g", "500g", "7.50", 220, 610)),
            _p("金针菇", "Enoki", "金针菇，爽滑鲜嫩，火锅必备。", "江苏", "mushroom", "#fff8e1",
               _s("200g", "200g", "袋", "3.90", 350, 1500)),
            _p("芹菜", "Celery", "西芹，脆嫩清香。", "山东", "leafy", "#8bc34a",
               _s("500g", "500g", "500g", "5.50", 210, 570)),
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
# fmt: on
