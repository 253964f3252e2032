"""The site benchmark's table: figures as they come, then each target met or missed."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class Target:
    name: str
    measured: float
    needed: float
    higher: bool  # met when measured >= needed; otherwise when measured < needed
    unit: str

    @property
    def met(self) -> bool:
        return self.measured >= self.needed if self.higher else self.measured < self.needed

    @property
    def ratio(self) -> float:
        """Measured ÷ needed: above 1 is good for a floor, below 1 for a ceiling."""
        return self.measured / self.needed if self.needed else float("inf")


@dataclass
class Table:
    machine: str
    rows: list[tuple[str, float, str, str, int]] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def row(self, what: str, figure: float, unit: str, note: str = "", *, failed: int = 0) -> None:
        self.rows.append((what, figure, unit, note, failed))
        shown = f"{figure:,.0f}" if figure >= 100 else f"{figure:,.2f}"
        print(f"  {what}: {shown} {unit}" + (f" ({failed} failed)" if failed else ""), flush=True)

    def target(self, name: str, measured: float, needed: float, *, higher=True, unit="") -> None:
        self.targets.append(Target(name, measured, needed, higher, unit))

    def note(self, text: str) -> None:
        self.notes.append(text)
        print(f"  note: {text}", flush=True)

    def print(self) -> int:
        """The table, the targets and the notes; 1 when a target was missed or a call failed."""
        print(f"\n### make bench — {time.strftime('%Y-%m-%d')}, {self.machine}\n")
        print("| what | figure | unit | failed | notes |")
        print("| --- | ---: | --- | ---: | --- |")
        for what, figure, unit, note, failed in self.rows:
            shown = f"{figure:,.0f}" if figure >= 100 else f"{figure:,.2f}"
            print(f"| {what} | {shown} | {unit} | {failed} | {note} |")
        print("\n| target | measured | needed | measured ÷ needed | |")
        print("| --- | ---: | ---: | ---: | --- |")
        for t in self.targets:
            sign = "≥" if t.higher else "<"
            print(
                f"| {t.name} | {t.measured:,.2f}{t.unit} | {sign} {t.needed:,.2f}{t.unit} | "
                f"{t.ratio:.2f} | {'met' if t.met else '**missed**'} |"
            )
        for text in self.notes:
            print(f"\n- {text}")
        failed_calls = sum(row[4] for row in self.rows)
        missed = [t.name for t in self.targets if not t.met]
        if failed_calls:
            missed.append(f"{failed_calls} requests failed (4xx/5xx or socket errors)")
        print("\n" + ("targets met" if not missed else "MISSED: " + "; ".join(missed)))
        return 1 if missed else 0
