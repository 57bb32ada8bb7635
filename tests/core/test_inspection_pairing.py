"""Cross-inspection pairing (core/inspection_pairing.py): constraints over successive rounds
for 2-40 subjects, reproducibility, and brute force on small cases."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance_cli.core.inspection_pairing import plan_inspections


def check_round(subjects, plan):
    inspectors = [a for a, _ in plan]
    inspected = [b for _, b in plan]
    assert inspectors == list(subjects)
    assert sorted(inspected) == sorted(subjects)  # everyone is inspected exactly once
    assert all(a != b for a, b in plan)
    if len(subjects) >= 3:
        pairs = set(plan)
        assert not any((b, a) in pairs for a, b in plan), "a mutual pair"


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 40), st.integers(0, 2**32), st.integers(1, 4))
def test_successive_rounds_keep_every_constraint(n, seed, rounds):
    subjects = [f"联盟{i:02d}" for i in range(n)]
    previous: list = []
    for round_number in range(rounds):
        plan = plan_inspections(subjects, seed + round_number, previous)
        check_round(subjects, plan)
        if n >= 3:
            assert not set(plan) & set(previous), "a pair repeated from the last round"
        previous = plan


@given(st.integers(2, 12), st.integers(0, 1000))
def test_same_seed_same_plan(n, seed):
    subjects = list(range(n))
    assert plan_inspections(subjects, seed) == plan_inspections(subjects, seed)


def test_two_subjects_inspect_each_other():
    assert plan_inspections(["甲", "乙"], 1) == [("甲", "乙"), ("乙", "甲")]


def test_repeats_are_avoided_whenever_brute_force_finds_a_way():
    subjects = ["A", "B", "C", "D"]
    for previous in itertools.permutations(subjects):
        last = list(zip(subjects, previous, strict=True))
        if any(a == b for a, b in last):
            continue
        plan = plan_inspections(subjects, 7, last)
        possible = [
            p
            for p in itertools.permutations(subjects)
            if all(a != b for a, b in zip(subjects, p, strict=True))
            and not any(p[subjects.index(b)] == a for a, b in zip(subjects, p, strict=True))
            and not set(zip(subjects, p, strict=True)) & set(last)
        ]
        if possible:
            assert not set(plan) & set(last)


@pytest.mark.parametrize("bad", [[], ["A"], ["A", "A", "B"]])
def test_too_few_or_repeated_subjects_are_refused(bad):
    with pytest.raises(ValueError):
        plan_inspections(bad, 1)
