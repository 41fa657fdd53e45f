"""Knob ranges as command-line flags: every field of a ranges dataclass becomes `--<group>-<field>` with env var
`GENERATOR_<GROUP>_<FIELD>`. The dataclass default is the one place a range is defined; its `help` metadata
documents it. Pairs are written "LO,HI" (e.g. `--camera-elevation -10,60`)."""

from __future__ import annotations

import argparse
import dataclasses
import math
from typing import Any

UNIT = (0.0, 1.0)  # bounds of a probability
POSITIVE = (1e-9, math.inf)  # bounds of a quantity drawn in log space or divided by


def knob(default: Any, help: str, *, choices: tuple[str, ...] | None = None,
         bounds: tuple[float, float] | None = None) -> Any:
    """A dataclass field carrying its flag's help text, and what a value given on the command line may be:
    names from `choices`, numbers within the inclusive `bounds` (checked when the flag is parsed, so a bad value
    is a one-line usage error at start, not a crash at the first frame that draws it)."""
    return dataclasses.field(default=default, metadata={"help": help, "choices": choices, "bounds": bounds})


def parse_pair(text: str) -> tuple[float, float]:
    """'LO,HI' -> (LO, HI), LO <= HI."""
    try:
        low, high = (float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected LO,HI (two numbers), got {text!r}") from None
    if low > high:
        raise argparse.ArgumentTypeError(f"LO must not exceed HI, got {text!r}")
    return low, high


def parse_int_pair(text: str) -> tuple[int, int]:
    """'LO,HI' of integers."""
    low, high = parse_pair(text)
    if low != int(low) or high != int(high):
        raise argparse.ArgumentTypeError(f"expected two integers LO,HI, got {text!r}")
    return int(low), int(high)


def parse_names(text: str) -> tuple[str, ...]:
    """'a,b,c' -> ('a', 'b', 'c')."""
    names = tuple(part.strip() for part in text.split(",") if part.strip())
    if not names:
        raise argparse.ArgumentTypeError("expected at least one name")
    return names


def _parser_for(value: Any) -> Any:
    if isinstance(value, tuple) and value and isinstance(value[0], str):
        return parse_names
    if isinstance(value, tuple) and all(isinstance(v, int) for v in value):
        return parse_int_pair
    if isinstance(value, tuple):
        return parse_pair
    return type(value)


def problem(field: dataclasses.Field, value: Any) -> str | None:
    """What is wrong with `value` for this knob (no names, names outside its choices, numbers outside its
    bounds, LO > HI), or None."""
    choices, bounds = field.metadata.get("choices"), field.metadata.get("bounds")
    values = value if isinstance(value, tuple) else (value,)
    if choices is not None:
        unknown = [str(v) for v in values if v not in choices]
        if unknown or not values:
            return f"unknown {', '.join(unknown) or 'nothing'}; choose from {','.join(choices)}"
    if bounds is not None and not all(bounds[0] <= v <= bounds[1] for v in values):
        return f"must lie within [{bounds[0]:g}, {bounds[1]:g}], got {value}"
    if choices is None and isinstance(value, tuple) and len(value) == 2 and value[0] > value[1]:
        return f"LO must not exceed HI, got {value}"
    return None


class Knobs:
    """Base of the ranges dataclasses: building one with a value its knob refuses raises a one-line ValueError,
    so ranges made in code are as safe as ranges parsed from flags."""

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            error = problem(f, getattr(self, f.name))
            if error is not None:
                raise ValueError(f"{type(self).__name__}.{f.name}: {error}")


def _checked_parser(field: dataclasses.Field) -> Any:
    """The field's parser, refusing what `problem` refuses."""
    parse = _parser_for(field.default)

    def checked(text: str) -> Any:
        parsed = parse(text)
        error = problem(field, parsed)
        if error is not None:
            raise argparse.ArgumentTypeError(error)
        return parsed

    checked.__name__ = parse.__name__  # argparse names the type in its "invalid ... value" message
    return checked


def _metavar(value: Any) -> str | None:
    if isinstance(value, tuple):
        return "NAME,..." if value and isinstance(value[0], str) else "LO,HI"
    return None


def add_knobs(parser: Any, group: str, ranges_class: type) -> None:
    """Register one flag per field of `ranges_class` (a dataclass) under `--group-field`."""
    section = parser.add_argument_group(f"{group} knobs")
    for f in dataclasses.fields(ranges_class):
        name = f"{group}-{f.name}".replace("_", "-")
        section.add_argument(f"--{name}", dest=f"{group}_{f.name}", type=_checked_parser(f),
                             default=f.default, metavar=_metavar(f.default),
                             env_var=f"GENERATOR_{name.upper().replace('-', '_')}", help=f.metadata.get("help", ""))


class KnobError(ValueError):
    """Flags that describe no valid ranges; the message is one line naming the group."""


def knobs_from(args: argparse.Namespace, group: str, ranges_class: type) -> Any:
    """The `ranges_class` instance the parsed flags describe."""
    try:
        return ranges_class(**{f.name: getattr(args, f"{group}_{f.name}") for f in dataclasses.fields(ranges_class)})
    except ValueError as error:  # values from a config file or a default that bypassed the flag's check
        raise KnobError(f"{group} knobs: {error}") from None
