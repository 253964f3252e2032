"""Scheduled publishing goes live through the minute job, and draftable models (snippets) that
declare ``snapshot_keys`` have their pages republished when they are published or unpublished."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.signals import published, unpublished

from catalog.models import CategoryPage
from catalog.tests.factories import SKUFactory, make_category, make_image
from home.models import HomePage
from home.tests.test_homepage import publish_home
from snapshots.services import DIRTY_KEYS, snapshots_publish_all
from snapshots.signal_handlers import draftable_deleted
from snapshots.storage import SnapshotStorage, all_names

pytestmark = pytest.mark.django_db(transaction=True)

SOON = timedelta(seconds=2)  # an editor's "10:00", near enough for the test to wait for it


def tick_now() -> None:
    """The minute job as beat runs it, here in the test's thread (its publisher is queued)."""
    from snapshots.tasks import snapshots_tick_task

    snapshots_tick_task.apply(throw=True)


@pytest.fixture
def shop():
    """Published pages; tests with a worker ask for ``celery_worker`` first (it purges the
    queue as it starts, which would drop the publisher queued here)."""
    fruit, veg = make_category("新鲜水果", "fruit"), make_category("新鲜蔬菜", "veg")
    skus = [SKUFactory(category=fruit, name="草莓"), SKUFactory(category=veg, name="菠菜")]
    banner = {"image": make_image("banner").pk, "sku": skus[0].pk, "caption": "草莓季"}
    home = publish_home(banners=[banner])
    assert not snapshots_publish_all().failed_keys
    return {"home": home, "fruit": fruit, "veg": veg, "skus": skus}


def test_a_scheduled_homepage_revision_goes_live_through_the_minute_job(
    celery_worker, shop, wait_for
):
    storage = SnapshotStorage()
    home = HomePage.objects.get(pk=shop["home"].pk)
    banner = {"image": make_image("b2").pk, "sku": shop["skus"][1].pk, "caption": "新品上市"}
    home.banners = [{"type": "banner", "value": banner}]
    home.go_live_at = timezone.now() + SOON
    revision = home.save_revision()
    revision.publish()  # the editor's "publish at": stored as the revision's approved go-live

    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None
    tick_now()  # before its time: nothing goes live
    assert "新品上市" not in storage.read("index.html").decode()
    assert HomePage.objects.get(pk=home.pk).live_revision_id != revision.pk

    wait_for(lambda: timezone.now() > home.go_live_at)
    tick_now()

    assert HomePage.objects.get(pk=home.pk).live_revision_id == revision.pk
    wait_for(lambda: "新品上市" in storage.read("index.html").decode())
    assert "草莓季" not in storage.read("index.html").decode()


def test_an_expired_category_page_is_unpublished_and_its_files_removed(
    celery_worker, shop, wait_for
):
    storage = SnapshotStorage()
    veg = CategoryPage.objects.get(pk=shop["veg"].pk)
    veg.expire_at = timezone.now() + SOON
    veg.save_revision().publish()  # live until its expiry
    snapshots_publish_all()
    spinach = f"goods/{shop['skus'][1].pk}/index.html"
    assert {"veg/index.html", spinach} <= all_names(storage)

    wait_for(lambda: timezone.now() > veg.expire_at)
    tick_now()

    veg.refresh_from_db()
    assert not veg.live and veg.expired
    wait_for(lambda: not any(n.startswith("veg/") or n == spinach for n in all_names(storage)))
    assert "fruit/index.html" in all_names(storage)


class Campaign:
    """A stand-in for a draftable snippet (a model would need a table): what the handlers read."""

    def __init__(self, keys, *, live=True):
        self.keys, self.live, self.pk = keys, live, 7

    def snapshot_keys(self):
        return self.keys


def dirty(store) -> set[str]:
    return {key.decode() for key in store.smembers(DIRTY_KEYS)}


def test_a_published_or_unpublished_snippet_marks_the_pages_it_declares(redis_flushed):
    published.send(sender=Campaign, instance=Campaign({"home", "goods:12"}), revision=None)
    assert dirty(redis_flushed) == {"home", "goods:12"}

    redis_flushed.delete(DIRTY_KEYS)
    unpublished.send(sender=Campaign, instance=Campaign({"list:3", "list:4:price"}, live=False))
    assert dirty(redis_flushed) == {"list:3", "list:4:price"}


def test_a_deleted_snippet_marks_its_pages_only_while_it_was_live(redis_flushed):
    draftable_deleted(sender=Campaign, instance=Campaign({"goods:5"}, live=False))
    assert dirty(redis_flushed) == set()
    draftable_deleted(sender=Campaign, instance=Campaign({"goods:5", "newest:2"}))
    assert dirty(redis_flushed) == {"goods:5", "newest:2"}


def test_a_misspelt_key_fails_where_it_is_declared(redis_flushed):
    with pytest.raises(ValueError, match="goods:草莓"):
        published.send(sender=Campaign, instance=Campaign({"goods:草莓"}), revision=None)
    assert dirty(redis_flushed) == set()


def test_a_republished_object_marks_the_pages_of_its_old_and_its_new_version(
    shop, redis_flushed, monkeypatch
):
    """A real draftable model through Wagtail's publishing: the category page, given keys
    from its title here, stands for a campaign moved from one category to another."""
    monkeypatch.setattr(
        CategoryPage, "snapshot_keys", lambda page: {f"newest:{len(page.title)}"}, raising=False
    )
    fruit = CategoryPage.objects.get(pk=shop["fruit"].pk)
    fruit.title = "水果"  # 4 characters before, 2 after
    fruit.save_revision()  # a draft: nothing is marked
    assert not {"newest:4", "newest:2"} & dirty(redis_flushed)

    fruit.save_revision().publish()

    assert {"newest:4", "newest:2"} <= dirty(redis_flushed)
