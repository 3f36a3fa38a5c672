"""The link index's groups: joining never splits what an earlier join put together."""

from __future__ import annotations

from itertools import permutations

from sqlalchemy import select

from onrecord.store import Corpus
from onrecord.store.engine import write_transaction
from onrecord.store.linkindex import union
from onrecord.store.schema import link_nodes


def _groups(corpus: Corpus) -> dict[str, str]:
    with write_transaction(corpus.engine) as conn:
        return dict(conn.execute(select(link_nodes.c.node, link_nodes.c.grp)).all())


def test_two_joins_through_one_stored_group_keep_it_whole(corpus: Corpus) -> None:
    # Stored: {a}, {b, c}, {d}. Joining a with b and c with d in one call must give one
    # group: b and c are together already, so all four are. Every order of the two
    # joins is tried, since the order components are visited in is not fixed.
    for first, second in permutations([["a", "b"], ["c", "d"]]):
        with write_transaction(corpus.engine) as conn:
            conn.execute(link_nodes.delete())
            union(conn, [["a"], ["b", "c"], ["d"]])
        assert len(set(_groups(corpus).values())) == 3
        with write_transaction(corpus.engine) as conn:
            union(conn, [first, second])
        found = _groups(corpus)
        assert set(found) == {"a", "b", "c", "d"}
        assert set(found.values()) == {"a"}, (first, second, found)


def test_a_join_with_new_nodes_adds_them_to_the_stored_group(corpus: Corpus) -> None:
    with write_transaction(corpus.engine) as conn:
        union(conn, [["m", "n"]])
        union(conn, [["z", "n"], ["y"]])
    found = _groups(corpus)
    assert found == {"m": "m", "n": "m", "z": "m", "y": "y"}
