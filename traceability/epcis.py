"""EPCIS 2.0 JSON-LD history of one lot: commissioning (harvest), processing, packing, shipping, recall.

`lot_trace(lot)` reads a lot into a plain `LotTrace`; `epcis_document(trace)` turns that into the
EPCISDocument. Mapping (CBV 2.0 has no "harvesting" step):
- harvest or production → ObjectEvent ADD, bizStep commissioning, `ilmd` with harvest date, expiry,
  country and the planting-area code;
- an ACTIVITY in the lot's own diary (field work lives in the site's diary) is processing →
  TransformationEvent, the lot out; in goes the `material` it names, else the lot's harvested
  produce (e.g. coconuts harvested into the lot → the lot's coconut candy);
- packing → ObjectEvent OBSERVE, bizStep packing;
- each fulfilment that shipped units of the lot → ObjectEvent OBSERVE, bizStep shipping, in_transit
  (quantities only: buyers and order numbers are not published);
- hold or recall → ObjectEvent OBSERVE, bizStep holding, disposition non_sellable_other / recalled.
The lot's class is its GS1 Digital Link (GTIN + lot) when the variant has a GTIN, else a platform URI.
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from urllib.parse import quote
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from backend.core.text import fold
from traceability.gs1 import digital_link_build
from traceability.models import DiaryKind, Lot, LotStatus

EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
VIETNAM_OFFSET = "+07:00"
# Units a stall may type (folded: "lít" → "lit"), mapped to UN/ECE Recommendation 20 codes;
# anything else (hộp, chai, quả …) counts pieces.
UOM_CODES = {
    "kg": "KGM",
    "g": "GRM",
    "t": "TNE",
    "tan": "TNE",
    "l": "LTR",
    "lit": "LTR",
    "ml": "MLT",
}
PIECE_UOM = "H87"


def platform_uri(*parts: str) -> str:
    """A permanent platform identifier under PUBLIC_BASE_URL (`…/id/<kind>/<key>`)."""
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    return base + "/id/" + "/".join(quote(part, safe="") for part in parts)


def vocabulary_uri() -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + "/voc/"


@dataclass(frozen=True)
class Processing:
    at: datetime
    material: str
    quantity: Decimal | None
    unit: str
    method: str = ""


@dataclass(frozen=True)
class Shipment:
    at: datetime
    quantity: Decimal


@dataclass(frozen=True)
class LotTrace:
    """Everything the EPCIS export says about a lot, as plain values."""

    epc_class: str
    lot_code: str
    quantity: Decimal
    unit: str
    stall_uri: str
    site_uri: str | None = None
    planting_area_code: str = ""
    commissioned_at: datetime | None = None
    harvest_date: date | None = None
    expiry_date: date | None = None
    packed_at: datetime | None = None
    harvest_class: str | None = None  # the harvested produce a processed lot is made from
    harvest_quantity: Decimal | None = None
    harvest_unit: str = ""
    processing: list[Processing] = field(default_factory=list)
    shipments: list[Shipment] = field(default_factory=list)
    withdrawn_at: datetime | None = None
    recalled: bool = False


def uom(unit: str) -> str:
    return UOM_CODES.get(fold(unit), PIECE_UOM)


def _event_time(moment: datetime) -> str:
    return moment.astimezone(VIETNAM).isoformat(timespec="seconds")


def _quantity(epc_class: str, quantity: Decimal | None, unit: str) -> dict:
    element: dict = {"epcClass": epc_class}
    if quantity is not None:
        element["quantity"] = float(quantity)
        element["uom"] = uom(unit)
    return element


def _event(kind: str, moment: datetime, **fields) -> dict:
    event = {"type": kind, "eventTime": _event_time(moment), "eventTimeZoneOffset": VIETNAM_OFFSET}
    event.update({key: value for key, value in fields.items() if value not in (None, {}, [])})
    # A stable id: re-exporting the same history yields the same event ids.
    digest = hashlib.sha256(json.dumps(event, sort_keys=True, ensure_ascii=True).encode()).hexdigest()
    return {"eventID": f"ni:///sha-256;{digest}", **event}


def _ilmd(trace: LotTrace) -> dict:
    ilmd: dict = {"cbvmda:lotNumber": trace.lot_code, "cbvmda:countryOfOrigin": "VN"}
    if trace.harvest_date:
        ilmd["cbvmda:harvestStartDate"] = trace.harvest_date.isoformat()
    if trace.expiry_date:
        ilmd["cbvmda:itemExpirationDate"] = trace.expiry_date.isoformat()
    if trace.planting_area_code:
        ilmd["nongsan:plantingAreaCode"] = trace.planting_area_code
    return ilmd


def lot_events(trace: LotTrace) -> list[dict]:
    """The lot's EPCIS events in time order."""
    location = {"id": trace.stall_uri}
    events = []
    if trace.commissioned_at:
        events.append(
            _event(
                "ObjectEvent",
                trace.commissioned_at,
                action="ADD",
                bizStep="commissioning",
                disposition="active",
                quantityList=[_quantity(trace.epc_class, trace.quantity, trace.unit)],
                readPoint={"id": trace.site_uri or trace.stall_uri},
                bizLocation=location,
                ilmd=_ilmd(trace),
            )
        )
    for step in trace.processing:
        if step.material:
            source = _quantity(
                platform_uri("material", slugify(fold(step.material)) or "unnamed"), step.quantity, step.unit
            )
        else:
            source = _quantity(
                trace.harvest_class or trace.epc_class, trace.harvest_quantity, trace.harvest_unit
            )
        events.append(
            _event(
                "TransformationEvent",
                step.at,
                bizStep="commissioning",
                disposition="active",
                inputQuantityList=[source],
                outputQuantityList=[_quantity(trace.epc_class, None, trace.unit)],
                readPoint=location,
                bizLocation=location,
            )
        )
    if trace.packed_at:
        events.append(
            _event(
                "ObjectEvent",
                trace.packed_at,
                action="OBSERVE",
                bizStep="packing",
                disposition="in_progress",
                quantityList=[_quantity(trace.epc_class, trace.quantity, trace.unit)],
                readPoint=location,
                bizLocation=location,
            )
        )
    for shipment in trace.shipments:
        events.append(
            _event(
                "ObjectEvent",
                shipment.at,
                action="OBSERVE",
                bizStep="shipping",
                disposition="in_transit",
                quantityList=[_quantity(trace.epc_class, shipment.quantity, trace.unit)],
                readPoint=location,
            )
        )
    if trace.withdrawn_at:
        events.append(
            _event(
                "ObjectEvent",
                trace.withdrawn_at,
                action="OBSERVE",
                bizStep="holding",
                disposition="recalled" if trace.recalled else "non_sellable_other",
                quantityList=[_quantity(trace.epc_class, None, trace.unit)],
                bizLocation=location,
            )
        )
    return sorted(events, key=lambda e: e["eventTime"])


def epcis_document(trace: LotTrace, *, created_at: datetime | None = None) -> dict:
    """A complete EPCISDocument (JSON-LD) for one lot."""
    return {
        "@context": [EPCIS_CONTEXT, {"nongsan": vocabulary_uri()}],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": _event_time(created_at or timezone.now()),
        "epcisBody": {"eventList": lot_events(trace)},
    }


def _local_noon(day: date | None) -> datetime | None:
    # Only the date is known: noon in Vietnam keeps the date the same in every UTC rendering.
    return datetime.combine(day, time(12), tzinfo=VIETNAM) if day else None


def lot_epc_class(lot: Lot) -> str:
    """GTIN + lot as a Digital Link when the variant has a GTIN, else the lot's platform URI."""
    gtin = lot.variant.gtin
    if gtin:
        return settings.PUBLIC_BASE_URL.rstrip("/") + digital_link_build(gtin=gtin, lot=lot.code).path
    return platform_uri("lot", lot.stall.slug, lot.code)


def lot_trace(lot: Lot) -> LotTrace:
    """Read a lot, its diary and its shipped allocations into a LotTrace (a handful of queries)."""
    entries = list(lot.diary.order_by("occurred_at", "seq"))
    # The diary is append-only: a correcting entry stands in for the one it corrects.
    corrected = {e.corrects_id for e in entries if e.corrects_id}
    diary = [e for e in entries if e.pk not in corrected]
    harvests = [e for e in diary if e.kind == DiaryKind.HARVEST]
    packings = [e for e in diary if e.kind == DiaryKind.PACKING]
    shipped: dict[tuple, Decimal] = defaultdict(Decimal)
    for allocation in lot.allocations.select_related("fulfillment").order_by("pk"):
        moment = allocation.fulfillment.created_at if allocation.fulfillment else allocation.created_at
        key = (allocation.fulfillment_id or f"a{allocation.pk}", moment)
        shipped[key] += allocation.quantity
    withdrawn_at = lot.recalled_at if lot.status == LotStatus.RECALLED else None
    if lot.status == LotStatus.ON_HOLD:
        withdrawn_at = lot.held_at
    site = lot.site
    return LotTrace(
        epc_class=lot_epc_class(lot),
        lot_code=lot.code,
        quantity=lot.quantity,
        unit=lot.unit,
        stall_uri=platform_uri("stall", lot.stall.slug),
        site_uri=platform_uri("site", str(site.pk)) if site else None,
        planting_area_code=site.planting_area_code if site else "",
        commissioned_at=(
            harvests[0].occurred_at
            if harvests
            else _local_noon(lot.harvest_date or lot.production_date) or lot.released_at
        ),
        harvest_date=lot.harvest_date
        or (harvests[0].occurred_at.astimezone(VIETNAM).date() if harvests else None),
        expiry_date=lot.expiry_date,
        packed_at=packings[0].occurred_at if packings else _local_noon(lot.packing_date),
        harvest_class=platform_uri("lot", lot.stall.slug, lot.code, "harvest"),
        harvest_quantity=harvests[0].quantity if harvests else None,
        harvest_unit=harvests[0].unit if harvests else "",
        processing=[
            Processing(
                at=e.occurred_at, material=e.material, quantity=e.quantity, unit=e.unit, method=e.method
            )
            for e in diary
            if e.kind == DiaryKind.ACTIVITY
        ],
        shipments=[
            Shipment(at=moment, quantity=qty)
            for (_key, moment), qty in sorted(shipped.items(), key=lambda i: i[0][1])
        ],
        withdrawn_at=withdrawn_at,
        recalled=lot.status == LotStatus.RECALLED,
    )
