"""Evidence rules tested directly: where copies live, that the stored SHA-256 is the content's
for any bytes and verification is clean until a byte changes, that a failed transaction
leaves no copy behind (and a failed detach puts its copy back), and the exit-code rule."""

from __future__ import annotations

import hashlib
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, insert, select, text

from alliance_cli.core.errors import Duplicate, InvalidInput, NotFound
from alliance_cli.core.evidence import (
    FileChanges,
    attach_evidence,
    detach_evidence,
    evidence_files,
    evidence_folder,
    failing,
    find_score_entry,
    hash_file,
    stored_path,
    stored_suffix,
    verify_evidence,
)
from alliance_cli.storage.engine import make_engine
from alliance_cli.storage.models import evidence, good_case, metadata, organisation

SHA = "ab" + "0" * 62


# --- pure helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "suffix"),
    [
        ("签到表.JPG", ".jpg"),
        ("scan.pdf", ".pdf"),
        ("archive.tar.GZ", ".gz"),
        ("no_suffix", ""),
        (".hidden", ""),
        ("odd.j p g", ""),
        ("照片.图片", ""),
        ("long.abcdefghijklmnopq", ""),
        ("x.mp4", ".mp4"),
    ],
)
def test_stored_suffix_is_lower_case_ascii_or_nothing(name, suffix):
    assert stored_suffix(name) == suffix


def test_stored_path_is_content_addressed(tmp_path):
    assert stored_path(tmp_path, SHA, "A.JPG") == tmp_path / "ab" / f"{SHA}.jpg"


@pytest.mark.parametrize(
    ("url", "folder"),
    [
        ("sqlite:////data/镇/alliance.db", Path("/data/镇/alliance.db.evidence")),
        ("sqlite:////data/t.sqlite3", Path("/data/t.sqlite3.evidence")),
    ],
)
def test_the_folder_is_named_after_the_database_file(url, folder):
    assert evidence_folder(url) == folder


@pytest.mark.parametrize(
    "url", ["sqlite://", "sqlite:///:memory:", "postgresql://clerk@db.county/alliance"]
)
def test_other_databases_have_no_evidence_folder(url):
    with pytest.raises(InvalidInput) as caught:
        evidence_folder(url)
    assert caught.value.key == "evidence_sqlite_only"


@pytest.mark.parametrize(
    ("kinds", "strict", "expected"),
    [
        ((), False, False),
        (("reused",), False, False),
        (("target_missing", "reused"), False, False),
        (("reused",), True, True),
        (("missing",), False, True),
        (("changed", "reused"), False, True),
    ],
)
def test_only_missing_or_changed_copies_fail_unless_strict(kinds, strict, expected):
    assert failing([{"problem": kind} for kind in kinds], strict=strict) is expected


# --- a database with one organisation and two cases ------------------------------------------


class Township:
    """A file database in `root` with cases 1 and 2 to attach evidence to."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.database = root / "t.db"
        self.engine = make_engine(f"sqlite:///{self.database}")
        metadata.create_all(self.engine)
        self.folder = evidence_folder(f"sqlite:///{self.database}")
        with self.engine.begin() as connection:
            connection.execute(insert(organisation).values(id=1, name="甲村", category="village"))
            for case_id in (1, 2):
                connection.execute(
                    insert(good_case).values(
                        id=case_id,
                        title=f"案例{case_id}",
                        organisation_id=1,
                        written_on=date(2023, 6, 30),
                    )
                )

    def attach(self, source: Path, case: str = "案例1") -> dict:
        with evidence_files() as files, self.engine.begin() as connection:
            return attach_evidence(
                connection, source, folder=self.folder, files=files, case_title=case, actor="t"
            )

    def verify(self) -> dict:
        with self.engine.connect() as connection:
            return verify_evidence(connection, folder=self.folder)

    def rows(self) -> int:
        with self.engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(evidence)).scalar()

    def files(self) -> list[Path]:
        if not self.folder.exists():
            return []
        return sorted(p for p in self.folder.rglob("*"))


@pytest.fixture
def township(tmp_path):
    place = Township(tmp_path)
    yield place
    place.engine.dispose()


# --- property: the stored hash is the content's, verification tracks every byte ---------------


@settings(max_examples=40, deadline=None)
@given(
    content=st.binary(max_size=3000), position=st.integers(min_value=0), flip=st.integers(1, 255)
)
def test_stored_sha_is_the_contents_and_verify_is_clean_until_a_byte_changes(
    content, position, flip
):
    with tempfile.TemporaryDirectory() as root:
        place = Township(Path(root))
        try:
            source = Path(root) / "photo.JPG"
            source.write_bytes(content)
            attached = place.attach(source)
            assert attached["sha256"] == hashlib.sha256(content).hexdigest()
            assert attached["size"] == len(content)
            copy = attached["stored_file"]
            assert copy.read_bytes() == content
            assert hash_file(copy) == (attached["sha256"], len(content))
            assert place.verify()["problems"] == []
            if content:
                damaged = bytearray(content)
                damaged[position % len(content)] ^= flip
                copy.write_bytes(bytes(damaged))
            else:
                copy.write_bytes(bytes([flip]))
            [problem] = place.verify()["problems"]
            assert problem["problem"] == "changed"
            copy.write_bytes(content)
            assert place.verify()["problems"] == []
        finally:
            place.engine.dispose()


# --- transactions and files --------------------------------------------------------------------


def test_a_failed_transaction_removes_the_new_copy_and_its_folders(township, tmp_path):
    source = tmp_path / "scan.pdf"
    source.write_bytes(b"sign-in sheet")
    with (
        pytest.raises(RuntimeError),
        evidence_files() as files,
        township.engine.begin() as connection,
    ):
        attach_evidence(
            connection, source, folder=township.folder, files=files, case_title="案例1", actor="t"
        )
        assert len(files.created) == 3  # the folder, the shard folder, the copy
        raise RuntimeError("the commit failed")
    assert township.rows() == 0
    assert not township.folder.exists()


def test_a_failed_transaction_keeps_copies_made_earlier(township, tmp_path):
    source = tmp_path / "scan.pdf"
    source.write_bytes(b"sign-in sheet")
    kept = township.attach(source)["stored_file"]
    with (
        pytest.raises(RuntimeError),
        evidence_files() as files,
        township.engine.begin() as connection,
    ):
        attach_evidence(
            connection, source, folder=township.folder, files=files, case_title="案例2", actor="t"
        )
        assert files.created == []  # the content was stored already
        raise RuntimeError("the commit failed")
    assert kept.read_bytes() == b"sign-in sheet"
    assert township.rows() == 1


def test_a_refusal_inside_attach_cleans_up_without_the_context_manager(township, tmp_path):
    source = tmp_path / "scan.pdf"
    source.write_bytes(b"sheet")
    township.attach(source)
    files = FileChanges()
    with township.engine.begin() as connection, pytest.raises(Duplicate):
        attach_evidence(
            connection, source, folder=township.folder, files=files, case_title="案例1", actor="t"
        )
    assert files.created == []
    assert [p.name for p in township.files() if p.name.startswith(".")] == []


def test_a_file_that_does_not_exist_is_refused_before_anything_happens(township, tmp_path):
    with township.engine.begin() as connection, pytest.raises(NotFound) as caught:
        attach_evidence(
            connection,
            tmp_path / "gone.jpg",
            folder=township.folder,
            files=FileChanges(),
            case_title="案例1",
            actor="t",
        )
    assert caught.value.key == "evidence_no_file"
    assert not township.folder.exists()


def test_detach_deletes_the_copy_only_after_the_commit(township, tmp_path):
    source = tmp_path / "scan.pdf"
    source.write_bytes(b"sheet")
    attached = township.attach(source)
    copy = attached["stored_file"]
    with (
        pytest.raises(RuntimeError),
        evidence_files() as files,
        township.engine.begin() as connection,
    ):
        detach_evidence(connection, attached["id"], folder=township.folder, files=files, actor="t")
        assert not copy.exists()  # set aside: a concurrent attach cannot rely on it
        raise RuntimeError("the commit failed")
    assert copy.read_bytes() == b"sheet"
    assert township.rows() == 1
    with evidence_files() as files, township.engine.begin() as connection:
        detach_evidence(connection, attached["id"], folder=township.folder, files=files, actor="t")
    assert township.rows() == 0
    assert township.files() == []  # copy and shard folder gone; the folder itself stays empty


def test_verify_reads_each_shared_copy_once_and_reports_reuse(township, tmp_path):
    source = tmp_path / "scan.pdf"
    source.write_bytes(b"sheet")
    township.attach(source, "案例1")
    township.attach(source, "案例2")
    checked = township.verify()
    assert (checked["checked"], checked["files"]) == (2, 1)
    assert checked["problems"] == []  # the same file on two cases is not reused paperwork


# --- score entries ---------------------------------------------------------------------------


def test_a_score_entry_is_found_by_id_and_named_by_quarter_subject_indicator(township):
    with township.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO score_entry (id, period, subject_type, subject_id, indicator, "
                "reviewed_hundredths, updated_at, updated_by) VALUES (7, '2023Q2', "
                "'organisation', 1, 'x', 100, '2023-07-01 00:00:00', 't')"
            )
        )
        assert find_score_entry(connection, 7) == (7, "2023Q2/甲村/x")
        with pytest.raises(NotFound):
            find_score_entry(connection, 8)
