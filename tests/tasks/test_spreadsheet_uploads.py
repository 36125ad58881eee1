"""Uploads kept between preview and confirm: random names only, expiry by `cleanup_imports`."""

import io
import os
import time

import pytest
from django.core.management import CommandError, call_command

from tasks.spreadsheet import uploads


@pytest.fixture(autouse=True)
def upload_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media" / uploads.FOLDER


def test_cleanup_deletes_only_uploads_older_than_the_limit(upload_storage):
    old = uploads.save_content(b"cu")
    fresh = uploads.save_content(b"moi")
    three_hours_ago = time.time() - 3 * 3600
    os.utime(upload_storage / old, (three_hours_ago, three_hours_ago))
    out = io.StringIO()

    call_command("cleanup_imports", stdout=out)

    assert out.getvalue() == "Đã xoá 1 tệp tải lên quá hạn.\n"
    assert [p.name for p in upload_storage.iterdir()] == [fresh]


def test_cleanup_with_no_upload_folder_deletes_nothing(upload_storage):
    out = io.StringIO()
    call_command("cleanup_imports", stdout=out)
    assert out.getvalue() == "Đã xoá 0 tệp tải lên quá hạn.\n"
    assert not upload_storage.exists()


def test_cleanup_refuses_an_age_shorter_than_the_token(upload_storage):
    with pytest.raises(CommandError, match="--hours phải từ 1 trở lên"):
        call_command("cleanup_imports", "--hours", "0.5")


@pytest.mark.parametrize("name", ["../secret", "/etc/passwd", "ABC", "", None, "0" * 31 + "g"])
def test_names_that_are_not_random_hex_read_nothing_and_delete_nothing(name, tmp_path):
    target = tmp_path / "secret"
    target.write_bytes(b"do not touch")

    assert uploads.read_content(name) is None
    uploads.delete_content(name)
    storage = uploads.SessionUploadStorage(name=name, read_mode="rb")
    with pytest.raises(FileNotFoundError):
        storage.read()
    storage.remove()

    assert target.read_bytes() == b"do not touch"


def test_storage_round_trip_for_import_export(upload_storage):
    storage = uploads.SessionUploadStorage(read_mode="r", encoding="utf-8-sig")
    storage.save("Mã chỉ tiêu,Kết quả\n1,5\n")

    assert len(storage.name) == 32
    again = uploads.SessionUploadStorage(name=storage.name, read_mode="r", encoding="utf-8-sig")
    assert again.read() == "Mã chỉ tiêu,Kết quả\n1,5\n"
    again.remove()
    assert list(upload_storage.iterdir()) == []
