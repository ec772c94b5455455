# Voilà settings for publishing supportroi's notebooks (used by `make app` and the tests:
# voila ... --Voila.config_file_paths=voila_config). See the project's Voilà notes and
# supportroi/apps/serving.py (the server-side guards configured here).
import os

from supportroi.apps.base import MESSAGE_LIMIT_BYTES
from supportroi.apps.page_template import use_template
from supportroi.apps.serving import limit_request_line
from supportroi.i18n import translator

c = get_config()  # noqa: F821

c.VoilaConfiguration.strip_sources = True       # managers see the app, not the code
c.VoilaConfiguration.show_tracebacks = False    # errors never reach the page as tracebacks
c.VoilaConfiguration.theme = "light"

# Preheated kernels: a page is handed a kernel that has already run its notebook, so it
# renders at once instead of after a kernel start (~1.5 CPU-seconds each: 30 people
# arriving together on 2 cores would wait ~30 s). The apps read URL parameters with
# supportroi.apps.base.read_query_string(), which works with preheating.
#
# A room (docs/deploy.md, "A room of 30"): ROOM people who open one app at the same moment,
# ROOM_APP (the dashboard unless said otherwise), get a pool of ROOM kernels ready for it;
# every other app, lesson and the landing page keeps one ready. Set them when starting the
# server: `make app ROOM=30` (environment SUPPORTROI_ROOM, SUPPORTROI_ROOM_APP). Memory: a
# rendered dashboard kernel holds ~220 MB resident (~160 MB its own); a pool of 30 takes
# ~5 GB, and once the room has its pages the pool is refilled for latecomers (another ~5 GB).
ROOM = int(os.environ.get("SUPPORTROI_ROOM") or 1)
ROOM_APP = os.environ.get("SUPPORTROI_ROOM_APP") or "roi_dashboard.ipynb"
c.VoilaConfiguration.preheat_kernel = True
c.VoilaConfiguration.default_pool_size = 1
# Keys are notebook paths under the served folder (notebooks/); serving one notebook uses
# its file name, the same key.
c.VoilaKernelManager.kernel_pools_config = {
    "default": {"pool_size": 1},
    ROOM_APP: {"pool_size": max(ROOM, 1)},
}
# Refilling the pool is throttled (two kernels starting at a time), and for a room it waits
# 20 s after a kernel was handed out: Voilà prepares each refill's page in its own (single)
# process, which would otherwise delay the room's first renders and moves (measured with
# 10 people: first render 7.0 -> 4.8 s, moves p95 290 -> 140 ms).
c.GuardedKernelManager.pool_starts = 2
c.VoilaKernelManager.fill_delay = 20.0 if ROOM > 1 else 1.0

# Kernels live only while a page uses them, and there are at most max_kernels of them
# (beyond, the page says the server is busy): a plain GET, a tab that died while loading or
# a closed tab no longer keeps ~200 MB for 15 minutes. 40 pages (~9 GB resident) leave a
# room of 30 ten more, on a 24 GB machine; a larger room raises it.
c.VoilaConfiguration.multi_kernel_manager_class = "supportroi.apps.serving.GuardedKernelManager"
c.GuardedKernelManager.max_kernels = max(40, ROOM + 10)
c.GuardedKernelManager.connect_grace = 45.0   # s from the page's HTML to its websocket
c.GuardedKernelManager.release_grace = 10.0   # s after the last websocket closed
# Idle kernels of open pages are culled after 15 minutes without activity.
c.MappingKernelManager.cull_idle_timeout = 900
c.MappingKernelManager.cull_interval = 60
c.MappingKernelManager.cull_connected = False
# Tracebacks and stderr text (warnings, logged errors) never reach a client over the
# kernel's output channel: the connection class below logs them instead. (Not
# MappingKernelManager.allow_tracebacks = False: in jupyter_server 2.x it breaks every
# error message, it reads traceback_replacement_message from the wrong object.)

# Under load a kernel can take more than nbclient's default 4 s to deliver a cell's output;
# Voilà then sends the page without the app (blank). Wait longer, and if it still times out
# say so in words rather than show an empty page.
c.VoilaExecutor.iopub_timeout = 60
c.VoilaExecutor.raise_on_iopub_timeout = True
# The texts are the English of server.cell_error / server.cell_timeout; the page shows them
# in its own language (the supportroi template's page script, apps/page_template.py).
c.VoilaExecutor.cell_error_instruction = translator("en")("server.cell_error")
c.VoilaExecutor.cell_timeout_instruction = translator("en")("server.cell_timeout")

# Voilà 0.5 defect 1 (voila#1458): the render page sets no _xsrf cookie, so the shutdown
# beacon a closing tab sends is refused (403). Its kernel is released anyway: the kernel
# manager shuts a kernel down soon after its last websocket closes, and pings find tabs that
# died without closing (no pong within ws_ping_timeout). So xsrf checks stay on: nobody can
# delete another page's kernel by knowing its id.
# The websocket message limit is raised from tornado's 10 MB so that client exports can be
# uploaded in the baseline app; the page refuses to send a larger message and says which
# file is too large (supportroi.apps.base.PAGE_SCRIPT, which shares the limit).
c.Voila.tornado_settings = {"websocket_max_message_size": MESSAGE_LIMIT_BYTES,
                            "ws_ping_interval": 10_000,   # ms
                            "ws_ping_timeout": 30_000}    # ms
# Over-long URLs get 414 instead of a dropped connection.
limit_request_line()

# Voilà 0.5 defect 2: legacy (non-v1) websocket clients can freeze the server, and so can
# crafted v1 frames; the connection class refuses both and strips tracebacks and stderr.
c.Voila.kernel_websocket_connection_class = "supportroi.apps.serving.V1OnlyWebsocketConnection"

# Voilà 0.5 defect 3 (widget state writable by any client) is handled in the apps:
# supportroi.apps.controls checks every value against the catalog on the server side.

# The pages: Voilà's lab template without its links to a CDN (nothing is fetched from outside
# 127.0.0.1), with <html lang> and the loading text in the language of the URL's ?lang=
# (supportroi/apps/page_template.py). Last, as it adds to tornado_settings.
use_template(c)
