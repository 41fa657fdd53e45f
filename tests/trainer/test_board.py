"""`python -m trainer.board`: TensorBoard's out-of-order write errors are dropped, its other messages kept."""

from __future__ import annotations

import inspect
import logging

import pytest

from trainer.board import _OUT_OF_ORDER_WRITE, OutOfOrderWriteFilter


def test_the_filtered_messages_are_tensorboards_own() -> None:
    from tensorboard.backend.event_processing import directory_watcher

    source = inspect.getsource(directory_watcher)
    for template in _OUT_OF_ORDER_WRITE:
        assert template in source.replace('"\n                    "', "")


def test_out_of_order_writes_are_dropped_and_other_messages_kept(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("tensorboard.test")  # a child: the filter on "tensorboard" itself stays unset
    logger.addFilter(OutOfOrderWriteFilter())
    try:
        with caplog.at_level(logging.INFO, logger="tensorboard.test"):
            logger.error("File %s updated even though the current file is %s", "events.1", "events.2")
            logger.error("File %s created after file %s even though it's lexicographically earlier", "a", "b")
            logger.error("Unable to get size of %s: %s", "events.1", "gone")
            logger.info("TensorBoard %s at %s", "2.21.0", "http://localhost:6006/")
    finally:
        logger.filters.clear()
    assert [r.getMessage() for r in caplog.records] == ["Unable to get size of events.1: gone",
                                                        "TensorBoard 2.21.0 at http://localhost:6006/"]
