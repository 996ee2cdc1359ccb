from __future__ import annotations

import random

from fanzha.people.models import Organisation
from fanzha.places.models import County


def load_demo(*, county: County, rng: random.Random) -> str:
    township = county.townships.order_by("id").first()
    assert township is not None
    Organisation.objects.create(township=township, name=f"插件示例单位{rng.randint(1000, 9999)}")
    return "1 个插件示例单位"
