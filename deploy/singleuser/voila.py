# Voilà as a JupyterHub user's server: the project's hardening (voila_config/voila.py) plus
# JupyterHub login on every page, API call and kernel websocket.
#
# The hub's spawner starts, for each user:
#     python -m voila notebooks --no-browser --Voila.config_file_paths=deploy/singleuser
# with the JUPYTERHUB_* variables it sets. Plain Voilà has no hub login; Voilà 0.5 does take
# jupyter_server 2's identity provider and authorizer, and JupyterHub ships both for its own
# single-user server (jupyterhub.singleuser.extension). With them, a request reaches a page,
# a kernel or its websocket only with this user's hub OAuth cookie (scope
# access:servers!server=USER/); anyone else is sent to the hub's login or refused (403).
import os
from pathlib import Path
from urllib.parse import urlparse

from jupyterhub.singleuser.extension import JupyterHubAuthorizer, JupyterHubIdentityProvider
from jupyterhub.utils import url_path_join

c = get_config()  # noqa: F821
load_subconfig(str(Path(__file__).resolve().parents[2] / "voila_config" / "voila.py"))  # noqa: F821
# (That includes the pages' template, supportroi.apps.page_template.use_template: nothing
# fetched from outside, <html lang> and the loading text in the language of ?lang=.)

# Where the hub wants this server: JUPYTERHUB_SERVICE_URL = http://127.0.0.1:PORT/user/NAME/
# (Spawner.ip/port) and the URL prefix the proxy routes to it.
_service = urlparse(os.environ["JUPYTERHUB_SERVICE_URL"])
c.Voila.ip = _service.hostname or "127.0.0.1"
c.Voila.port = _service.port
c.Voila.port_retries = 0      # the hub's proxy routes to exactly this port
c.Voila.open_browser = False
c.Voila.base_url = os.environ["JUPYTERHUB_SERVICE_PREFIX"]


class HubIdentityProvider(JupyterHubIdentityProvider):
    """JupyterHub's identity provider, with its OAuth callback and logout under the prefix.

    jupyter_server mounts an identity provider's handlers under base_url; Voilà 0.5 mounts
    them as they are (``/oauth_callback``), so the hub's redirect to
    ``/user/NAME/oauth_callback`` would find nothing.
    """

    def __init__(self, token=None, **kwargs):  # Voilà passes token=""; the hub's API token is used
        super().__init__(**kwargs)

    def get_handlers(self):
        prefix = os.environ["JUPYTERHUB_SERVICE_PREFIX"]
        return [(url_path_join(prefix, path), *rest) for path, *rest in super().get_handlers()]


c.Voila.identity_provider_class = HubIdentityProvider
c.Voila.authorizer_class = JupyterHubAuthorizer

# No preheated kernels behind the hub: each user's server holds only the kernels of the pages
# that user has open (~140 MB each) instead of one per app (~6 × 140 MB per user). This also
# drops Voilà's /voila/query/<kernel> websocket, which only preheating registers and which
# checks no login. Apps read URL parameters with voila.utils.get_query_string() either way.
c.VoilaConfiguration.preheat_kernel = False
