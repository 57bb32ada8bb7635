"""Every user-facing message and column label, in Chinese and English.

Messages are looked up by key and filled with `str.format`; a test checks that both languages
have every key and the same placeholders.
"""

from __future__ import annotations

import os

LANGUAGES = ("zh", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    # refusals
    "error": ("错误：{message}", "error: {message}"),
    "unknown_alliance": ("没有名为“{name}”的联盟", "no alliance named '{name}'"),
    "unknown_organisation": ("没有名为“{name}”的成员组织", "no organisation named '{name}'"),
    "bad_term": (
        "{field}“{value}”无效，可选：{choices}",
        "invalid {field} '{value}'; choose one of: {choices}",
    ),
    "bad_date": (
        "{field}“{value}”不是有效日期（例：2023-03-05、2023/3/5、2023年3月5日）",
        "{field} '{value}' is not a valid date (e.g. 2023-03-05, 2023/3/5, 2023年3月5日)",
    ),
    "empty_name": ("名称不能为空", "the name must not be empty"),
    "bad_number": ("{field}“{value}”不是整数", "{field} '{value}' is not a whole number"),
    "negative_party_members": (
        "党员数不能为负数（{value}）",
        "the party-member count cannot be negative ({value})",
    ),
    "duplicate_organisation": ("成员组织“{name}”已存在", "an organisation named '{name}' exists"),
    "duplicate_alliance": ("联盟“{name}”已存在", "an alliance named '{name}' already exists"),
    "nothing_to_update": ("没有指定要修改的内容", "nothing to update: give at least one option"),
    "alliance_dissolved": (
        "联盟“{alliance}”已于 {on} 解散",
        "alliance '{alliance}' was dissolved on {on}",
    ),
    "join_before_founded": (
        "联盟“{alliance}”成立于 {founded}，不能在此之前加入",
        "alliance '{alliance}' was founded on {founded}; cannot join earlier",
    ),
    "already_member": (
        "“{organisation}”自 {since} 起已是“{alliance}”的成员",
        "'{organisation}' is already a member of '{alliance}' since {since}",
    ),
    "not_member": (
        "“{organisation}”目前不是“{alliance}”的成员",
        "'{organisation}' is not a member of '{alliance}'",
    ),
    "leave_before_join": (
        "“{organisation}”于 {joined} 加入“{alliance}”，退出日期 {on} 必须晚于加入日期",
        "'{organisation}' joined '{alliance}' on {joined}; "
        "leaving on {on} must be after the join date",
    ),
    "bad_min_members": (
        "最少成员数必须至少为 1（{value}）",
        "the minimum member count must be at least 1 ({value})",
    ),
    "second_core": (
        "已有全域党建联盟“{existing}”，只能有一个",
        "there is already a core alliance ('{existing}'); there can be only one",
    ),
    "core_has_no_parent": ("全域党建联盟没有上级联盟", "the core alliance has no parent"),
    "area_needs_core": (
        "请先创建全域党建联盟（--kind core）或用 --parent 指定上级",
        "create the core alliance first (--kind core) or name a --parent",
    ),
    "area_needs_theme": (
        "片区联盟需要主题（--theme red|green|blue 或自定义名称）",
        "an area alliance needs a theme (--theme red|green|blue or a label)",
    ),
    "task_below_minimum": (
        "任务联盟“{name}”至少需要 {minimum} 个成员组织，现有 {count} 个",
        "task alliance '{name}' needs at least {minimum} organisations; {count} given",
    ),
    "dissolve_before_founded": (
        "联盟“{alliance}”成立于 {founded}，解散日期不能更早",
        "alliance '{alliance}' was founded on {founded}; it cannot be dissolved earlier",
    ),
    "dissolve_before_join": (
        "“{alliance}”有成员于 {joined} 加入，解散日期必须晚于该日",
        "a member joined '{alliance}' on {joined}; it must be dissolved after that day",
    ),
    "dissolve_with_children": (
        "“{alliance}”下还有未解散的联盟“{child}”",
        "'{alliance}' still has an active sub-alliance '{child}'",
    ),
    "belt_too_short": (
        "示范带至少需要两个组织",
        "a demonstration belt needs at least two organisations",
    ),
    "belt_repeats": (
        "示范带中同一组织只能出现一次",
        "an organisation can appear only once in a belt",
    ),
    "db_missing": (
        "数据库文件 {path} 不存在（可先运行 alliance db init 或 alliance demo）",
        "database file {path} does not exist (run 'alliance db init' or 'alliance demo')",
    ),
    "db_unusable": ("无法使用数据库 {url}：{reason}", "cannot use database {url}: {reason}"),
    "db_corrupt": (
        "数据库 {url} 已损坏或不是 SQLite 文件：{reason}",
        "database {url} is corrupt or not a SQLite file: {reason}",
    ),
    "db_newer": (
        "数据库的结构版本 {revision} 比本程序新，请升级 alliance",
        "the database has schema revision {revision}, newer than this program; upgrade alliance",
    ),
    "db_not_ours": ("{path} 不是 alliance 的数据库", "{path} is not an alliance database"),
    "db_migration_orphans": (
        "迁移后有 {count} 条记录的关联丢失，已撤销迁移",
        "the migration left {count} rows without their parents; it was rolled back",
    ),
    "sqlite_only": ("此命令只适用于 SQLite 数据库", "this command works on SQLite databases only"),
    "file_exists": ("文件 {path} 已存在", "file {path} already exists"),
    "folder_missing": ("文件夹 {path} 不存在", "folder {path} does not exist"),
    "backup_failed": ("备份到 {path} 失败：{reason}", "backup to {path} failed: {reason}"),
    "file_unreadable": ("无法读取文件 {path}：{reason}", "cannot read file {path}: {reason}"),
    "file_type": (
        "不支持的文件类型 {path}（可用 .csv 或 .xlsx）",
        "unsupported file type {path} (use .csv or .xlsx)",
    ),
    "xlsx_needs_output": ("xlsx 格式需要 --output 文件", "the xlsx format needs --output FILE"),
    "output_unwritable": ("无法写入 {path}：{reason}", "cannot write {path}: {reason}"),
    "import_rejected": (
        "{path} 有 {count} 行错误，未导入任何数据",
        "{path} has {count} bad rows; nothing was imported",
    ),
    "import_row": ("第 {row} 行：{message}", "row {row}: {message}"),
    "missing_columns": ("缺少列：{columns}", "missing columns: {columns}"),
    "conflicting_organisation": (
        "“{name}”在第 {first} 行的信息不同",
        "'{name}' differs from its details on row {first}",
    ),
    "membership_rewrite": (
        "“{organisation}”在“{alliance}”自 {joined} 起的记录已于 {left} 退出，历史记录不能改写",
        "the spell of '{organisation}' in '{alliance}' from {joined} ended "
        "on {left}; history is not rewritten",
    ),
    "import_empty": ("{path} 没有数据行", "{path} has no data rows"),
    "missing_value": ("“{field}”不能为空", "'{field}' must not be empty"),
    "membership_needs_alliance": (
        "填写了“{field}”，但没有填写联盟",
        "'{field}' is given but the alliance is empty",
    ),
    "conflicting_membership": (
        "“{organisation}”在“{alliance}”自 {joined} 起的成员关系与第 {first} 行不同",
        "the membership of '{organisation}' in '{alliance}' from {joined} differs from row {first}",
    ),
    "role_rewrite": (
        "“{organisation}”在“{alliance}”自 {joined} 起的角色已记录为 {role}，历史记录不能改写",
        "the role of '{organisation}' in '{alliance}' from {joined} is recorded as {role}; "
        "history is not rewritten",
    ),
    "internal_error": (
        "内部错误：{reason}（设置 ALLIANCE_DEBUG=1 查看详情）",
        "internal error: {reason} (set ALLIANCE_DEBUG=1 for details)",
    ),
    # confirmations
    "created_alliance": ("已创建联盟“{name}”", "created alliance '{name}'"),
    "updated_alliance": ("已更新联盟“{name}”", "updated alliance '{name}'"),
    "dissolved_alliance": (
        "联盟“{name}”已于 {on} 解散，关闭成员关系 {count} 条",
        "dissolved '{name}' on {on}; closed {count} memberships",
    ),
    "belt_saved": ("“{name}”的示范带：{chain}", "demonstration belt of '{name}': {chain}"),
    "added_organisation": ("已添加成员组织“{name}”", "added organisation '{name}'"),
    "updated_organisation": ("已更新成员组织“{name}”", "updated organisation '{name}'"),
    "joined": (
        "“{organisation}”于 {on} 加入“{alliance}”",
        "'{organisation}' joined '{alliance}' on {on}",
    ),
    "left": (
        "“{organisation}”于 {on} 退出“{alliance}”",
        "'{organisation}' left '{alliance}' on {on}",
    ),
    "warn_task_below_minimum": (
        "注意：任务联盟“{alliance}”现有 {count} 个成员，低于最少 {minimum} 个",
        "warning: task alliance '{alliance}' now has {count} members, "
        "below its minimum of {minimum}",
    ),
    "imported": (
        "{path}：新增组织 {orgs_added} 个，更新 {orgs_updated} 个；新增成员关系 "
        "{joins} 条，退出 {leaves} 条；未变 {unchanged} 行",
        "{path}: {orgs_added} organisations added, {orgs_updated} updated; "
        "{joins} memberships added, {leaves} closed; {unchanged} rows unchanged",
    ),
    "db_initialised": ("数据库已就绪：{path}", "database ready: {path}"),
    "backup_done": ("已备份到 {path}（{size} 字节）", "backed up to {path} ({size} bytes)"),
    "check_ok": ("数据库完好：{path}", "database is healthy: {path}"),
    "check_failed": (
        "数据库有 {count} 个问题：{path}",
        "database check found problems ({count}): {path}",
    ),
    "written": ("已写入 {path}", "written to {path}"),
    "demo_exists": (
        "数据库已有数据；用 alliance demo --reset 重建（会先备份）",
        "the database already holds data; use 'alliance demo --reset' to rebuild "
        "it (a backup is taken first)",
    ),
    "demo_built": ("示范乡镇已建成：{path}", "demo township built in {path}"),
    "demo_backup": ("原数据库已备份到 {path}", "the previous database was backed up to {path}"),
    "lead_mark": ("（牵头）", " (lead)"),
    "custom_theme": ("自定义：{label}", "custom: {label}"),
    "belt": ("示范带", "demonstration belt"),
    "none": ("无", "none"),
}

COLUMNS: dict[str, tuple[str, str]] = {
    "name": ("名称", "name"),
    "kind": ("类型", "kind"),
    "theme": ("主题", "theme"),
    "parent": ("上级联盟", "parent"),
    "leader": ("负责人", "leader"),
    "goal": ("目标", "goal"),
    "members": ("成员数", "members"),
    "min_members": ("最少成员数", "minimum members"),
    "founded_on": ("成立日期", "founded"),
    "dissolved_on": ("解散日期", "dissolved"),
    "problem": ("问题", "problem"),
    "children": ("下属联盟", "sub-alliances"),
    "belt": ("示范带", "demonstration belt"),
    "category": ("类别", "category"),
    "level": ("层级", "level"),
    "secretary": ("书记", "secretary"),
    "party_members": ("党员数", "party members"),
    "alliances": ("所属联盟", "alliances"),
    "alliance": ("联盟", "alliance"),
    "role": ("角色", "role"),
    "joined_on": ("加入日期", "joined"),
    "left_on": ("退出日期", "left"),
    "date": ("日期", "date"),
    "event": ("事项", "event"),
    "field": ("项目", "field"),
    "value": ("内容", "value"),
    "problem_text": ("问题", "problem"),
    "position": ("序号", "position"),
}

VALUES: dict[str, tuple[str, str]] = {
    "join": ("加入", "join"),
    "leave": ("退出", "leave"),
    "below_minimum": ("成员数低于最少要求", "below minimum members"),
}


def detect_language(option: str | None = None) -> str:
    """`--lang`, else the locale (LC_ALL, LC_MESSAGES, LANG): Chinese for zh_*, else English."""
    if option:
        return option
    for variable in ("ALLIANCE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def translate(key: str, lang: str, **params: object) -> str:
    zh, en = MESSAGES[key]
    return (zh if lang == "zh" else en).format(**params)


def column_label(key: str, lang: str) -> str:
    zh, en = COLUMNS.get(key, (key, key))
    return zh if lang == "zh" else en


def value_label(key: str, lang: str) -> str:
    zh, en = VALUES.get(key, (key, key))
    return zh if lang == "zh" else en
