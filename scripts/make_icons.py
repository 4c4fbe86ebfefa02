"""Draws the shop's PNG app icons (manifest, apple-touch) once with Pillow; the SVG favicon is the source
of the design. Run `.venv/bin/python scripts/make_icons.py` after changing the design and commit the files."""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "static" / "icons"
GREEN, CREAM, GOLD = (47, 107, 47), (251, 250, 246), (246, 195, 67)


def draw(size: int, *, maskable: bool = False) -> Image.Image:
    """The sprout on green, drawn at 4x and scaled down for smooth edges; a maskable icon fills
    the square and keeps the sprout inside the central safe zone (80%)."""
    big = size * 4
    image = Image.new("RGBA", (big, big), GREEN if maskable else (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if not maskable:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 14 // 64, fill=GREEN)
    unit = big / 64 * (0.75 if maskable else 1)
    offset = (big - 64 * unit) / 2

    def at(x: float, y: float) -> tuple[float, float]:
        return (offset + x * unit, offset + y * unit)

    pen.line([at(32, 52), at(32, 26)], fill=CREAM, width=round(4 * unit))
    pen.ellipse([*at(30, 50), *at(34, 54)], fill=CREAM)
    pen.polygon([at(32, 30), at(22, 26), at(17, 15), at(27, 19)], fill=GOLD)
    pen.polygon([at(32, 38), at(42, 34), at(47, 23), at(37, 27)], fill=GOLD)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, size, maskable in (
        ("icon-192.png", 192, False),
        ("icon-512.png", 512, False),
        ("icon-maskable-512.png", 512, True),
        ("apple-touch-icon.png", 180, True),
    ):
        draw(size, maskable=maskable).save(OUT / name, optimize=True)


if __name__ == "__main__":
    main()
