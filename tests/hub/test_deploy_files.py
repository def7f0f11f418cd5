"""deploy/jupyterhub/ read without a hub: the configuration sets what the guide says, the image's
environment installs what pyproject.toml asks, and the Helm values run the workspace copy.
(The hub itself runs in test_hub.py; Helm and The Littlest JupyterHub cannot run here.)"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml
from test_environment import pyproject_dependencies  # tests/ is on sys.path under pytest

ROOT = Path(__file__).resolve().parents[2]
HUB_DIR = ROOT / "deploy" / "jupyterhub"

traitlets = pytest.importorskip("traitlets.config")


def _load_config(course_only: bool = False, env: dict | None = None, monkeypatch=None):
    c = traitlets.Config()
    monkeypatch.delenv("CRM_HUB_BIN", raising=False)   # the config sets it for the servers
    for key, value in (env or {}).items():
        monkeypatch.setenv(key, value)
    scope = {"get_config": lambda: c, "__file__": str(HUB_DIR / "jupyterhub_config.py")}
    if course_only:
        scope["CRM_HUB_COURSE_ONLY"] = True
    exec(compile((HUB_DIR / "jupyterhub_config.py").read_text(), "jupyterhub_config.py", "exec"),
         scope)
    return c, scope


def test_the_hub_config_uses_system_users_and_the_course_workspace(monkeypatch):
    c, _ = _load_config(env={"CRM_HUB_COURSE_DIR": "/srv/course-2026", "CRM_HUB_PORT": "8123",
                             "CRM_HUB_ALLOWED_GROUP": "students"}, monkeypatch=monkeypatch)
    assert c.JupyterHub.authenticator_class == "pam"
    assert c.JupyterHub.spawner_class == "localprocess"
    assert c.JupyterHub.port == 8123
    assert c.PAMAuthenticator.allowed_groups == {"students"}
    assert "root" in c.Authenticator.blocked_users
    assert c.Spawner.cmd == [str(HUB_DIR / "crm-singleuser")]
    assert c.Spawner.notebook_dir == "~/crm-lessons"
    assert _value(c.Spawner.environment, {})["CRM_HUB_COURSE_DIR"] == "/srv/course-2026"
    args = set(_value(c.Spawner.args, []))
    assert {"--LabApp.news_url=", "--LabApp.extension_manager=readonly"} <= args
    # the course's settings reach the servers; a student id or seed set on the hub never does
    kept = set(c.Spawner.env_keep.get_value([]))
    assert {"CRM_LESSONS_COURSE", "CRM_LESSONS_ASSESSMENT"} <= kept
    assert not kept & {"CRM_LESSONS_STUDENT", "CRM_LESSONS_SEED", "CRM_LESSONS_PROGRESS"}


def test_inside_the_littlest_jupyterhub_only_the_course_settings_apply(monkeypatch):
    c, _ = _load_config(course_only=True, monkeypatch=monkeypatch)
    assert c.Spawner.pre_spawn_hook is not None
    assert "authenticator_class" not in c.JupyterHub and "spawner_class" not in c.JupyterHub
    assert c.Spawner.cmd == [str(HUB_DIR / "crm-singleuser")]


def test_a_missing_system_user_is_named_with_the_fix(monkeypatch):
    _, scope = _load_config(monkeypatch=monkeypatch)

    class User:
        name = "no-such-student-xyz"

    class Spawner:
        user = User()

    with pytest.raises(ValueError, match=r"no system user 'no-such-student-xyz'.*adduser"):
        scope["prepare_home"](Spawner())


def test_a_bad_home_mode_is_refused_clearly(monkeypatch):
    with pytest.raises(SystemExit, match="CRM_HUB_HOME_MODE.*octal"):
        _load_config(env={"CRM_HUB_HOME_MODE": "private"}, monkeypatch=monkeypatch)


def _value(setting, empty):
    """A setting as the hub will see it (an update or extend of its default resolved)."""
    return setting.get_value(empty) if hasattr(setting, "get_value") else setting


def _names(reqs) -> set[str]:
    return {re.split(r"[<>=!~ \[;]", r.strip(), maxsplit=1)[0].lower() for r in reqs}


def test_the_image_environment_installs_the_runtime_and_the_hub_extra():
    env = yaml.safe_load((HUB_DIR / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = [p for d in env["dependencies"] if isinstance(d, dict) for p in d["pip"]]
    listed = (_names(conda) | _names(pip)) - {"python", "pip"}
    wanted = pyproject_dependencies() | pyproject_dependencies("hub")
    assert wanted <= listed, f"missing from the image: {sorted(wanted - listed)}"
    assert "pytest" not in listed          # the students' image, not the test environment
    assert "pip install --no-cache-dir --no-deps -e ." in (HUB_DIR / "postBuild").read_text()


def test_the_helm_values_copy_the_workspace_at_each_start():
    values = yaml.safe_load((HUB_DIR / "values.yaml").read_text())
    single = values["singleuser"]
    command = " ".join(single["lifecycleHooks"]["postStart"]["exec"]["command"])
    assert "crm-lessons workspace --no-lab --source /srv/crm-lessons/notebooks" in command
    assert single["storage"]["type"] == "dynamic"
    assert single["defaultUrl"].endswith("crm-lessons/00_start_here.ipynb")
    assert single["networkPolicy"]["egressAllowRules"]["nonPrivateIPs"] is False


@pytest.mark.parametrize("script", ["crm-singleuser", "start-local-hub.sh",
                                    "collect-submissions.sh", "build-image.sh", "postBuild"])
def test_the_scripts_parse_and_are_executable(script):
    path = HUB_DIR / script
    assert path.stat().st_mode & 0o111
    shell = "sh" if path.read_text().startswith("#!/bin/sh") else "bash"
    assert subprocess.run([shell, "-n", str(path)]).returncode == 0


@pytest.mark.parametrize("args, words", [
    (["abc"], ["not a number"]),
    (["70000"], ["out of range"]),
    (["8000", "/nonexistent-course"], ["no notebooks/", "course folder"]),
])
def test_the_local_start_script_refuses_bad_arguments(args, words):
    run = subprocess.run(["bash", str(HUB_DIR / "start-local-hub.sh"), *args],
                         capture_output=True, text=True, timeout=30)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    for word in words:
        assert word in run.stderr, run.stderr


def test_the_collect_script_refuses_without_a_folder():
    run = subprocess.run(["bash", str(HUB_DIR / "collect-submissions.sh")], capture_output=True,
                         text=True, timeout=30)
    assert run.returncode == 2 and "name the folder" in run.stderr


def test_the_tljh_drop_in_applies_the_course_settings_only(monkeypatch, tmp_path):
    # run the drop-in as TLJH would, with its path to the course pointed at this checkout
    c = traitlets.Config()
    monkeypatch.delenv("CRM_HUB_BIN", raising=False)
    monkeypatch.delenv("CRM_HUB_COURSE_DIR", raising=False)
    text = (HUB_DIR / "tljh-crm-lessons.py").read_text().replace(
        '"/srv/crm-lessons/deploy/jupyterhub"', repr(str(HUB_DIR)))
    scope = {"get_config": lambda: c, "c": c, "__file__": str(tmp_path / "crm-lessons.py")}
    exec(compile(text, "crm-lessons.py", "exec"), scope)
    assert c.Spawner.cmd == [str(HUB_DIR / "crm-singleuser")]
    # TLJH's own settings for the servers are kept, the course's added
    env = _value(c.Spawner.environment, {"TLJH_SETTING": "kept"})
    assert env["CRM_HUB_BIN"] == "/opt/tljh/user/bin" and env["TLJH_SETTING"] == "kept"
    assert env["CRM_HUB_COURSE_DIR"] == "/srv/crm-lessons"
    assert "authenticator_class" not in c.JupyterHub

    class User:
        name = "alice-not-created-yet"

    class Spawner:
        user = User()

        class log:
            @staticmethod
            def info(*args):
                pass

    # TLJH creates the system user (jupyter-alice...) when the server starts: not an error
    assert scope["prepare_home"](Spawner()) is None
    assert scope["system_user"](Spawner()) == "jupyter-alice-not-created-yet"


def test_the_image_comparison_notices_a_missing_package(tmp_path):
    # the check above can fail: drop scipy from a copy of the image's environment
    text = (HUB_DIR / "environment.yml").read_text().replace("  - scipy>=1.11\n", "")
    env = yaml.safe_load(text)
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = [p for d in env["dependencies"] if isinstance(d, dict) for p in d["pip"]]
    listed = (_names(conda) | _names(pip)) - {"python", "pip"}
    assert pyproject_dependencies() - listed == {"scipy"}
