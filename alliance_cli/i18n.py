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
    "bad_period": (
        "期间“{value}”无效（例：2023Q2、2023H1、2023、2023-05、2023年第二季度）",
        "period '{value}' is not valid (e.g. 2023Q2, 2023H1, 2023, 2023-05)",
    ),
    "no_latest_period": (
        "还没有任何记录，无法确定最新期间",
        "no records yet, so there is no latest period",
    ),
    "bad_month": (
        "月份“{value}”无效（例：2023-01）",
        "month '{value}' is not valid (e.g. 2023-01)",
    ),
    # --- activities (core/activities.py, cli/activity.py) ---
    "negative_count": ("{field}不能为负数（{value}）", "{field} cannot be negative ({value})"),
    "bad_hours": (
        "志愿时长“{value}”无效（非负数，最多两位小数）",
        "volunteer hours '{value}' are not valid (a number >= 0 with at most 2 decimals)",
    ),
    "unknown_kind": (
        "没有“{value}”这种活动类型（见 alliance activity kinds list）",
        "no kind of activity '{value}' (see alliance activity kinds list)",
    ),
    "bad_kind_code": (
        "类型代码“{value}”无效（小写字母开头，可含数字和下划线）",
        "kind code '{value}' is not valid (a lower-case letter, then letters, digits or _)",
    ),
    "duplicate_kind": ("活动类型 {code}/{label} 已存在", "the kind {code}/{label} already exists"),
    "empty_title": ("活动标题不能为空", "the title must not be empty"),
    "activity_in_future": (
        "活动日期 {day} 晚于允许的最晚日期 {limit}（ALLIANCE_MAX_FUTURE_DAYS）",
        "the date {day} is after the latest allowed date {limit} (ALLIANCE_MAX_FUTURE_DAYS)",
    ),
    "alliance_not_active": (
        "联盟“{alliance}”在 {day} 尚未成立或已解散",
        "alliance '{alliance}' was not active on {day}",
    ),
    "org_named_twice": (
        "“{organisation}”在同一活动中出现了两次",
        "'{organisation}' is named twice in one activity",
    ),
    "guest_is_member": (
        "“{organisation}”是“{alliance}”的成员，不是跨联盟嘉宾（用 --org）",
        "'{organisation}' is a member of '{alliance}', not a guest (use --org)",
    ),
    "guest_without_alliance": (
        "“{organisation}”在 {day} 不属于任何其他联盟，不能作为跨联盟单位",
        "'{organisation}' belonged to no other alliance on {day}, so it cannot be a guest",
    ),
    "not_member_on": (
        "“{organisation}”在 {day} 不是“{alliance}”的成员（跨联盟参加请用 --guest）",
        "'{organisation}' was not a member of '{alliance}' on {day} "
        "(use --guest for another alliance's member)",
    ),
    "attendees_below_sum": (
        "参加人数 {total} 少于各单位人数之和 {counted}",
        "total attendees {total} is less than the organisations' attendance {counted}",
    ),
    "hours_per_person": (
        "志愿时长 {hours} 小时超过每人 24 小时（参加人数 {attendees}）",
        "{hours} volunteer hours is over 24 hours per person ({attendees} attendees)",
    ),
    "unknown_venue": ("没有名为“{name}”的场地", "no venue named '{name}'"),
    "duplicate_activity": (
        "同一日期、联盟、主办单位和标题的活动已记录（编号 {id}）",
        "an activity with this date, alliance, host and title is already recorded (id {id})",
    ),
    "unknown_activity": ("没有编号为 {id} 的活动", "no activity with id {id}"),
    "logged_activity": ("已记录活动 {id}：{title}", "logged activity {id}: {title}"),
    "edited_activity": ("已修改活动 {id}", "edited activity {id}"),
    "deleted_activity": ("已删除活动 {id}：{title}", "deleted activity {id}: {title}"),
    "added_kind": ("已添加活动类型 {code}：{label}", "added kind {code}: {label}"),
    # --- activity import (core/activity_import.py) ---
    "activity_import_differs": (
        "同一日期、联盟、主办单位和标题的活动已记录（编号 {id}），但内容不同；"
        "请用 activity edit 修改",
        "already recorded with different details (activity {id}, same date, alliance, host "
        "and title); use activity edit",
    ),
    "activity_import_differs_in_file": (
        "与第 {first} 行的日期、联盟、主办单位和标题相同，但内容不同",
        "same date, alliance, host and title as row {first}, but different details",
    ),
    "activity_import_too_large": ("{field}“{value}”过大", "{field} '{value}' is too large"),
    "activity_import_rejected_many": (
        "{path} 有 {total} 行错误，未导入任何数据（仅列出前 {count} 行）",
        "{path} has {total} bad rows; nothing was imported (the first {count} are listed)",
    ),
    "activity_import_done": (
        "{path}：新增活动 {added} 项，已有 {present} 项，文件内重复 {repeated} 行",
        "{path}: {added} activities added, {present} already present, "
        "{repeated} rows repeated in the file",
    ),
    # --- rotation (core/rotation.py) ---
    "rotation_bad_months": (
        "月数必须在 1 到 {maximum} 之间（{value}）",
        "the number of months must be between 1 and {maximum} ({value})",
    ),
    "rotation_span_too_late": (
        "从 {month} 起的轮办计划超出了可用的年份",
        "a rotation from {month} runs past the last supported year",
    ),
    "rotation_no_plan": (
        "“{alliance}”在 {period} 没有保存的轮办计划（先用 activity rotation --save 保存）",
        "no rotation plan is saved for '{alliance}' in {period} "
        "(save one with 'activity rotation --save')",
    ),
    "rotation_no_host": ("（无可轮办单位）", "(no eligible member)"),
    "rotation_saved": (
        "已保存“{alliance}”{first} 至 {last} 的轮办计划：{hosted} 个月有承办单位",
        "saved the rotation of '{alliance}' for {first} to {last}: {hosted} months with a host",
    ),
    "rotation_unchanged": (
        "“{alliance}”{first} 至 {last} 的轮办计划已保存，未作改动",
        "the rotation of '{alliance}' for {first} to {last} is already saved; nothing changed",
    ),
    "rotation_check_summary": (
        "计划的 {planned} 个月中按计划承办 {kept} 个月",
        "{kept} of {planned} planned months hosted as planned",
    ),
    "rotation_title": ("党建活动轮办：{alliance}", "Host rotation: {alliance}"),
    "rotation_check_title": (
        "轮办执行情况：{alliance} {period}",
        "Rotation kept: {alliance} {period}",
    ),
    "rotation_status_kept": ("按计划承办", "kept"),
    "rotation_status_other_host": ("他单位承办", "other host"),
    "rotation_status_no_activity": ("未开展活动", "no activity"),
    "rotation_status_no_plan": ("无计划", "no plan"),
    # --- venues (core/venues.py) ---
    "bad_time": (
        "{field}“{value}”不是有效时间（24 小时制 HH:MM，例：09:30）",
        "{field} '{value}' is not a time of day (HH:MM, 24-hour, e.g. 09:30)",
    ),
    "booking_not_after_start": (
        "结束时间 {end} 必须晚于开始时间 {start}",
        "the end {end} must be after the start {start}",
    ),
    "bad_capacity": ("容纳人数必须大于 0（{value}）", "the capacity must be above 0 ({value})"),
    "duplicate_venue": ("场地“{name}”已存在", "a venue named '{name}' already exists"),
    "venue_already_shared": (
        "场地“{venue}”已向“{alliance}”开放",
        "'{venue}' is already shared with '{alliance}'",
    ),
    "booking_activity_or_purpose": (
        "请给出 --activity 或 --purpose 之一",
        "give either --activity or --purpose (one of them)",
    ),
    "booking_party_from_activity": (
        "预约方取自活动（联盟和主办单位），使用 --activity 时不要再给 --alliance 或 --org",
        "with --activity the alliance and host come from the activity; "
        "leave out --alliance and --org",
    ),
    "empty_purpose": ("用途不能为空", "the purpose must not be empty"),
    "booking_needs_party": (
        "按用途预约需用 --alliance 或 --org 说明预约方",
        "a booking with --purpose needs --alliance or --org (who books)",
    ),
    "booking_needs_date": ("按用途预约需要 --date", "a booking with --purpose needs --date"),
    "booking_date_not_activity": (
        "活动 {activity} 的日期是 {held_on}，预约日期 {day} 必须相同",
        "activity {activity} is held on {held_on}; the booking date {day} must be the same",
    ),
    "booking_org_not_member": (
        "“{organisation}”在 {day} 不是“{alliance}”的成员，不能以该联盟名义预约",
        "'{organisation}' was not a member of '{alliance}' on {day}, so it cannot book in its name",
    ),
    "venue_not_shared": (
        "场地“{venue}”属于“{owner}”，未向“{alliance}”开放（alliance venue share）",
        "'{venue}' belongs to '{owner}' and is not shared with '{alliance}' "
        "(see alliance venue share)",
    ),
    "venue_owner_only": (
        "场地“{venue}”属于“{owner}”；“{organisation}”只能以已开放联盟的名义预约（--alliance）",
        "'{venue}' belongs to '{owner}'; '{organisation}' may book it only for an alliance "
        "it is shared with (--alliance)",
    ),
    "booking_clash_activity": (
        "场地“{venue}”{day} {start}-{end} 已被预约 {id} 占用（活动 {activity}：{title}）",
        "'{venue}' is already booked on {day} {start}-{end} by booking {id} "
        "(activity {activity}: {title})",
    ),
    "booking_clash_purpose": (
        "场地“{venue}”{day} {start}-{end} 已被预约 {id} 占用（{purpose}）",
        "'{venue}' is already booked on {day} {start}-{end} by booking {id} ({purpose})",
    ),
    "booking_clash": (
        "场地“{venue}”{day} {start}-{end} 已被预约 {id} 占用",
        "'{venue}' is already booked on {day} {start}-{end} by booking {id}",
    ),
    "unknown_booking": ("没有编号为 {id} 的场地预约", "no venue booking with id {id}"),
    "added_venue": ("已添加场地“{name}”", "added venue '{name}'"),
    "shared_venue": (
        "场地“{venue}”已向 {alliances} 开放",
        "'{venue}' is now shared with {alliances}",
    ),
    "booked_venue": (
        "已预约“{venue}”：{day} {start}-{end}（预约编号 {id}）",
        "booked '{venue}' on {day} {start}-{end} (booking {id})",
    ),
    "cancelled_booking": (
        "已取消预约 {id}：“{venue}”{day} {start}-{end}",
        "cancelled booking {id}: '{venue}' on {day} {start}-{end}",
    ),
    "warn_over_capacity": (
        "注意：活动参加人数 {attendees} 超过场地“{venue}”的容纳人数 {capacity}",
        "warning: the activity has {attendees} attendees, more than the {capacity} "
        "that '{venue}' holds",
    ),
    "venues_title": ("场地", "Venues"),
    "bookings_title": ("场地预约", "Venue bookings"),
    "usage_by_venue": ("各场地使用情况（{period}）", "Use per venue ({period})"),
    "usage_by_alliance": ("各联盟使用情况（{period}）", "Use per alliance ({period})"),
    "usage_by_owner": ("场地共享情况（{period}）", "Sharing per owner ({period})"),
    "all_time": ("全部", "all time"),
    "no_alliance": ("（不以联盟名义）", "(no alliance)"),
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
    # --- people (issue 4) ---
    "unknown_person": ("没有名为“{name}”的人员", "no person named '{name}'"),
    "duplicate_person": ("人员“{name}”已存在", "a person named '{name}' already exists"),
    "bad_phone": ("电话“{value}”无效", "'{value}' is not a phone number"),
    "added_person": ("已添加人员“{name}”", "added person '{name}'"),
    # --- projects (issue 4) ---
    # --- wishes and service list (issue 4) ---
    # --- bases, experts and resources (issue 4) ---
    # --- cases and evidence (issue 4) ---
}

COLUMNS: dict[str, tuple[str, str]] = {
    "id": ("编号", "id"),
    "held_on": ("日期", "date"),
    "title": ("标题", "title"),
    "host": ("主办单位", "host"),
    "organisations": ("参与单位数", "organisations"),
    "attendees": ("参加人数", "attendees"),
    "hours": ("志愿时长", "volunteer hours"),
    "venue": ("场地", "venue"),
    "notes": ("备注", "notes"),
    "months": ("应开展月数", "months due"),
    "with_welfare": ("已开展月数", "months held"),
    "missing": ("缺少的月份", "months missed"),
    "kept": ("每月坚持", "kept every month"),
    "planned_hosts": ("轮办计划承办单位", "planned hosts"),
    "code": ("代码", "code"),
    "label_zh": ("中文名称", "Chinese label"),
    "label_en": ("英文名称", "English label"),
    "builtin": ("内置", "built in"),
    "guest": ("跨联盟", "guest"),
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
    # rotation (core/rotation.py)
    "rotation_month": ("月份", "month"),
    "rotation_host": ("承办单位", "host"),
    "rotation_planned_host": ("计划承办单位", "planned host"),
    "rotation_hosts": ("实际承办单位", "actual hosts"),
    "rotation_activities": ("活动数", "activities"),
    "rotation_status": ("执行情况", "status"),
    # venues (core/venues.py)
    "owner": ("所属单位", "owner"),
    "capacity": ("容纳人数", "capacity"),
    "shared_with": ("开放给", "shared with"),
    "starts_at": ("开始", "from"),
    "ends_at": ("结束", "to"),
    "organisation": ("单位", "organisation"),
    "activity_id": ("活动编号", "activity"),
    "purpose": ("用途", "purpose"),
    "bookings": ("预约次数", "bookings"),
    "hours_booked": ("预约时长（小时）", "hours booked"),
    "venues_open": ("可用场地数", "venues open"),
    "venues": ("场地数", "venues"),
    "own_use": ("自用次数", "own use"),
    "served_others": ("服务他单位次数", "served others"),
    "organisations_served": ("服务单位数", "organisations served"),
    # activity import (core/activity_import.py)
    "cohosts": ("协办单位", "cohosts"),
    "participants": ("参与单位", "participants"),
    "guests": ("跨联盟单位", "guests"),
    # --- people (issue 4) ---
    # --- projects (issue 4) ---
    # --- wishes and service list (issue 4) ---
    # --- bases, experts and resources (issue 4) ---
    # --- cases and evidence (issue 4) ---
}

VALUES: dict[str, tuple[str, str]] = {
    "role_host": ("主办", "host"),
    "role_cohost": ("协办", "co-host"),
    "role_participant": ("参与", "participant"),
    "guest": ("跨联盟", "guest"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "join": ("加入", "join"),
    "leave": ("退出", "leave"),
    "below_minimum": ("成员数低于最少要求", "below minimum members"),
    # --- people (issue 4) ---
    # --- projects (issue 4) ---
    # --- wishes and service list (issue 4) ---
    # --- bases, experts and resources (issue 4) ---
    # --- cases and evidence (issue 4) ---
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
