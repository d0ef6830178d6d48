"""WCAG 2.2 contrast maths (pure) and its re-export by the view palette."""

from __future__ import annotations

import pytest

from qsecase.methods.contrast import (
    LARGE_TEXT_MIN,
    TEXT_MIN,
    colour_distance,
    contrast_ratio,
    hex_channels,
    is_large_text,
    normalise_hex,
    relative_luminance,
    required_ratio,
)
from qsecase.views import palette


def test_black_on_white_is_21_to_1() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#000000") == pytest.approx(21.0)


def test_grey_777_on_white_just_fails_body_text() -> None:
    ratio = contrast_ratio("#777777", "#FFFFFF")
    assert ratio == pytest.approx(4.48, abs=0.01)
    assert ratio < TEXT_MIN  # not rounded up to 4.5
    assert ratio >= LARGE_TEXT_MIN


def test_767676_on_white_passes() -> None:
    assert contrast_ratio("#767676", "#FFFFFF") >= TEXT_MIN


def test_same_colour_is_1_and_short_hex() -> None:
    assert contrast_ratio("#0072B2", "#0072b2") == pytest.approx(1.0)
    assert contrast_ratio("#000", "#fff") == pytest.approx(21.0)
    assert normalise_hex("#abc") == "#AABBCC"
    assert hex_channels("#FF0000") == (1.0, 0.0, 0.0)


def test_luminance_bounds() -> None:
    assert relative_luminance("#000000") == 0.0
    assert relative_luminance("#FFFFFF") == pytest.approx(1.0)


@pytest.mark.parametrize("bad", ["red", "#12345", "123456", "#GGGGGG", ""])
def test_only_hex_colours(bad: str) -> None:
    with pytest.raises(ValueError, match="RRGGBB"):
        relative_luminance(bad)


@pytest.mark.parametrize(("size", "bold", "large"), [
    (18, False, True), (17.9, False, False), (14, True, True), (13.9, True, False),
    (14, False, False), (24, True, True),
])
def test_large_text(size: float, bold: bool, large: bool) -> None:
    assert is_large_text(size, bold) is large
    assert required_ratio(size, bold) == (LARGE_TEXT_MIN if large else TEXT_MIN)


def test_thresholds() -> None:
    assert (TEXT_MIN, LARGE_TEXT_MIN) == (4.5, 3.0)


def test_colour_distance() -> None:
    assert colour_distance("#1F4E79", "#1F4E79") == 0.0
    assert colour_distance("#1F4E79", "#1F4E7A") < 2
    assert colour_distance("#000000", "#FFFFFF") == pytest.approx(100.0, abs=0.1)
    assert colour_distance("#1F4E79", "#E69F00") == pytest.approx(colour_distance("#E69F00", "#1F4E79"))


def test_palette_reexports_and_accepts_names() -> None:
    assert palette.TEXT_MIN == TEXT_MIN and palette.is_large_text is is_large_text
    assert palette.contrast_ratio("black", "white") == pytest.approx(21.0)
    assert palette.contrast_ratio("#777777", palette.WHITE) == contrast_ratio("#777777", "#FFFFFF")
    assert palette.relative_luminance("white") == pytest.approx(1.0)
