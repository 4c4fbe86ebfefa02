"""The traceability demo: idempotent, deterministic info URLs whose verdicts are what they claim."""

import pytest

from backend.demo import accounts as accounts_demo
from backend.demo import catalog as catalog_demo
from backend.demo import stalls as stalls_demo
from backend.demo import traceability as demo
from traceability.models import Lot, LotStatus, Scan, Stamp, VerdictKind
from traceability.verification import stamp_verify_url

pytestmark = pytest.mark.django_db


def _counts():
    return Lot.objects.count(), Stamp.objects.count(), Scan.objects.count()


def test_without_catalog_variants_the_seed_creates_no_lots():
    accounts_demo.seed()
    stalls_demo.seed()
    demo.seed()
    assert Lot.objects.count() == 0
    assert demo.info("http://t") == ["  Traceability: no demo stamps (run seed_demo after the catalog demo)."]


def test_seed_is_idempotent_and_info_urls_give_their_verdicts():
    accounts_demo.seed()
    stalls_demo.seed()
    catalog_demo.seed()
    demo.seed()
    first, lines = _counts(), demo.info("https://id.example.vn")
    demo.seed()
    assert _counts() == first and demo.info("https://id.example.vn") == lines
    urls = {line.split(":", 1)[0].strip(): line.split()[-1] for line in lines[1:]}
    expected = {
        "genuine": VerdictKind.GENUINE_FIRST_SCAN,
        "forged": VerdictKind.FORGED,
        "suspicious": VerdictKind.SUSPICIOUS,
        "recalled": VerdictKind.RECALLED,
    }
    assert {name: stamp_verify_url(url=url).kind for name, url in urls.items()} == expected
    assert Lot.objects.filter(status=LotStatus.RECALLED).count() == 1
