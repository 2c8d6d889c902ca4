"""A map of the U.S. states, shaded by pay, drawn on the server as SVG (no script, no tiles).

The state outlines come from the npm package `us-atlas` (states-albers-10m.json: U.S. Census
Bureau cartographic boundaries, public domain, already projected to Albers USA on a 975 x 610
plane). `build_state_paths()` turns its TopoJSON into one SVG path per state, and
`manage.py build_state_map` writes them to roles/wages/data/us-states.json, which is committed:
serving the map needs neither Node nor the internet.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings

ATLAS = Path(settings.BASE_DIR) / "node_modules" / "us-atlas" / "states-albers-10m.json"
PATHS_FILE = Path(__file__).resolve().parent / "data" / "us-states.json"
VIEWBOX = "0 0 975 610"
SHADES = 5


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs (quantized, delta-encoded) as absolute coordinates."""
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def _ring(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        # Consecutive arcs share their end point.
        points.extend(arc[1:] if points else arc)
    return points


def _path(rings: list[list[tuple[float, float]]]) -> str:
    parts = []
    for ring in rings:
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in ring)
        parts.append(f"M{coords}Z")
    return "".join(parts)


def build_state_paths(topology: dict) -> dict[str, dict[str, str]]:
    """{FIPS code: {"name": ..., "d": SVG path data}} for each state of the topology."""
    arcs = _decode_arcs(topology)
    states = {}
    for geometry in topology["objects"]["states"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [_ring(arcs, ring) for polygon in polygons for ring in polygon]
        states[geometry["id"]] = {"name": geometry["properties"]["name"], "d": _path(rings)}
    return dict(sorted(states.items()))


@lru_cache(maxsize=1)
def state_paths() -> dict[str, dict[str, str]]:
    return json.loads(PATHS_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class MapState:
    fips: str
    name: str
    d: str
    shade: int | None  # 0 (lowest) .. SHADES - 1, or None: no figure
    label: str  # what the state's <title> says

    @property
    def css_class(self) -> str:
        return "pay-map__none" if self.shade is None else f"pay-map__b{self.shade}"


@dataclass(frozen=True)
class Legend:
    css_class: str
    text: str


def shade_bounds(values: list[Decimal | int]) -> list[Decimal | int]:
    """Upper bounds of SHADES equal-count groups (quantiles) of the values."""
    ordered = sorted(values)
    if not ordered:
        return []
    return [
        ordered[min(len(ordered) - 1, (i + 1) * len(ordered) // SHADES - 1)] for i in range(SHADES)
    ]


def shade_of(value: Decimal | int | None, bounds: list[Decimal | int]) -> int | None:
    if value is None or not bounds:
        return None
    return next((i for i, bound in enumerate(bounds) if value <= bound), SHADES - 1)


def state_map(
    values: Mapping[str, tuple[Decimal | int | None, str]],
) -> tuple[list[MapState], list[Legend]]:
    """The states to draw, given {FIPS: (the value to shade by, the text to show)}, and the
    legend of the shades."""
    bounds = shade_bounds([v for v, _ in values.values() if v is not None])
    states = []
    for fips, shape in state_paths().items():
        value, text = values.get(fips, (None, "no figure published"))
        states.append(
            MapState(
                fips, shape["name"], shape["d"], shade_of(value, bounds), f"{shape['name']}: {text}"
            )
        )
    legend = []
    low = min((v for v, _ in values.values() if v is not None), default=None)
    for i, bound in enumerate(bounds):
        start = low if i == 0 else bounds[i - 1] + 1
        if start is not None and start <= bound:
            legend.append(Legend(f"pay-map__b{i}", f"${start:,} to ${bound:,}"))
    legend.append(Legend("pay-map__none", "No figure published"))
    return states, legend
