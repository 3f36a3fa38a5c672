"""``onrecord relink --workers 2``: the block groups linked as tasks on a real two-process
Dask ``LocalCluster`` give the links of the one-process relink, from links wiped out,
and a relink stopped after some groups is finished by running it again."""

from __future__ import annotations

from collections.abc import Callable

import polnear_replay
import pytest
from sqlalchemy import delete, update
from test_incremental import snapshot
from typer.testing import CliRunner

from onrecord.cli import app
from onrecord.run.relinking import link_groups
from onrecord.store import Corpus, linkstore, open_corpus, store_articles
from onrecord.store.engine import write_transaction
from onrecord.store.linkstore import group_runs, start_relink
from onrecord.store.schema import attributions, people, statement_reports, statements

pytestmark = pytest.mark.skipif(not polnear_replay.available(), reason="no PolNeAR data")


def _corpus(url: str) -> Corpus:
    corpus = open_corpus(url)
    store_articles(corpus, (polnear_replay.replayed(n) for n in range(150)), batch_size=150)
    corpus.correct("merge", "Ted Cruz", {"other": "Marco Rubio"}, by="test")  # two blocks
    said = f"{polnear_replay.replayed(3).id}:0"
    corpus.correct("reassign", said, {"speaker": "Bernie Sanders"}, by="test")
    return corpus


def _wipe(corpus: Corpus) -> None:
    """Forget every link, so that only a relink that does the work can bring them back."""
    with write_transaction(corpus.engine) as conn:
        conn.execute(update(attributions).values(person_id=None, statement_id=None))
        for table in (statement_reports, statements, people):
            conn.execute(delete(table))


def test_relink_on_a_dask_cluster_gives_the_one_process_links(
    new_db: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(linkstore, "GROUPS_PER_RUN", 40)  # several tasks from a small corpus
    corpus = _corpus(new_db())
    expected = snapshot(corpus)
    assert expected["statement_reports"] and expected["people"]
    _wipe(corpus)
    assert snapshot(corpus) != expected

    # Stopped after the first run of groups: those are relinked, the rest are not.
    with write_transaction(corpus.engine) as conn:
        runs = group_runs(start_relink(conn))
    assert len(runs) > 1
    link_groups(corpus.url, runs[0])
    assert snapshot(corpus) != expected

    # Run again, as a user would: it finishes the job.
    result = CliRunner().invoke(app, ["relink", "--db", corpus.url, "--workers", "2", "--json"])
    assert result.exit_code == 0, result.output
    assert snapshot(corpus) == expected
    corpus.close()
