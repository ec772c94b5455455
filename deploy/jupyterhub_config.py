# JupyterHub for supportroi's Voilà apps: every user logs in at the hub and gets their own
# Voilà server (the apps in notebooks/, read-only, the project's voila_config hardening).
# See docs/deploy.md.
#
#     make hub-proxy                       # configurable-http-proxy into deploy/hub/node_modules
#     SUPPORTROI_HUB_AUTHENTICATOR=...  .venv/bin/jupyterhub -f deploy/jupyterhub_config.py
#
# Settings from the environment (all optional):
#   SUPPORTROI_HUB_AUTHENTICATOR  JupyterHub authenticator: an entry-point name ("pam",
#                                 "shared-password"; "github", "generic-oauth", "azuread", ...
#                                 once oauthenticator is installed) or a class path.
#                                 Default "pam": the machine's own accounts.
#   SUPPORTROI_HUB_USERS          comma-separated user names allowed to log in
#                                 (Authenticator.allowed_users; JupyterHub lets nobody in
#                                 without an allow rule).
#   SUPPORTROI_HUB_ADMINS         comma-separated admin user names.
#   SUPPORTROI_HUB_PASSWORD       the one password of "shared-password" (required, >= 8
#                                 characters; JupyterHub's DummyAuthenticator is not offered).
#   SUPPORTROI_HUB_STATE          folder for the hub's database and cookie secret
#                                 (default: the current folder).
# Anything else: write your own config that starts with
#     load_subconfig("/path/to/supportroi/deploy/jupyterhub_config.py")
# and overrides what it needs (tests/test_jupyterhub.py does exactly that).
import os
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821
ROOT = Path(__file__).resolve().parents[1]


def _names(variable: str) -> set[str]:
    return {n.strip() for n in os.environ.get(variable, "").split(",") if n.strip()}


# -- where the hub listens ----------------------------------------------------------------
# Only this machine by default; put a TLS reverse proxy in front (docs/deploy.md) or set
# --ip / c.JupyterHub.bind_url with TLS (ssl_cert, ssl_key) to serve others.
c.JupyterHub.bind_url = "http://127.0.0.1:8000"
c.JupyterHub.hub_ip = "127.0.0.1"
state = Path(os.environ.get("SUPPORTROI_HUB_STATE", ".")).resolve()
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(state / "jupyterhub-proxy.pid")

# configurable-http-proxy: the copy `make hub-proxy` installs (deploy/hub/package-lock.json),
# else one on PATH (container images install it with npm globally).
_chp = ROOT / "deploy" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [str(_chp) if _chp.exists()
                                   else shutil.which("configurable-http-proxy")
                                   or "configurable-http-proxy"]

# -- who may log in -----------------------------------------------------------------------
authenticator = os.environ.get("SUPPORTROI_HUB_AUTHENTICATOR", "pam")
c.JupyterHub.authenticator_class = authenticator
if authenticator == "shared-password":  # workshops and the test: one password for the
    password = os.environ.get("SUPPORTROI_HUB_PASSWORD", "")  # names in SUPPORTROI_HUB_USERS
    if not password:
        raise ValueError("SUPPORTROI_HUB_AUTHENTICATOR=shared-password needs "
                         "SUPPORTROI_HUB_PASSWORD (JupyterHub wants at least 8 characters)")
    c.SharedPasswordAuthenticator.user_password = password
c.Authenticator.allowed_users = _names("SUPPORTROI_HUB_USERS")
c.Authenticator.admin_users = _names("SUPPORTROI_HUB_ADMINS")

# -- each user's server: Voilà on the apps, nothing else ----------------------------------
# A local process per user, all as the hub's own system user (users get no shell and no
# code execution: Voilà ignores execute requests; see docs/deploy.md for what that means).
# On Kubernetes, KubeSpawner runs the same command in a pod per user (deploy/z2jh-values.yaml).
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(state / "users" / "{username}")
c.Spawner.ip = "127.0.0.1"
c.Spawner.cmd = [sys.executable, "-m", "voila"]
c.Spawner.args = [str(ROOT / "notebooks"), "--no-browser",
                  f"--Voila.config_file_paths={ROOT / 'deploy' / 'singleuser'}"]
c.Spawner.start_timeout = 60
c.Spawner.http_timeout = 60
# Not enforced by local processes; KubeSpawner and SystemdSpawner do enforce them.
c.Spawner.mem_limit = "1G"   # measured: ~230 MB server + ~230 MB per open page
c.Spawner.cpu_limit = 1.0

# Servers nobody has used for an hour are stopped by jupyterhub-idle-culler where it runs
# (Z2JH has it built in); idle kernels inside a server are culled by voila_config (15 min).
c.JupyterHub.last_activity_interval = 60
