"""Property writes skipped when nothing changes."""

from __future__ import annotations

from generator.blender.props import assign


class Owner:
    """Counts writes to `value`, as Blender counts updates."""

    def __init__(self) -> None:
        self.writes = 0
        self._value = "POINT"

    @property
    def value(self) -> str:
        return self._value

    @value.setter
    def value(self, value: str) -> None:
        self.writes += 1
        self._value = value


def test_an_unchanged_value_is_not_written_and_a_changed_one_is() -> None:
    owner = Owner()
    assign(owner, "value", "POINT")
    assert owner.writes == 0
    assign(owner, "value", "SUN")
    assert owner.value == "SUN" and owner.writes == 1
