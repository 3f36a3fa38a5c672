"""A worker's shared pages made ready before anyone asks for them.

Some results serve every visitor until the corpus changes: the home page, the
statements of each topic and the speaker of each statement (every search's facets
read these two). They are kept per corpus version (``Corpus.cached``). Computed when a
page first needs them, they made the first visitor after a start, an ingest or a
correction wait for all of them: at 100,000 articles the home page alone took about a
quarter of a second.

``Warmer`` runs them in a thread of the worker as soon as the version changes, and then
keeps them until the next change. The work is what the first visitor would have paid,
once per version and worker; it is only moved off the request. A visitor who comes while
it runs computes the result as before, so nothing waits on the warmer. Between changes
it reads the version once per ``interval`` (one indexed row); after computing, it rests
four times as long as it worked (``REST``), so an ingest that changes the corpus every
few seconds cannot keep a core busy with it (at 100,000 articles the topics and the
speakers take about 2.5 s of CPU).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence

from onrecord.store import Corpus

logger = logging.getLogger("uvicorn.error")

INTERVAL = 2.0  # seconds between two reads of the corpus version
REST = 4.0  # after computing for t seconds, wait REST * t before computing again


class Warmer:
    """Runs ``jobs`` (each stores its result with ``corpus.cached``) in a thread of its
    own whenever ``corpus``'s version changes, starting at once."""

    def __init__(
        self, corpus: Corpus, jobs: Sequence[Callable[[], object]], interval: float = INTERVAL
    ) -> None:
        self.corpus = corpus
        self.jobs = tuple(jobs)
        self.interval = interval
        self.warmed: str | None = None  # the last version the jobs ran for
        self.failures = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="onrecord-warmer", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stops the thread (a job under way runs to its end first, within ``timeout``)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def warm_once(self) -> bool:
        """Runs the jobs if the version changed since they last ran; whether they ran.
        A job that fails is not retried until the next version: the page that needs its
        result computes it when asked, and shows the error if there is one."""
        version = self.corpus.version()
        if version == self.warmed:
            return False
        for job in self.jobs:
            if self._stop.is_set():
                return False
            try:
                job()
            except Exception:
                self.failures += 1
                logger.warning("Could not prepare a shared page in advance", exc_info=True)
        self.warmed = version
        return True

    def _run(self) -> None:
        unreadable = False
        while not self._stop.is_set():
            pause = self.interval
            try:
                started = time.monotonic()
                if self.warm_once():
                    # While an ingest changes the corpus every few seconds, the warmer
                    # would compute all the time: it rests four times as long as it
                    # worked, so it never takes more than a fifth of a core.
                    pause = max(pause, REST * (time.monotonic() - started))
                unreadable = False
            except Exception:  # the version itself could not be read: try again later
                self.failures += 1
                if not unreadable:  # once, not every few seconds while the database is away
                    logger.warning("Could not read the corpus version", exc_info=True)
                unreadable = True
            self._stop.wait(pause)
