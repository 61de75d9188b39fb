"""Chart geometry for the reports; the templates only draw it."""

from __future__ import annotations

import datetime as dt
import textwrap

from .periods import Period

CHART_WIDTH, CHART_LEFT, CHART_RIGHT = 780, 210, 20
LABEL_CHARACTERS = 30  # a bar's label wraps at this width (11 px text in the 210 px left margin)


def timeline_chart(groups: list[dict], levels: list[dict], period: Period) -> dict:
    """Japan–EU events as dots, one per level and month (bigger for more events): x is the date."""
    if not groups:
        return {"points": []}
    if period.label == "all":  # the axis spans the data, with a margin
        first = min(g["day"] for g in groups) - dt.timedelta(days=15)
        last = max(g["day"] for g in groups) + dt.timedelta(days=15)
    else:  # the axis is the period: every dot of the period falls inside it
        first, last = period.start, period.end
    span = max((last - first).days, 1)
    row_height, top = 34, 20
    plot = CHART_WIDTH - CHART_LEFT - CHART_RIGHT

    def x(day: dt.date) -> float:
        return round(CHART_LEFT + plot * (day - first).days / span, 1)

    months = (1,) if span > 1200 else (1, 4, 7, 10) if span > 200 else tuple(range(1, 13))
    ticks = [
        {"x": x(day), "label": str(day.year) if months == (1,) else day.strftime("%Y-%m")}
        for day in (dt.date(year, month, 1) for year in range(first.year, last.year + 1) for month in months)
        if first <= day <= last
    ]
    rows = [{"y": top + row_height * (level["level_rank"] - 1) + row_height / 2, "label": level["level"]} for level in levels]
    most = max(g["events"] for g in groups)
    points = [
        {
            "x": x(g["day"]),
            "y": rows[g["level_rank"] - 1]["y"],
            "level": rows[g["level_rank"] - 1]["label"],
            "day": g["day"],
            "r": round(5 + 9 * ((g["events"] - 1) / max(most - 1, 1)) ** 0.5, 1),
            "title": g["label"],
            "delivered": g["delivered"],
            "first_meeting": g["first_meeting"],
        }
        for g in groups
    ]
    height = top + row_height * len(levels) + 40
    return {
        "points": points,
        "rows": rows,
        "ticks": ticks,
        "width": CHART_WIDTH,
        "height": height,
        "left": CHART_LEFT,
        "right": CHART_WIDTH - CHART_RIGHT,
        "axis_y": height - 40,
    }


def bar_chart(items: list[tuple[str, int]], unit: str) -> dict:
    """Horizontal bars with their values; an empty list draws nothing. Labels are wrapped, never cut."""
    items = [(label, value) for label, value in items if value]
    if not items:
        return {"bars": []}
    top, line_height = 26, 13
    plot = CHART_WIDTH - CHART_LEFT - CHART_RIGHT - 40
    most = max(v for _, v in items)
    bars, y = [], top
    for label, value in items:
        lines = textwrap.wrap(label, LABEL_CHARACTERS) or [""]
        height = max(22, line_height * len(lines) + 9)
        bars.append({"label": label, "lines": lines, "value": value, "y": y, "height": height, "width": round(plot * value / most, 1)})
        y += height
    ticks = [{"x": round(CHART_LEFT + plot * v / most, 1), "label": v} for v in sorted({0, most // 2, most})]
    return {"bars": bars, "ticks": ticks, "width": CHART_WIDTH, "height": y + 40, "left": CHART_LEFT, "axis_y": y + 4, "unit": unit}


def pipeline_chart(steps: list[dict], scale: list[tuple[str, int]]) -> dict:
    """Each agreement or mechanism as a bar up to the furthest status reached by the period's end.

    `scale` is the status vocabulary as (name, step): statuses sharing a step share a tick.
    """
    furthest: dict[str, dict] = {}
    for step in steps:
        furthest[step["event_id"]] = step  # steps arrive in order, so the last one is the current status
    items = sorted(furthest.values(), key=lambda s: (-s["status_step"], s["title"]))
    chart = bar_chart([(s["title"], s["status_step"]) for s in items], "status step")
    if chart["bars"]:
        most = max(b["value"] for b in chart["bars"])
        plot = CHART_WIDTH - CHART_LEFT - CHART_RIGHT - 40
        names: dict[int, list[str]] = {}
        for name, value in scale:
            if 0 < value <= most:
                names.setdefault(value, []).append(name.replace("_", " "))
        chart["ticks"] = [{"x": round(CHART_LEFT + plot * v / most, 1), "label": "/".join(n)} for v, n in sorted(names.items())]
        for bar, item in zip(chart["bars"], items):
            bar["status"] = item["status"]
    return chart


def graph_chart(parents_of: dict[str, list[str]]) -> dict:
    """Seeds and models as boxes in columns by depth (a node sits right of all its parents), with a
    line from each parent to each child."""
    depth: dict[str, int] = {}

    def depth_of(name: str) -> int:
        if name not in depth:
            depth[name] = 1 + max((depth_of(p) for p in parents_of.get(name, []) if p in parents_of), default=-1)
        return depth[name]

    columns: dict[int, list[str]] = {}
    for name in sorted(parents_of):
        columns.setdefault(depth_of(name), []).append(name)
    box_width, box_height, column_gap, row_gap, margin = 180, 18, 36, 6, 10
    place = {}
    for column, names in columns.items():
        for row, name in enumerate(names):
            place[name] = (margin + column * (box_width + column_gap), margin + row * (box_height + row_gap))
    nodes = [{"name": name, "x": x, "y": y, "width": box_width, "height": box_height} for name, (x, y) in place.items()]
    edges = [
        {"x1": place[p][0] + box_width, "y1": place[p][1] + box_height / 2, "x2": place[child][0], "y2": place[child][1] + box_height / 2}
        for child, parents in sorted(parents_of.items())
        for p in parents
        if p in place
    ]
    tallest = max(len(names) for names in columns.values())
    return {
        "nodes": nodes,
        "edges": edges,
        "width": 2 * margin + len(columns) * box_width + (len(columns) - 1) * column_gap,
        "height": 2 * margin + tallest * (box_height + row_gap),
    }
