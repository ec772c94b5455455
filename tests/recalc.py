"""Recalculate an .xlsx written by supportroi.reports with the `formulas` engine,
as Excel would when the file is opened (openpyxl stores formulas without values)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import formulas
import numpy as np
import openpyxl
import schedula
from formulas.tokens.operand import XlError


def _plain(value):
    """A cell's computed value as a Python float, str, None, or the Excel error text."""
    if isinstance(value, np.ndarray):
        value = value.reshape(-1)[0]
    if isinstance(value, XlError):
        return str(value)
    if isinstance(value, (np.floating, np.integer, int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, np.str_):
        return str(value)
    return None if value is schedula.EMPTY else value


class Recalculated:
    """The workbook at ``path``, recalculated: read cells and defined names, or
    recalculate with some input cells changed."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.book = openpyxl.load_workbook(self.path)
        with contextlib.redirect_stderr(io.StringIO()):  # the engine's progress bars
            self.model = formulas.ExcelModel().loads(str(self.path)).finish()
        self.solution = self._solve()

    def _solve(self, inputs=None) -> dict:
        with contextlib.redirect_stderr(io.StringIO()):
            sol = self.model.calculate(inputs=inputs or {})
        return {k.upper(): v for k, v in sol.items()}

    def _key(self, sheet: str, cell: str) -> str:
        """The engine's name of a cell: book name as written, sheet and cell in capitals."""
        return f"'[{self.path.name}]{sheet.upper()}'!{cell.upper()}"

    def address(self, name: str) -> tuple[str, str]:
        """(sheet, cell) of a defined name."""
        ref = self.book.defined_names[name].attr_text
        sheet, cell = ref.rsplit("!", 1)
        return sheet.strip("'").replace("''", "'"), cell.replace("$", "")

    def cell(self, sheet: str, cell: str, solution=None):
        sol = self.solution if solution is None else solution
        entry = sol.get(self._key(sheet, cell).upper())
        return None if entry is None else _plain(entry.value)

    def name(self, name: str, solution=None):
        return self.cell(*self.address(name), solution=solution)

    def with_inputs(self, changes: dict[str, float]) -> dict:
        """A solution with the named input cells set to new values, as if typed in."""
        return self._solve({self._key(*self.address(n)): v for n, v in changes.items()})

    def row_of(self, sheet: str, column: str, text: str) -> int:
        """First row of ``sheet`` whose cell in ``column`` is ``text``."""
        ws = self.book[sheet]
        for cell in ws[column]:
            if cell.value == text:
                return cell.row
        raise KeyError(f"{text!r} not in column {column} of {sheet!r}")
