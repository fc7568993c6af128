"""The dashboard: read-only pages, feeds, login by one-time code, the simulator and ops.

`web.site.init_app(app)` registers it; this package itself imports nothing, so the `login`
handler can use `handlers.login_codes` without pulling Flask into handlers/.
"""
