# The CRM Lessons course inside The Littlest JupyterHub. Copy this file to
#   /opt/tljh/config/jupyterhub_config.d/crm-lessons.py
# and run `sudo tljh-config reload hub`. It keeps TLJH's own login and spawner and adds the
# course's settings from /srv/crm-lessons/deploy/jupyterhub/jupyterhub_config.py: each student's
# ~/crm-lessons made or brought up to date at every start, a private home, JupyterLab offline.
import os

CRM_HUB_COURSE_ONLY = True
CRM_HUB_DEPLOY_DIR = "/srv/crm-lessons/deploy/jupyterhub"
CRM_HUB_SYSTEM_USER_PREFIX = "jupyter-"      # TLJH's system user of hub user alice
os.environ.setdefault("CRM_HUB_COURSE_DIR", "/srv/crm-lessons")

_config = os.path.join(CRM_HUB_DEPLOY_DIR, "jupyterhub_config.py")
with open(_config, encoding="utf-8") as _file:
    exec(compile(_file.read(), _config, "exec"))

# The students' environment: TLJH's user environment holds crm-lessons (pip install -e
# /srv/crm-lessons) and jupyterhub-singleuser.
c.Spawner.environment.update({"CRM_HUB_BIN": "/opt/tljh/user/bin"})  # noqa: F821 - TLJH's c
