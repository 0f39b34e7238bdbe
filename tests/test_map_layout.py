"""The map keeps its latitude labels and legend on the page (a wide map once lost both:
"4" for 54°N, a legend cut at "tirs d'artilleri")."""
from __future__ import annotations

from wirebrief.frames import Frames
from wirebrief.report.charts import _renderer
from wirebrief.report.maps import events_map
from wirebrief.schema import EVENTS


def test_a_wide_map_keeps_every_label_and_its_legend_inside_the_figure():
    places = [("Chernihiv", 51.5, 31.3, "shelling"), ("Kharkiv", 50.0, 36.2, "shelling"),
              ("Lviv", 49.8, 24.0, "airstrike"), ("Luhansk", 48.6, 39.3, "battle"), ("Odesa", 46.5, 30.7, "shelling")]
    events = EVENTS.frame([{"article_id": "a", "type": t, "location": n, "country": "UA", "lat": lat, "lon": lon}
                           for n, lat, lon, t in places])
    fig = events_map(Frames(events=events), "fr")
    renderer = _renderer(fig)
    width, height = fig.bbox.width, fig.bbox.height
    ax = fig.axes[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    shown = [label for value, label in zip(ax.get_xticks(), ax.get_xticklabels(), strict=True) if x0 <= value <= x1]
    shown += [label for value, label in zip(ax.get_yticks(), ax.get_yticklabels(), strict=True) if y0 <= value <= y1]
    boxes = [t.get_window_extent(renderer) for t in shown if t.get_text()]
    assert len(boxes) >= 6
    boxes.append(ax.get_legend().get_window_extent(renderer))
    for box in boxes:
        assert box.x0 >= 0 and box.x1 <= width and box.y0 >= 0 and box.y1 <= height, box
