"""The homepage's blocks in the StreamField editor (issue 15, point 6): a floor's goods items
carry labels, and collapsed blocks are summed up by their name, caption or category."""

from home.blocks import BannerBlock, FloorBlock, PromotionBlock


def test_a_floors_goods_are_labelled_in_the_editor():
    floor = FloorBlock()
    assert str(floor.child_blocks["text_goods"].child_block.label) == "文字商品"
    assert str(floor.child_blocks["image_goods"].child_block.label) == "图片商品"
    assert floor.meta.label_format == "{category}"
    assert BannerBlock().meta.label_format == "{caption}"
    assert PromotionBlock().meta.label_format == "{name}"
