"""gunicorn's settings file, read from the working directory: refuse a forgeable SECRET_KEY.

`create_app` refuses it too, but inside a gunicorn worker that exit would only make the master
boot another worker, forever: checked here, in the master, gunicorn never starts.
"""

from store.secret import require_key
from store.settings import Settings

# Read as gunicorn loads this file, before it logs a line; --bind is known only when it starts.
require_key(Settings.from_env())


def on_starting(server) -> None:
    """Exit (one line, status 1) before binding when the key may not serve these addresses."""
    binds = [address[0] if isinstance(address, tuple) else "a unix socket"
             for address in server.cfg.address]
    require_key(Settings.from_env(), listens_on=binds)
