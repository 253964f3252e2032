"""What a ``seed_demo`` run created, counted as it goes and printed at the end."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SeedReport:
    categories_created: int = 0
    spus_created: int = 0
    skus_created: int = 0
    gallery_created: int = 0
    facts_filled: int = 0  # SKUs seeded before goods had facts, given them
    images_created: int = 0
    home_sections_filled: list[str] = field(default_factory=list)
    bulk_created: int = 0
    bulk_total: int = 0
    campaign_created: bool = False

    def lines(self) -> list[str]:
        home = ", ".join(self.home_sections_filled) or "unchanged"
        return [
            f"categories created: {self.categories_created}",
            f"SPUs created: {self.spus_created}, SKUs created: {self.skus_created}, "
            f"gallery pictures: {self.gallery_created}",
            f"images created: {self.images_created}",
            f"SKUs given their fresh-produce facts: {self.facts_filled}",
            f"homepage sections filled: {home}",
            f"campaign '鲜果节' {'created' if self.campaign_created else 'exists'}",
            f"bulk SKUs created: {self.bulk_created} (bulk total {self.bulk_total})",
        ]
