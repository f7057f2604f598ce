"""The replay behind each notebook's page test (tests/notebook_pages.py), on kernel messages written here.

`make test` writes each notebook's page from the messages nbval read while it ran the notebook,
replayed through nbclient's own handling. These tests pin what that replay must do as nbclient's
run would: drop messages of other requests, honour cleared outputs, route what an Output widget
captures into its state, number the cells as a run that keeps history, and refuse a notebook
whose cell did not run.
"""

from __future__ import annotations

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from notebook_pages import replay

LANGUAGE = {"name": "python", "pygments_lexer": "ipython3"}


def _message(msg_type: str, parent: str, **content) -> dict:
    return {"msg_type": msg_type, "parent_header": {"msg_id": parent}, "header": {"msg_type": msg_type},
            "metadata": {}, "content": content, "buffers": []}


def _run(parent: str, *middle: dict) -> list[dict]:
    """A cell's messages as nbval reads them: busy, the cell's own messages, then idle."""
    return [_message("status", parent, execution_state="busy"), *middle,
            _message("status", parent, execution_state="idle")]


def _notebook():
    return new_notebook(cells=[new_markdown_cell("# Title"), new_code_cell("print('a')"), new_code_cell("show()"),
                               new_code_cell("")])


def test_outputs_numbers_and_language_as_a_run_writes_them():
    recorded = {
        0: _run("A", _message("stream", "A", name="stdout", text="a\n"),
                _message("stream", "OLD", name="stdout", text="late output of an earlier cell\n")),
        1: _run("B", _message("display_data", "B", data={"text/plain": "first"}, metadata={}),
                _message("clear_output", "B", wait=True),
                _message("execute_result", "B", data={"text/plain": "second"}, metadata={}, execution_count=0)),
        2: _run("C"),
    }
    given = _notebook()
    nb = replay(given, recorded, LANGUAGE)
    printed, shown, blank = nb.cells[1], nb.cells[2], nb.cells[3]
    assert [o.text for o in printed.outputs] == ["a\n"]
    assert [o.data["text/plain"] for o in shown.outputs] == ["second"]
    assert (printed.execution_count, shown.execution_count, blank.execution_count) == (1, 2, None)
    assert shown.outputs[0].execution_count == 2
    assert nb.metadata.language_info == LANGUAGE
    assert given.cells[1].outputs == [] and "language_info" not in given.metadata   # left as it was


def test_what_an_output_widget_captures_goes_into_its_state():
    output_model = {"_model_module": "@jupyter-widgets/output", "_model_module_version": "1.0.0",
                    "_model_name": "OutputModel", "_view_module": "@jupyter-widgets/output",
                    "outputs": [], "msg_id": ""}
    recorded = {
        0: _run("A"),
        1: _run("B", _message("comm_open", "B", comm_id="w1", target_name="jupyter.widget",
                              data={"state": output_model, "buffer_paths": []}),
                _message("comm_msg", "B", comm_id="w1", data={"method": "update", "state": {"msg_id": "B"},
                                                              "buffer_paths": []}),
                _message("display_data", "B", data={"text/plain": "a figure"}, metadata={}),
                _message("comm_msg", "B", comm_id="w1", data={"method": "update", "state": {"msg_id": ""},
                                                              "buffer_paths": []}),
                _message("display_data", "B", data={"text/plain": "after"}, metadata={})),
        2: _run("C"),
    }
    nb = replay(_notebook(), recorded, LANGUAGE)
    state = nb.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"]["w1"]["state"]
    assert [o["data"]["text/plain"] for o in state["outputs"]] == ["a figure"]
    assert [o.data["text/plain"] for o in nb.cells[2].outputs] == ["after"]


def test_a_cell_that_did_not_run_is_named():
    with pytest.raises(AssertionError, match="code cell 1 did not run"):
        replay(_notebook(), {0: _run("A"), 2: _run("C")}, LANGUAGE)
