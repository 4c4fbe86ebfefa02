"""The GS1 resolver: 400 for malformed URIs, 307 to the default link with the query passed on,
linkType redirects (every GS1 spelling, 404 when no level has one), RFC 9264 link sets, HEAD/OPTIONS/CORS,
walk-up, recall notices, the description file."""

from datetime import date
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from tests.traceability.builders import issue_stamps, make_lot, make_variant
from tests.traceability.resolver_schema import description_errors, linkset_errors
from traceability import actions, resolver, signing
from traceability.models import LotStatus
from traceability.resolver import cors

pytestmark = pytest.mark.django_db

GTIN = "08931234567897"
HOST = "http://testserver"


@pytest.fixture
def lot():
    return make_lot(make_variant(gtin=GTIN), code="LOT2406")


@pytest.fixture
def stamp(lot):
    return issue_stamps(lot, 1).stamps.get()


def _stamp_path(stamp) -> str:
    return f"/01/{GTIN}/10/{stamp.lot.code}/21/{stamp.serial}"


def test_stamp_url_redirects_307_to_the_scan_page_with_the_query_passed_on(client, stamp):
    response = client.get(_stamp_path(stamp), {"s": stamp.signature, "17": "270101"})
    assert response.status_code == 307
    assert response["Location"] == f"{HOST}/scan{_stamp_path(stamp)}?s={stamp.signature}&17=270101"


def test_printed_stamp_url_from_signing_resolves(client, stamp):
    url = signing.stamp_url_build(
        gtin=GTIN, lot_code=stamp.lot.code, serial=stamp.serial, signature=stamp.signature, base_url=HOST
    )
    response = client.get(url.removeprefix(HOST))
    assert response.status_code == 307
    assert response["Location"].startswith(f"{HOST}/scan/01/{GTIN}/10/")


def test_redirect_carries_cors_and_a_link_header_to_the_linkset(client, stamp):
    response = client.get(_stamp_path(stamp))
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Link"] == (
        f'<{HOST}{_stamp_path(stamp)}?linkType=linkset>; rel="linkset"; type="application/linkset+json"'
    )


@pytest.mark.parametrize(
    "path",
    [
        "/01/08931234567894/10/LOT2406",  # bad check digit
        f"/01/{GTIN}/10/L%C3%94T",  # outside GS1's 82-character set
        f"/01/{GTIN}/10/A%20B",
        f"/01/{GTIN}/21/S1/10/LOT2406",  # qualifiers out of order
        f"/01/{GTIN}/10",  # a qualifier without value
        "/01/123",
        "/01",
    ],
)
def test_malformed_uri_is_400_problem_json_never_a_page(client, lot, path):
    response = client.get(path)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert body["status"] == 400 and body["detail"]


def test_bad_check_digit_names_its_reason(client):
    assert client.get("/01/08931234567894").json()["code"] == "gtin_check_digit"


def test_trailing_slash_is_tolerated(client, stamp):
    response = client.get(_stamp_path(stamp) + "/")
    assert response.status_code == 307
    assert response["Location"] == f"{HOST}/scan{_stamp_path(stamp)}"


def test_head_answers_like_get_without_a_body(client, stamp):
    response = client.head(_stamp_path(stamp), {"s": stamp.signature})
    assert response.status_code == 307
    assert response["Location"].endswith(f"?s={stamp.signature}")
    assert response.content == b""
    assert client.head("/01/08931234567894").status_code == 400


def test_options_allows_get_head_options_with_cors(client, stamp):
    response = client.options(
        _stamp_path(stamp), HTTP_ORIGIN="https://app.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Access-Control-Allow-Methods"].replace(" ", "").split(",")) == {
        "GET",
        "HEAD",
        "OPTIONS",
    }
    assert "Accept" in response["Access-Control-Allow-Headers"]
    assert "GET" in response["Allow"]


def test_post_is_not_allowed(client, stamp):
    # A bare POST (as `curl -X POST` sends): an anonymous multipart body is the upload guard's to refuse.
    assert client.generic("POST", _stamp_path(stamp)).status_code == 405


def test_link_type_traceability_goes_to_the_lots_epcis(client, stamp):
    response = client.get(_stamp_path(stamp), {"linkType": "gs1:traceability", "s": stamp.signature})
    assert response.status_code == 307
    assert response["Location"] == f"{HOST}/epcis/01/{GTIN}/10/LOT2406?s={stamp.signature}"
    epcis = client.get(response["Location"].removeprefix(HOST))
    assert epcis.status_code == 200
    assert epcis["Content-Type"] == "application/ld+json"
    assert epcis.json()["type"] == "EPCISDocument"


@pytest.mark.parametrize(
    "link_type",
    [
        "gs1:pip",
        "https://gs1.org/voc/pip",
        "https://ref.gs1.org/voc/pip",
        "https://www.gs1.org/voc/pip",
        "http://www.gs1.org/voc/pip",
    ],
)
def test_link_type_pip_goes_to_the_product_page(client, stamp, link_type):
    response = client.get(_stamp_path(stamp), {"linkType": link_type})
    assert response["Location"] == f"{HOST}/products/{stamp.lot.variant.product.slug}/"


@pytest.mark.parametrize(
    "link_type", ["gs1:recallStatus", "gs1:nosuchlt", "https://ref.gs1.org/voc/nosuchlt"]
)
def test_unavailable_link_type_is_404_problem_json_not_the_default_link(client, stamp, link_type):
    response = client.get(_stamp_path(stamp), {"linkType": link_type})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert "Location" not in response
    assert response.json()["code"] == "link_type_unavailable"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.head(_stamp_path(stamp), {"linkType": link_type}).status_code == 404


def test_a_link_type_of_a_less_specific_level_is_found_by_walking_up_before_any_404(client, stamp):
    # pip is registered at the GTIN only; asked of a serial it walks up serial → lot → GTIN.
    response = client.get(_stamp_path(stamp), {"linkType": "gs1:pip"})
    assert response.status_code == 307
    assert response["Location"] == f"{HOST}/products/{stamp.lot.variant.product.slug}/"
    # An unknown serial walks up too; a type no level has is still 404.
    unknown = f"/01/{GTIN}/10/LOT2406/21/ZZZZZZZZZZZZ"
    assert client.get(unknown, {"linkType": "gs1:traceability"}).status_code == 307
    assert client.get(unknown, {"linkType": "gs1:recallStatus"}).status_code == 404


def test_only_a_request_without_link_type_gets_the_default_link(client, stamp):
    for query in ({}, {"linkType": ""}, {"linkType": "gs1:defaultLink"}):
        response = client.get(_stamp_path(stamp), query)
        assert response.status_code == 307
        assert response["Location"] == f"{HOST}/scan{_stamp_path(stamp)}"


@pytest.mark.parametrize(
    ("query", "headers"),
    [
        ({"linkType": "linkset"}, {}),
        ({"linkType": "all"}, {}),
        ({}, {"HTTP_ACCEPT": "application/linkset+json"}),
    ],
)
def test_linkset_lists_every_level_up_to_the_gtin(client, stamp, query, headers):
    response = client.get(_stamp_path(stamp), query, **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/linkset+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    contexts = response.json()["linkset"]
    assert [c["anchor"] for c in contexts] == [
        f"{HOST}{_stamp_path(stamp)}",
        f"{HOST}/01/{GTIN}/10/LOT2406",
        f"{HOST}/01/{GTIN}",
    ]
    stamp_level, lot_level, gtin_level = contexts
    assert stamp_level["https://gs1.org/voc/defaultLink"][0]["href"] == f"{HOST}/scan{_stamp_path(stamp)}"
    assert lot_level["https://gs1.org/voc/traceability"][0]["type"] == "application/ld+json"
    pip = gtin_level["https://gs1.org/voc/pip"][0]
    assert pip["href"] == f"{HOST}/products/{stamp.lot.variant.product.slug}/"
    assert pip["title"] and pip["hreflang"] == ["vi", "en"]


def test_head_of_linkset_has_no_body(client, stamp):
    response = client.head(_stamp_path(stamp), {"linkType": "linkset"})
    assert response.status_code == 200
    assert response.content == b""


def test_unknown_serial_walks_up_but_lands_on_the_scan_page(client, lot):
    path = f"/01/{GTIN}/10/LOT2406/21/ZZZZZZZZZZZZ"
    response = client.get(path)
    assert response.status_code == 307
    assert response["Location"] == f"{HOST}/scan{path}"
    anchors = [c["anchor"] for c in client.get(path, {"linkType": "linkset"}).json()["linkset"]]
    assert anchors == [f"{HOST}{path}", f"{HOST}/01/{GTIN}/10/LOT2406", f"{HOST}/01/{GTIN}"]
    # Walking up to the lot: its EPCIS history is still reachable.
    assert client.get(path, {"linkType": "gs1:traceability"})["Location"].startswith(f"{HOST}/epcis/")


def test_unknown_lot_walks_up_to_the_gtin(client, lot):
    response = client.get(f"/01/{GTIN}/10/NOSUCHLOT")
    assert response.status_code == 307
    assert response["Location"] == f"{HOST}/products/{lot.variant.product.slug}/"
    anchors = [
        c["anchor"] for c in client.get(f"/01/{GTIN}/10/NOSUCHLOT", {"linkType": "linkset"}).json()["linkset"]
    ]
    assert anchors == [f"{HOST}/01/{GTIN}"]


def test_known_gtin_alone_redirects_to_the_product_page(client, lot):
    response = client.get(f"/01/{GTIN}")
    assert response.status_code == 307
    assert response["Location"] == f"{HOST}/products/{lot.variant.product.slug}/"


def test_gtin_13_is_accepted_and_padded(client, lot):
    response = client.get(f"/01/{GTIN[1:]}", {"linkType": "linkset"})
    assert response.json()["linkset"][0]["anchor"] == f"{HOST}/01/{GTIN}"


def test_unknown_gtin_is_404_json(client, db):
    response = client.get("/01/09506000134352")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_draft_lot_is_not_public(client):
    make_lot(make_variant(gtin=GTIN), code="DRAFT1", status=LotStatus.DRAFT)
    response = client.get(f"/01/{GTIN}/10/DRAFT1", {"linkType": "linkset"})
    assert [c["anchor"] for c in response.json()["linkset"]] == [f"{HOST}/01/{GTIN}"]


def test_recalled_lot_default_link_is_the_recall_notice(client):
    lot = make_lot(make_variant(gtin=GTIN), code="BAD1", status=LotStatus.RECALLED)
    response = client.get(f"/01/{GTIN}/10/BAD1")
    assert response.status_code == 307
    assert response["Location"] == f"{HOST}/scan/01/{GTIN}/10/BAD1"
    lot_level = client.get(f"/01/{GTIN}/10/BAD1", {"linkType": "linkset"}).json()["linkset"][0]
    assert lot_level["https://gs1.org/voc/defaultLink"][0]["title"] in ("RECALL NOTICE", "THÔNG BÁO THU HỒI")
    assert "https://gs1.org/voc/recallStatus" in lot_level
    page = client.get(response["Location"].removeprefix(HOST))
    assert lot.recall_notice in page.content.decode()


def test_recall_takes_effect_at_once_and_is_not_cached(client, stamp):
    # Before the recall there is no recall status: a 404 that no cache may keep.
    first = client.get(f"/01/{GTIN}/10/LOT2406", {"linkType": "gs1:recallStatus"})
    assert first.status_code == 404
    assert first["Cache-Control"] == "no-cache"
    assert client.get(f"/01/{GTIN}/10/LOT2406")["Cache-Control"] == "no-cache"
    stamp.lot.__class__.objects.filter(pk=stamp.lot.pk).update(
        status=LotStatus.RECALLED, recall_notice="Thu hồi"
    )
    after = client.get(f"/01/{GTIN}/10/LOT2406", {"linkType": "gs1:recallStatus"})
    assert after["Location"] == f"{HOST}/scan/01/{GTIN}/10/LOT2406"
    linkset = client.get(_stamp_path(stamp), {"linkType": "linkset"}).json()["linkset"]
    assert "https://gs1.org/voc/recallStatus" in linkset[0]


def test_percent_encoded_lot_is_read_from_the_raw_uri(client):
    make_lot(make_variant(gtin=GTIN), code="A/B")
    path = f"/01/{GTIN}/10/A%2FB"
    response = client.get(path, {"linkType": "linkset"}, REQUEST_URI=path + "?linkType=linkset")
    assert response.status_code == 200
    assert response.json()["linkset"][0]["anchor"] == f"{HOST}{path}"


def test_short_stamp_url_redirects_to_its_scan_page(client):
    stamp = issue_stamps(make_lot(make_variant(gtin=None)), 1).stamps.get()
    response = client.get(f"/t/{stamp.serial}", {"s": stamp.signature})
    assert response.status_code == 307
    assert response["Location"] == f"{HOST}/scan/t/{stamp.serial}?s={stamp.signature}"
    linkset = client.get(f"/t/{stamp.serial}/", {"linkType": "linkset"}).json()["linkset"]
    assert linkset[0]["anchor"] == f"{HOST}/t/{stamp.serial}"
    assert "https://gs1.org/voc/traceability" in linkset[0]
    assert (
        client.get(f"/t/{stamp.serial}", {"linkType": "gs1:traceability"})["Location"]
        == f"{HOST}/epcis/t/{stamp.serial}"
    )


def test_short_url_with_an_unknown_serial_still_lands_on_the_scan_page(client, db):
    response = client.get("/t/ZZZZZZZZZZZZ")
    assert response.status_code == 307
    assert response["Location"] == f"{HOST}/scan/t/ZZZZZZZZZZZZ"


def test_short_url_with_bad_characters_is_400(client, db):
    response = client.get("/t/a%20b")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_well_known_description_file(client, db):
    response = client.get("/.well-known/gs1resolver")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert body["supportedPrimaryKeys"] == ["01"]
    assert body["resolverRoot"]
    assert body["supportedLinkType"][0]["prefix"] == "gs1:"
    assert client.options("/.well-known/gs1resolver").status_code == 204


def test_certification_info_link_when_the_lot_is_certified(client, stamp):
    # None yet: no link of that type at any level.
    assert client.get(_stamp_path(stamp), {"linkType": "gs1:certificationInfo"}).status_code == 404
    actions.certification_create(
        stall=stamp.lot.stall, kind="vietgap", number="VG-1", issuer="Trung tâm", valid_from=date(2025, 1, 1)
    )
    response = client.get(_stamp_path(stamp), {"linkType": "gs1:certificationInfo"})
    assert response["Location"] == f"{HOST}/scan/01/{GTIN}/10/LOT2406#certifications"


def test_link_titles_follow_accept_language(client, stamp):
    def titles(language):
        linkset = client.get(
            _stamp_path(stamp), {"linkType": "linkset"}, HTTP_ACCEPT_LANGUAGE=language
        ).json()
        return linkset["linkset"][0]["https://gs1.org/voc/defaultLink"][0]["title"]

    assert titles("en") == "Verify this stamp"
    assert titles("vi") == "Kiểm tra tem này"


# --- The `cors` decorator: one set of method rules and CORS headers for every resolver view ------

RESOLVER_PATHS = [f"/01/{GTIN}/10/LOT2406/21/ZZZZZZZZZZZZ", "/t/ZZZZZZZZZZZZ", "/.well-known/gs1resolver"]
ALLOWED = {"GET", "HEAD", "OPTIONS"}


def _methods(header: str) -> set[str]:
    return set(header.replace(" ", "").split(","))


def _assert_cors(response) -> None:
    assert response["Access-Control-Allow-Origin"] == "*"
    assert _methods(response["Access-Control-Allow-Methods"]) == ALLOWED
    assert "Location" in response["Access-Control-Expose-Headers"]
    assert "Link" in response["Access-Control-Expose-Headers"]


@pytest.mark.parametrize("path", RESOLVER_PATHS)
def test_every_resolver_view_answers_options_with_allow_and_cors(client, lot, path):
    response = client.options(path, HTTP_ORIGIN="https://app.example")
    assert response.status_code == 204
    assert _methods(response["Allow"]) == ALLOWED
    assert response["Access-Control-Max-Age"] == "86400"
    _assert_cors(response)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("path", RESOLVER_PATHS)
def test_every_resolver_view_refuses_other_methods_405_with_allow_and_cors(lot, path, method):
    # CSRF enforced as in a browser: a POST must get the resolver's 405, not Django's CSRF page.
    client = Client(enforce_csrf_checks=True)
    response = client.generic(method, path)
    assert response.status_code == 405
    assert _methods(response["Allow"]) == ALLOWED
    _assert_cors(response)


@pytest.mark.parametrize(
    ("path", "status"),
    [("/01/08931234567894", 400), ("/01/08931234567880", 404), ("/t/a%20b", 400)],
)
def test_resolver_errors_carry_the_cors_headers(client, db, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    _assert_cors(response)


def test_cors_calls_the_view_only_for_get_and_head_and_marks_whatever_it_returns():
    seen = []

    @cors
    def teapot(request):
        seen.append(request.method)
        return HttpResponse(status=418)

    factory = RequestFactory()
    for method in ("get", "head"):
        response = teapot(getattr(factory, method)("/anything"))
        assert response.status_code == 418
        _assert_cors(response)
    assert teapot(factory.options("/anything")).status_code == 204
    assert teapot(factory.post("/anything")).status_code == 405
    assert seen == ["GET", "HEAD"]


# --- GS1 Resolver 1.2: headers, the JSON-LD context, default links, schemas -----------------------

LINKSET_REL = '; rel="linkset"; type="application/linkset+json"'
CONTEXT_REL = 'rel="http://www.w3.org/ns/json-ld#context"'


@pytest.mark.parametrize(
    ("path", "anchor"),
    [
        ("/01/{gtin}/10/LOT2406/21/{serial}", "/01/{gtin}/10/LOT2406/21/{serial}"),
        ("/01/{gtin}/10/NOSUCHLOT", "/01/{gtin}"),  # walked up: the link set of what exists
        ("/t/{serial}", "/t/{serial}"),
    ],
)
def test_options_on_a_resolvable_path_carries_the_same_link_header_as_the_redirect(
    client, stamp, path, anchor
):
    path = path.format(gtin=GTIN, serial=stamp.serial)
    options = client.options(path, HTTP_ORIGIN="https://app.example")
    assert options.status_code == 204
    assert (
        options["Link"]
        == f"<{HOST}{anchor.format(gtin=GTIN, serial=stamp.serial)}?linkType=linkset>{LINKSET_REL}"
    )
    assert options["Link"] == client.get(path)["Link"]


@pytest.mark.parametrize(
    "path", ["/01/08931234567894", "/01/09506000134352", "/t/a%20b", "/.well-known/gs1resolver"]
)
def test_options_on_a_path_that_does_not_resolve_has_no_link_header(client, db, path):
    response = client.options(path)
    assert response.status_code == 204
    assert "Link" not in response


def test_linkset_names_its_json_ld_context_which_the_app_serves(client, stamp):
    response = client.get(_stamp_path(stamp), {"linkType": "linkset"})
    context_url = f"{HOST}/resolver/linkset-context.jsonld"
    assert response["Link"] == f'<{context_url}>; {CONTEXT_REL}; type="application/ld+json"'
    context = client.get(context_url.removeprefix(HOST))
    assert context.status_code == 200
    assert context["Content-Type"] == "application/ld+json"
    assert context["Access-Control-Allow-Origin"] == "*"  # JSON-LD processors in browsers fetch it
    terms = context.json()["@context"]
    # Every member name a link set of ours uses is defined: anchors and targets are IRIs.
    assert terms["linkset"] == "@graph"
    assert terms["anchor"] == terms["href"] == "@id"
    assert {"title", "type", "hreflang"} <= terms.keys()
    assert client.head(context_url.removeprefix(HOST)).content == b""


def test_description_file_names_the_json_ld_context_and_validates_against_the_schema(client, db, settings):
    settings.PUBLIC_BASE_URL = "https://nongsan.example"
    body = client.get("/.well-known/gs1resolver").json()
    assert description_errors(body) == []
    assert body["jsonLdContextLocation"] == "https://nongsan.example/resolver/linkset-context.jsonld"
    assert body["resolverRoot"] == "https://nongsan.example"


def test_description_schema_is_not_a_rubber_stamp():
    assert description_errors({"resolverRoot": "https://x.example", "supportedPrimaryKeys": ["gtin"]})
    assert description_errors({"supportedPrimaryKeys": ["01"]})  # resolverRoot is required


def test_default_links_carry_a_title_only_and_other_links_keep_their_attributes(client, stamp):
    actions.certification_create(
        stall=stamp.lot.stall, kind="vietgap", number="VG-1", issuer="Trung tâm", valid_from=date(2025, 1, 1)
    )
    linkset = client.get(_stamp_path(stamp), {"linkType": "linkset"}).json()["linkset"]
    for context in linkset:
        for key, links in context.items():
            if key == "anchor":
                continue
            for link in links:
                if key == "https://gs1.org/voc/defaultLink":
                    assert set(link) == {"href", "title"} and link["title"]
                else:
                    assert set(link) == {"href", "title", "type", "hreflang"}
    lot_level = linkset[1]
    assert lot_level["https://gs1.org/voc/traceability"][0]["type"] == "application/ld+json"
    assert lot_level["https://gs1.org/voc/certificationInfo"][0]["hreflang"] == ["vi", "en"]


@pytest.mark.parametrize("status", [LotStatus.RELEASED, LotStatus.RECALLED])
def test_link_sets_validate_against_gs1s_linkset_schema(client, status):
    lot = make_lot(make_variant(gtin=GTIN), code="LOT2406", status=status)
    stamp = issue_stamps(lot, 1).stamps.get()
    short = issue_stamps(make_lot(make_variant(gtin=None), status=status), 1).stamps.get()
    for path in (_stamp_path(stamp), f"/01/{GTIN}/10/LOT2406", f"/01/{GTIN}", f"/t/{short.serial}"):
        body = client.get(path, {"linkType": "linkset"}).json()
        assert linkset_errors(body) == [], path


def test_linkset_schema_is_not_a_rubber_stamp(client, stamp):
    body = client.get(_stamp_path(stamp), {"linkType": "linkset"}).json()
    body["linkset"][0]["https://gs1.org/voc/defaultLink"][0]["rel"] = "extra"  # no other members allowed
    assert linkset_errors(body)
    del body["linkset"][1]["anchor"]
    assert len(linkset_errors(body)) == 2


# --- Compressed Digital Links resolve as their uncompressed form, with owl:sameAs ------------------

COMPRESSED = {  # from digital-link.js (tests/traceability/data/digital-link-js-compressed.json)
    f"/01/{GTIN}": "ARA-7iCtsg",
    f"/01/{GTIN}/10/LOT2406": "CxA-7iCtss5Zye3GnQ",  # optimised: one code for (01)(10)
    f"/01/{GTIN}/10/LOT2406/21/K65Z8D5BTGDF": "ARA-7iCtsiDOWcntxp0QthXXLPgfIKYwYo",
}


def _same_as(uncompressed: str) -> str:
    return f'<{HOST}{uncompressed}>; rel="owl:sameAs"'


@pytest.mark.parametrize(("uncompressed", "compressed"), COMPRESSED.items())
def test_compressed_link_redirects_like_its_uncompressed_form_naming_it_as_same_as(
    client, lot, uncompressed, compressed
):
    plain = client.get(uncompressed, {"s": "abc"})
    response = client.get(f"/{compressed}", {"s": "abc"})
    assert response.status_code == 307
    assert response["Location"] == plain["Location"]
    assert response["Link"] == f"{plain['Link']}, {_same_as(uncompressed)}"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_compressed_stamp_link_lands_on_the_stamps_scan_page(client, lot):
    uncompressed = f"/01/{GTIN}/10/LOT2406/21/K65Z8D5BTGDF"
    response = client.get("/" + COMPRESSED[uncompressed])
    assert response["Location"] == f"{HOST}/scan{uncompressed}"


def test_compressed_link_types_linkset_options_and_head(client, lot):
    compressed = "/" + COMPRESSED[f"/01/{GTIN}/10/LOT2406"]
    same_as = _same_as(f"/01/{GTIN}/10/LOT2406")
    assert client.get(compressed, {"linkType": "https://ref.gs1.org/voc/traceability"})["Location"] == (
        f"{HOST}/epcis/01/{GTIN}/10/LOT2406"
    )
    assert client.get(compressed, {"linkType": "gs1:nosuchlt"}).status_code == 404
    linkset = client.get(compressed, {"linkType": "linkset"})
    assert linkset.json() == client.get(f"/01/{GTIN}/10/LOT2406", {"linkType": "linkset"}).json()
    assert linkset_errors(linkset.json()) == []
    assert CONTEXT_REL in linkset["Link"] and same_as in linkset["Link"]
    options = client.options(compressed)
    assert options.status_code == 204
    assert options["Link"] == f"<{HOST}/01/{GTIN}/10/LOT2406?linkType=linkset>{LINKSET_REL}, {same_as}"
    head = client.head(compressed)
    assert head.status_code == 307 and head.content == b""
    assert client.generic("POST", compressed).status_code == 405


def test_compressed_attributes_are_passed_on_with_the_requests_own_query(client, lot):
    # (10) LOT2406 with (17) 270101, (3103) 000500 and a non-GS1 pair foo=bar, optimised.
    response = client.get("/LRA-7iCtsgA-ggzlnJ7cadC6D4r4N-ihg22qw", {"s": "abc"})
    assert response.status_code == 307
    location = response["Location"]
    assert location.startswith(f"{HOST}/scan/01/{GTIN}/10/LOT2406?")
    assert dict(parse_qsl(urlsplit(location).query)) == {
        "17": "270101",
        "3103": "000500",
        "foo": "bar",
        "s": "abc",
    }
    same_as = response["Link"].split(", ")[1]
    assert same_as.startswith(f"<{HOST}/01/{GTIN}/10/LOT2406?") and same_as.endswith('rel="owl:sameAs"')


def test_compressed_link_with_an_unknown_gtin_is_404_problem_json(client, db):
    response = client.get("/" + COMPRESSED[f"/01/{GTIN}"])
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("path", ["/ARA-7iCtsh", "/ARA-7iCtsiDOWcntxp0QthXXLPgfIKYwY", "/AAAAAAAAAAAA"])
def test_a_malformed_compressed_path_is_not_claimed_and_gets_the_sites_404_page(client, lot, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "Access-Control-Allow-Origin" not in response  # not the resolver's answer


def test_missing_link_type_is_explained_in_the_callers_language(client, stamp):
    def body(language):
        return client.get(
            _stamp_path(stamp), {"linkType": "gs1:nosuchlt"}, HTTP_ACCEPT_LANGUAGE=language
        ).json()

    assert body("en")["title"] == "Link type not available"
    assert "gs1:nosuchlt" in body("en")["detail"]
    assert body("vi")["title"] == "Không có loại liên kết này"
    assert body("vi")["detail"] == "Không có liên kết loại gs1:nosuchlt nào được đăng ký cho sản phẩm này."


# --- The EPCIS export (the gs1:traceability target) answers under the same cors rules -------------


def test_epcis_export_answers_cross_origin_apps_like_the_resolver(client, stamp):
    path = f"/epcis/01/{GTIN}/10/LOT2406"
    response = client.get(path, HTTP_ORIGIN="https://app.example")
    assert response.status_code == 200
    _assert_cors(response)
    preflight = client.options(
        path, HTTP_ORIGIN="https://app.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 204
    _assert_cors(preflight)
    assert client.generic("POST", path).status_code == 405


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (f"/epcis/01/{GTIN}/10/NOSUCHLOT", 404),
        (f"/epcis/01/{GTIN}", 404),
        ("/epcis/01/08931234567894/10/X", 400),
    ],
)
def test_epcis_errors_are_problem_json_an_app_can_read(client, lot, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    _assert_cors(response)


def test_cors_options_asks_resolve_for_the_link_header_and_never_calls_the_view(client, stamp):
    seen = []

    def resolve(request):
        seen.append(("resolve", request.method))
        return resolver._uncompressed_target(request)

    @cors(resolve=resolve)
    def view(request):
        seen.append(("view", request.method))
        return HttpResponse(status=418)

    request = RequestFactory().options(_stamp_path(stamp))
    response = view(request)
    assert response.status_code == 204
    assert response["Link"].endswith(LINKSET_REL)
    assert seen == [("resolve", "OPTIONS")]
