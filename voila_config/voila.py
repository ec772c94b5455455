# Voilà settings for publishing supportroi's notebooks (used by `make app` and the tests:
# voila ... --Voila.config_file_paths=voila_config). See the project's Voilà notes.
c = get_config()  # noqa: F821

c.VoilaConfiguration.strip_sources = True       # managers see the app, not the code
c.VoilaConfiguration.show_tracebacks = False    # errors never reach the page as tracebacks
c.VoilaConfiguration.template = "lab"
c.VoilaConfiguration.theme = "light"

# Preheated kernels: the first page renders in ~1.5 s instead of ~3 s. The apps read URL
# parameters with voila.utils.get_query_string(), which works with preheating.
c.VoilaConfiguration.preheat_kernel = True
c.VoilaConfiguration.default_pool_size = 1
# When the whole notebooks/ folder is served (make apps), preheat the apps and the landing
# page (the first thing people open) but not the lessons: a kernel costs ~150 MB.
c.VoilaKernelManager.preheat_denylist = ["lessons/"]  # substrings of paths

# Voilà 0.5 defect 1: the render page sets no _xsrf cookie, so the shutdown beacon sent when
# a tab closes is refused (403) and the kernel leaks. With preheating, this setting lets
# the beacon through. Idle kernels are culled too, after minutes (not seconds: pages that
# are still connecting must not lose their kernel).
# The websocket message limit is raised from tornado's 10 MB so that client exports can be
# uploaded in the baseline app (a larger message silently drops the connection).
c.Voila.tornado_settings = {"disable_check_xsrf": True,
                            "websocket_max_message_size": 100 * 1024 * 1024}
c.MappingKernelManager.cull_idle_timeout = 900
c.MappingKernelManager.cull_interval = 60
c.MappingKernelManager.cull_connected = False

# Voilà 0.5 defect 2: legacy (non-v1) websocket clients can freeze the server.
c.Voila.kernel_websocket_connection_class = "supportroi.apps.serving.V1OnlyWebsocketConnection"

# Voilà 0.5 defect 3 (widget state writable by any client) is handled in the apps:
# supportroi.apps.controls checks every value against the catalog on the server side.
