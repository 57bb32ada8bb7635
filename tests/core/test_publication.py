"""The published snapshot (core/publication.py): canonical, and any change is seen."""

from __future__ import annotations

import copy
import json

from hypothesis import given
from hypothesis import strategies as st

from alliance_cli.core.publication import FIELDS, _differences, canonical, digest

SUBJECT = {
    "type": "organisation", "id": 1, "name": "红岩村", "category": "village", "total": "81.50",
    "rank": 1, "category_rank": 1, "stars": 2, "rank_change": None, "stars_change": None,
    "veto": None, "points": {"work_quality": "12.50", "hosting": "10.00"},
}  # fmt: skip
SNAPSHOT = {
    "period": "2025Q4",
    "scheme": {"version": "1", "sha256": "ab"},
    "subjects": [
        SUBJECT,
        {
            **SUBJECT,
            "id": 2,
            "name": "石门村",
            "rank": 2,
            "total": "70.00",
            "points": {"work_quality": "10.00", "hosting": "5.00"},
        },
    ],
}


def test_the_canonical_text_does_not_depend_on_key_order():
    shuffled = json.loads(json.dumps(SNAPSHOT))
    shuffled["subjects"][0] = dict(reversed(list(shuffled["subjects"][0].items())))
    assert canonical(shuffled) == canonical(SNAPSHOT)
    assert " " not in canonical(SNAPSHOT).replace("红岩村", "")


@given(
    st.integers(0, 1),
    st.sampled_from([*FIELDS, "work_quality", "hosting"]),
    st.one_of(st.text(max_size=5), st.integers(-5, 100)),
)
def test_any_change_to_a_published_figure_changes_the_hash_and_is_listed(index, field, value):
    changed = copy.deepcopy(SNAPSHOT)
    subject = changed["subjects"][index]
    if field in subject["points"]:
        subject["points"][field] = str(value)
    else:
        subject[field] = value
    if changed == SNAPSHOT:
        return
    assert digest(canonical(changed)) != digest(canonical(SNAPSHOT))
    listed = _differences(SNAPSHOT, changed)
    assert [(name, what) for name, what, _, _ in listed] == [(subject["name"], field)]
