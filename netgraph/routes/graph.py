"""The workspace as a networkx graph, and exporting it for Gephi and other programs."""

from __future__ import annotations

import io
import re
from collections.abc import Collection
from typing import Any

import networkx as nx

from netgraph.output import json_text
from netgraph.routes.colleagues import inferred_ties
from netgraph.routes.model import willingness_factor
from netgraph.ties.describe import edge_evidence_lines
from netgraph.vocabulary import GraphFormat
from netgraph.workspace import Workspace


def build_graph(workspace: Workspace, people: Collection[int] | None = None) -> nx.Graph:
    """A networkx graph of the workspace (or of the given people and the ties among them).

    Nodes are person ids with ``name``, ``company``, ``title``, ``willingness``, ``factor``
    (the intermediary factor routes use), ``degree`` (1-3, absent beyond) and ``is_me``.
    Edges carry ``strength`` and ``evidence`` (the evidence lines joined by "; ").
    """
    G = nx.Graph()
    selected = None if people is None else set(people)
    for person in workspace.graph.everyone():
        if selected is not None and person.id not in selected:
            continue
        attributes: dict[str, Any] = {
            "name": person.name,
            "willingness": person.willingness,
            "factor": willingness_factor(person.willingness),
            "is_me": person.is_me,
        }
        for key, value in (
            ("company", person.company),
            ("title", person.title),
            ("degree", person.degree),
        ):
            if value is not None and not (key == "degree" and person.is_me):
                attributes[key] = value
        G.add_node(person.id, **attributes)
    for a, b, strength in workspace.graph.ties():
        if a in G and b in G:
            G.add_edge(
                a, b, strength=strength, evidence="; ".join(edge_evidence_lines(workspace, a, b))
            )
    return G


def export_graph(
    workspace: Workspace, output_format: GraphFormat, *, inferred: bool = False
) -> str:
    """The whole network as GraphML, GEXF or node-link JSON text.

    Nodes also get a ``label`` (the name), which Gephi shows. Recorded ties carry
    ``inferred`` false; with ``inferred``, the ties inferred between the user's first-degree
    contacts and their colleagues are added (``inferred`` true, evidence "inferred: both at
    Globex"), where no recorded tie joins them.
    """
    G = build_graph(workspace)
    for _node, data in G.nodes(data=True):
        data["label"] = data["name"]
    for _a, _b, data in G.edges(data=True):
        data["inferred"] = False
    me = next((n for n, is_me in G.nodes(data="is_me") if is_me), None)
    if inferred and me is not None:
        for tie in inferred_ties(workspace, me):
            if (
                tie.contact in G
                and tie.colleague in G
                and not G.has_edge(tie.contact, tie.colleague)
            ):
                G.add_edge(
                    tie.contact,
                    tie.colleague,
                    strength=tie.strength,
                    evidence=f"inferred: both at {tie.organisation}",
                    inferred=True,
                )
    if output_format == "json":
        return json_text(nx.node_link_data(G, edges="edges")) + "\n"
    _make_xml_safe(G)
    buffer = io.BytesIO()
    if output_format == "graphml":
        nx.write_graphml(G, buffer, encoding="utf-8")
    elif output_format == "gexf":
        nx.write_gexf(G, buffer, encoding="utf-8")
    else:
        raise ValueError(f"unknown graph format {output_format!r}")
    return buffer.getvalue().decode("utf-8")


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _make_xml_safe(G: nx.Graph) -> None:
    """Drop characters XML 1.0 cannot hold from every text attribute."""
    for _node, data in G.nodes(data=True):
        for key, value in data.items():
            if isinstance(value, str):
                data[key] = _NOT_XML.sub("", value)
    for _a, _b, data in G.edges(data=True):
        for key, value in data.items():
            if isinstance(value, str):
                data[key] = _NOT_XML.sub("", value)
