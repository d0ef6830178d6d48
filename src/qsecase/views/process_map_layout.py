"""Geometry of the process map (inches, y upward): bands, boxes, routed links, label places.

Three horizontal bands — management at the top, réalisation in the middle, support at the
bottom — separated by free channels. Réalisation boxes follow the flow (topological order of
their links); a link to the next box is a short arrow in the gap between them, its label above
it. Every other link is routed orthogonally through a channel on a lane (lanes are shared only
by links whose spans and labels do not overlap, so labels never collide); links inside the
management or support band use the channel above or below it; management ↔ support links go
round the réalisation band on the right. A band's title sits above or under its boxes,
on the side fewer flow lines leave from. Management and support boxes sit near the réalisation
boxes they exchange with (least squares under spacing constraints).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qsecase.methods.process_map import PROCESS_TYPES, ProcessLink, ProcessMap, ProcessSipoc
from qsecase.views.palette import measure, wrap_text

__all__ = ["FLOW_PT", "HEAD_PT", "NAME_PT", "TEXT_PT", "Box", "MapLayout", "Route", "map_layout"]

NAME_PT, TEXT_PT, FLOW_PT, HEAD_PT = 10.5, 10.0, 10.0, 11.0
_BOX_W, _PAD, _GAP = 1.8, 0.1, 0.4  # box width, padding inside a box, gap between boxes
_LANE_PAD, _CHAN_PAD, _BAND_PAD, _MIN_CHAN = 0.12, 0.16, 0.14, 0.35
CUSTOMER_W = 1.45
_LEFT = CUSTOMER_W + 0.9  # left edge of the first réalisation box


@dataclass
class Box:
    """A box: centre ``(x, y)``, size ``w × h``, wrapped name and (pilot) line."""

    id: str
    band: int
    name: str
    pilot: str
    w: float = _BOX_W
    h: float = 0.0
    x: float = 0.0
    y: float = 0.0


@dataclass
class Route:
    """A link's polyline (arrow at its end), its wrapped label and the label's centre."""

    link: ProcessLink
    label: str
    points: list[tuple[float, float]] = field(default_factory=list)
    label_at: tuple[float, float] = (0.0, 0.0)
    chain: bool = False
    # planning: the (box side) ends and, per horizontal leg, its channel and lane
    legs: list[tuple[int, int]] = field(default_factory=list)
    corridor: float | None = None
    xs: list[float] = field(default_factory=list)  # x of the vertical segments, in order
    label_x: float = 0.0


@dataclass
class MapLayout:
    boxes: dict[str, Box]
    routes: list[Route]
    bands: list[tuple[float, float]]  # (top, bottom) of each band
    band_x: tuple[float, float]  # left and right edges of the bands
    customers: tuple[Box, Box] | None  # needs (left), satisfaction (right)
    width: float
    height: float  # the drawing spans y from -height to 0
    title_top: list[bool]  # per band: title above the boxes (else under them)


def _flow_order(procs: list[ProcessSipoc], links: list[ProcessLink]) -> list[ProcessSipoc]:
    """Réalisation processes in flow order (Kahn; ties and cycles broken by input order)."""
    ids = [p.id for p in procs]
    preds = {i: {lk.de for lk in links if lk.vers == i and lk.de in ids and lk.de != i} for i in ids}
    done: list[str] = []
    while len(done) < len(ids):
        ready = [i for i in ids if i not in done and preds[i] <= set(done)]
        done.append(ready[0] if ready else next(i for i in ids if i not in done))
    return [next(p for p in procs if p.id == i) for i in done]


def _isotonic(targets: list[float], step: float) -> list[float]:
    """Centres closest to sorted ``targets`` with at least ``step`` between neighbours (PAVA)."""
    blocks: list[list[float]] = []  # [mean, weight]
    for k, t in enumerate(targets):
        blocks.append([t - k * step, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, w2 = blocks.pop()
            m1, w1 = blocks.pop()
            blocks.append([(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2])
    z = [m for m, w in blocks for _ in range(round(w))]
    return [zk + k * step for k, zk in enumerate(z)]


def _box(p: ProcessSipoc, band: int) -> Box:
    name = wrap_text(p.nom, 18, break_long_words=False)
    pilot = wrap_text(f"Pilote : {p.pilote}" if p.pilote else "Pilote : (à désigner)", 24,
                      break_long_words=False)
    h = measure(name, NAME_PT, weight="bold")[1] + 0.06 + measure(pilot, TEXT_PT, style="italic")[1]
    return Box(p.id, band, name, pilot, h=h + 2 * _PAD)


def _place_x(rows: list[list[Box]], links: list[ProcessLink]) -> list[Route]:
    """x of every box (réordering the management and support rows); the chain routes."""
    chain: list[Route] = []
    x, real = _LEFT, rows[1]
    for k, box in enumerate(real):
        box.x = x + box.w / 2
        nxt = real[k + 1].id if k + 1 < len(real) else None
        link = next((lk for lk in links if lk.de == box.id and lk.vers == nxt), None)
        gap = _GAP + 0.3
        if link is not None:
            chain.append(Route(link, wrap_text(link.flux, 13, break_long_words=False), chain=True))
            gap = max(gap, measure(chain[-1].label, FLOW_PT)[0] + 0.24)
        x += box.w + gap
    where = {b.id: b.x for b in real}
    for row in (rows[0], rows[2]):
        means: list[float | None] = []
        for b in row:
            near = [where[o] for lk in links for o in (lk.de, lk.vers)
                    if b.id in (lk.de, lk.vers) and o in where]
            means.append(sum(near) / len(near) if near else None)
        fallback = max((t for t in means if t is not None), default=_LEFT)
        wanted = sorted(((t if t is not None else fallback + 0.01 * k, k, b)
                         for k, (t, b) in enumerate(zip(means, row, strict=True))),
                        key=lambda item: (item[0], item[1]))
        centres = _isotonic([t for t, _, _ in wanted], _BOX_W + _GAP)
        shift = max(0.0, _LEFT + _BOX_W / 2 - min(centres, default=_LEFT))
        row[:] = [b for _, _, b in wanted]
        for b, c in zip(row, centres, strict=True):
            b.x = c + shift
    return chain


def _plan(links: list[ProcessLink], boxes: dict[str, Box], corridor_x: float) -> list[Route]:
    """For each routed link: its channels (0 top … 3 bottom) and ends; lanes come later."""
    routes, corridors = [], 0
    for lk in links:
        a, b = boxes[lk.de], boxes[lk.vers]
        r = Route(lk, wrap_text(lk.flux, 18, break_long_words=False))
        if a.band == b.band:
            r.legs = [({0: 0, 1: 1, 2: 3}[a.band], -1)]
        elif abs(a.band - b.band) == 1:
            r.legs = [(max(a.band, b.band), -1)]
        else:  # management ↔ support: round the réalisation band on the right
            r.legs = [(1, -1), (2, -1)] if a.band == 0 else [(2, -1), (1, -1)]
            r.corridor = corridor_x + 0.25 * corridors
            corridors += 1
        routes.append(r)
    return routes


def _side(box: Box, channel: int) -> float:
    """+1 when ``channel`` is above ``box``, -1 when below."""
    return 1.0 if channel <= box.band else -1.0


def _ports(routes: list[Route], boxes: dict[str, Box]) -> dict[tuple[int, str], float]:
    """x of each route end on its box edge, spread along the edge in the order of the headings."""
    ends: dict[tuple[str, float], list[tuple[float, int, str]]] = {}
    for k, r in enumerate(routes):
        for end, other, leg in (("de", r.link.vers, r.legs[0][0]), ("vers", r.link.de, r.legs[-1][0])):
            box = boxes[getattr(r.link, end)]
            heading = r.corridor if r.corridor is not None else boxes[other].x
            ends.setdefault((box.id, _side(box, leg)), []).append((heading, k, end))
    out: dict[tuple[int, str], float] = {}
    for (box_id, _), items in ends.items():
        box, m = boxes[box_id], len(items)
        step = min(0.3, 0.8 * box.w / m)
        for i, (_, k, end) in enumerate(sorted(items)):
            out[(k, end)] = box.x + (i - (m - 1) / 2) * step
    return out


def _label_x(x1: float, x2: float, width: float, obstacles: list[float]) -> float:
    """Where to centre a label on a leg from ``x1`` to ``x2``: the candidate whose span is
    crossed by the fewest vertical segments (``obstacles``), the middle of the leg first."""
    lo, hi = min(x1, x2), max(x1, x2)
    candidates = [lo + t * (hi - lo) for t in (0.5, 0.3, 0.7, 0.15, 0.85)]
    candidates += [hi + width / 2 + 0.08, lo - width / 2 - 0.08]
    return min(candidates, key=lambda c: sum(abs(x - c) < width / 2 + 0.05 for x in obstacles))


def _verticals(routes: list[Route], boxes: dict[str, Box]) -> list[tuple[int, float, int, bool]]:
    """Every vertical segment ending in a channel: (channel, x, lane, comes from above)."""
    out = []
    for r in routes:
        for j, (channel, lane) in enumerate(r.legs):
            for end, x in ((0, r.xs[2 * j]), (1, r.xs[2 * j + 1])):
                first, last = j == 0 and end == 0, j == len(r.legs) - 1 and end == 1
                if first or last:
                    box = boxes[r.link.de if first else r.link.vers]
                    above = _side(box, channel) < 0
                else:  # the corridor, towards the other leg's channel
                    above = r.legs[1 - j][0] < channel
                out.append((channel, x, lane, above))
    return out


def _assign(routes: list[Route], boxes: dict[str, Box]) -> list[list[float]]:
    """Place labels (away from verticals crossing their lane) and pack legs into lanes."""
    crossing = _verticals(routes, boxes)
    legs: list[tuple[float, float, int, int]] = []  # left, right, route, leg
    for k, r in enumerate(routes):
        for j, (channel, lane) in enumerate(r.legs):
            x1, x2 = r.xs[2 * j], r.xs[2 * j + 1]
            lo, hi = min(x1, x2), max(x1, x2)
            if j == 0 and r.label:
                width = measure(r.label, FLOW_PT)[0]
                obstacles = [x for c, x, m, above in crossing if c == channel and (
                    lane < 0 or (m > lane if above else m < lane))]
                r.label_x = _label_x(x1, x2, width, obstacles)
                lo, hi = min(lo, r.label_x - width / 2 - 0.06), max(hi, r.label_x + width / 2 + 0.06)
            legs.append((lo, hi, k, j))
    ends: list[list[list[float]]] = [[], [], [], []]  # per channel, per lane: right end, height
    for lo, hi, k, j in sorted(legs):
        channel = routes[k].legs[j][0]
        height = measure(routes[k].label or "Ég", FLOW_PT)[1] if j == 0 else 0.2
        free = [n for n, (end, _) in enumerate(ends[channel]) if end + 0.15 < lo]
        if not free:
            ends[channel].append([hi, height])
        lane = free[0] if free else len(ends[channel]) - 1
        ends[channel][lane] = [max(ends[channel][lane][0], hi), max(ends[channel][lane][1], height)]
        routes[k].legs[j] = (channel, lane)
    return [[h + _LANE_PAD for _, h in lanes] for lanes in ends]


def _lanes(routes: list[Route], boxes: dict[str, Box],
           ports: dict[tuple[int, str], float]) -> list[list[float]]:
    """Lanes and label places, refined twice: a label first avoids every vertical of its
    channel, then only those that actually cross its lane."""
    for k, r in enumerate(routes):
        r.xs = [ports[(k, "de")], *([r.corridor] * 2 if r.corridor is not None else []),
                ports[(k, "vers")]]
    for _ in range(3):
        heights = _assign(routes, boxes)
    return heights


def map_layout(pmap: ProcessMap) -> MapLayout:
    """Place the map's bands, boxes and links, in inches (see the module docstring)."""
    rows: list[list[Box]] = []
    for band, kind in enumerate(PROCESS_TYPES):
        procs = [p for p in pmap.processus if p.type == kind]
        if kind == "realisation":
            procs = _flow_order(procs, pmap.liens)
        rows.append([_box(p, band) for p in procs])
    boxes = {b.id: b for row in rows for b in row}
    links = [lk for lk in pmap.liens if lk.de in boxes and lk.vers in boxes and lk.de != lk.vers]
    chain = _place_x(rows, links)
    right = max([b.x + b.w / 2 for b in boxes.values()] + [_LEFT + _BOX_W])
    band_x = (CUSTOMER_W + 0.45, right + 0.45)
    routes = _plan([lk for lk in links if not any(r.link is lk for r in chain)], boxes,
                   band_x[1] + CUSTOMER_W + 0.75)
    ports = _ports(routes, boxes)
    heights = _lanes(routes, boxes, ports)
    head = measure("Ég", HEAD_PT, weight="bold")[1]
    ups = [0, 0, 0]  # per band: flow ends leaving its boxes upward, minus downward
    for r in routes:
        for box, leg in ((boxes[r.link.de], r.legs[0][0]), (boxes[r.link.vers], r.legs[-1][0])):
            ups[box.band] += round(_side(box, leg))
    title_top = [up <= 0 if band != 2 else up < 0 for band, up in enumerate(ups)]
    y, bands, lane_y = 0.0, [], []
    for channel in range(4):
        lanes = heights[channel]
        size = sum(lanes) + 2 * _CHAN_PAD if lanes else (_MIN_CHAN if channel in (1, 2) else 0.0)
        top = y - (size - sum(lanes)) / 2
        lane_y.append([top - sum(lanes[:n]) - lanes[n] / 2 for n in range(len(lanes))])
        y -= size
        if channel == 3:
            break
        row_h = max((b.h for b in rows[channel]), default=0.45)
        bands.append((y, y - 3 * _BAND_PAD - head - row_h))
        for b in rows[channel]:
            b.y = y - _BAND_PAD - row_h / 2 - (_BAND_PAD + head if title_top[channel] else 0.0)
        y = bands[-1][1]
    for r in routes:
        a, b = boxes[r.link.de], boxes[r.link.vers]
        ya = a.y + _side(a, r.legs[0][0]) * a.h / 2
        yb = b.y + _side(b, r.legs[-1][0]) * b.h / 2
        xs, ys = r.xs, [lane_y[c][n] for c, n in r.legs]
        r.points = [(xs[0], ya)] + [(xs[j + i], ys[j // 2]) for j in range(0, len(xs), 2)
                                    for i in (0, 1)] + [(xs[-1], yb)]
        r.label_at = (r.label_x, ys[0])
    for r in chain:
        a, b = boxes[r.link.de], boxes[r.link.vers]
        r.points = [(a.x + a.w / 2, a.y), (b.x - b.w / 2, b.y)]
        r.label_at = ((a.x + a.w / 2 + b.x - b.w / 2) / 2, a.y + 0.06)
    customers = None
    if rows[1]:
        y1, h = rows[1][0].y, max(rows[1][0].h, 0.8)
        customers = (Box("besoins", 1, "Clients", "Besoins et\nexigences", CUSTOMER_W, h,
                         CUSTOMER_W / 2, y1),
                     Box("satisfaction", 1, "Clients", "Satisfaction", CUSTOMER_W, h,
                         band_x[1] + 0.45 + CUSTOMER_W / 2, y1))
    width = max([band_x[1] + 0.45 + CUSTOMER_W] + [x for r in routes for x, _ in r.points])
    return MapLayout(boxes, [*chain, *routes], bands, band_x, customers, width + 0.1, -y,
                     title_top)
