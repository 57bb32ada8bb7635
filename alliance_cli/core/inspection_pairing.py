"""Who inspects whom (交叉检查): one assignment per round, reproducible from a seed.

Constraints, in order of strength:
1. nobody inspects itself;
2. with three or more subjects, no two inspect each other in the same round;
3. no inspector is given the same subject as in the previous round, where avoidable.

An assignment that meets 1 and 2 is a permutation whose cycles all have length 3 or more;
the planner looks for a single cycle through every subject (a Hamiltonian cycle) that uses
no pair of the previous round, by depth-first search in an order shuffled by the seed. With
up to 40 subjects the allowed pairs form a dense graph and the search ends at once; if no
such cycle exists (e.g. three subjects whose previous round already used both directions)
it takes the cycle that repeats the fewest previous pairs.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterable, Sequence
from typing import TypeVar

Subject = TypeVar("Subject", bound=Hashable)

MAX_STEPS = 200_000  # DFS steps before settling for the fewest repeats


def plan_inspections(
    subjects: Sequence[Subject],
    seed: int,
    previous: Iterable[tuple[Subject, Subject]] = (),
) -> list[tuple[Subject, Subject]]:
    """(inspector, inspected) pairs, one per subject, in the subjects' given order.

    `subjects` must be distinct and at least two; the same subjects, seed and previous pairs
    always give the same plan.
    """
    people = list(subjects)
    if len(set(people)) != len(people):
        raise ValueError("subjects must be distinct")
    if len(people) < 2:
        raise ValueError("at least two subjects are needed")
    if len(people) == 2:
        first, second = people
        return [(first, second), (second, first)]
    rng = random.Random(seed)
    shuffled = people[:]
    rng.shuffle(shuffled)
    avoid = set(previous)
    cycle = _cycle_avoiding(shuffled, avoid, rng) or _cycle_fewest_repeats(shuffled, avoid, rng)
    target = {cycle[i]: cycle[(i + 1) % len(cycle)] for i in range(len(cycle))}
    return [(subject, target[subject]) for subject in people]


def _cycle_avoiding(order: list, avoid: set, rng: random.Random) -> list | None:
    """A Hamiltonian cycle starting at order[0] that uses no pair in `avoid`, or None."""
    start = order[0]
    path = [start]
    used = {start}
    candidates = {s: [t for t in order if t != s and (s, t) not in avoid] for s in order}
    for options in candidates.values():
        rng.shuffle(options)
    steps = 0
    stack = [iter(candidates[start])]
    while stack:
        steps += 1
        if steps > MAX_STEPS:
            return None
        nxt = next(stack[-1], None)
        if nxt is None:
            stack.pop()
            used.discard(path.pop())
            continue
        if nxt in used:
            continue
        path.append(nxt)
        used.add(nxt)
        if len(path) == len(order):
            if (nxt, start) not in avoid:
                return path
            used.discard(path.pop())
            continue
        stack.append(iter(candidates[nxt]))
    return None


def _cycle_fewest_repeats(order: list, avoid: set, rng: random.Random) -> list:
    """Among a few hundred seeded cycles (the given order first), one with the fewest pairs
    from `avoid`. Only reached when no cycle avoids them all, which for three or more
    subjects with a previous round of single cycles happens only in tiny cases."""
    best, best_repeats = None, None
    candidate = order[:]
    for _ in range(500):
        repeats = sum(
            (candidate[i], candidate[(i + 1) % len(candidate)]) in avoid
            for i in range(len(candidate))
        )
        if best_repeats is None or repeats < best_repeats:
            best, best_repeats = candidate[:], repeats
        if repeats == 0:
            break
        rest = candidate[1:]
        rng.shuffle(rest)
        candidate = [candidate[0], *rest]
    return best
