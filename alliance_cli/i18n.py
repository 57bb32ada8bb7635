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
    # --- scoring (issue 5) ---
    "rule_feed_inspection": (
        "；未录入时取交叉检查得分 × {scale}",
        "; when nothing is entered, the cross-inspection points x {scale}",
    ),
    "activity_date_after_case": (
        "活动 {id} 被好经验案例“{case}”引用（撰写于 {written_on}），不能改到其后的 {day}",
        "activity {id} is cited by the case '{case}', written on {written_on}: "
        "it cannot move to {day}, after the case",
    ),
    "activity_date_before_approval": (
        "活动 {id} 实施了服务清单第 {item} 项（{title}，{approved_on} 联盟定），"
        "不能改到其前的 {day}",
        "activity {id} delivers service item {item} ({title}), approved on {approved_on}: "
        "it cannot move to {day}, before the approval",
    ),
    "activity_carries_evidence": (
        "活动 {id} 附有佐证 {evidence}（{name}），不能删除；"
        "请先 alliance evidence detach {evidence}",
        "activity {id} carries evidence {evidence} ({name}); detach it first "
        "(alliance evidence detach {evidence})",
    ),
    "activity_cited_by_case": (
        "活动 {id} 被好经验案例“{case}”引用，不能删除；请先 alliance case unlink",
        "activity {id} is cited by the case '{case}' and cannot be deleted; "
        "unlink it first (alliance case unlink)",
    ),
    "activity_delivers_service": (
        "活动 {id} 是服务清单项目 {item}（{title}）的实施活动，不能删除",
        "activity {id} delivered service item {item} ({title}) and cannot be deleted",
    ),
    "annual_part_quarters": ("季度", "quarters"),
    "annual_part_arena": ("擂台赛", "arena"),
    "annual_part_mutual": ("相互评", "mutual evaluation"),
    "annual_title_organisation": (
        "{year} 年度考评：成员单位（权重：{weights}）",
        "{year} annual evaluation: organisations (weights: {weights})",
    ),
    "annual_title_alliance": (
        "{year} 年度考评：联盟（权重：{weights}）",
        "{year} annual evaluation: alliances (weights: {weights})",
    ),
    "nothing_computed": (
        "还没有计算过任何季度（alliance score compute 2025Q4）",
        "no quarter has been computed yet (run alliance score compute 2025Q4)",
    ),
    "scheme_loaded": (
        "已载入评分方案“{name}”（版本 {version}），自 {start} 起适用；SHA-256 {sha}…",
        "loaded scoring scheme '{name}' (version {version}), in force from {start}; SHA-256 {sha}…",
    ),
    "scheme_builtin": ("内置默认方案", "built-in default"),
    "aggregation_mean": ("成员得分平均值", "mean of the members' totals"),
    "aggregation_median": ("成员得分中位数", "median of the members' totals"),
    "aggregation_sum": ("成员得分之和", "sum of the members' totals"),
    "annual_weights": (
        "季度 {quarters}，擂台赛 {arena}，相互评 {mutual}",
        "quarters {quarters}, arena {arena}, mutual evaluation {mutual}",
    ),
    "scheme_title": ("{period} 适用的评分方案", "scoring scheme in force for {period}"),
    "indicators_title": ("指标", "indicators"),
    "schemes_title": ("已载入的评分方案", "loaded scoring schemes"),
    "computed": ("{period} 已计算：{count} 个对象", "{period} computed: {count} subjects"),
    "explain_title": ("{name} {period} 得分说明", "{name}: how the {period} total is made"),
    "explain_terms_title": ("逐项得分", "points by indicator"),
    "explain_records_title": ("计入的记录", "records counted"),
    "members_line": ("成员单位得分", "members' totals"),
    "members_count": ("（{count} 个成员单位）", " ({count} members)"),
    "veto_line": ("一票否决：{reason}", "veto: {reason}"),
    "veto_title": ("一票否决", "veto"),
    "capped_note": ("按上下限调整（计算值 {raw}）", "held to the limits (computed {raw})"),
    "published": (
        "{period} 已发布（{count} 个对象），SHA-256 {sha}；该季度已锁定",
        "{period} published ({count} subjects), SHA-256 {sha}; the quarter is locked",
    ),
    "unlocked": (
        "{period} 已解锁，原因已记入审计日志",
        "{period} unlocked; the reason is in the audit log",
    ),
    "verify_differences_title": (
        "{period} 与发布时不同之处",
        "{period}: what differs from the published airing",
    ),
    "verify_intact": (
        "{period} 发布的晾晒结果完好（SHA-256 {sha}）",
        "{period}: the published airing is intact (SHA-256 {sha})",
    ),
    "verify_hash_broken": (
        "{period} 发布快照与其 SHA-256 {sha} 不符：已被改动",
        "{period}: the published snapshot no longer matches its SHA-256 {sha}: it was altered",
    ),
    "verify_results_changed": (
        "{period} 数据库中的结果与发布快照不同",
        "{period}: the stored results differ from the published snapshot",
    ),
    "verify_records_changed": (
        "{period} 按现有记录重新计算与发布结果有 {count} 处不同",
        "{period}: the records now give {count} differences from the published airing",
    ),
    "airing_published": ("已发布，SHA-256 {sha}…", "published, SHA-256 {sha}…"),
    "airing_not_published": ("未发布", "not published"),
    "airing_title_organisation": (
        "{period} 成员单位晾晒（{status}）",
        "{period} airing: organisations ({status})",
    ),
    "airing_title_alliance": (
        "{period} 联盟晾晒（{status}）",
        "{period} airing: alliances ({status})",
    ),
    "all_kinds": ("全部类型", "all kinds"),
    "rule_manual": ("人工评定，{min} 至 {max}", "entered by the clerk, {min} to {max}"),
    "rule_activity_count": (
        "每次活动 {points_per} 分（{kinds}），最多 {max}",
        "{points_per} per activity ({kinds}), at most {max}",
    ),
    "rule_host_only": ("，仅计主办", ", as host only"),
    "rule_active_months": (
        "每个有活动的月份 {points_per} 分（{kinds}），最多 {max}",
        "{points_per} per month with an activity ({kinds}), at most {max}",
    ),
    "rule_partners": (
        "每个共同活动的单位 {points_per} 分，最多 {max}",
        "{points_per} per partner organisation met, at most {max}",
    ),
    "rule_attendees": (
        "每 {per} 人次 {rate} 分，最多 {max}",
        "{rate} per {per} attendees, at most {max}",
    ),
    "rule_hours": (
        "每 {per} 小时志愿服务 {rate} 分，最多 {max}",
        "{rate} per {per} volunteer hours, at most {max}",
    ),
    "rule_wish_fulfilment": (
        "{max} × 已实现微心愿 / 本季度登记的微心愿",
        "{max} x fulfilled / registered micro-wishes of the quarter",
    ),
    "rule_project_completion": (
        "{max} × 已完成项目 / 本季度到期项目",
        "{max} x projects done / projects due in the quarter",
    ),
    "rule_venue_sharing": (
        "阵地每服务其他单位一次 {points_per} 分，最多 {max}",
        "{points_per} per use of its venues by others, at most {max}",
    ),
    "rule_per_item_entry": (
        "每项 {points_each} 分（按填报数量），{min} 至 {max}",
        "{points_each} per item entered, {min} to {max}",
    ),
    "rule_per_item_cases": (
        "每篇好经验好做法 {points_each} 分，最多 {max}",
        "{points_each} per good-practice case, at most {max}",
    ),
    "period_not_locked": (
        "{period} 未发布，无需解锁",
        "{period} is not published, so there is nothing to unlock",
    ),
    "unlock_needs_reason": ("解锁需要说明原因（--reason）", "unlocking needs a reason (--reason)"),
    "not_published": (
        "{period} 尚未发布（alliance score publish）",
        "{period} has not been published (see alliance score publish)",
    ),
    "not_computed": (
        "{period} 尚未计算（alliance score compute {period}）",
        "{period} has not been computed (run alliance score compute {period})",
    ),
    "not_scored": ("{name} 在 {period} 不参加评分", "{name} is not scored in {period}"),
    "scheme_missing": (
        "评分方案 {where} 缺少内容",
        "scoring scheme: {where} is missing",
    ),
    "scheme_not_number": (
        "评分方案 {where}（“{value}”）不是数字",
        "scoring scheme: {where} ('{value}') is not a number",
    ),
    "scheme_decimals": (
        "评分方案 {where}（“{value}”）最多两位小数",
        "scoring scheme: {where} ('{value}') has more than two decimal places",
    ),
    "scheme_choice": (
        "评分方案 {where}（“{value}”）应为：{choices}",
        "scoring scheme: {where} ('{value}') must be one of: {choices}",
    ),
    "scheme_not_list": (
        "评分方案 {where}（“{value}”）应为名称列表",
        "scoring scheme: {where} ('{value}') must be a list of names",
    ),
    "scheme_tie_break": (
        "评分方案 {where}（“{value}”）不是方案中的指标代码",
        "scoring scheme: {where} ('{value}') is not an indicator code of the scheme",
    ),
    "scheme_rising": (
        "评分方案 {where}（{value}）应从低到高且不重复",
        "scoring scheme: {where} ({value}) must rise without repeats",
    ),
    "scheme_star_level": (
        "评分方案 {where}（“{value}”）应为 1 至 {top} 星",
        "scoring scheme: {where} ('{value}') must be a star level from 1 to {top}",
    ),
    "scheme_share": (
        "评分方案 {where}（“{value}”）应为 0 至 1 之间的比例",
        "scoring scheme: {where} ('{value}') must be a share between 0 and 1",
    ),
    "scheme_whole": (
        "评分方案 {where}（“{value}”）应为不小于 1 的整数",
        "scoring scheme: {where} ('{value}') must be a whole number of at least 1",
    ),
    "scheme_no_indicator": (
        "评分方案至少要有一个 [[indicator]]",
        "the scoring scheme needs at least one [[indicator]]",
    ),
    "scheme_code": (
        "评分方案 {where}（“{value}”）只能用小写字母、数字和下划线",
        "scoring scheme: {where} ('{value}') may use only lower-case letters, digits and _",
    ),
    "scheme_duplicate": (
        "评分方案 {where}：代码“{value}”重复",
        "scoring scheme: {where}: the code '{value}' is used twice",
    ),
    "scheme_unused": (
        "评分方案 {where}（“{value}”）不适用于来源 {source}",
        "scoring scheme: {where} ('{value}') is not used by source {source}",
    ),
    "scheme_kind": (
        "评分方案 {where}（“{value}”）不是活动类型代码",
        "scoring scheme: {where} ('{value}') is not an activity kind code",
    ),
    "scheme_boolean": (
        "评分方案 {where}（“{value}”）应为 true 或 false",
        "scoring scheme: {where} ('{value}') must be true or false",
    ),
    "scheme_positive": (
        "评分方案 {where}（“{value}”）应大于 0",
        "scoring scheme: {where} ('{value}') must be more than 0",
    ),
    "scheme_min_above_max": (
        "评分方案 {where}（“{value}”）不能高于上限 {maximum}",
        "scoring scheme: {where} ('{value}') is above the maximum {maximum}",
    ),
    "scheme_category": (
        "评分方案 {where}（“{value}”）不是组织类别代码或 all",
        "scoring scheme: {where} ('{value}') is not a category code or all",
    ),
    "scheme_alliance_categories": (
        "评分方案 {where}：联盟指标不分类别",
        "scoring scheme: {where}: alliance indicators have no categories",
    ),
    "scheme_weight_name": (
        "评分方案 {where} 只能是 quarters、arena 或 mutual",
        "scoring scheme: {where} must be quarters, arena or mutual",
    ),
    "scheme_weights": (
        "评分方案 {where} 的权重之和应为 1（现为 {value}）",
        "scoring scheme: the {where} must add up to 1 (they add up to {value})",
    ),
    "scheme_not_toml": (
        "评分方案不是有效的 TOML：{reason}",
        "the scheme is not valid TOML: {reason}",
    ),
    "unknown_subject": (
        "没有名为“{name}”的成员组织或联盟",
        "no organisation or alliance named '{name}'",
    ),
    "ambiguous_subject": (
        "“{name}”既是成员组织也是联盟，请用 --subject-type 指明",
        "'{name}' is both an organisation and an alliance; say which with --subject-type",
    ),
    "not_a_quarter": (
        "“{value}”不是季度（例：2025Q1）",
        "'{value}' is not a quarter (e.g. 2025Q1)",
    ),
    # --- score entries and locks (issue 5) ---
    "period_locked": (
        "{period} 已于 {published_at} 由 {published_by} 发布晾晒并锁定；如需修改，"
        "请先解锁：alliance score unlock {period} --reason 原因",
        "{period} is locked: its airing was published on {published_at} by {published_by}; "
        "to change it, reopen it first with: alliance score unlock {period} --reason ...",
    ),
    "organisation_not_scored": (
        "“{subject}”在 {period} 不参加评分（该季度未加入任何联盟）",
        "'{subject}' is not scored in {period}: it belonged to no alliance during the quarter",
    ),
    "alliance_not_scored": (
        "“{subject}”在 {period} 不参加评分（全域联盟不排名，或该季度尚未成立、已解散）",
        "'{subject}' is not scored in {period}: the core alliance is not ranked, and an area "
        "or task alliance only while it exists",
    ),
    "unknown_indicator": (
        "{period} 适用的评分方案中没有指标“{code}”；“{subject}”可录入的指标：{codes}",
        "no indicator '{code}' in the scheme in force for {period}; indicators that can be "
        "entered for '{subject}': {codes}",
    ),
    "indicator_for_alliances": (
        "指标“{code}”用于联盟，“{subject}”是成员组织",
        "indicator '{code}' scores alliances; '{subject}' is an organisation",
    ),
    "indicator_for_organisations": (
        "指标“{code}”用于成员组织，“{subject}”是联盟",
        "indicator '{code}' scores organisations; '{subject}' is an alliance",
    ),
    "indicator_not_for_category": (
        "指标“{code}”只适用于 {categories}，“{subject}”的类别是 {category}",
        "indicator '{code}' applies only to {categories}; '{subject}' is {category}",
    ),
    "indicator_automatic": (
        "指标“{code}”（{name}）由记录自动计算，不能录入；明细见 alliance score explain",
        "indicator '{code}' ({name}) is computed from the records, not entered; "
        "see alliance score explain",
    ),
    "bad_points": (
        "{field}“{value}”不是最多两位小数的数",
        "{field} '{value}' is not a number with at most two decimal places",
    ),
    "bad_count": (
        "{field}“{value}”应为 0 至 10000 的数量（最多两位小数）",
        "{field} '{value}' must be a count from 0 to 10000 with at most two decimal places",
    ),
    "points_out_of_range": (
        "{value} 超出指标“{code}”的分值范围 {minimum} 至 {maximum}",
        "{value} is outside the range of indicator '{code}': {minimum} to {maximum}",
    ),
    "entry_points_or_count": (
        "--points 和 --count 只能给一个",
        "give either --points or --count, not both",
    ),
    "entry_needs_points": (
        "指标“{code}”录入分值：请用 --points",
        "indicator '{code}' is entered as points: use --points",
    ),
    "entry_needs_count": (
        "指标“{code}”按项计分（每项 {each} 分）：请用 --count 录入数量",
        "indicator '{code}' counts items ({each} points each): give the count with --count",
    ),
    "entry_side_twice": (
        "“{first}”和“{second}”都填了同一类型的得分",
        "'{first}' and '{second}' both give the same kind of value",
    ),
    "conflicting_entry": (
        "{period}“{subject}”指标 {indicator} 与第 {first} 行的得分不同",
        "{period} '{subject}' {indicator} differs from row {first}",
    ),
    "score_entered": (
        "{period}“{subject}”{indicator}：{side} {value} 已录入",
        "{period} '{subject}' {indicator}: {side} {value} entered",
    ),
    "count_entered": (
        "{period}“{subject}”{indicator}：{side}数量 {value}（每项 {each} 分）已录入",
        "{period} '{subject}' {indicator}: {side} count {value} ({each} points each) entered",
    ),
    "score_entry_unchanged": (
        "{period}“{subject}”{indicator}：{side} 已是 {value}，未作修改",
        "{period} '{subject}' {indicator}: {side} is already {value}; nothing changed",
    ),
    "empty_veto_reason": ("一票否决需要说明原因", "a veto needs a reason"),
    "veto_reason_or_clear": (
        "请用 --reason 说明否决原因，或用 --clear 撤销否决（二选一）",
        "give --reason to veto or --clear to lift the veto (one of them)",
    ),
    "no_veto": ("“{subject}”在 {period} 没有一票否决", "'{subject}' has no veto in {period}"),
    "veto_set": (
        "“{subject}”{period} 一票否决：{reason}",
        "'{subject}' vetoed in {period} (一票否决): {reason}",
    ),
    "veto_unchanged": (
        "“{subject}”{period} 已因相同原因一票否决，未作修改",
        "'{subject}' is already vetoed in {period} for that reason; nothing changed",
    ),
    "veto_cleared": (
        "已撤销“{subject}”{period} 的一票否决（原因：{reason}）",
        "lifted the veto of '{subject}' in {period} (it was: {reason})",
    ),
    "scores_imported": (
        "{path}：新增 {added} 项得分，修改 {updated} 项，未变 {unchanged} 项",
        "{path}: {added} values added, {updated} updated, {unchanged} unchanged",
    ),
    "scores_import_unchanged": (
        "{path}：没有变化（{unchanged} 项得分与文件一致）",
        "{path}: nothing changed ({unchanged} values already as in the file)",
    ),
    # --- arena and mutual (issue 5) ---
    "not_a_half": (
        "“{value}”不是半年（例：2023H1、2023年上半年）",
        "'{value}' is not a half-year (e.g. 2023H1 or 2023年上半年)",
    ),
    "not_a_year": ("“{value}”不是年度（例：2023）", "'{value}' is not a year (e.g. 2023)"),
    "bad_judged_points": (
        "{field}“{value}”无效：应为 0 到 100 之间、最多两位小数的分数",
        "{field} '{value}' is not valid: points are 0 to 100 with at most two decimals",
    ),
    "arena_contestant_twice": ("“{name}”被列了两次", "'{name}' is named twice"),
    "arena_contestant_exists": (
        "“{name}”已是 {half} 擂台赛的参赛方",
        "'{name}' is already a contestant of the {half} arena",
    ),
    "arena_core_alliance": (
        "核心联盟“{name}”代表全镇，不能参加擂台赛",
        "the core alliance '{name}' is the whole township and cannot be a contestant",
    ),
    "arena_mixed_subjects": (
        "{half} 擂台赛的参赛方须全是成员组织或全是联盟，“{name}”与其他参赛方不同类",
        "the contestants of the {half} arena must be all organisations or all alliances; "
        "'{name}' is not of the same kind as the others",
    ),
    "arena_too_few": (
        "擂台赛至少要有 2 个参赛方（{half} 只有 {count} 个）",
        "an arena needs at least 2 contestants ({half} would have {count})",
    ),
    "no_arena": (
        "{half} 还没有擂台赛；先用 alliance score arena create {half} --contestant ... 创建",
        "there is no arena for {half}; create it with "
        "'alliance score arena create {half} --contestant ...'",
    ),
    "not_arena_contestant": (
        "“{name}”不是 {half} 擂台赛的参赛方",
        "'{name}' is not a contestant of the {half} arena",
    ),
    "judge_name_too_long": (
        "评委姓名超过 {limit} 个字符",
        "the judge's name is longer than {limit} characters",
    ),
    "judge_scored_twice": (
        "评委 {judge} 已在 {half} 给“{name}”打过分（{points} 分）；要修改请加 --replace",
        "judge {judge} already gave '{name}' {points} points in {half}; "
        "use --replace to change them",
    ),
    "judge_nothing_to_replace": (
        "评委 {judge} 在 {half} 还没有给“{name}”打分，没有可替换的分数",
        "judge {judge} has not scored '{name}' in {half}: there are no points to replace",
    ),
    "arena_created": (
        "{half} 擂台赛新增参赛方 {count} 个：{names}",
        "{half} arena: {count} contestants added: {names}",
    ),
    "arena_judged": (
        "已记录：评委 {judge} 给“{name}”{points} 分（{half}）",
        "recorded: judge {judge} gave '{name}' {points} points ({half})",
    ),
    "arena_rejudged": (
        "已修改：评委 {judge} 给“{name}”的分数 {before} → {points}（{half}）",
        "changed: judge {judge}'s points for '{name}' {before} -> {points} ({half})",
    ),
    "arena_uneven_judges": (
        "注意：各参赛方的评委人数不同（{counts}），去分规则按各自人数执行",
        "note: contestants were scored by different numbers of judges ({counts}); "
        "each is trimmed by its own count",
    ),
    "arena_results_title": (
        "{half} 擂台赛结果（评分方案 {scheme}）",
        "Arena {half}: results (scheme {scheme})",
    ),
    "arena_scores_title": ("{half} 擂台赛评委打分", "Arena {half}: judges' points"),
    "self_rating": ("“{name}”不能给自己评分", "'{name}' cannot rate itself"),
    "rated_twice": (
        "“{rater}”已在 {year} 年给“{ratee}”评过分（{points} 分）；要修改请加 --replace",
        "'{rater}' already rated '{ratee}' {points} points for {year}; use --replace to change it",
    ),
    "rating_nothing_to_replace": (
        "“{rater}”在 {year} 年还没有给“{ratee}”评分，没有可替换的分数",
        "'{rater}' has not rated '{ratee}' for {year}: there is no rating to replace",
    ),
    "mutual_rated": (
        "已记录：“{rater}”给“{ratee}”{points} 分（{year} 年）",
        "recorded: '{rater}' rated '{ratee}' {points} points ({year})",
    ),
    "mutual_rerated": (
        "已修改：“{rater}”给“{ratee}”的分数 {before} → {points}（{year} 年）",
        "changed: '{rater}' rating of '{ratee}' {before} -> {points} ({year})",
    ),
    "mutual_results_title": ("{year} 年述职相互评结果", "Mutual evaluation {year}: results"),
    "mutual_ratings_title": ("{year} 年述职相互评打分", "Mutual evaluation {year}: ratings"),
    # --- inspections (issue 5) ---
    "inspection_bad_points": (
        "检查得分“{value}”无效：应为 0 到 100 的数，最多两位小数",
        "inspection points '{value}' must be a number from 0 to 100 with at most two decimals",
    ),
    "inspection_bad_seed": (
        "种子“{value}”无效：应为 0 到 {most} 的整数",
        "seed '{value}' must be a whole number from 0 to {most}",
    ),
    "inspection_plan_exists": (
        "{period} 已有交叉检查安排（种子 {seed}）；如要重新安排请加 --replace",
        "{period} already has a cross-inspection plan (seed {seed}); "
        "use --replace to plan it again",
    ),
    "inspection_plan_recorded": (
        "{period} 的交叉检查已有 {count} 项登记了得分或问题，不能重新安排",
        "the {period} plan already has points or findings recorded ({count} inspections); "
        "it cannot be planned again",
    ),
    "inspection_too_few": (
        "{period} 只有 {count} 个检查对象，至少需要 2 个",
        "{period} has only {count} subjects to inspect; at least 2 are needed",
    ),
    "inspection_period_locked": (
        "{period} 已发布并锁定，检查得分不能改动；请先 alliance score unlock {period} --reason …",
        "{period} is published and locked, so its inspection points cannot change; "
        "unlock it first with 'alliance score unlock {period} --reason ...'",
    ),
    "inspection_no_plan": (
        "{period} 还没有交叉检查安排（用 alliance score inspect plan {period} 安排）",
        "no cross-inspection plan for {period} (make one with "
        "'alliance score inspect plan {period}')",
    ),
    "inspection_not_in_plan": (
        "“{name}”不在 {period} 的交叉检查安排中",
        "'{name}' has no inspection to make in the {period} plan",
    ),
    "inspection_wrong_pair": (
        "按 {period} 的安排，“{inspector}”检查的是“{assigned}”，不是“{inspected}”",
        "in the {period} plan '{inspector}' inspects '{assigned}', not '{inspected}'",
    ),
    "inspection_recorded": (
        "“{inspector}”对“{inspected}”的 {period} 检查已登记（{points} 分）；如要改正请加 --replace",
        "the {period} inspection of '{inspected}' by '{inspector}' is already recorded "
        "({points} points); use --replace to correct it",
    ),
    "inspection_rectification_started": (
        "问题 {id} 已开始整改，不能再替换这次检查的登记",
        "the rectification of finding {id} has begun; the inspection can no longer be replaced",
    ),
    "inspection_empty_finding": ("问题内容不能为空", "a finding must not be empty"),
    "inspection_before_quarter": (
        "{period} 的检查日期不能早于 {start}",
        "an inspection of {period} cannot be dated before {start}",
    ),
    "inspection_due_without_findings": (
        "--due 是整改期限，需要同时给出 --finding",
        "--due is the date to rectify findings by; give at least one --finding",
    ),
    "inspection_due_before": (
        "整改期限 {due} 早于检查日期 {on}",
        "the due date {due} is before the inspection on {on}",
    ),
    "inspection_unknown_finding": ("没有编号为 {id} 的检查问题", "no inspection finding {id}"),
    "inspection_finding_closed": (
        "问题 {id} 已于 {on} 整改完成，不能再改",
        "finding {id} was closed on {on} and cannot change again",
    ),
    "inspection_finding_already_rectifying": (
        "问题 {id} 已在整改中",
        "finding {id} is already being rectified",
    ),
    "inspection_on_needs_closed": (
        "--on 是整改完成日期，只能与 --status closed（已整改）同用",
        "--on is the closing date: give it only with --status closed",
    ),
    "inspection_closed_before": (
        "整改完成日期 {on} 早于检查日期 {inspected_on}",
        "the closing date {on} is before the inspection on {inspected_on}",
    ),
    "inspection_planned": (
        "已安排 {period} 交叉检查：{count} 项（种子 {seed}）",
        "planned {count} inspections for {period} (seed {seed})",
    ),
    "inspection_replanned": (
        "已重新安排 {period} 交叉检查：{count} 项（种子 {seed}）",
        "planned {period} again: {count} inspections (seed {seed})",
    ),
    "inspection_repeats": (
        "警告：有 {count} 对与 {previous} 的安排重复（没有其他可行的安排）",
        "warning: {count} pairs repeat the {previous} plan (no other plan was possible)",
    ),
    "inspection_plan_title": ("{period} 交叉检查", "Cross-inspection {period}"),
    "inspection_recorded_ok": (
        "已登记 {period}“{inspector}”对“{inspected}”的检查：{points} 分，"
        "问题 {count} 条（编号 {ids}）",
        "recorded the {period} inspection of '{inspected}' by '{inspector}': {points} points, "
        "{count} findings (ids {ids})",
    ),
    "inspection_rerecorded": (
        "已改正 {period}“{inspector}”对“{inspected}”的检查：{points} 分，"
        "问题 {count} 条（编号 {ids}）",
        "corrected the {period} inspection of '{inspected}' by '{inspector}': {points} points, "
        "{count} findings (ids {ids})",
    ),
    "inspection_finding_moved": ("问题 {id}：{status}", "finding {id}: {status}"),
    "inspection_finding_closed_ok": (
        "问题 {id}：{status}（{on}）",
        "finding {id}: {status} on {on}",
    ),
    "inspection_open_title": ("未完成的整改", "Unfinished rectifications"),
    # --- people (issue 4) ---
    "role_added_and_dropped": (
        "不能同时添加和去掉角色 {role}",
        "cannot add and drop the role {role} at once",
    ),
    "role_already_held": ("“{name}”已有角色 {role}", "'{name}' already has the role {role}"),
    "role_not_held": ("“{name}”没有角色 {role}", "'{name}' does not have the role {role}"),
    "role_granted": ("“{name}”已获得角色 {role}", "'{name}' now has the role {role}"),
    "mentor_role_in_use": (
        "“{name}”仍在带“{mentee}”，请先结束传帮带再去掉导师角色",
        "'{name}' still mentors '{mentee}': end that pair before dropping the role mentor",
    ),
    "updated_person": ("已更新人员“{name}”", "updated person '{name}'"),
    "people_title": ("人员", "People"),
    "person_activities_title": ("“{name}”参加的活动", "Activities of '{name}'"),
    "person_mentoring_title": ("导师传帮带", "Mentoring"),
    "person_recommendations_title": ("入党积极分子推荐", "Recommendations as an activist"),
    "attended": (
        "已记录 {count} 人参加活动 {id}：{names}",
        "activity {id}: recorded {count} taking part: {names}",
    ),
    "attended_already": (
        "活动 {id} 已有这些人员：{names}",
        "activity {id} already lists: {names}",
    ),
    "unattended": (
        "已从活动 {id} 移除：{names}",
        "took off activity {id}: {names}",
    ),
    "person_not_at_activity": (
        "活动 {id} 没有记录“{name}”参加",
        "'{name}' is not recorded at activity {id}",
    ),
    "mentor_is_mentee": (
        "导师与学员不能是同一人（{name}）",
        "a mentor cannot be their own mentee ({name})",
    ),
    "mentoring_overlaps": (
        "“{mentor}”带“{mentee}”的传帮带（自 {start} 起）与新的时段重叠",
        "'{mentor}' already mentors '{mentee}' from {start}, overlapping the new pair",
    ),
    "mentoring_reversed": (
        "“{mentee}”在此期间正带“{mentor}”（自 {start} 起），二人不能互为导师",
        "'{mentee}' mentors '{mentor}' in that time (from {start}): "
        "two people cannot mentor each other",
    ),
    "mentoring_paired": (
        "已结对：导师“{mentor}”带学员“{mentee}”，自 {start} 起",
        "paired mentor '{mentor}' with mentee '{mentee}' from {start}",
    ),
    "no_open_mentoring": (
        "“{mentor}”与“{mentee}”没有进行中的传帮带",
        "'{mentor}' has no open mentoring of '{mentee}'",
    ),
    "mentoring_end_not_after_start": (
        "结束日期 {on} 必须晚于开始日期 {start}",
        "the end {on} must be after the start {start}",
    ),
    "mentoring_ended": (
        "已结束导师“{mentor}”带学员“{mentee}”的传帮带（{on} 起不再进行）",
        "ended the mentoring of '{mentee}' by '{mentor}' (no longer active from {on})",
    ),
    "mentoring_title": ("导师传帮带（{on}）", "Mentoring pairs active on {on}"),
    "mentoring_all_title": ("导师传帮带（全部）", "All mentoring pairs"),
    "unknown_mentoring": ("没有编号为 {id} 的传帮带结对", "no mentoring pair with id {id}"),
    "mentoring_dates_overlap": (
        "“{mentor}”带“{mentee}”的另一结对（自 {start} 起）与这些日期重叠",
        "'{mentor}' has another pair mentoring '{mentee}' from {start}, overlapping these dates",
    ),
    "mentoring_updated": (
        "已更新传帮带结对 {id}：导师“{mentor}”，学员“{mentee}”",
        "updated mentoring pair {id}: mentor '{mentor}', mentee '{mentee}'",
    ),
    "mentoring_as_mentor_title": ("“{name}”作为导师", "Pairs with '{name}' as mentor"),
    "mentoring_as_mentee_title": ("“{name}”作为学员", "Pairs with '{name}' as mentee"),
    "bad_year": ("年份“{value}”无效", "'{value}' is not a valid year"),
    "bad_priority": (
        "优先级必须是不小于 1 的整数（{value}）",
        "the priority must be a whole number of at least 1 ({value})",
    ),
    "bad_allocate_count": (
        "分配个数必须至少为 1（{value}）",
        "the count must be at least 1 ({value})",
    ),
    "alliance_not_active_in_year": (
        "联盟“{alliance}”在 {year} 年不存在（未成立或已解散）",
        "alliance '{alliance}' did not exist in {year}",
    ),
    "quota_below_allocated": (
        "“{alliance}”{year} 年已分配 {allocated} 个发展指标，指标总数不能设为 {quota}",
        "'{alliance}' has already allocated {allocated} quotas for {year}: "
        "the pool cannot be set to {quota}",
    ),
    "quota_set": (
        "已设定“{alliance}”{year} 年发展指标 {quota} 个（已分配 {allocated} 个）",
        "set the {year} development quota pool of '{alliance}' to {quota} ({allocated} allocated)",
    ),
    "no_quota_pool": (
        "“{alliance}”没有 {year} 年的发展指标（先用 quota set 设定）",
        "'{alliance}' has no development quota pool for {year} (set one with quota set)",
    ),
    "quota_used_up": (
        "“{alliance}”{year} 年的 {quota} 个发展指标已全部分配",
        "the pool of '{alliance}' for {year} is used up: all {quota} quotas are allocated",
    ),
    "quota_over_pool": (
        "不能分配 {count} 个：“{alliance}”{year} 年的 {quota} 个发展指标只剩 {left} 个",
        "cannot allocate {count} quotas: only {left} of the {quota} of '{alliance}' "
        "for {year} are left",
    ),
    "quota_allocated": (
        "已按顺序分配“{alliance}”{year} 年发展指标 {count} 个：{names}；剩余 {left} 个",
        "allocated {count} of the {year} quotas of '{alliance}', in order: {names}; {left} left",
    ),
    "quota_no_candidates": (
        "“{alliance}”{year} 年没有待分配的推荐人选，剩余 {left} 个指标",
        "no waiting recommendation for '{alliance}' in {year}; {left} quotas left",
    ),
    "recommender_not_member": (
        "“{organisation}”在 {day} 不是“{alliance}”的成员，不能经该联盟推荐",
        "'{organisation}' was not a member of '{alliance}' on {day} "
        "and cannot recommend through it",
    ),
    "already_recommended": (
        "“{name}”已于 {on} 经“{alliance}”推荐，尚待分配指标",
        "'{name}' was already recommended through '{alliance}' on {on} and is still waiting",
    ),
    "already_has_quota": (
        "“{name}”已获得 {year} 年的发展指标（{alliance}）",
        "'{name}' already received a development quota in {year} (through '{alliance}')",
    ),
    "recommended": (
        "已记录：“{organisation}”于 {on} 经“{alliance}”推荐“{name}”为入党积极分子",
        "recorded: '{organisation}' recommended '{name}' as an activist "
        "through '{alliance}' on {on}",
    ),
    "quota_summary_title": (
        "“{alliance}”{year} 年发展指标",
        "Development quotas of '{alliance}' for {year}",
    ),
    "quota_candidates_title": ("推荐人选（按分配顺序）", "Candidates in allocation order"),
    "unknown_person": ("没有名为“{name}”的人员", "no person named '{name}'"),
    "duplicate_person": ("人员“{name}”已存在", "a person named '{name}' already exists"),
    "bad_phone": ("电话“{value}”无效", "'{value}' is not a phone number"),
    "added_person": ("已添加人员“{name}”", "added person '{name}'"),
    # --- projects (issue 4) ---
    "unknown_project": ("没有名为“{name}”的项目", "no project named '{name}'"),
    "duplicate_project": ("项目“{name}”已存在", "a project named '{name}' already exists"),
    "project_needs_unit": (
        "请用 --alliance 指定联盟（共性项目）或用 --org 指定成员组织（个性项目）",
        "give --alliance (a common project 共性项目) or --org (an individual project 个性项目)",
    ),
    "project_secretary_needs_org": (
        "书记领办项目需用 --org 指定由哪个组织的书记领办",
        "a secretary-led project (书记领办) needs --org: the organisation whose secretary leads it",
    ),
    "project_no_secretary": (
        "“{organisation}”没有登记书记，请先用 alliance member update --secretary 登记",
        "'{organisation}' has no secretary recorded; set one with "
        "'alliance member update --secretary' first",
    ),
    "project_secretary_owner": (
        "书记领办项目的负责人就是“{organisation}”的书记，不要再给 --owner",
        "a secretary-led project's owner is the secretary of '{organisation}'; leave out --owner",
    ),
    "project_target_before_start": (
        "目标日期 {target} 早于开始日期 {started}",
        "the target date {target} is before the start {started}",
    ),
    "project_org_not_member": (
        "“{organisation}”在项目开始日 {day} 不是“{alliance}”的成员，个性项目只能归入其所属联盟",
        "'{organisation}' was not a member of '{alliance}' on {day}, the project's start; "
        "an individual project is filed only under an alliance its organisation belongs to",
    ),
    "project_bad_percent": (
        "进度“{value}”无效，应为 0 到 100 的整数",
        "the percentage '{value}' is not valid: give a whole number from 0 to 100",
    ),
    "project_empty_note": ("进展说明不能为空", "the progress note must not be empty"),
    "project_note_before_start": (
        "进展日期 {day} 早于项目开始日期 {started}",
        "the note date {day} is before the project's start {started}",
    ),
    "project_in_future": (
        "{field} 的日期 {day} 晚于今天（{today}）",
        "{field} {day} is after today ({today})",
    ),
    "project_done_no_notes": (
        "项目“{name}”已于 {on} 完成，不能再记进展（如需继续请先 update --status in_progress）",
        "project '{name}' was done on {on} and takes no more notes "
        "(reopen it with update --status in_progress first)",
    ),
    "project_dropped_no_notes": (
        "项目“{name}”已于 {on} 终止，不能再记进展（如需继续请先 update --status in_progress）",
        "project '{name}' was dropped on {on} and takes no more notes "
        "(reopen it with update --status in_progress first)",
    ),
    "project_same_status": (
        "项目“{name}”已是 {status} 状态",
        "project '{name}' is already {status}",
    ),
    "project_on_needs_close": (
        "--on 是项目完成或终止的日期，只能与 --status done 或 --status dropped 一起使用",
        "--on is the day a project was done or dropped: give it with --status done or dropped",
    ),
    "project_finish_before_start": (
        "完成或终止日期 {day} 早于项目开始日期 {started}",
        "the finish date {day} is before the project's start {started}",
    ),
    "project_finish_before_note": (
        "完成或终止日期 {day} 早于最近一次进展（{noted}）",
        "the finish date {day} is before the latest progress note ({noted})",
    ),
    "project_start_after_note": (
        "开始日期 {started} 晚于第一次进展（{noted}）",
        "the start {started} is after the first progress note ({noted})",
    ),
    "project_on_needs_overdue": (
        "--on 是检查逾期的日期，只能与 --overdue 一起使用",
        "--on is the day to check for overdue projects: give it with --overdue",
    ),
    "project_unknown_secretary": (
        "没有成员组织登记了名为“{name}”的书记",
        "no organisation has a secretary named '{name}'",
    ),
    "added_project": ("已添加项目“{name}”", "added project '{name}'"),
    "updated_project": ("已更新项目“{name}”", "updated project '{name}'"),
    "noted_project": (
        "已记录项目“{name}”{day} 的进展：{percent}%",
        "noted progress on '{name}' on {day}: {percent}%",
    ),
    "projects_title": ("项目清单", "Projects"),
    "overdue_title": ("{day} 逾期的项目", "Projects overdue on {day}"),
    "task_list_title": ("书记 {name} 领办的项目", "Projects led by secretary {name}"),
    "project_notes_title": ("项目进展", "Progress notes"),
    "rates_by_alliance_title": (
        "各联盟项目完成率（{period}）",
        "Project completion per alliance ({period})",
    ),
    "rates_by_organisation_title": (
        "各成员组织项目完成率（{period}）",
        "Project completion per organisation ({period})",
    ),
    # --- wishes and service list (issue 4) ---
    "dated_in_future": (
        "{field} 日期 {day} 晚于允许的最晚日期 {limit}（ALLIANCE_MAX_FUTURE_DAYS）",
        "{field} {day} is after the latest allowed date {limit} (ALLIANCE_MAX_FUTURE_DAYS)",
    ),
    "unknown_wish": ("没有编号为 {id} 的微心愿", "no wish with id {id}"),
    "wish_empty_resident": ("群众姓名不能为空", "the resident's name must not be empty"),
    "wish_empty_content": ("心愿内容不能为空", "the wish must not be empty"),
    "wish_no_alliance": (
        "“{organisation}”在 {day} 不属于任何联盟，微心愿须记入其所在联盟",
        "'{organisation}' belonged to no alliance on {day}; a wish is counted for one of "
        "its alliances",
    ),
    "wish_alliance_ambiguous": (
        "“{organisation}”在 {day} 属于多个联盟（{choices}），请用 --alliance 指定",
        "'{organisation}' belonged to several alliances on {day} ({choices}); choose one "
        "with --alliance",
    ),
    "wish_org_not_member": (
        "“{organisation}”在 {day} 不是“{alliance}”的成员，微心愿不能记入该联盟",
        "'{organisation}' was not a member of '{alliance}' on {day}, so the wish cannot be "
        "counted for it",
    ),
    "wish_one_claimant": (
        "请给出 --person 或 --org 之一作为认领人",
        "give either --person or --org as the claimant (one of them)",
    ),
    "wish_fulfilled": ("微心愿 {id} 已于 {on} 实现", "wish {id} was already fulfilled on {on}"),
    "wish_already_claimed": (
        "微心愿 {id} 已由“{claimant}”于 {on} 认领，须先撤回该认领",
        "wish {id} is already claimed by '{claimant}' (since {on}); withdraw that claim first",
    ),
    "wish_before_registration": (
        "日期 {day} 早于微心愿 {id} 的登记日期 {registered}",
        "{day} is before wish {id} was registered ({registered})",
    ),
    "wish_before_withdrawal": (
        "日期 {day} 早于微心愿 {id} 上一次认领的撤回日期 {withdrawn}",
        "{day} is before the last claim of wish {id} was withdrawn ({withdrawn})",
    ),
    "wish_before_claim": (
        "日期 {day} 早于微心愿 {id} 的认领日期 {claimed}",
        "{day} is before wish {id} was claimed ({claimed})",
    ),
    "wish_not_claimed": (
        "微心愿 {id} 当前无人认领，须先认领",
        "wish {id} has no live claim; claim it first",
    ),
    "wish_claimant_not_party_member": (
        "“{name}”不是党员；微心愿由党员或组织认领",
        "'{name}' is not a party member; a wish is claimed by a party member or an organisation",
    ),
    "added_wish": (
        "已登记微心愿 {id}（{resident}，{organisation}，计入{alliance}）",
        "registered wish {id} ({resident}, {organisation}, counted for {alliance})",
    ),
    "claimed_wish": (
        "微心愿 {id} 已由“{claimant}”于 {on} 认领",
        "wish {id} claimed by '{claimant}' on {on}",
    ),
    "withdrew_wish_claim": (
        "已撤回“{claimant}”对微心愿 {id} 的认领（{on}）",
        "withdrew the claim of '{claimant}' on wish {id} ({on})",
    ),
    "fulfilled_wish": (
        "微心愿 {id} 已于 {on} 实现（认领人：{claimant}）",
        "wish {id} fulfilled on {on} (claimed by {claimant})",
    ),
    "updated_wish": ("已更新微心愿 {id}", "updated wish {id}"),
    "wish_registered_after_claim": (
        "登记日期 {day} 晚于微心愿 {id} 的首次认领日期 {claimed}；微心愿须先登记后认领",
        "{day} is after wish {id} was first claimed ({claimed}); a wish is registered "
        "before it is claimed",
    ),
    "wishes_title": ("微心愿", "Micro-wishes"),
    "wish_claims_title": ("认领记录", "Claims"),
    "wish_stats_title": ("微心愿统计（{period}）", "Micro-wishes ({period})"),
    "unknown_service_item": ("没有编号为 {id} 的服务项目", "no service item with id {id}"),
    "service_empty_proposer": ("提出人不能为空", "the proposer's name must not be empty"),
    "service_one_proposer_kind": (
        "请给出 --member（党员）或 --resident（群众）之一",
        "give either --member or --resident (one of them)",
    ),
    "service_at_proposed": (
        "服务项目 {id} 处于“已选（待认领）”阶段，下一步是 service take",
        "service item {id} is at stage 'proposed'; the next step is 'service take'",
    ),
    "service_at_taken": (
        "服务项目 {id} 处于“已送（待审定）”阶段（{organisation}，{on}），下一步是 service approve",
        "service item {id} is at stage 'taken up' (by {organisation} on {on}); the next step "
        "is 'service approve'",
    ),
    "service_at_approved": (
        "服务项目 {id} 处于“已定（待实施）”阶段（{on}），下一步是 service deliver",
        "service item {id} is at stage 'approved' (on {on}); the next step is 'service deliver'",
    ),
    "service_at_delivered": (
        "服务项目 {id} 已由活动 {activity} 于 {on} 实施，没有后续步骤",
        "service item {id} is at stage 'delivered' (by activity {activity} on {on}); nothing "
        "follows",
    ),
    "service_before_proposed": (
        "日期 {day} 早于服务项目 {id} 的提出日期 {on}",
        "{day} is before service item {id} was proposed ({on})",
    ),
    "service_before_taken": (
        "日期 {day} 早于服务项目 {id} 的认领日期 {on}",
        "{day} is before service item {id} was taken up ({on})",
    ),
    "service_org_not_member": (
        "“{organisation}”在 {day} 不是“{alliance}”的成员，不能认领该联盟的服务项目",
        "'{organisation}' was not a member of '{alliance}' on {day}, so it cannot take up "
        "its items",
    ),
    "service_activity_other_alliance": (
        "活动 {activity} 属于“{activity_alliance}”，而服务项目 {id} 属于“{alliance}”",
        "activity {activity} belongs to '{activity_alliance}', but service item {id} to "
        "'{alliance}'",
    ),
    "service_activity_before_approval": (
        "活动 {activity} 于 {held_on} 举行，早于服务项目 {id} 的审定日期 {on}",
        "activity {activity} was held on {held_on}, before service item {id} was approved ({on})",
    ),
    "proposed_service_item": (
        "已提出服务项目 {id}：{title}",
        "proposed service item {id}: {title}",
    ),
    "took_service_item": (
        "“{organisation}”已于 {on} 认领服务项目 {id}",
        "'{organisation}' took up service item {id} on {on}",
    ),
    "approved_service_item": (
        "服务项目 {id} 已于 {on} 审定",
        "approved service item {id} on {on}",
    ),
    "delivered_service_item": (
        "服务项目 {id} 已由活动 {activity} 于 {on} 实施",
        "service item {id} delivered by activity {activity} on {on}",
    ),
    "updated_service_item": (
        "已更新服务项目 {id}：{title}",
        "updated service item {id}: {title}",
    ),
    "warn_service_taker_absent": (
        "提示：认领服务项目 {id} 的“{organisation}”未参加活动 {activity}",
        "warning: '{organisation}', which took up service item {id}, did not take part in "
        "activity {activity}",
    ),
    "service_items_title": ("活动服务清单", "Activity service list"),
    # --- bases, experts and resources (issue 4) ---
    "unknown_base": ("没有名为“{name}”的产业基地", "no industry base named '{name}'"),
    "duplicate_base": ("产业基地“{name}”已存在", "an industry base named '{name}' already exists"),
    "base_text_too_long": (
        "{field}最多 {limit} 个字",
        "{field} is too long (at most {limit} characters)",
    ),
    "base_already_linked": (
        "“{organisation}”已关联产业基地“{base}”",
        "'{organisation}' is already linked to '{base}'",
    ),
    "added_base": ("已添加产业基地“{name}”", "added industry base '{name}'"),
    "linked_base": (
        "产业基地“{base}”已关联 {organisations}",
        "'{base}' is now linked to {organisations}",
    ),
    "warn_base_not_green": (
        "注意：“{alliance}”不是绿色发展联盟，产业基地“{base}”仍已归入该联盟",
        "warning: '{alliance}' is not a green alliance; '{base}' was put in it all the same",
    ),
    "bases_title": ("产业基地", "Industry bases"),
    "updated_base": ("已更新产业基地“{name}”", "updated industry base '{name}'"),
    "base_not_linked": (
        "“{organisation}”未关联产业基地“{base}”",
        "'{organisation}' is not linked to '{base}'",
    ),
    "unlinked_base": (
        "产业基地“{base}”已取消关联 {organisations}",
        "'{base}' is no longer linked to {organisations}",
    ),
    "not_an_expert": (
        "“{name}”不是本土专家（请先添加角色：alliance person update {name} --add-role expert）",
        "'{name}' is not a local expert (give the role first: "
        "alliance person update {name} --add-role expert)",
    ),
    "visit_needs_expert": ("请至少指定一名专家", "name at least one expert"),
    "recorded_visit": (
        "已记录专家服务 {id}：{title}（{experts}）",
        "recorded expert visit {id}: {title} ({experts})",
    ),
    "experts_title": ("本土专家服务团", "Local experts"),
    "visits_title": ("专家服务记录", "Expert service visits"),
    "expert_needs_home": (
        "“{name}”尚未登记，请用 --home 指定其所在党组织",
        "'{name}' is not on record yet: give their home organisation with --home",
    ),
    "expert_home_differs": (
        "“{name}”的所在党组织是“{home}”，不是“{given}”（如需调动：alliance person update "
        "{name} --home {given}）",
        "'{name}' belongs to '{home}', not '{given}' (to move them: "
        "alliance person update {name} --home {given})",
    ),
    "added_expert": ("已添加本土专家“{name}”（{home}）", "added local expert '{name}' ({home})"),
    "made_expert": (
        "“{name}”已加入本土专家服务团（{home}）",
        "'{name}' is now a local expert ({home})",
    ),
    "resource_bad_amount": (
        "{field}“{value}”无效（大于 0 的数，最多两位小数）",
        "{field} '{value}' is not valid (a number above 0 with at most 2 decimals)",
    ),
    "resource_amount_too_large": (
        "{field}“{value}”过大（最大 {maximum}）",
        "{field} '{value}' is too large (at most {maximum})",
    ),
    "resource_needs_amount": (
        "请给出数量（--quantity 和 --unit）或价值（--value，大于 0）",
        "give a quantity (--quantity with --unit) or a value above 0 (--value), or both",
    ),
    "resource_quantity_needs_unit": ("给出 --quantity 时需要 --unit", "--quantity needs --unit"),
    "resource_unit_without_quantity": (
        "给出 --unit 时需要 --quantity",
        "--unit is given without --quantity",
    ),
    "resource_unit_too_long": (
        "单位最多 {limit} 个字",
        "the unit is too long (at most {limit} characters)",
    ),
    "resource_same_org": (
        "提供方和接收方不能都是“{organisation}”",
        "the provider and the receiver cannot both be '{organisation}'",
    ),
    "resource_not_member": (
        "“{organisation}”在 {day} 不是“{alliance}”的成员（跨联盟流动请用 --cross）",
        "'{organisation}' was not a member of '{alliance}' on {day} "
        "(use --cross for a flow across alliances)",
    ),
    "resource_cross_without_alliance": (
        "“{organisation}”在 {day} 不属于任何联盟，不能记录跨联盟流动",
        "'{organisation}' belonged to no alliance on {day}, so it cannot take part in a flow",
    ),
    "recorded_flow": (
        "已记录要素流动 {id}：{provider} → {receiver}（{day}）",
        "recorded resource flow {id}: {provider} to {receiver} on {day}",
    ),
    "warn_same_flow": (
        "注意：记录 {id} 与记录 {other} 完全相同，如为重复录入请核对",
        "warning: record {id} is identical to record {other}; check it is not a double entry",
    ),
    "flows_title": ("要素流动", "Resource sharing"),
    "flow_totals_title": ("要素流动合计（{period}）", "Resource sharing totals ({period})"),
    "unknown_flow": ("没有编号为 {id} 的要素流动记录", "no resource flow with id {id}"),
    "flow_title": ("要素流动记录 {id}", "Resource flow {id}"),
    "updated_flow": ("已修改要素流动记录 {id}", "updated resource flow {id}"),
    "deleted_flow": (
        "已删除要素流动记录 {id}：{provider} → {receiver}（{day}）",
        "deleted resource flow {id}: {provider} to {receiver} on {day}",
    ),
    # --- cases and evidence (issue 4) ---
    "unknown_case": ("没有标题为“{title}”的案例", "no case titled '{title}'"),
    "duplicate_case": ("案例“{title}”已存在", "a case titled '{title}' already exists"),
    "case_title_too_long": ("标题不能超过 {maximum} 个字", "the title is longer than {maximum}"),
    "case_needs_owner": (
        "案例需要 --alliance 或 --org（是谁的经验做法）",
        "a case needs --alliance or --org (whose practice it is)",
    ),
    "case_activity_after_case": (
        "活动 {id} 于 {held_on} 举行，晚于案例撰写日期 {written_on}，不能引用",
        "activity {id} was held on {held_on}, after the case was written on {written_on}",
    ),
    "case_activity_other_alliance": (
        "活动 {id} 不属于“{alliance}”或其下属联盟",
        "activity {id} is not an activity of '{alliance}' or an alliance under it",
    ),
    "case_activity_not_taken_part": (
        "“{organisation}”没有参加活动 {id}",
        "'{organisation}' did not take part in activity {id}",
    ),
    "case_already_linked": (
        "案例“{title}”已引用活动 {id}",
        "case '{title}' already cites activity {id}",
    ),
    "case_not_linked": (
        "案例“{title}”没有引用活动 {id}",
        "case '{title}' does not cite activity {id}",
    ),
    "bad_link": (
        "链接“{value}”无效（以 http:// 或 https:// 开头的网址）",
        "link '{value}' is not a web address (http:// or https://)",
    ),
    "publicity_before_case": (
        "宣传日期 {published_on} 早于案例撰写日期 {written_on}",
        "the publicity date {published_on} is before the case was written on {written_on}",
    ),
    "duplicate_publicity": (
        "{on} 同一渠道的宣传“{title}”已记录",
        "'{title}' on that channel on {on} is already recorded",
    ),
    "added_case": ("已添加案例“{title}”", "added case '{title}'"),
    "linked_case": ("案例“{title}”已引用活动 {ids}", "case '{title}' now cites activities {ids}"),
    "unlinked_case": (
        "案例“{title}”不再引用活动 {ids}",
        "case '{title}' no longer cites activities {ids}",
    ),
    "publicised_case": ("已记录案例“{title}”的宣传", "recorded publicity of case '{title}'"),
    "updated_case": ("已更新案例“{title}”", "updated case '{title}'"),
    "unknown_publicity": (
        "案例“{title}”没有编号为 {id} 的宣传记录",
        "case '{title}' has no publicity record {id}",
    ),
    "unpublicised_case": (
        "已删除案例“{title}”的宣传记录 {id}（{headline}）",
        "removed publicity {id} ({headline}) of case '{title}'",
    ),
    "cases_title": ("好经验好做法", "Good practice cases"),
    "case_activities_title": ("引用的活动", "Activities cited"),
    "case_publicity_title": ("宣传报道", "Publicity"),
    "evidence_sqlite_only": (
        "佐证文件保存在 SQLite 数据库文件旁，其他数据库不支持此命令",
        "evidence files are kept beside a SQLite database file; this database has no such place",
    ),
    "unknown_score_entry": (
        "没有评分记录 {id}（编号或 季度/对象/指标）",
        "no score entry {id} (an id, or QUARTER/SUBJECT/INDICATOR)",
    ),
    "evidence_one_target": (
        "请给出 --activity、--case、--score-entry 中的一个",
        "give exactly one of --activity, --case or --score-entry",
    ),
    "evidence_no_file": ("文件 {path} 不存在", "file {path} does not exist"),
    "evidence_not_a_file": ("{path} 不是文件", "{path} is not a file"),
    "evidence_folder_unwritable": (
        "无法写入佐证文件夹 {path}：{reason}",
        "cannot write to the evidence folder {path}: {reason}",
    ),
    "evidence_already_attached": (
        "同一文件已作为佐证 {id} 附在“{about}”上",
        "the same file is already attached to '{about}' (evidence {id})",
    ),
    "unknown_evidence": ("没有编号为 {id} 的佐证", "no evidence with id {id}"),
    "evidence_copy_missing": (
        "佐证 {id} 的保存副本 {path} 已丢失",
        "the stored copy of evidence {id} is missing: {path}",
    ),
    "evidence_copy_changed": (
        "佐证 {id} 的保存副本 {path} 已被改动，不能导出",
        "the stored copy of evidence {id} has changed and is not exported: {path}",
    ),
    "attached_evidence": (
        "已将 {name} 作为佐证 {id} 附在{target}“{about}”上（SHA-256 {sha}…）",
        "attached {name} to {target} '{about}' as evidence {id} (SHA-256 {sha}...)",
    ),
    "evidence_repaired": (
        "注意：保存副本 {path} 曾丢失或被改动，已用此相同文件恢复",
        "note: the stored copy {path} was missing or changed; this identical file restored it",
    ),
    "exported_evidence": ("已将佐证 {id} 导出到 {path}", "exported evidence {id} to {path}"),
    "detached_evidence": ("已移除佐证 {id}：{name}", "detached evidence {id}: {name}"),
    "evidence_title": ("佐证材料", "Evidence files"),
    "evidence_problems_title": ("佐证核查问题", "Evidence problems"),
    "evidence_detail_missing": ("副本不存在：{path}", "no stored copy at {path}"),
    "evidence_detail_size": (
        "大小应为 {size} 字节，实为 {found} 字节",
        "size {found} bytes, {size} recorded",
    ),
    "evidence_detail_hash": (
        "SHA-256 应为 {sha}…，实为 {found}…",
        "SHA-256 {found}..., {sha}... recorded",
    ),
    "evidence_detail_target_missing": (
        "所附的活动、案例或评分记录已删除",
        "the activity, case or score entry it was attached to is gone",
    ),
    "evidence_verified": (
        "佐证完好：{count} 项附件，{files} 个文件",
        "evidence intact: {count} attachments, {files} files",
    ),
    "evidence_problems": (
        "佐证核查：缺失 {missing}，被改动 {changed}，对象已删除 {target_missing}，"
        "重复使用 {reused}",
        "evidence check: {missing} missing, {changed} changed, {target_missing} attached to "
        "something gone, {reused} reused across activities",
    ),
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
    # --- scoring (issue 5) ---
    "self_review": ("自评→审核不一致", "self-assessed -> reviewed"),
    "quarters": ("各季度得分", "quarterly totals"),
    "quarter_mean": ("季度平均", "quarterly mean"),
    "arena": ("擂台赛", "arena"),
    "mutual": ("相互评", "mutual evaluation"),
    "grade": ("等次", "grade"),
    "demonstration": ("示范点", "demonstration point"),
    "aggregation": ("联盟得分方式", "alliance totals"),
    "tie_break": ("同分时比较", "tie-break"),
    "star_thresholds": ("星级分数线", "star thresholds"),
    "star_caps": ("星级比例上限", "star caps"),
    "annual_weights": ("年度权重", "annual weights"),
    "grades": ("年度等次", "grades"),
    "scheme": ("评分方案", "scheme"),
    "explained": ("逐项合计", "sum of the lines"),
    "subject_type": ("对象类型", "subject type"),
    "category_rank": ("类别内排名", "rank in category"),
    "total": ("总分", "total"),
    "stars": ("星级", "stars"),
    "rank_change": ("排名变化", "rank change"),
    "stars_change": ("星级变化", "stars change"),
    "veto": ("一票否决", "veto"),
    "rule": ("计分规则", "rule"),
    "min": ("下限", "min"),
    "max": ("上限", "max"),
    "categories": ("适用类别", "categories"),
    "version": ("版本", "version"),
    "effective_from": ("起用季度", "in force from"),
    "loaded_at": ("载入时间", "loaded at"),
    "loaded_by": ("载入人", "loaded by"),
    "counted": ("计数", "counted"),
    "points": ("得分", "points"),
    "explain_note": ("说明", "note"),
    "ref": ("记录", "record"),
    "text": ("内容", "content"),
    "amount": ("数量", "amount"),
    "used": ("计入", "used"),
    "subject": ("对象", "subject"),
    "published": ("发布时", "published"),
    "now": ("现在", "now"),
    "period": ("期间", "period"),
    # --- score entries and locks (issue 5) ---
    "entry_period": ("季度", "quarter"),
    "entries_title": ("得分录入", "score entries"),
    "vetoes_title": ("一票否决", "vetoes"),
    "audit_title": ("评分审计记录", "scoring audit trail"),
    "entry_subject": ("对象", "subject"),
    "entry_subject_type": ("对象类型", "subject type"),
    "entry_indicator": ("指标", "indicator"),
    "entry_indicator_name": ("指标名称", "indicator name"),
    "entry_points": ("得分", "points"),
    "entry_kind": ("类型", "kind"),
    "entry_note": ("备注", "note"),
    "entry_self": ("自评得分", "self-assessed"),
    "entry_self_note": ("自评备注", "self note"),
    "entry_reviewed": ("审核得分", "reviewed"),
    "entry_reviewed_note": ("审核备注", "review note"),
    "entry_used": ("采用得分", "used"),
    "veto_reason": ("否决原因", "reason"),
    "entered_at": ("录入时间", "entered at"),
    "entered_by": ("录入人", "entered by"),
    "audit_at": ("时间", "when"),
    "audit_actor": ("操作人", "who"),
    "audit_action": ("操作", "action"),
    "audit_entity": ("类别", "what"),
    "audit_key": ("事项", "item"),
    "audit_before": ("修改前", "before"),
    "audit_after": ("修改后", "after"),
    # --- arena and mutual (issue 5) ---
    "contestant": ("参赛方", "contestant"),
    "judges": ("评委人数", "judges"),
    "judge": ("评委", "judge"),
    "judge_scores": ("评委打分", "judges' points"),
    "kept_scores": ("计入的分数", "points kept"),
    "arena_result": ("最终得分", "result"),
    "rank_points": ("名次分", "rank points"),
    "judge_points": ("分数", "points"),
    "rater": ("评分单位", "rater"),
    "ratee": ("被评单位", "rated"),
    "peer_count": ("评分单位数", "peers"),
    "peer_mean": ("平均分", "mean"),
    "peer_points": ("分数", "points"),
    # --- inspections (issue 5) ---
    "inspection_subject_type": ("检查对象", "subject type"),
    "inspector": ("检查方", "inspector"),
    "inspected": ("被检查方", "inspected"),
    "inspection_points": ("检查得分", "points"),
    "inspected_on": ("检查日期", "inspected on"),
    "finding_count": ("问题数", "findings"),
    "findings_unfinished": ("未完成整改", "unfinished"),
    "inspection_seed": ("种子", "seed"),
    "inspection_period": ("季度", "quarter"),
    "finding": ("问题", "finding"),
    "finding_due_on": ("整改期限", "due"),
    "finding_overdue": ("逾期", "overdue"),
    # --- people (issue 4) ---
    "person_name": ("姓名", "name"),
    "person_home": ("所在支部", "home organisation"),
    "person_roles": ("角色", "roles"),
    "person_party_member": ("党员", "party member"),
    "person_speciality": ("专长", "speciality"),
    "person_phone": ("电话", "phone"),
    "person_activities": ("参加活动数", "activities"),
    "person_cross_alliance": ("跨联盟", "cross-alliance"),
    "mentor": ("导师", "mentor"),
    "mentor_home": ("导师所在支部", "mentor's home"),
    "mentee": ("学员", "mentee"),
    "mentee_home": ("学员所在支部", "mentee's home"),
    "mentoring_from": ("开始日期", "from"),
    "mentoring_until": ("结束日期", "until"),
    "mentoring_state": ("状态", "state"),
    "recommended_by": ("推荐单位", "recommended by"),
    "recommended_on": ("推荐日期", "recommended on"),
    "quota_priority": ("优先级", "priority"),
    "quota_state": ("指标分配", "quota"),
    "allocated_year": ("分配年度", "allocated in"),
    "quota_year": ("年度", "year"),
    "quota_pool": ("指标总数", "pool"),
    "quota_used": ("已分配", "allocated"),
    "quota_left": ("剩余", "left"),
    # --- projects (issue 4) ---
    "scope": ("项目类别", "scope"),
    "secretary_led": ("书记领办", "secretary-led"),
    "responsible": ("负责人", "responsible"),
    "started_on": ("开始日期", "started"),
    "target_on": ("目标日期", "target date"),
    "status": ("状态", "status"),
    "finished_on": ("完成或终止日期", "finished"),
    "percent": ("进度（%）", "progress (%)"),
    "noted_on": ("进展日期", "noted"),
    "note": ("进展说明", "note"),
    "description": ("说明", "description"),
    "days_overdue": ("逾期天数", "days overdue"),
    "due": ("到期项目数", "due"),
    "done": ("已完成", "done"),
    "on_time": ("按期完成", "done on time"),
    "not_done": ("未完成", "not done"),
    "dropped": ("到期前终止", "dropped before target"),
    "completion_rate": ("完成率（%）", "completion rate (%)"),
    "on_time_rate": ("按期完成率（%）", "on-time rate (%)"),
    # --- wishes and service list (issue 4) ---
    "resident": ("群众", "resident"),
    "content": ("心愿内容", "wish"),
    "wish_status": ("状态", "status"),
    "registered_on": ("登记日期", "registered"),
    "claimant": ("认领人", "claimed by"),
    "claimant_kind": ("认领方类型", "claimant type"),
    "claimed_on": ("认领日期", "claimed"),
    "withdrawn_on": ("撤回日期", "withdrawn"),
    "fulfilled_on": ("实现日期", "fulfilled"),
    "rank": ("排名", "rank"),
    "registered": ("新登记", "registered"),
    "carried_over": ("上期结转", "carried over"),
    "wishes_due": ("应办", "due"),
    "claimed": ("已认领", "claimed"),
    "fulfilled": ("已实现", "fulfilled"),
    "claim_rate": ("认领率（%）", "claim rate %"),
    "fulfilment_rate": ("实现率（%）", "fulfilment rate %"),
    "stage": ("阶段", "stage"),
    "proposed_by": ("提出人", "proposed by"),
    "proposer_kind": ("提出人身份", "proposer"),
    "proposed_on": ("提出日期", "proposed"),
    "taken_by": ("结对单位（送）", "taken up by"),
    "taken_on": ("结对日期", "taken up"),
    "approved_on": ("审定日期（定）", "approved"),
    "activity_title": ("实施活动", "activity title"),
    "delivered_on": ("实施日期", "delivered"),
    # --- bases, experts and resources (issue 4) ---
    "product": ("产品", "product"),
    "linked_organisations": ("关联单位", "linked organisations"),
    "visits": ("专家服务次数", "expert visits"),
    "last_visit": ("最近服务日期", "last visit"),
    "base": ("产业基地", "base"),
    "experts": ("专家", "experts"),
    "home": ("所在党组织", "home organisation"),
    "speciality": ("专长", "speciality"),
    "bases_visited": ("服务基地数", "bases visited"),
    "party_member": ("党员", "party member"),
    "happened_on": ("日期", "date"),
    "provider": ("提供方", "from"),
    "receiver": ("接收方", "to"),
    "quantity": ("数量", "quantity"),
    "unit": ("单位", "unit"),
    "value_yuan": ("价值（元）", "value (yuan)"),
    "records": ("记录数", "records"),
    "quantities": ("数量合计", "quantities"),
    # --- cases and evidence (issue 4) ---
    "written_on": ("撰写日期", "written"),
    "activities": ("引用活动数", "activities"),
    "publicity": ("宣传次数", "publicity"),
    "channels": ("宣传渠道", "channels"),
    "evidence": ("佐证数", "evidence files"),
    "summary": ("摘要", "summary"),
    "published_on": ("宣传日期", "published"),
    "channel": ("渠道", "channel"),
    "link": ("链接", "link"),
    "original_name": ("原文件名", "original name"),
    "size": ("大小（字节）", "size (bytes)"),
    "sha256": ("SHA-256", "SHA-256"),
    "target": ("附于", "attached to"),
    "target_id": ("对象编号", "target id"),
    "about": ("对象", "target"),
    "attached_at": ("附加时间", "attached at"),
    "attached_by": ("附加人", "attached by"),
    "stored_file": ("保存位置", "stored copy"),
    "state": ("副本状态", "copy"),
    "evidence_ids": ("佐证编号", "evidence"),
    "target_ids": ("对象编号", "targets"),
    "detail": ("说明", "detail"),
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
    # --- scoring (issue 5) ---
    "new_entry": ("新", "new"),
    "no_stars": ("无星", "none"),
    "subject_organisation": ("成员单位", "organisation"),
    "subject_alliance": ("联盟", "alliance"),
    "all_categories": ("全部", "all"),
    # --- score entries and locks (issue 5) ---
    "entry_side_self": ("自评", "self-assessed"),
    "entry_side_reviewed": ("审核", "reviewed"),
    # --- arena and mutual (issue 5) ---
    "arena_no_scores": ("未评分", "no scores"),
    # --- inspections (issue 5) ---
    "inspection_subject_alliance": ("联盟", "alliance"),
    "inspection_subject_organisation": ("成员组织", "organisation"),
    "finding_open": ("待整改", "open"),
    "finding_rectifying": ("整改中", "rectifying"),
    "finding_closed": ("已整改", "closed"),
    # --- people (issue 4) ---
    "mentoring_active": ("进行中", "active"),
    "mentoring_ended": ("已结束", "ended"),
    "mentoring_future": ("未开始", "not started"),
    "quota_allocated": ("已分配", "allocated"),
    "quota_waiting": ("待分配", "waiting"),
    "quota_holds_quota": ("已获其他指标", "holds a quota"),
    "cross_alliance_mark": ("跨联盟", "cross-alliance"),
    # --- projects (issue 4) ---
    # --- wishes and service list (issue 4) ---
    "claimant_person": ("党员", "party member"),
    "claimant_organisation": ("组织", "organisation"),
    # --- bases, experts and resources (issue 4) ---
    # --- cases and evidence (issue 4) ---
    "evidence_ok": ("完好", "intact"),
    "evidence_missing": ("文件缺失", "missing"),
    "evidence_changed": ("文件被改动", "changed"),
    "evidence_target_missing": ("对象已删除", "target gone"),
    "evidence_reused": ("重复使用（形式主义？）", "reused across activities"),
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
