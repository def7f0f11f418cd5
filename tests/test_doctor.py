"""`crm-lessons doctor` reports a healthy install and names problems with their fix."""

import io
import shutil
import subprocess
import sys

from crm_lessons import doctor
from crm_lessons.cli import main


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
