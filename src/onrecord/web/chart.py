"""A stacked bar chart of statements per month by affiliation, drawn as inline SVG.

The geometry is computed here and the template writes plain ``<rect>`` and ``<text>``
elements with presentation attributes (no inline style, no script), so the chart needs
nothing from the network and passes the strict Content-Security-Policy.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

# Colour-blind-safe (Okabe–Ito), then a neutral grey for "other".
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#332288")
OTHER_COLOUR = "#9AA0A6"
OTHER = "Other"
MAX_MONTHS = 36


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    label: str


@dataclass(slots=True)
class Chart:
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    xlabels: list[tuple[float, str]] = field(default_factory=list)
    yticks: list[tuple[float, int]] = field(default_factory=list)
    legend: list[tuple[str, str, int]] = field(default_factory=list)
    baseline: float = 0.0
    left: float = 0.0
    right: float = 0.0
    months: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.bars


def _month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months: list[str] = []
    while f"{year:04d}-{month:02d}" <= last and len(months) < 600:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _valid(month: str) -> bool:
    return len(month) == 7 and month[:4].isdigit() and month[4] == "-" and month[5:].isdigit()


def statements_chart(
    rows: Sequence[tuple[str, str, int]], width: int = 760, height: int = 240, groups: int = 6
) -> Chart:
    """``rows`` are (YYYY-MM, affiliation, count); the ``groups`` biggest affiliations
    get a colour each and the rest are summed as "Other"."""
    rows = [r for r in rows if _valid(r[0]) and r[2] > 0]
    chart = Chart(width, height)
    if not rows:
        return chart
    totals: Counter[str] = Counter()
    for _, affiliation, n in rows:
        totals[affiliation] += n
    ranked = sorted(totals, key=lambda a: (-totals[a], a.lower()))
    # One left over is shown by name: an "Other" of one says less than its name.
    named = ranked if len(ranked) <= groups + 1 else ranked[:groups]
    colour = {a: PALETTE[i % len(PALETTE)] for i, a in enumerate(named)}
    stacks: dict[str, Counter[str]] = defaultdict(Counter)
    for month, affiliation, n in rows:
        stacks[month][affiliation if affiliation in colour else OTHER] += n
    months = _month_range(min(stacks), max(stacks))[-MAX_MONTHS:]
    chart.months = months
    order = [*named, OTHER]
    top = max(sum(stacks[m].values()) for m in months) or 1
    chart.left, chart.right, top_pad, bottom = 40.0, float(width - 8), 12.0, 28.0
    chart.baseline = height - bottom
    plot_h = chart.baseline - top_pad
    step = (chart.right - chart.left) / len(months)
    bar_w = max(2.0, min(40.0, step * 0.7))
    for i, month in enumerate(months):
        x = chart.left + i * step + (step - bar_w) / 2
        y = chart.baseline
        for affiliation in order:
            n = stacks[month].get(affiliation, 0)
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            fill = colour.get(affiliation, OTHER_COLOUR)
            label = f"{month} · {affiliation}: {n} statement{'s' if n != 1 else ''}"
            chart.bars.append(
                Bar(round(x, 1), round(y, 1), round(bar_w, 1), round(h, 1), fill, label)
            )
    every = max(1, -(-len(months) // 12))  # at most a dozen month labels
    chart.xlabels = [
        (round(chart.left + i * step + step / 2, 1), m)
        for i, m in enumerate(months)
        if i % every == 0
    ]
    ticks = sorted({0, top // 2, top}) if top > 1 else [0, top]
    chart.yticks = [(round(chart.baseline - plot_h * t / top, 1), t) for t in ticks]
    other_total = sum(n for a, n in totals.items() if a not in colour)
    chart.legend = [(colour[a], a, totals[a]) for a in named]
    if other_total:
        chart.legend.append((OTHER_COLOUR, OTHER, other_total))
    return chart
