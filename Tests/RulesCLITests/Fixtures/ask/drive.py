#!/usr/bin/env python3
"""Drives `ismap-rules ask` in a pseudo-terminal, as a person would: waits for each prompt, reads
which fact is asked (`[fact]` on the question line), and types the next answer listed for it in
ANSWERS (a JSON object: fact -> list of lines typed in turn; a fact not listed is answered `?`).
Prints the terminal transcript and exits with the interview's exit code.

usage: drive.py ANSWERS.json COMMAND [ARG...]
"""
import json, os, pty, re, select, sys, time

answers = json.load(open(sys.argv[1], encoding="utf-8"))
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])

transcript = b""
deadline = time.time() + 60
asked = None
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.5)
    if not r:
        continue
    try:
        chunk = os.read(fd, 65536)
    except OSError:  # the child closed the terminal
        break
    if not chunk:
        break
    transcript += chunk
    text = transcript.decode("utf-8", "replace")
    if text.endswith("> "):
        facts = re.findall(r"\[([A-Za-z0-9_.]+)\]\r?\n", text)
        fact = facts[-1] if facts else "as_of"
        queue = answers.setdefault(fact, ["?"])
        line = queue.pop(0) if len(queue) > 1 else queue[0]
        os.write(fd, (line + "\n").encode("utf-8"))
_, status = os.waitpid(pid, 0)
sys.stdout.write(transcript.decode("utf-8", "replace").replace("\r\n", "\n"))
sys.exit(os.waitstatus_to_exitcode(status) if time.time() < deadline else 124)
