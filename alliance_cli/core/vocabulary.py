"""The programme's fixed vocabularies: stored codes with their Chinese and English labels.

Codes are what the database stores; the clerk may type either the code or the Chinese label
(`--theme red` or `--theme 红色引领`, `--category 村`).
"""

from __future__ import annotations

from typing import NamedTuple

from alliance_cli.core.errors import InvalidInput


class Term(NamedTuple):
    code: str
    zh: str
    en: str


def _vocab(*terms: Term) -> dict[str, Term]:
    return {term.code: term for term in terms}


ALLIANCE_KINDS = _vocab(
    Term("core", "全域党建联盟", "core alliance"),
    Term("area", "片区联盟", "area alliance"),
    Term("task", "任务联盟", "task alliance"),
)

THEMES = _vocab(
    Term("red", "红色引领", "red: heritage"),
    Term("green", "绿色发展", "green: industry"),
    Term("blue", "蓝色治理", "blue: governance"),
)

CATEGORIES = _vocab(
    Term("village", "村", "village"),
    Term("community", "社区", "community"),
    Term("agency", "机关部门", "agency"),
    Term("enterprise", "非公企业", "enterprise"),
    Term("association", "行业协会", "association"),
    Term("school", "学校", "school"),
    Term("other", "其他", "other"),
)

LEVELS = _vocab(
    Term("county", "县级", "county"),
    Term("township", "乡镇级", "township"),
    Term("village", "村级", "village"),
)

ROLES = _vocab(
    Term("lead", "牵头单位", "lead unit"),
    Term("member", "成员单位", "member"),
)

VOCABULARIES = {
    "kind": ALLIANCE_KINDS,
    "theme": THEMES,
    "category": CATEGORIES,
    "level": LEVELS,
    "role": ROLES,
}


def resolve_term(vocabulary: str, value: str) -> str:
    """The code for `value`, given as a code, a Chinese label or an English label."""
    terms = VOCABULARIES[vocabulary]
    wanted = value.strip()
    for term in terms.values():
        if wanted.lower() in (term.code, term.en.lower()) or wanted == term.zh:
            return term.code
    choices = ", ".join(f"{t.code}/{t.zh}" for t in terms.values())
    raise InvalidInput("bad_term", field=vocabulary, value=value, choices=choices)


def label(vocabulary: str, code: str | None, lang: str) -> str:
    """The label of a stored code in `lang`; unknown codes are shown as they are."""
    if code is None:
        return ""
    term = VOCABULARIES[vocabulary].get(code)
    if term is None:
        return code
    return term.zh if lang == "zh" else term.en
