"""The API fuzzing must exercise every operation of the spec: this plugin fails the run when it did not.

Each test function of tests/api/test_schemathesis.py is one test per operation. If their test ids collide
(pytest 9 gave them all the function's name), pytest-xdist schedules one of each and the rest never run
while the run still says "passed". So, in the process that reports the results (the xdist controller, or
pytest itself without -n), count the operations each function really called and compare with the number
of operations in /api/v1/openapi.json. A run narrowed on purpose (-k, --deselect, a node id) is left alone.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

import pytest

FUZZING_MODULE = "tests/api/test_schemathesis.py::"
HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


def spec_operations() -> int:
    from fanzha.urls import api

    return sum(1 for item in api.get_openapi_schema()["paths"].values() for method in item if method in HTTP_METHODS)


def _function(nodeid: str) -> str:
    return nodeid.removeprefix(FUZZING_MODULE).split("[", 1)[0]


class FuzzingCount:
    def __init__(self) -> None:
        self.collected: Counter[str] | None = None
        self.exercised: defaultdict[str, set[str]] = defaultdict(set)

    def _collected(self, nodeids: Iterable[str]) -> None:
        counted = Counter(_function(n) for n in nodeids if n.startswith(FUZZING_MODULE))
        if counted and self.collected is None:  # every xdist worker collects the same list
            self.collected = counted

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: object, ids: list[str]) -> None:
        self._collected(ids)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        if not hasattr(session.config, "workerinput"):
            self._collected(item.nodeid for item in session.items)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" and report.nodeid.startswith(FUZZING_MODULE):
            self.exercised[_function(report.nodeid)].add(report.nodeid)

    def problems(self, config: pytest.Config) -> list[str]:
        if not self.collected:
            return []
        narrowed = bool(config.getoption("keyword") or config.getoption("deselect")) or any(
            "::" in str(arg) for arg in config.args
        )
        if narrowed:
            return []
        expected = spec_operations()
        return [
            f"{function}: {len(self.exercised[function])} of the spec's {expected} operations exercised"
            for function in sorted(self.collected)
            if len(self.exercised[function]) != expected
        ]

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if hasattr(session.config, "workerinput") or session.shouldfail or session.shouldstop:
            return
        problems = self.problems(session.config)
        if problems:
            reporter = session.config.pluginmanager.get_plugin("terminalreporter")
            if reporter is not None:
                reporter.write_sep("=", "API fuzzing did not run every operation", red=True)
                for line in problems:
                    reporter.write_line(line)
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(FuzzingCount(), "fanzha-fuzzing-count")
