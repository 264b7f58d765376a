"""What the tests of every check share: a spy on Verdict.judge, and the rule that each named assertion of a check
has exactly one doctored case that flips it."""
import pytest

from paper_checks.registry import Verdict


@pytest.fixture
def judged(monkeypatch):
    """The assertions dict of every Verdict.judge call, as {name: bool}."""
    calls = []
    original = Verdict.judge.__func__

    def spy(cls, assertions, measured, expected):
        calls.append({name: bool(ok) for name, ok in assertions.items()})
        return original(cls, assertions, measured, expected)
    monkeypatch.setattr(Verdict, "judge", classmethod(spy))
    return calls


@pytest.fixture
def one_case_each():
    """check(names, phrases): every assertion name of a check matches exactly one doctored case's phrase, and
    every phrase exactly one name."""
    def check(names, phrases):
        for name in names:
            assert sum(p in name for p in phrases) == 1, f"no (or an ambiguous) doctored case for {name!r}"
        for phrase in phrases:
            assert sum(phrase in name for name in names) == 1, phrase
    return check
