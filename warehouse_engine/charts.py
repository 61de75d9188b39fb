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
