"""`crm-lessons doctor` reports a healthy install and names problems with their fix."""

import io
import os
import shutil
import subprocess
import sys

import pytest
from spoil_support import SPOILS  # tests/ is on sys.path

from crm_lessons import doctor
from crm_lessons.cli import main
from crm_lessons.paths import data_dir


def test_doctor_reports_healthy_install():
    out = io.StringIO()
    assert doctor.run_doctor(out) == 0, out.getvalue()
    assert "All good" in out.getvalue()


def test_doctor_names_a_missing_data_file_and_its_fix(tmp_path, monkeypatch):
    from crm_lessons.paths import data_dir

    shutil.copytree(data_dir(), tmp_path / "data")
    (tmp_path / "data" / "cdnow" / "CDNOW_sample.txt").unlink()
    monkeypatch.setenv("CRM_LESSONS_DATA", str(tmp_path / "data"))
    out = io.StringIO()
    assert doctor.run_doctor(out) == 1
    text = out.getvalue()
    assert "[FIX] data/cdnow/CDNOW_sample.txt" in text
    assert "is missing" in text and "git checkout -- data/cdnow" in text


def test_doctor_names_a_missing_package_and_its_fix(monkeypatch):
    import importlib.metadata as md

    real = md.version

    def fake_version(dist):
        if dist == "scipy":
            raise md.PackageNotFoundError(dist)
        return real(dist)

    monkeypatch.setattr(doctor.importlib.metadata, "version", fake_version)
    out = io.StringIO()
    assert doctor.run_doctor(out) == 1
    assert "[FIX] package scipy: not installed" in out.getvalue()
    assert "pip install -e ." in out.getvalue()


def test_console_script_runs_doctor():
    exe = shutil.which("crm-lessons") or None
    cmd = [exe, "doctor"] if exe else [sys.executable, "-m", "crm_lessons.cli", "doctor"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_cli_without_command_prints_help(capsys):
    assert main([]) == 0
    assert "doctor" in capsys.readouterr().out


@pytest.fixture
def spoilable_data(tmp_path, monkeypatch):
    shutil.copytree(data_dir(), tmp_path / "data")
    monkeypatch.setenv("CRM_LESSONS_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.mark.parametrize("case", list(SPOILS))
def test_doctor_names_spoiled_contents_and_the_fix(case, spoilable_data):
    spoil = SPOILS[case]
    spoil.spoil(spoilable_data / "store")
    out = io.StringIO()
    assert doctor.run_doctor(out) == 1, out.getvalue()
    text = out.getvalue()
    assert "All good" not in text
    lines = text.splitlines()
    hit = next(i for i, line in enumerate(lines)
               if line.startswith(f"[FIX] {spoil.entry}: {spoil.where} "))
    if spoil.lines:
        assert f"{spoil.lines[0]}" in lines[hit].split("first on line")[1], lines[hit]
    assert lines[hit + 1].strip() == (f"-> run `crm-lessons make-data --force "
                                      f"{spoilable_data / 'store'}` to restore it")


def test_doctor_command_exits_non_zero_on_a_spoiled_folder(spoilable_data):
    SPOILS["every quantity negative"].spoil(spoilable_data / "store")
    proc = subprocess.run([sys.executable, "-m", "crm_lessons.cli", "doctor"], capture_output=True,
                          text=True, timeout=120, env=os.environ.copy())
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert "[FIX] data/store/order_lines.csv: order_lines.quantity has 52255 values outside its " \
           "range (at least 1), first on lines 2, 3, 4 of order_lines.csv (-1, -1, -1)" in proc.stdout


def test_doctor_on_the_shipped_data_names_the_course_fix():
    # the course's own folder gets the short, relative command (and git checkout)
    from crm_lessons.data.tables import STORE_FIX, store_fix

    assert store_fix(data_dir() / "store") == STORE_FIX
    assert "`crm-lessons make-data --force data/store`" in STORE_FIX


def test_doctor_says_whether_assessment_mode_is_on_and_names_a_broken_settings_file(
        tmp_path, monkeypatch):
    from crm_lessons.exercises import assessment as A

    monkeypatch.setattr(A, "_said", set())
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    doctor.run_doctor(out)
    assert "[ok ] assessment mode: off" in out.getvalue()
    monkeypatch.setenv("CRM_LESSONS_ASSESSMENT", "no-hints")
    check = doctor.check_assessment()
    assert check.ok and "solutions and hints are off" in check.detail
    assert "CRM_LESSONS_ASSESSMENT=no-hints" in check.detail
    monkeypatch.delenv("CRM_LESSONS_ASSESSMENT")
    (tmp_path / "crm-course.toml").write_text("[assessment\n")
    out = io.StringIO()
    assert doctor.run_doctor(out) == 1
    text = out.getvalue()
    assert "[FIX] assessment mode: The course settings file" in text
    assert "crm-course.toml" in text and "-> make " in text and "[assessment]" in text
