"""Browser-test helpers: axe-core accessibility checks and screenshots kept as test artefacts."""

from pathlib import Path

from django.conf import settings

AXE_SOURCE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
ARTEFACTS = Path(settings.BASE_DIR) / "var" / "e2e-artefacts"
BLOCKING_IMPACTS = ("serious", "critical")


def axe_violations(page) -> list[dict]:
    """Run axe-core (installed by `make test` from npm) on the current page; serious and critical only.

    The source goes in through the DevTools protocol, which the page's CSP does not govern, so the
    check needs no relaxation of the policy the page is served with.
    """
    if not AXE_SOURCE.exists():
        raise AssertionError(f"{AXE_SOURCE} is missing: run `make assets` (npm ci)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate("source => { (0, eval)(source); }", AXE_SOURCE.read_text())
    results = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => "
        "({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})))"
    )
    return [v for v in results if v["impact"] in BLOCKING_IMPACTS]


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert not violations, "axe-core: " + "; ".join(
        f"{v['impact']} {v['id']} ({v['help']}) at {', '.join(v['nodes'][:3])}" for v in violations
    )


def screenshot(page, name: str) -> Path:
    """Keep a full-page PNG under var/e2e-artefacts/ (git-ignored) for people to look at."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
