"""Leaves processes behind: a detached `sleep` and a double-forked daemon; pids go to HOSTILE_TARGET."""

import os
import subprocess
import time

pids = [subprocess.Popen(["sleep", "3600"], start_new_session=True).pid]
read, write = os.pipe()
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.write(write, str(os.getpid()).encode())
        time.sleep(3600)
    os._exit(0)
os.close(write)
pids.append(int(os.read(read, 32)))
with open(os.environ["HOSTILE_TARGET"], "w") as f:
    f.write(" ".join(map(str, pids)))


def __getattr__(name):
    def wrong(*args, **kwargs):
        return None

    return wrong
