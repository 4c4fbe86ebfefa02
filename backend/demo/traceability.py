"""Demo traceability: sites, certifications, lots with diaries, issued stamps, scans (one stamp with a
clone pattern) and one recalled lot, for the coconut and lychee stalls.

Idempotent: a lot that exists is left alone (its diary is append-only anyway), so re-running adds
nothing. Variants come from backend.demo.catalog; a missing stall, owner or variant is skipped.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from backend.accounts.models import User
from backend.catalog.models import ProductVariant
from backend.orders.models import Fulfillment
from backend.stalls.models import OcopCertificate, Stall
from traceability import actions, signing
from traceability.models import Certification, DiaryKind, Lot, LotStatus, Site, Stamp
from traceability.verification import ScanMeta, scan_record, stamp_verify

COCONUT, LYCHEE = "htx-keo-dua-ben-tre", "htx-vai-thieu-luc-ngan"
GENUINE_LOT = (COCONUT, "KDS2610A")
RECALLED_LOT = (LYCHEE, "VT2606R")


@dataclass(frozen=True)
class DemoEntry:
    kind: str
    day: date
    notes: str
    material: str = ""
    method: str = ""
    dose: str = ""
    phi: int | None = None
    quantity: str | None = None
    unit: str = ""


@dataclass(frozen=True)
class DemoLot:
    sku: str
    code: str
    quantity: str
    unit: str
    harvest: date | None
    production: date | None
    packing: date
    expiry: date
    diary: tuple[DemoEntry, ...]
    stamps: int
    recall_notice: str = ""
    scans: bool = False


@dataclass(frozen=True)
class DemoStall:
    owner: str
    site: str
    planting_area_code: str
    geojson: dict | None
    certification: tuple[str, str, str, date, date]  # kind, number, issuer, valid from, valid until
    ocop_decision: str | None
    site_diary: tuple[DemoEntry, ...]
    lots: tuple[DemoLot, ...] = field(default=())


def _square(lon: float, lat: float, d: float = 0.002) -> dict:
    ring = [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


DEMO = {
    COCONUT: DemoStall(
        owner="coop@demo.vn",
        site="Vườn dừa sáp Phú Hòa",
        planting_area_code="",
        geojson=_square(106.375, 10.241),
        certification=(
            "food_safety",
            "86/2025/ATTP-CNĐK",
            "Chi cục An toàn vệ sinh thực phẩm Vĩnh Long",
            date(2025, 3, 1),
            date(2028, 3, 1),
        ),
        ocop_decision="1234/QĐ-UBND",
        site_diary=(DemoEntry(DiaryKind.ACTIVITY, date(2026, 8, 20), "Vệ sinh vườn, làm cỏ gốc dừa."),),
        lots=(
            DemoLot(
                sku="KD-SAP-250",
                code="KDS2610A",
                quantity="400",
                unit="hộp",
                harvest=date(2026, 10, 1),
                production=date(2026, 10, 5),
                packing=date(2026, 10, 6),
                expiry=date(2027, 4, 5),
                diary=(
                    DemoEntry(
                        DiaryKind.HARVEST,
                        date(2026, 10, 1),
                        "Thu hoạch dừa sáp.",
                        quantity="1200",
                        unit="trái",
                    ),
                    DemoEntry(
                        DiaryKind.ACTIVITY, date(2026, 10, 5), "Nấu kẹo trên chảo gang, khuấy tay 3 giờ."
                    ),
                    DemoEntry(
                        DiaryKind.LAB_TEST, date(2026, 10, 5), "Kiểm nghiệm vi sinh: đạt QCVN 8-3:2012/BYT."
                    ),
                    DemoEntry(
                        DiaryKind.PACKING, date(2026, 10, 6), "Đóng hộp 250 g.", quantity="400", unit="hộp"
                    ),
                ),
                stamps=20,
                scans=True,
            ),
            DemoLot(
                sku="KD-SAP-500",
                code="KDS2610B",
                quantity="200",
                unit="hộp",
                harvest=date(2026, 10, 1),
                production=date(2026, 10, 7),
                packing=date(2026, 10, 8),
                expiry=date(2027, 4, 7),
                diary=(
                    DemoEntry(
                        DiaryKind.PACKING, date(2026, 10, 8), "Đóng hộp 500 g.", quantity="200", unit="hộp"
                    ),
                ),
                stamps=10,
            ),
        ),
    ),
    LYCHEE: DemoStall(
        owner="coop2@demo.vn",
        site="Vườn vải Thôn Kép",
        planting_area_code="VN-BGLN-0123",
        geojson=_square(106.552, 21.381),
        certification=(
            "vietgap",
            "VietGAP-TT-13-03-24-0102",
            "Công ty CP Chứng nhận và Giám định VinaCert",
            date(2025, 3, 1),
            date(2027, 3, 1),
        ),
        ocop_decision=None,
        site_diary=(DemoEntry(DiaryKind.ACTIVITY, date(2026, 1, 15), "Tỉa cành, tạo tán sau thu hoạch."),),
        lots=(
            DemoLot(
                sku="VT-L1-2KG",
                code="VT2606A",
                quantity="300",
                unit="thùng",
                harvest=date(2026, 6, 12),
                production=None,
                packing=date(2026, 6, 12),
                expiry=date(2026, 6, 26),
                diary=(
                    DemoEntry(
                        DiaryKind.OBSERVATION, date(2026, 3, 10), "Vải ra hoa đều, 80 % cành có chùm hoa."
                    ),
                    DemoEntry(
                        DiaryKind.INPUT,
                        date(2026, 4, 2),
                        "Bón thúc nuôi quả.",
                        material="Phân hữu cơ vi sinh",
                        method="Rải quanh tán, tưới ẩm",
                        dose="3 kg/gốc",
                        phi=0,
                    ),
                    DemoEntry(
                        DiaryKind.INPUT,
                        date(2026, 5, 20),
                        "Phòng sâu đục cuống quả.",
                        material="Abamectin 3.6EC",
                        method="Phun ướt đều tán",
                        dose="10 ml/bình 16 l",
                        phi=7,
                    ),
                    DemoEntry(
                        DiaryKind.HARVEST, date(2026, 6, 12), "Thu hoạch sáng sớm.", quantity="600", unit="kg"
                    ),
                    DemoEntry(DiaryKind.LAB_TEST, date(2026, 6, 12), "Dư lượng thuốc BVTV: không phát hiện."),
                    DemoEntry(
                        DiaryKind.PACKING, date(2026, 6, 12), "Đóng thùng 2 kg.", quantity="300", unit="thùng"
                    ),
                ),
                stamps=20,
            ),
            DemoLot(
                sku="VT-L2-2KG",
                code="VT2606R",
                quantity="150",
                unit="thùng",
                harvest=date(2026, 6, 8),
                production=None,
                packing=date(2026, 6, 8),
                expiry=date(2026, 6, 22),
                diary=(
                    DemoEntry(
                        DiaryKind.INPUT,
                        date(2026, 6, 1),
                        "Phun trừ bọ xít.",
                        material="Cypermethrin 10EC",
                        method="Phun ướt đều tán",
                        dose="15 ml/bình 16 l",
                        phi=14,
                    ),
                    DemoEntry(DiaryKind.HARVEST, date(2026, 6, 8), "Thu hoạch.", quantity="300", unit="kg"),
                    DemoEntry(
                        DiaryKind.PACKING, date(2026, 6, 8), "Đóng thùng 2 kg.", quantity="150", unit="thùng"
                    ),
                    DemoEntry(
                        DiaryKind.LAB_TEST,
                        date(2026, 6, 15),
                        "Mẫu hậu kiểm: dư lượng Cypermethrin vượt mức giới hạn tối đa.",
                    ),
                ),
                stamps=5,
                recall_notice=(
                    "Thu hồi lô VT2606R: mẫu hậu kiểm cho thấy dư lượng thuốc bảo vệ thực vật vượt giới hạn. "
                    "Vui lòng không sử dụng và liên hệ HTX để được hoàn tiền. / Recalled: pesticide residue "
                    "above the legal limit. Do not eat; contact the cooperative for a refund."
                ),
            ),
        ),
    ),
}


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 7, 30))


def _diary(author: User, entries, *, lot: Lot | None = None, site: Site | None = None) -> None:
    for e in entries:
        actions.diary_entry_create(
            author=author,
            lot=lot,
            site=site,
            kind=e.kind,
            occurred_at=_at(e.day),
            notes=e.notes,
            material=e.material,
            method=e.method,
            dose=e.dose,
            pre_harvest_interval_days=e.phi,
            quantity=e.quantity,
            unit=e.unit,
        )


def _scan(stamp: Stamp, meta: ScanMeta, at: datetime) -> None:
    verdict = stamp_verify(serial=stamp.serial, signature=stamp.signature, request_meta=meta, now=at)
    scan_record(verdict=verdict, request_meta=meta, scanned_at=at)


def _demo_scans(stamps: list[Stamp]) -> None:
    """Stamp #2 was scanned before (once); stamp #3 shows a clone pattern (many phones, two provinces)."""
    now = timezone.now().replace(microsecond=0)
    _scan(
        stamps[1],
        ScanMeta(device_hash="demo-phone-a", consent=True, province_code=86),
        now - timedelta(days=3),
    )
    for n, province in enumerate((1, 1, 79, 79, 48)):
        at = now - timedelta(days=1, minutes=50 - 10 * n)
        _scan(stamps[2], ScanMeta(device_hash=f"demo-clone-{n}", consent=True, province_code=province), at)


def _allocate_shipped(variant: ProductVariant) -> None:
    """The orders demo ships before lots exist: allocate those shipments now, as fulfilment would have."""
    shipped = (
        Fulfillment.objects.filter(lines__order_line__variant=variant, lot_allocations__isnull=True)
        .select_related("order")
        .distinct()
        .order_by("pk")
    )
    for fulfillment in shipped:
        actions.lot_allocations_for_fulfillment(order=fulfillment.order, fulfillment=fulfillment)


def _seed_lot(stall: Stall, owner: User, site: Site, spec: DemoLot) -> None:
    variant = ProductVariant.objects.filter(stall=stall, sku=spec.sku).first()
    if variant is None or Lot.objects.filter(stall=stall, code=spec.code).exists():
        return
    with transaction.atomic():
        lot = actions.lot_create(
            stall=stall,
            variant=variant,
            code=spec.code,
            quantity=spec.quantity,
            unit=spec.unit,
            actor=owner,
            site=site,
            harvest_date=spec.harvest,
            production_date=spec.production,
            packing_date=spec.packing,
            expiry_date=spec.expiry,
        )
        _diary(owner, spec.diary, lot=lot)
        actions.lot_release(lot=lot, actor=owner)
        # Demo history: the lot went on sale the day it was packed, before the demo scans below.
        Lot.objects.filter(pk=lot.pk).update(released_at=_at(spec.packing) + timedelta(hours=10))
        lot.refresh_from_db()
        _allocate_shipped(variant)
        # Run synchronously so the demo has its stamps at once; the task queued on commit finds the
        # job done and adds nothing.
        job = actions.stamp_issue(lot=lot, quantity=spec.stamps, with_pin=True, actor=owner)
        actions.stamp_job_run(job_id=job.pk)
        if spec.scans:
            _demo_scans(list(Stamp.objects.filter(job=job).order_by("pk")))
        if spec.recall_notice:
            actions.lot_recall(lot=lot, actor=owner, notice=spec.recall_notice)


def seed() -> None:
    for slug, spec in DEMO.items():
        stall = Stall.objects.filter(slug=slug).first()
        owner = User.objects.filter(email=spec.owner).first()
        if stall is None or owner is None:
            continue
        site = Site.objects.filter(stall=stall, name=spec.site).first()
        if site is None:
            site = actions.site_create(
                stall=stall,
                name=spec.site,
                province_code=stall.province_code,
                commune_code=stall.commune_code,
                planting_area_code=spec.planting_area_code,
                geojson=spec.geojson,
            )
            _diary(owner, spec.site_diary, site=site)
        kind, number, issuer, valid_from, valid_until = spec.certification
        if not Certification.objects.filter(stall=stall, number=number).exists():
            actions.certification_create(
                stall=stall,
                kind=kind,
                number=number,
                issuer=issuer,
                valid_from=valid_from,
                valid_until=valid_until,
            )
        ocop = OcopCertificate.objects.filter(stall=stall, decision_number=spec.ocop_decision).first()
        if ocop is not None and not Certification.objects.filter(stall=stall, kind="ocop").exists():
            actions.certification_create(
                stall=stall,
                kind="ocop",
                number=ocop.decision_number,
                issuer=ocop.issuing_authority,
                valid_from=ocop.decision_date,
                valid_until=ocop.expires_on,
                ocop_certificate=ocop,
            )
        for lot_spec in spec.lots:
            _seed_lot(stall, owner, site, lot_spec)


def _stamps(slug: str, code: str) -> list[Stamp]:
    return list(
        Stamp.objects.filter(lot__stall__slug=slug, lot__code=code)
        .select_related("job", "lot")
        .order_by("pk")[:3]
    )


def info(base_url: str) -> list[str]:
    genuine = _stamps(*GENUINE_LOT)
    if len(genuine) < 3:
        return ["  Traceability: no demo stamps (run seed_demo after the catalog demo)."]
    first = genuine[0]
    # The forged URL: the same stamp with its signature's first character changed (deterministic).
    forged_signature = ("A" if first.signature[0] != "A" else "B") + first.signature[1:]
    genuine_url = signing.stamp_url(first, base_url=base_url)
    lines = [
        "  Stamps to scan (traceability):",
        f"    genuine:    {genuine_url}",
        f"    forged:     {genuine_url.removesuffix(first.signature)}{forged_signature}",
        f"    suspicious: {signing.stamp_url(genuine[2], base_url=base_url)}",
    ]
    recalled = _stamps(*RECALLED_LOT)
    if recalled and recalled[0].lot.status == LotStatus.RECALLED:
        lines.append(f"    recalled:   {signing.stamp_url(recalled[0], base_url=base_url)}")
    return lines
