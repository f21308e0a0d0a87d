"""The map as one self-contained HTML page: netgraph's own template, vis-network inlined.

Nothing on the page is fetched: vis-network (the copy pyvis ships, licence header kept) and the
page's script are inline, and a Content-Security-Policy allows exactly those two scripts (by
hash) and no network access at all. Contact data only reaches the page as JSON in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, and the page
shows it with ``textContent`` and vis-network's plain-text tooltips, never as HTML. Node ids
are opaque integers (positions in the data), not workspace ids.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from netgraph.files import write_private_file
from netgraph.identity.people import resolve_person
from netgraph.maps.declutter import declutter, hide_crowded_labels, readable_centre
from netgraph.maps.layout import radial_layout
from netgraph.maps.select import DEFAULT_MAX_NODES, MapPerson, MapSelection, select_map
from netgraph.routes.cache import route_index
from netgraph.routes.warmth import scored, warmth
from netgraph.vocabulary import MapKind
from netgraph.workspace import Workspace

VIS_VERSION = "9.1.2"
VIS_ASSET = f"templates/lib/vis-{VIS_VERSION}/vis-network.min.js"

DEGREE_COLOURS = {0: "#111827", 1: "#2563eb", 2: "#0d9488", 3: "#d97706"}
FURTHER_COLOUR = "#9ca3af"
ROUTE_COLOUR = "#dc2626"
OTHER_ROUTE_COLOUR = "#f59e0b"  # targets map: routes other than each target's best
TARGET_BORDER = "#b91c1c"
WILLING_BORDER = "#14532d"
TIE_COLOUR = "#64748b"
LABEL_COLOUR = "#1f2937"
MUTED = {"background": "#e5e7eb", "border": "#9ca3af"}
BIG_MAP = 800  # from this many people on, edges hide while dragging and zooming
# (up to this many people, distance between neighbours on a ring, bands per ring at most):
# small maps leave room for every label, big ones pack dots. One band per ring: a tie from a
# person to someone one ring further out then crosses nobody on the way (with several bands
# staggered, most did, and had to be left out or curved).
SPACINGS = ((60, 150.0, 1), (300, 48.0, 1), (math.inf, 26.0, 1))


@dataclass
class MapSummary:
    """What ``write_map`` drew, and what it left out."""

    path: Path
    kind: MapKind
    heading: str
    nodes: int
    edges: int
    left_out_nodes: int
    left_out_edges: int
    routes: int


@cache
def vis_network_js() -> str:
    """The vis-network bundle pyvis ships (with its licence header), read once."""
    # Found without importing pyvis: its __init__ pulls in networkx, IPython and jinja2 (~1 s).
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - not installed
        raise RuntimeError("pyvis, which ships the vis-network script, is not installed")
    folder = Path(next(iter(spec.submodule_search_locations)))
    text = (folder / VIS_ASSET).read_text(encoding="utf-8")
    if "</script" in text.lower():  # pragma: no cover - a different bundle than expected
        raise RuntimeError("the vis-network bundle cannot be inlined safely")
    return text


@cache
def _template() -> str:
    return resources.files("netgraph.maps").joinpath("template.html").read_text(encoding="utf-8")


def safe_json(value: object) -> str:
    """JSON that can sit inside a ``<script>`` element: ``<``, ``>``, ``&`` and the JavaScript
    line separators are escaped, so no text in it can close the element.

    >>> print(safe_json({"name": "</script><b>&"}))
    {"name":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026"}
    """
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


_PLACEHOLDER = re.compile(r"@@([A-Z_]+)@@")
_APP_SCRIPT = re.compile(r'<script id="netgraph-app">(.*?)</script>', re.S)


def render_html(page: Mapping[str, object]) -> str:
    """The HTML page for a page document (see :func:`page_document`)."""
    template = _template()
    app = _APP_SCRIPT.search(template)
    assert app is not None
    vis = vis_network_js()
    values = {
        "DATA": safe_json(page),
        "VIS_JS": vis,
        "SCRIPT_HASHES": f"{_script_hash(vis)} {_script_hash(app.group(1))}",
    }
    # One pass: text inserted for one placeholder is never searched for another.
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def _degree_text(person: MapPerson) -> str:
    if person.is_me:
        return "You"
    if person.degree is None:
        return "Not linked to you within 3 hops"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(person.degree, "th")
    return f"{person.degree}{suffix}-degree" + (" contact" if person.degree == 1 else "")


def _score_text(person: MapPerson) -> str:
    if person.is_me:
        return ""
    if person.degree == 1:
        return "Best route score: direct contact"
    if person.score is None:
        return "Best route score: no route within 3 hops"
    return f"Best route score: {scored(person.score)}"


def _willingness_text(person: MapPerson) -> str:
    if person.is_me:
        return ""
    return {
        "willing": "Willing to refer: yes",
        "unwilling": "Willing to refer: no (unwilling)",
    }.get(person.willingness, "Willing to refer: unknown")


def _node(index: int, person: MapPerson, position: tuple[float, float]) -> dict[str, Any]:
    """The vis-network node: position, shape and colour (the page adds label and tooltip)."""
    colour = DEGREE_COLOURS.get(0 if person.is_me else (person.degree or -1), FURTHER_COLOUR)
    node: dict[str, Any] = {
        "id": index,
        "x": position[0],
        "y": position[1],
        "shape": "dot",
        "size": 9,
        "borderWidth": 1,
        "color": {"background": colour, "border": colour},
        "font": {"size": 12, "color": LABEL_COLOUR},
    }
    important = person.is_target or person.on_route or person.focus
    if person.willingness == "willing" and not person.is_me:
        node.update(shape="diamond", size=13, borderWidth=4)
        node["color"] = {"background": colour, "border": WILLING_BORDER}
        important = True
    if person.is_target:
        node.update(shape="star", size=22, borderWidth=3)
        node["color"] = {"background": colour, "border": TARGET_BORDER}
    if person.willingness == "unwilling" and not person.is_me:
        node["color"] = dict(MUTED)
        node["font"] = {"size": 12, "color": "#9ca3af"}
        node["opacity"] = 0.6
    if person.is_me:
        node.update(size=30, borderWidth=3, fixed=True)
        node["font"] = {"size": 34, "color": LABEL_COLOUR}
    elif important:
        node["size"] = max(node["size"], 13)
        node["font"] = {**node["font"], "size": 24}
    return node


def page_document(
    selection: MapSelection, *, options: Mapping[str, object] | None = None
) -> dict[str, object]:
    """Everything the page shows, as plain data (the template's JavaScript draws it)."""
    ids = list(selection.people)
    number = {pid: i for i, pid in enumerate(ids)}
    positions = _positions(selection)
    nodes = [_node(number[pid], selection.people[pid], positions[pid]) for pid in ids]
    declutter(selection, nodes, number)
    readable_centre(nodes)
    edges, route_edges = _edges(selection, number)
    routes = [
        {
            "rank": r.rank,
            "score": r.score,
            "warmth": warmth(r.score),
            "nodes": [number[p] for p in r.path],
            "edges": route_edges.get(r.rank, []),
        }
        for r in selection.routes
    ]
    details = _details(selection, number)
    hide_crowded_labels(nodes, details)
    return {
        "heading": selection.heading,
        "summary": _summary_text(selection),
        "leftOut": _left_out_text(selection),
        "people": details,
        "nodes": nodes,
        "edges": edges,
        "routes": routes,
        "options": options if options is not None else map_options(len(nodes)),
        "stopPhysics": False,
        "tieColour": {"color": TIE_COLOUR, "opacity": 0.35},
    }


def _positions(selection: MapSelection) -> dict[int, tuple[float, float]]:
    """Where each person goes: rings around the user, colleagues side by side, spaced for
    the size of the map."""
    people = selection.people

    def by_company(pid: int) -> str:
        person = people[pid]
        return f"{(person.company or '~').casefold()}\x00{person.name.casefold()}"

    spacing, bands = next((s, b) for limit, s, b in SPACINGS if len(people) <= limit)
    return radial_layout(
        list(people),
        [(t.a, t.b, t.strength) for t in selection.ties],
        selection.me,
        sort_key=by_company,
        spacing=spacing,
        max_bands=bands,
    )


def _edges(
    selection: MapSelection, number: dict[int, int]
) -> tuple[list[dict[str, Any]], dict[int, list[int]]]:
    """The vis-network edges, and the edges of each route by rank.

    Ordinary ties take colour and tooltip from the page's defaults (smaller data); route ties
    are red and wider. On a targets map only each target's best route is red; its other routes
    are amber and thinner. Inferred ties (colleagues) are dashed. Scores are in the route list
    and the referrers' labels, never over a tie.
    """
    edges: list[dict[str, Any]] = []
    route_edges: dict[int, list[int]] = {}
    best_ranks = _best_ranks(selection)
    for i, tie in enumerate(selection.ties):
        edge: dict[str, Any] = {
            "id": i,
            "from": number[tie.a],
            "to": number[tie.b],
            "strength": round(tie.strength, 3),
            "width": round(0.5 + 3.5 * tie.strength, 2),
        }
        if tie.curve is not None:  # a straight line would cross someone
            kind, roundness = tie.curve
            edge["smooth"] = {"enabled": True, "type": kind, "roundness": roundness}
        if tie.inferred:  # two colleagues, no recorded tie
            edge["dashes"] = True
            edge["inferred"] = True
        if tie.routes:
            best = any(rank in best_ranks for rank in tie.routes)
            edge["width"] = round((3 if best else 2) + (4 if best else 1.5) * tie.strength, 2)
            colour = ROUTE_COLOUR if best else OTHER_ROUTE_COLOUR
            edge["color"] = {"color": colour, "opacity": 0.9 if best else 0.8}
            edge["route"] = "best" if best else "other"
            for rank in tie.routes:
                route_edges.setdefault(rank, []).append(i)
        edges.append(edge)
    return edges, route_edges


def _best_ranks(selection: MapSelection) -> set[int]:
    """The ranks of the routes drawn as best: on a targets map each target's best route, on
    the others every route."""
    if selection.kind != "targets":
        return {r.rank for r in selection.routes}
    best: dict[int, tuple[float, int]] = {}
    for r in selection.routes:
        if r.target not in best or r.score > best[r.target][0]:
            best[r.target] = (r.score, r.rank)
    return {rank for _, rank in best.values()}


def _details(selection: MapSelection, number: dict[int, int]) -> list[dict[str, Any]]:
    """What the page says of each person: the texts of their tooltip and panel, whether they
    are a target, their best route (as node numbers) and, on company and target maps, the
    score of the best route to the people the map is about."""
    labels: dict[int, str] = {}
    if selection.kind in ("company", "targets"):
        best: dict[int, float] = {}
        for route in selection.routes:
            best[route.target] = max(best.get(route.target, 0.0), route.score)
        for pid, score in best.items():
            labels[pid] = f"{selection.people[pid].name}\nbest {scored(score)}"
    elif selection.kind == "focus":  # the person to ask: their routes' ranks and scores
        asked: dict[int, list[str]] = {}
        for route in selection.routes:
            if len(route.path) > 2:
                asked.setdefault(route.path[1], []).append(f"#{route.rank} {scored(route.score)}")
        for pid, texts in asked.items():
            labels[pid] = "\n".join([selection.people[pid].name, *texts[:2]])
    details = []
    for pid, person in selection.people.items():
        best_route: list[int] = []
        if person.score is not None:
            path = _best_path(selection, pid)
            if path and all(p in number for p in path):
                best_route = [number[p] for p in path]
        detail: dict[str, Any] = {
            "name": person.name,
            "title": person.title or "",
            "company": person.company or "",
            "degreeText": _degree_text(person),
            "scoreText": _score_text(person),
            "willingnessText": _willingness_text(person),
        }
        if person.is_target:
            detail["target"] = True
        if best_route:
            detail["route"] = best_route
        if pid in labels:
            detail["label"] = labels[pid]
        details.append(detail)
    return details


def _best_path(selection: MapSelection, pid: int) -> list[int]:
    for route in selection.routes:
        if route.target == pid:
            return route.path
    return selection.best_paths.get(pid, [])


def _summary_text(selection: MapSelection) -> str:
    people, ties = len(selection.people), len(selection.ties)
    text = f"{people:,} {'person' if people == 1 else 'people'} and {ties:,} ties"
    if selection.routes:
        text += f", {len(selection.routes)} route{'s' if len(selection.routes) != 1 else ''}"
    return text + "."


def _left_out_text(selection: MapSelection) -> str:
    if not selection.left_out_people and not selection.left_out_ties:
        return ""
    parts = []
    if selection.left_out_people:
        parts.append(
            f"{selection.left_out_people:,} of {selection.universe_people:,} people "
            "(the map keeps you, routes, targets, referrers and the closest people first; "
            "raise --max-nodes to see more)"
        )
    if selection.left_out_ties:
        parts.append(
            f"{selection.left_out_ties:,} of {selection.universe_ties:,} ties (weaker ties of "
            "well-connected people, ties to people left out, and ties that would cross someone)"
        )
    return "Left out: " + "; ".join(parts) + "."


def map_options(node_count: int) -> dict[str, object]:
    """vis-network options: the layout comes from Python, so physics stays off."""
    big = node_count >= BIG_MAP
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "physics": {"enabled": False, "stabilization": {"enabled": False}},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "navigationButtons": False,
            "keyboard": False,
        },
        "nodes": {
            "shape": "dot",
            "font": {"face": "system-ui, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"label": {"drawThreshold": 8}},
        },
        "edges": {
            "smooth": False,
            "selectionWidth": 1.5,
            "color": {"inherit": False, "color": TIE_COLOUR, "opacity": 0.35},
        },
    }


@dataclass(frozen=True)
class MapPage:
    """One map as its HTML page, with what it drew and left out."""

    html: str
    kind: MapKind
    heading: str
    nodes: int
    edges: int
    left_out_nodes: int
    left_out_edges: int
    routes: int


def draw_map(
    workspace: Workspace,
    *,
    focus: str | int | None = None,
    company: str | None = None,
    targets: bool = False,
    max_nodes: int = DEFAULT_MAX_NODES,
    extra_targets: tuple[int, ...] | list[int] = (),
) -> MapPage:
    """One map of ``workspace`` as a self-contained HTML page, on the saved route index.

    ``focus`` is a person (as typed, or a person id): their top routes. ``company``: the people
    at companies matching the text and the routes to them. ``targets``: every target.
    Otherwise the network around the user. At most ``max_nodes`` people are drawn.
    """
    focus_id = resolve_person(workspace, focus) if isinstance(focus, str) else focus
    selection = select_map(
        workspace,
        route_index(workspace),
        focus=focus_id,
        company=company,
        targets=targets,
        max_nodes=max_nodes,
        extra_targets=extra_targets,
    )
    return MapPage(
        html=render_html(page_document(selection)),
        kind=selection.kind,
        heading=selection.heading,
        nodes=len(selection.people),
        edges=len(selection.ties),
        left_out_nodes=selection.left_out_people,
        left_out_edges=selection.left_out_ties,
        routes=len(selection.routes),
    )


def write_map(
    workspace: Workspace,
    path: str | Path,
    *,
    focus: str | int | None = None,
    company: str | None = None,
    targets: bool = False,
    max_nodes: int = DEFAULT_MAX_NODES,
    extra_targets: tuple[int, ...] | list[int] = (),
) -> MapSummary:
    """Write one map of ``workspace`` (:func:`draw_map`) to ``path`` (UTF-8, atomically,
    readable by the user only)."""
    page = draw_map(
        workspace,
        focus=focus,
        company=company,
        targets=targets,
        max_nodes=max_nodes,
        extra_targets=extra_targets,
    )
    written = write_private_file(path, page.html)
    return MapSummary(
        path=written,
        kind=page.kind,
        heading=page.heading,
        nodes=page.nodes,
        edges=page.edges,
        left_out_nodes=page.left_out_nodes,
        left_out_edges=page.left_out_edges,
        routes=page.routes,
    )


__all__ = [
    "MapPage",
    "MapSummary",
    "draw_map",
    "page_document",
    "render_html",
    "safe_json",
    "write_map",
]
