"""Pydantic models for GHN's requests and answers: everything from GHN is parsed here, at the edge."""

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

# GHN sends null for some optional text and lists; read them as empty.
_Text = Annotated[str, BeforeValidator(lambda v: "" if v is None else str(v))]
_Names = Annotated[list[str], BeforeValidator(lambda v: [str(x) for x in v] if isinstance(v, list) else [])]


class _Answer(BaseModel):
    # GHN adds fields without notice; unknown ones are ignored, the ones we use are checked.
    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class GhnEnvelope(_Answer):
    """GHN wraps every answer as {code, message, data}; errors add code_message."""

    code: int
    message: _Text = ""
    data: Any = None
    code_message: _Text = ""


class GhnProvince(_Answer):
    province_id: int = Field(alias="ProvinceID")
    name: str = Field(alias="ProvinceName")
    code: _Text = Field(default="", alias="Code")
    name_extensions: _Names = Field(default_factory=list, alias="NameExtension")


class GhnDistrict(_Answer):
    district_id: int = Field(alias="DistrictID")
    province_id: int = Field(alias="ProvinceID")
    name: str = Field(alias="DistrictName")
    code: _Text = Field(default="", alias="Code")
    name_extensions: _Names = Field(default_factory=list, alias="NameExtension")


class GhnWard(_Answer):
    ward_code: str = Field(alias="WardCode")
    district_id: int = Field(alias="DistrictID")
    name: str = Field(alias="WardName")
    name_extensions: _Names = Field(default_factory=list, alias="NameExtension")


class GhnService(_Answer):
    """One service GHN offers on a route; service_type_id 2 is light parcels, 5 heavy/traditional."""

    service_id: int
    short_name: str = ""
    service_type_id: int


class GhnFee(_Answer):
    """A fee quote in whole VND."""

    total: int
    service_fee: int = 0
    insurance_fee: int = 0
    pick_station_fee: int = 0
    coupon_value: int = 0
    r2s_fee: int = 0
    cod_fee: int = 0


class GhnLeadtime(_Answer):
    """GHN's expected delivery moment (unix seconds in the API) for a route and service."""

    leadtime: datetime


class GhnOrderItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1, max_length=200)
    code: str = ""
    quantity: int = Field(ge=1)
    price: int = Field(default=0, ge=0)
    weight: int = Field(default=0, ge=0, description="grams")


class GhnOrderRequest(BaseModel):
    """What `order_create` sends: the sender is the stall's pickup point, the receiver the buyer.

    Weights in grams, dimensions in centimetres, money in whole VND. `cod_amount` is what the courier
    collects from the buyer; `payment_type_id` 1 = the shop pays GHN's fee, 2 = the receiver does.
    """

    model_config = ConfigDict(frozen=True)

    client_order_code: str = Field(min_length=1, max_length=50)
    service_type_id: int
    service_id: int | None = None
    payment_type_id: Literal[1, 2] = 1
    required_note: Literal["CHOTHUHANG", "CHOXEMHANGKHONGTHU", "KHONGCHOXEMHANG"] = "CHOXEMHANGKHONGTHU"
    note: str = ""
    from_name: str
    from_phone: str
    from_address: str
    from_ward_name: str
    from_district_name: str
    from_province_name: str
    to_name: str
    to_phone: str
    to_address: str
    to_ward_code: str
    to_district_id: int
    cod_amount: int = Field(default=0, ge=0)
    insurance_value: int = Field(default=0, ge=0)
    weight: int = Field(ge=1)
    length: int = Field(ge=1)
    width: int = Field(ge=1)
    height: int = Field(ge=1)
    content: str = ""
    items: list[GhnOrderItem] = Field(default_factory=list)


class GhnCreatedOrder(_Answer):
    order_code: str
    sort_code: str = ""
    trans_type: str = ""
    total_fee: int = 0
    expected_delivery_time: datetime | None = None


class GhnCancelResult(_Answer):
    order_code: str
    result: bool
    message: str = ""


class GhnLabelToken(_Answer):
    token: str = Field(min_length=1)


class GhnLogEntry(_Answer):
    status: str
    updated_date: datetime


class GhnOrderDetail(_Answer):
    """The subset of GHN's order detail we read: state, money and the status history."""

    order_code: str
    client_order_code: str = ""
    status: str
    cod_amount: int = 0
    leadtime: datetime | None = None
    log: Annotated[list[GhnLogEntry], BeforeValidator(lambda v: v if isinstance(v, list) else [])] = Field(
        default_factory=list
    )
