"""Table rows with their spans resolved: every cell at its grid position, the positions a merged
cell spans beyond its own left empty (as a person types a merged header or title in text), and
the empty positions a merge leaves at the end of a row dropped, so that a title or a unit merged
across the table reads as one cell."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GridCell:
    """A cell as a container gives it: its text and how many rows and columns it spans."""

    text: str
    rowspan: int = 1
    colspan: int = 1


def resolve_spans(rows: list[list[GridCell]]) -> list[list[tuple[str, bool]]]:
    """Each row as (text, is_span_copy) per grid position, in order."""
    grid: list[list[tuple[str, bool]]] = []
    carried: dict[tuple[int, int], bool] = {}  # positions covered by a rowspan from above
    for row_index, row in enumerate(rows):
        cells: list[tuple[str, bool]] = []
        column = 0
        for cell in row:
            while (row_index, column) in carried:
                cells.append(("", True))
                column += 1
            cells.append((cell.text, False))
            cells.extend([("", True)] * (max(cell.colspan, 1) - 1))
            for below in range(1, max(cell.rowspan, 1)):
                for across in range(max(cell.colspan, 1)):
                    carried[(row_index + below, column + across)] = True
            column += max(cell.colspan, 1)
        while (row_index, column) in carried:
            cells.append(("", True))
            column += 1
        grid.append(cells)
    return grid


def row_cells(cells: list[tuple[str, bool]]) -> list[str]:
    """The row's texts without the span copies that end it."""
    end = len(cells)
    while end > 1 and cells[end - 1][1]:
        end -= 1
    return [text for text, _ in cells[:end]]
