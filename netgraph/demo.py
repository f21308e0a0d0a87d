"""The demo: build a workspace from the bundled sample data and say what netgraph finds."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from netgraph.errors import UsageError
from netgraph.identity.people import Person, person_by_id, resolve_person, set_me
from netgraph.identity.targets import add_target
from netgraph.ingest.apply import ImportSummary, import_linkedin, import_vcard
from netgraph.maps import MapSummary, write_map
from netgraph.routes.cache import route_index
from netgraph.routes.introductions import IntroductionRoute, who_can_introduce
from netgraph.workspace import Workspace

MANIFEST = "demo.json"


def find_sample_data(explicit: str | Path | None = None) -> Path:
    """The sample data folder: the one given, ``./sample_data``, or the one beside the package."""
    candidates = (
        [Path(explicit)]
        if explicit
        else [Path.cwd() / "sample_data", Path(__file__).resolve().parent.parent / "sample_data"]
    )
    for candidate in candidates:
        if (candidate / MANIFEST).is_file():
            return candidate
    raise UsageError(
        f"no sample data found (looked for {MANIFEST} in "
        + ", ".join(str(c) for c in candidates)
        + ")"
    )


@dataclass
class DemoReport:
    """What the demo imported and found."""

    me: Person
    imports: list[ImportSummary] = field(default_factory=list)
    targets: list[Person] = field(default_factory=list)


def run_demo(workspace: Workspace, sample_data: Path) -> DemoReport:
    """Import every file the sample manifest lists into ``workspace``, as a user would."""
    manifest = json.loads((sample_data / MANIFEST).read_text(encoding="utf-8"))
    me = manifest["me"]
    with workspace.transaction():
        me_id = set_me(
            workspace, me["name"], emails=me.get("emails", []), linkedin_url=me.get("linkedin")
        )
    report = DemoReport(me=person_by_id(workspace, me_id))
    for item in manifest["imports"]:
        path = sample_data / item["path"]
        owner = item.get("owner")
        if item["kind"] == "linkedin":
            summary = import_linkedin(workspace, path, owner=owner)
        else:
            summary = import_vcard(workspace, path, owner=owner, region=item.get("region", "US"))
        report.imports.append(summary)
    for name in manifest.get("targets", []):
        person = resolve_person(workspace, name, allow_missing=True)
        if person is not None:
            with workspace.transaction():
                add_target(workspace, person)
            report.targets.append(person_by_id(workspace, person))
    return report


@dataclass(frozen=True)
class TargetRoute:
    """One of the demo's targets, and the best route to them (None when there is none)."""

    target: Person
    best: IntroductionRoute | None


@dataclass(frozen=True)
class DemoTour:
    """The demo from start to end: what was imported, the best route to each target, and the
    map written beside the workspace."""

    report: DemoReport
    routes: tuple[TargetRoute, ...]
    map: MapSummary


def demo_tour(workspace: Workspace, sample_data: Path) -> DemoTour:
    """Import the sample data (:func:`run_demo`), find the best route to each of its targets,
    and write the default map as ``map.html`` beside the workspace."""
    report = run_demo(workspace, sample_data)
    routes = best_routes_to(workspace, report.targets) if report.targets else []
    summary = write_map(workspace, workspace.path.with_name("map.html"))
    return DemoTour(report, tuple(routes), summary)


def best_routes_to(workspace: Workspace, people: list[Person]) -> list[TargetRoute]:
    """The best route to each of ``people``, on the route index saved beside the workspace."""
    index = route_index(workspace)
    found = []
    for person in people:
        routes = who_can_introduce(workspace, person.id, top=1, index=index).routes
        found.append(TargetRoute(person, routes[0] if routes else None))
    return found
