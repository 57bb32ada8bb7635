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

# --- programme records (issue 4) ---

PROJECT_SCOPES = _vocab(
    Term("common", "共性项目", "common"),
    Term("individual", "个性项目", "individual"),
)

PROJECT_STATUSES = _vocab(
    Term("planned", "计划中", "planned"),
    Term("in_progress", "推进中", "in progress"),
    Term("done", "已完成", "done"),
    Term("dropped", "已终止", "dropped"),
)

PERSON_ROLES = _vocab(
    Term("secretary", "书记", "secretary"),
    Term("mentor", "导师", "mentor"),
    Term("expert", "本土专家", "local expert"),
    Term("activist", "入党积极分子", "activist"),
)

RESOURCE_KINDS = _vocab(
    Term("labour", "劳务", "labour"),
    Term("produce", "农产品", "produce"),
    Term("funds", "资金", "funds"),
    Term("technology", "技术", "technology"),
    Term("management", "管理", "management know-how"),
    Term("information", "信息", "information"),
)

PROPOSER_KINDS = _vocab(
    Term("member", "党员", "party member"),
    Term("resident", "群众", "resident"),
)

SERVICE_STAGES = _vocab(
    Term("proposed", "已选（待认领）", "proposed"),
    Term("taken", "已送（待审定）", "taken up"),
    Term("approved", "已定（待实施）", "approved"),
    Term("delivered", "已实施", "delivered"),
)

WISH_STATUSES = _vocab(
    Term("open", "待认领", "open"),
    Term("claimed", "已认领", "claimed"),
    Term("fulfilled", "已实现", "fulfilled"),
)

CHANNELS = _vocab(
    Term("broadcast", "广播", "broadcast"),
    Term("tv", "电视", "TV"),
    Term("newspaper", "报纸", "newspaper"),
    Term("wechat", "微信公众号", "WeChat official account"),
    Term("other", "其他", "other"),
)

EVIDENCE_TARGETS = _vocab(
    Term("activity", "活动", "activity"),
    Term("case", "案例", "case"),
    Term("score_entry", "评分记录", "score entry"),
)

VOCABULARIES = {
    "kind": ALLIANCE_KINDS,
    "theme": THEMES,
    "category": CATEGORIES,
    "level": LEVELS,
    "role": ROLES,
    "scope": PROJECT_SCOPES,
    "status": PROJECT_STATUSES,
    "person_role": PERSON_ROLES,
    "resource": RESOURCE_KINDS,
    "proposer": PROPOSER_KINDS,
    "stage": SERVICE_STAGES,
    "wish_status": WISH_STATUSES,
    "channel": CHANNELS,
    "target": EVIDENCE_TARGETS,
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
