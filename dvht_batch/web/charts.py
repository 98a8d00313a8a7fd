"""Line charts as inline SVG, rendered on the server (nothing loaded from the internet, no script needed)."""
from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup, escape

from dvht_batch.vn.numbers import fmt_decimal, fmt_percent

WIDTH, HEIGHT = 520, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 14, 46
COLOURS = ["#1f5fa8", "#c0392b", "#2e8b57", "#8e44ad", "#d68910"]


def _label(value: Decimal, percent: bool) -> str:
    return fmt_percent(value, 1) if percent else fmt_decimal(value)


def line_chart(title: str, periods: list[str], series: list[tuple[str, list[Decimal | None]]],
               percent: bool, top: Decimal | None = None) -> Markup:
    """One chart: x = periods (labels as given), one line per series; gaps where a value is None."""
    values = [v for _, vs in series for v in vs if v is not None]
    high = top if top is not None else (Decimal(1) if percent else max(values, default=Decimal(1)))
    high = max(high, max(values, default=Decimal(0)), Decimal("0.01"))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(periods) - 1, 1)

    def xy(i: int, v: Decimal) -> tuple[float, float]:
        return LEFT + (i * step if len(periods) > 1 else plot_w / 2), TOP + plot_h * (1 - float(v / high))

    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for k in range(5):  # horizontal grid with its scale
        v = high * k / 4
        y = TOP + plot_h * (1 - k / 4)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#ddd"/>'
                     f'<text x="{LEFT - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{_label(v, percent)}</text>')
    for i, p in enumerate(periods):
        x = xy(i, Decimal(0))[0]
        # the first label starts at the axis (clear of the scale's "0,00"), the last ends at the plot's edge
        anchor = "middle" if len(periods) == 1 or 0 < i < len(periods) - 1 else ("start" if i == 0 else "end")
        parts.append(f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" font-size="10" text-anchor="{anchor}">'
                     f'{escape(p)}</text>')
    for n, (name, vs) in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        points = [(i, v) for i, v in enumerate(vs) if v is not None]
        runs, current = [], []
        for i, v in enumerate(vs):
            if v is None:
                if current:
                    runs.append(current)
                current = []
            else:
                current.append(xy(i, v))
        if current:
            runs.append(current)
        for run in runs:
            if len(run) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>')
        for i, v in points:
            x, y = xy(i, v)
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}">'
                         f'<title>{escape(name)} – {escape(periods[i])}: {_label(v, percent)}</title></circle>')
        ly = HEIGHT - 12
        lx = LEFT + n * 170
        parts.append(f'<rect x="{lx}" y="{ly - 8}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{lx + 14}" y="{ly + 1}" font-size="11">{escape(name[:26])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
