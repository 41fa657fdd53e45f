"""Assigning Blender properties only when their value changes.

Any RNA assignment tags its data-block for re-evaluation, even with the value it already has, and a
`hide_render` assignment rebuilds the whole depsgraph; each frame sets dozens of such properties, so the
unchanged ones are skipped."""

from __future__ import annotations


def assign(owner: object, name: str, value: object) -> None:
    """`owner.name = value` unless it already is."""
    if getattr(owner, name) != value:
        setattr(owner, name, value)
