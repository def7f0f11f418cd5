"""JupyterHub for the CRM Lessons course on one server: system users (PAM), one process each.

Every student logs in with their system account. At each start of their server:

- their home folder is made private (mode 0700; Debian's default of 0755 lets every user read
  every other user's files) by ``prepare_home``, run by the hub (as root) before the start;
- ``crm-singleuser`` (beside this file), run as the student, brings ``~/crm-lessons`` up to
  date from the course folder (``crm-lessons workspace --no-lab --source``): new lessons are
  copied in, lessons the student never edited are updated, and an edited lesson that changed in
  the course gets the new version beside it (``NN_name.updated-DATE.ipynb``);
- JupyterLab opens on ``~/crm-lessons/00_start_here.ipynb``; the progress file is
  ``~/.crm_lessons/progress.json``; the data variant comes from the user name
  (``JUPYTERHUB_USER``, see ``crm_lessons.identity``).

Nothing reaches the network at run time: no news feed, no update check.

Settings, from the environment of the hub (all optional):

====================== =========================================================================
CRM_HUB_COURSE_DIR     the course folder every user can read (default /srv/crm-lessons); the
                       lessons are copied from its notebooks/ folder
CRM_HUB_IP, _PORT      where the hub listens (default: all interfaces, port 8000)
CRM_HUB_API_PORT       the hub's internal API port on 127.0.0.1 (default 8081)
CRM_HUB_PROXY_API_PORT the proxy's API port on 127.0.0.1 (default 8001)
CRM_HUB_STATE_DIR      where the hub keeps its database and cookie secret (default: the
                       folder it is started in)
CRM_HUB_ADMINS         user names, separated by commas, who may manage the hub
CRM_HUB_ALLOWED_GROUP  only members of this system group may log in (default: every system
                       user but root)
CRM_HUB_ADMIN_TOKEN    a token for scripts (benchmarks, the instructor's tools): it may create
                       users and start and stop their servers
CRM_HUB_BIN            the folder holding crm-lessons and jupyterhub-singleuser (default: the
                       hub's own environment)
CRM_HUB_HOME_MODE      the mode homes are set to at each start (default 0700; "keep" leaves
                       them as they are)
CRM_HUB_SYSTEM_USER_PREFIX  prefix of the system user of a hub user (The Littlest JupyterHub:
                       "jupyter-")
====================== =========================================================================

Used inside The Littlest JupyterHub (its own spawner and authenticator), set
``CRM_HUB_COURSE_ONLY = True`` before running this file: only the course's settings are applied.
tljh-crm-lessons.py, beside this file, does that (see deploy/jupyterhub/README.md).
"""

import os
import pwd
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

# This folder (crm-singleuser is beside this file); a file that runs this one with exec() names
# it in CRM_HUB_DEPLOY_DIR, as tljh-crm-lessons.py does.
HERE = Path(globals().get("CRM_HUB_DEPLOY_DIR") or (
    Path(__file__).resolve().parent if "__file__" in globals() else Path.cwd()))
COURSE_DIR = Path(os.environ.get("CRM_HUB_COURSE_DIR", "/srv/crm-lessons"))
SINGLEUSER = HERE / "crm-singleuser"
COURSE_ONLY = bool(globals().get("CRM_HUB_COURSE_ONLY"))
# The variables a student's server inherits from the hub besides JupyterHub's own list. The
# student's identity is never passed on: it comes from JUPYTERHUB_USER alone.
# CRM_LESSONS_ASSESSMENT switches the course's assessment mode on for the whole class.
PASSED_ON = ["CRM_LESSONS_COURSE", "CRM_LESSONS_DATA", "CRM_LESSONS_ASSESSMENT", "CRM_HUB_BIN"]


def _home_mode() -> int | None:
    text = os.environ.get("CRM_HUB_HOME_MODE", "0700").strip()
    if text == "keep":
        return None
    try:
        return int(text, 8)
    except ValueError:
        sys.exit(f"CRM_HUB_HOME_MODE is {text!r}. Fix: give an octal mode such as 0700, or keep.")


HOME_MODE = _home_mode()


def system_user(spawner) -> str:
    """The system account behind a hub user."""
    return getattr(spawner, "unix_username", None) or (
        os.environ.get("CRM_HUB_SYSTEM_USER_PREFIX",
                       globals().get("CRM_HUB_SYSTEM_USER_PREFIX", ""))
        + spawner.user.name)


def prepare_home(spawner) -> None:
    """Before a server starts: the student's home exists, is theirs, and no one else can read it."""
    name = system_user(spawner)
    try:
        account = pwd.getpwnam(name)
    except KeyError:
        if COURSE_ONLY:  # The Littlest JupyterHub's spawner creates the user when it starts
            spawner.log.info("%s does not exist yet; crm-singleuser will set its home's mode.",
                             name)
            return
        raise ValueError(f"There is no system user {name!r} for the hub user "
                         f"{spawner.user.name!r}. Fix: create it first (adduser {name}).") from None
    home = Path(account.pw_dir)
    if not home.is_dir():
        home.mkdir(mode=0o700, parents=True)
        os.chown(home, account.pw_uid, account.pw_gid)
    if HOME_MODE is not None and (home.stat().st_mode & 0o777) != HOME_MODE:
        try:
            home.chmod(HOME_MODE)
        except PermissionError:
            spawner.log.warning("Cannot set %s to mode %o (the hub is not root); other users "
                                "may be able to read it.", home, HOME_MODE)


# ---- the course's settings (also used inside The Littlest JupyterHub) --------------------------
c.Spawner.pre_spawn_hook = prepare_home
c.Spawner.cmd = [str(SINGLEUSER)]
c.Spawner.notebook_dir = "~/crm-lessons"
c.Spawner.default_url = "/lab/tree/00_start_here.ipynb"
# (update and extend: added to what JupyterHub, or The Littlest JupyterHub, already sets)
c.Spawner.environment.update({"CRM_HUB_COURSE_DIR": str(COURSE_DIR),
                              "CRM_HUB_HOME_MODE": os.environ.get("CRM_HUB_HOME_MODE", "0700")})
c.Spawner.env_keep.extend(PASSED_ON)  # JupyterHub's own list: PATH, PYTHONPATH, LANG, ...
c.Spawner.args.extend([
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.news_url=",
    # no look-ups on PyPI from the extension manager, and no extensions installed by students
    "--LabApp.extension_manager=readonly",
])
# A server starts in a few seconds; 20 students starting at once on 2 cores waited about 40 s
# (benchmarks/README.md).
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90

if not COURSE_ONLY:
    # ---- one server, system users -------------------------------------------------------------
    c.JupyterHub.authenticator_class = "pam"
    c.JupyterHub.spawner_class = "localprocess"
    c.Authenticator.blocked_users = {"root"}
    group = os.environ.get("CRM_HUB_ALLOWED_GROUP", "").strip()
    if group:
        c.PAMAuthenticator.allowed_groups = {group}
    else:
        c.Authenticator.allow_all = True
    admins = {n.strip() for n in os.environ.get("CRM_HUB_ADMINS", "").split(",") if n.strip()}
    if admins:
        c.Authenticator.admin_users = admins
    c.JupyterHub.ip = os.environ.get("CRM_HUB_IP", "")
    c.JupyterHub.port = int(os.environ.get("CRM_HUB_PORT", "8000"))
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = int(os.environ.get("CRM_HUB_API_PORT", "8081"))
    c.ConfigurableHTTPProxy.api_url = (
        f"http://127.0.0.1:{int(os.environ.get('CRM_HUB_PROXY_API_PORT', '8001'))}")
    state = os.environ.get("CRM_HUB_STATE_DIR", "").strip()
    if state:
        Path(state).mkdir(mode=0o700, parents=True, exist_ok=True)
        c.JupyterHub.db_url = f"sqlite:///{Path(state) / 'jupyterhub.sqlite'}"
        c.JupyterHub.cookie_secret_file = str(Path(state) / "jupyterhub_cookie_secret")
        c.ConfigurableHTTPProxy.pid_file = str(Path(state) / "jupyterhub-proxy.pid")
    # The students' servers run the hub's own environment unless told otherwise.
    os.environ.setdefault("CRM_HUB_BIN", str(Path(sys.executable).parent))
    token = os.environ.get("CRM_HUB_ADMIN_TOKEN", "").strip()
    if token:
        c.JupyterHub.services = [{"name": "course-admin", "api_token": token}]
        c.JupyterHub.load_roles = [{
            "name": "course-admin",
            "scopes": ["admin:users", "admin:servers", "access:servers", "tokens"],
            "services": ["course-admin"],
        }]
