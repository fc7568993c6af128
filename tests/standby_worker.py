"""`python -m workers`, started ahead of the test it is for: imports done, waiting for its settings.

tests.services.Standby starts it; its one line on stdin is the whole environment (JSON) the
worker is to run with. Then it is the real worker process, `workers.__main__.main()`, exactly.
A suite that ends first closes stdin, and it leaves without having touched anything.
"""

from __future__ import annotations

import json
import os
import sys

from twilio.rest import Client

import workers.__main__ as worker

# What the channel's warm() would load on the first send: the client's API modules.
_ = Client("AC" + "0" * 32, "standby").messages


def main() -> None:
    line = sys.stdin.readline()
    if not line:
        return
    environment = json.loads(line)
    os.environ.clear()
    os.environ.update(environment)
    worker.main()


if __name__ == "__main__":
    main()
