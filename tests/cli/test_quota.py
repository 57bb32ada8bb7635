"""`alliance quota ...` through the CLI: an alliance's yearly pool of development quotas
(发展指标), activists (入党积极分子) recommended through it, and the allocation in priority
order that never goes beyond the pool."""

from __future__ import annotations

import json

import pytest

from tests.conftest import query, snapshot

# In the township fixture: 红岩村 leads 红色联盟 (from 2023-01-01), 石门村 joined it on
# 2023-03-01; 新街社区 and 镇派出所 are in 蓝色联盟. All alliances were founded 2023-01-01.


@pytest.fixture
def people(township):
    for name, home in [
        ("甲", "红岩村"),
        ("乙", "红岩村"),
        ("丙", "石门村"),
        ("丁", "石门村"),
        ("戊", "新街社区"),
    ]:
        township.ok("person", "add", name, "--home", home)
    return township


def recommend(cli, person, org, on, *extra, alliance="红色联盟"):
    return cli.ok(
        "quota", "recommend", person, "--alliance", alliance, "--org", org, "--on", on, *extra
    )


def pools(db_path):
    return query(db_path, "SELECT alliance_id, year, quota FROM quota_pool ORDER BY 1, 2")


def allocations(db_path):
    return query(
        db_path,
        "SELECT p.name, r.allocated_year FROM recommendation r JOIN person p "
        "ON p.id = r.person_id WHERE r.allocated_year IS NOT NULL ORDER BY r.id",
    )


# --- quota set -------------------------------------------------------------------------------


def test_set_creates_and_changes_a_pool(people, db_path):
    result = people.ok("quota", "set", "红色联盟", "2024", "2")
    assert result.stderr == "set the 2024 development quota pool of '红色联盟' to 2 (0 allocated)\n"
    people.ok("quota", "set", "红色联盟", "2024", "3")
    people.ok("quota", "set", "红色联盟", "2024", "3")  # the same again: no audit entry
    people.ok("quota", "set", "蓝色联盟", "2024", "0")
    assert pools(db_path) == [(2, 2024, 3), (3, 2024, 0)]
    entries = query(
        db_path,
        "SELECT entity_key, before, after FROM audit_log WHERE entity = 'quota_pool' ORDER BY id",
    )
    assert entries == [
        ("红色联盟@2024", None, '{"quota": 2}'),
        ("红色联盟@2024", '{"quota": 2}', '{"quota": 3}'),
        ("蓝色联盟@2024", None, '{"quota": 0}'),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("无名联盟", "2024", "2"), "no alliance named '无名联盟'"),
        (("--", "红色联盟", "2024", "-1"), "quota cannot be negative (-1)"),
        (("红色联盟", "0", "2"), "'0' is not a valid year"),
        (("红色联盟", "10000", "2"), "'10000' is not a valid year"),
        (("红色联盟", "2022", "2"), "alliance '红色联盟' did not exist in 2022"),
    ],
)
def test_set_refusals_change_nothing(people, db_path, args, message):
    people.refused_unchanged(db_path, "quota", "set", *args, message=message)


def test_set_refuses_a_pool_below_what_was_allocated(people, db_path):
    people.ok("quota", "set", "红色联盟", "2024", "2")
    recommend(people, "甲", "红岩村", "2024-01-10")
    recommend(people, "乙", "红岩村", "2024-01-11")
    people.ok("quota", "allocate", "红色联盟", "2024")
    people.refused_unchanged(
        db_path, "quota", "set", "红色联盟", "2024", "1",
        message="'红色联盟' has already allocated 2 quotas for 2024: the pool cannot be set to 1",
    )  # fmt: skip
    people.ok("quota", "set", "红色联盟", "2024", "2")
    people.ok("quota", "set", "红色联盟", "2024", "4")
    assert pools(db_path) == [(2, 2024, 4)]


# --- quota recommend -------------------------------------------------------------------------


def test_recommend_stores_it_and_makes_the_person_an_activist(people, db_path):
    result = recommend(people, "丙", "石门村", "2024年3月5日", "--priority", "2")
    assert result.stderr == (
        "recorded: '石门村' recommended '丙' as an activist through '红色联盟' on 2024-03-05\n"
        "'丙' now has the role activist/入党积极分子\n"
    )
    assert query(
        db_path,
        "SELECT person_id, alliance_id, organisation_id, recommended_on, priority, "
        "allocated_year FROM recommendation",
    ) == [(3, 2, 2, "2024-03-05", 2, None)]
    assert query(db_path, "SELECT person_id, role FROM person_role") == [(3, "activist")]
    (after,) = query(db_path, "SELECT after FROM audit_log WHERE entity = 'recommendation'")[0]
    assert json.loads(after) == {
        "id": 1,
        "person": "丙",
        "alliance": "红色联盟",
        "organisation": "石门村",
        "recommended_on": "2024-03-05",
        "priority": 2,
    }
    # A second recommendation through another alliance: the role is held already.
    again = recommend(people, "丙", "新街社区", "2024-04-01", alliance="蓝色联盟")
    assert "now has the role" not in again.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("丙", "--alliance", "红色联盟", "--org", "石门村", "--on", "2023-02-01"),
            "'石门村' was not a member of '红色联盟' on 2023-02-01 and cannot recommend through it",
        ),
        (
            ("丙", "--alliance", "红色联盟", "--org", "新街社区", "--on", "2024-01-01"),
            "'新街社区' was not a member of '红色联盟' on 2024-01-01",
        ),
        (
            ("丙", "--alliance", "红色联盟", "--org", "红岩村", "--on", "2022-12-31"),
            "alliance '红色联盟' was not active on 2022-12-31",
        ),
        (
            ("甲", "--alliance", "红色联盟", "--org", "红岩村", "--on", "2024-05-01"),
            "'甲' was already recommended through '红色联盟' on 2024-01-10 and is still waiting",
        ),
        (
            ("乙", "--alliance", "蓝色联盟", "--org", "新街社区", "--on", "2024-05-01"),
            "'乙' already received a development quota in 2024 (through '红色联盟')",
        ),
        (
            ("丙", "--alliance", "红色联盟", "--org", "红岩村", "--priority", "0"),
            "the priority must be a whole number of at least 1 (0)",
        ),
        (("无名氏", "--alliance", "红色联盟", "--org", "红岩村"), "no person named '无名氏'"),
        (("丙", "--alliance", "无名联盟", "--org", "红岩村"), "no alliance named '无名联盟'"),
        (("丙", "--alliance", "红色联盟", "--org", "无名村"), "no organisation named '无名村'"),
        (
            ("丙", "--alliance", "红色联盟", "--org", "红岩村", "--on", "2024-13-01"),
            "2024-13-01",
        ),
    ],
)
def test_recommend_refusals_change_nothing(people, db_path, args, message):
    people.ok("quota", "set", "红色联盟", "2024", "1")
    recommend(people, "乙", "红岩村", "2024-01-01", "--priority", "1")
    people.ok("quota", "allocate", "红色联盟", "2024")
    recommend(people, "甲", "红岩村", "2024-01-10")
    before = snapshot(db_path)
    people.refused("quota", "recommend", *args, message=message)
    assert snapshot(db_path) == before


def test_recommend_needs_alliance_and_org(people):
    result = people("quota", "recommend", "甲", "--alliance", "红色联盟")
    assert result.exit_code == 2 and "--org" in result.stderr


# --- quota allocate --------------------------------------------------------------------------


@pytest.fixture
def candidates(people):
    """Pool 2024 of 红色联盟: 3. Recommendations (id: person, date, priority):
    1 甲 2024-01-10 -, 2 乙 2024-01-05 -, 3 丙 2024-06-01 priority 2, 4 丁 2024-05-01
    priority 1, 5 戊 2025-01-02 (after 2024: not a 2024 candidate) through 红色联盟 by 红岩村."""
    people.ok("quota", "set", "红色联盟", "2024", "3")
    recommend(people, "甲", "红岩村", "2024-01-10")
    recommend(people, "乙", "红岩村", "2024-01-05")
    recommend(people, "丙", "石门村", "2024-06-01", "--priority", "2")
    recommend(people, "丁", "石门村", "2024-05-01", "--priority", "1")
    recommend(people, "戊", "红岩村", "2025-01-02")
    return people


def test_allocate_follows_priority_then_date_and_stops_at_the_pool(candidates, db_path):
    result = candidates.ok("quota", "allocate", "红色联盟", "2024")
    assert result.stderr == (
        "allocated 3 of the 2024 quotas of '红色联盟', in order: 丁、丙、乙; 0 left\n"
    )
    assert allocations(db_path) == [("乙", 2024), ("丙", 2024), ("丁", 2024)]
    before, after = query(
        db_path,
        "SELECT before, after FROM audit_log WHERE entity = 'quota_pool' AND action = 'allocate'",
    )[0]
    assert json.loads(before) == {"quota": 3, "allocated": 0}
    assert json.loads(after) == {"quota": 3, "allocated": 3, "people": ["丁", "丙", "乙"]}

    snap = snapshot(db_path)
    candidates.refused(
        "quota", "allocate", "红色联盟", "2024",
        message="the pool of '红色联盟' for 2024 is used up: all 3 quotas are allocated",
    )  # fmt: skip
    assert snapshot(db_path) == snap


def test_a_bigger_pool_later_goes_to_the_next_in_order(candidates, db_path):
    candidates.ok("quota", "allocate", "红色联盟", "2024", "--count", "1")
    assert allocations(db_path) == [("丁", 2024)]
    candidates.ok("quota", "set", "红色联盟", "2024", "5")
    result = candidates.ok("quota", "allocate", "红色联盟", "2024")
    # 戊 was recommended after 2024: only 3 candidates are left for 2024's 4 free quotas.
    assert result.stderr == (
        "allocated 3 of the 2024 quotas of '红色联盟', in order: 丙、乙、甲; 1 left\n"
    )
    again = candidates.ok("quota", "allocate", "红色联盟", "2024")
    assert again.stderr == "no waiting recommendation for '红色联盟' in 2024; 1 quotas left\n"
    # The waiting list carries over: 戊 is a candidate for 2025.
    candidates.ok("quota", "set", "红色联盟", "2025", "1")
    candidates.ok("quota", "allocate", "红色联盟", "2025")
    assert allocations(db_path)[-1] == ("戊", 2025)


def test_a_person_gets_at_most_one_quota(candidates, db_path):
    recommend(candidates, "丁", "新街社区", "2024-01-01", "--priority", "1", alliance="蓝色联盟")
    candidates.ok("quota", "set", "蓝色联盟", "2024", "1")
    candidates.ok("quota", "allocate", "红色联盟", "2024", "--count", "1")
    assert allocations(db_path) == [("丁", 2024)]
    result = candidates.ok("quota", "allocate", "蓝色联盟", "2024")
    assert result.stderr == "no waiting recommendation for '蓝色联盟' in 2024; 1 quotas left\n"
    assert allocations(db_path) == [("丁", 2024)]
    listed = json.loads(candidates.ok("quota", "list", "蓝色联盟", "2024", "-f", "json").stdout)
    assert [(c["person_name"], c["quota_state"]) for c in listed["candidates"]] == [
        ("丁", "holds_quota")
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("蓝色联盟", "2024"), "'蓝色联盟' has no development quota pool for 2024"),
        (("红色联盟", "2023"), "'红色联盟' has no development quota pool for 2023"),
        (
            ("红色联盟", "2024", "--count", "4"),
            "cannot allocate 4 quotas: only 3 of the 3 of '红色联盟' for 2024 are left",
        ),
        (("红色联盟", "2024", "--count", "0"), "the count must be at least 1 (0)"),
        (("无名联盟", "2024"), "no alliance named '无名联盟'"),
        (("红色联盟", "0"), "'0' is not a valid year"),
    ],
)
def test_allocate_refusals_change_nothing(candidates, db_path, args, message):
    candidates.refused_unchanged(db_path, "quota", "allocate", *args, message=message)


# --- quota list ------------------------------------------------------------------------------


def test_list_shows_the_pool_and_the_candidates_in_order(candidates):
    candidates.ok("quota", "allocate", "红色联盟", "2024", "--count", "2")
    listed = json.loads(candidates.ok("quota", "list", "红色联盟", "2024", "-f", "json").stdout)
    assert listed == {
        "pool": {
            "alliance": "红色联盟",
            "quota_year": 2024,
            "quota_pool": 3,
            "quota_used": 2,
            "quota_left": 1,
        },
        "candidates": [
            {
                "position": 1,
                "person_name": "丁",
                "recommended_by": "石门村",
                "recommended_on": "2024-05-01",
                "quota_priority": 1,
                "quota_state": "allocated",
            },
            {
                "position": 2,
                "person_name": "丙",
                "recommended_by": "石门村",
                "recommended_on": "2024-06-01",
                "quota_priority": 2,
                "quota_state": "allocated",
            },
            {
                "position": 3,
                "person_name": "乙",
                "recommended_by": "红岩村",
                "recommended_on": "2024-01-05",
                "quota_priority": None,
                "quota_state": "waiting",
            },
            {
                "position": 4,
                "person_name": "甲",
                "recommended_by": "红岩村",
                "recommended_on": "2024-01-10",
                "quota_priority": None,
                "quota_state": "waiting",
            },
        ],
    }


def test_list_csv_in_chinese(candidates):
    candidates.ok("quota", "allocate", "红色联盟", "2024", "--count", "1")
    result = candidates.ok("--lang", "zh", "quota", "list", "红色联盟", "2024", "-f", "csv")
    assert result.stdout_bytes.decode("utf-8") == (
        "\ufeff“红色联盟”2024 年发展指标\r\n"
        "项目,内容\r\n"
        "联盟,红色联盟\r\n"
        "年度,2024\r\n"
        "指标总数,3\r\n"
        "已分配,1\r\n"
        "剩余,2\r\n"
        "\r\n"
        "推荐人选（按分配顺序）\r\n"
        "序号,姓名,推荐单位,推荐日期,优先级,指标分配\r\n"
        "1,丁,石门村,2024-05-01,1,已分配\r\n"
        "2,丙,石门村,2024-06-01,2,待分配\r\n"
        "3,乙,红岩村,2024-01-05,,待分配\r\n"
        "4,甲,红岩村,2024-01-10,,待分配\r\n"
    )


def test_list_without_a_pool_still_shows_the_candidates(candidates):
    listed = json.loads(candidates.ok("quota", "list", "红色联盟", "2025", "-f", "json").stdout)
    assert listed["pool"]["quota_pool"] is None and listed["pool"]["quota_left"] is None
    assert [c["person_name"] for c in listed["candidates"]] == ["丁", "丙", "乙", "甲", "戊"]
    candidates.refused("quota", "list", "无名联盟", "2024", message="no alliance named")
