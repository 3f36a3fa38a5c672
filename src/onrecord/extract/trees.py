"""Shipped boosted trees over named yes/no features, read from JSON.

``make train`` fits them with LightGBM and writes each tree as flat arrays: every
split asks whether one named feature is present, and each node says where to go
either way (``TreeEnsemble.from_lightgbm``). Run time needs no machine-learning
library (importing LightGBM takes longer than parsing a short article): all trees
are scored for all candidates of a document at once with numpy, in a fixed number of
array operations whatever the trees' depth (``_Masks``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

# Rows scored at once: a document has at most a few hundred candidates, and the
# matrices of a chunk by every inner node stay a few megabytes.
_CHUNK = 256
_MAX_LEAVES = 32  # a tree's leaves are bits of one uint32


@dataclass(frozen=True, slots=True)
class _Masks:
    """Every tree as masks over its leaves, after QuickScorer (Lucchese et al., SIGIR
    2015). Each inner node, answered for a row, rules out the leaves of the branch the
    row does not take. The one leaf no node rules out is the leaf the row reaches: its
    ancestors all lead to it, and no other node has it under them."""

    split: NDArray[np.int32]  # inner node -> column
    keep_absent: NDArray[np.uint32]  # leaves still possible when the feature is absent
    keep_present: NDArray[np.uint32]
    starts: NDArray[np.intp]  # first inner node of each tree that has one
    first_leaf: NDArray[np.intp]  # that tree's first leaf
    constant: float  # the trees that are a single leaf


@dataclass(frozen=True, slots=True)
class TreeEnsemble:
    """Trees whose summed leaf values are a candidate's score (a log-odds margin).

    Nodes are numbered across all trees, each tree's inner nodes and leaves in a run
    of their own, leaves left to right. A child ``c >= 0`` is an inner node; ``c < 0``
    is leaf ``~c``. ``roots`` holds each tree's first node in the same code. The two
    children of an inner node differ."""

    columns: dict[str, int]  # feature name -> column of the yes/no matrix
    split: NDArray[np.int32]  # inner node -> column it asks about
    absent: NDArray[np.int32]  # inner node -> child when the feature is absent
    present: NDArray[np.int32]  # inner node -> child when it is present
    leaf: NDArray[np.float64]  # leaf -> value
    roots: NDArray[np.int32]
    version: str
    _masks: _Masks = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_masks", _compile(self))

    def scores(self, rows: list[list[str]]) -> NDArray[np.float64]:
        """The margin of each row of feature names (names never split on are ignored)."""
        if len(rows) <= _CHUNK:
            return self._scores(rows)
        return np.concatenate(
            [self._scores(rows[i : i + _CHUNK]) for i in range(0, len(rows), _CHUNK)]
        )

    def _scores(self, rows: list[list[str]]) -> NDArray[np.float64]:
        masks = self._masks
        margins = np.full(len(rows), masks.constant, dtype=np.float64)
        if not rows or not len(masks.starts):
            return margins
        get = self.columns.get
        has = np.zeros((len(rows), len(self.columns)), dtype=bool)
        for i, row in enumerate(rows):
            has[i, [c for name in row if (c := get(name)) is not None]] = True
        kept = np.where(has[:, masks.split], masks.keep_present, masks.keep_absent)
        reached = np.bitwise_and.reduceat(kept, masks.starts, axis=1)
        # one bit is left per tree: its position is the leaf (exact in float64)
        leaf = masks.first_leaf + np.log2(reached).astype(np.intp)
        margins += self.leaf[leaf].sum(axis=1)
        return margins

    def to_json(self) -> dict[str, Any]:
        names = sorted(self.columns, key=self.columns.__getitem__)
        return {
            "version": self.version,
            "features": names,
            "split": self.split.tolist(),
            "absent": self.absent.tolist(),
            "present": self.present.tolist(),
            "leaf": [round(float(v), 9) for v in self.leaf],
            "roots": self.roots.tolist(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TreeEnsemble:
        return cls(
            {name: i for i, name in enumerate(data["features"])},
            np.asarray(data["split"], dtype=np.int32),
            np.asarray(data["absent"], dtype=np.int32),
            np.asarray(data["present"], dtype=np.int32),
            np.asarray(data["leaf"], dtype=np.float64),
            np.asarray(data["roots"], dtype=np.int32),
            data["version"],
        )

    @classmethod
    def from_lightgbm(cls, dump: dict[str, Any], names: list[str], version: str) -> TreeEnsemble:
        """The trees of ``Booster.dump_model()``, trained on 0/1 columns named ``names``.
        A split both answers of which lead one way is replaced by that branch."""
        columns: dict[str, int] = {}
        split: list[int] = []
        absent: list[int] = []
        present: list[int] = []
        leaf: list[float] = []

        def add(node: dict[str, Any]) -> int:
            if "leaf_value" in node:
                leaf.append(float(node["leaf_value"]))
                return ~(len(leaf) - 1)
            if node["decision_type"] != "<=":
                raise ValueError(f"unexpected split {node['decision_type']!r}")
            threshold = float(node["threshold"])
            zero_missing = node.get("missing_type") == "Zero"
            zero_left = node["default_left"] if zero_missing else threshold >= 0.0
            one_left = threshold >= 1.0
            if zero_left == one_left:
                return add(node["left_child"] if one_left else node["right_child"])
            here = len(split)
            split.append(columns.setdefault(names[node["split_feature"]], len(columns)))
            absent.append(0)
            present.append(0)
            left, right = add(node["left_child"]), add(node["right_child"])
            absent[here], present[here] = (left, right) if zero_left else (right, left)
            return here

        roots = [add(tree["tree_structure"]) for tree in dump["tree_info"]]
        return cls(
            columns,
            np.asarray(split, dtype=np.int32),
            np.asarray(absent, dtype=np.int32),
            np.asarray(present, dtype=np.int32),
            np.asarray(leaf, dtype=np.float64),
            np.asarray(roots, dtype=np.int32),
            version,
        )


def _compile(trees: TreeEnsemble) -> _Masks:
    absent, present = trees.absent.tolist(), trees.present.tolist()
    keep_absent = [0] * len(absent)
    keep_present = [0] * len(absent)
    roots = trees.roots.tolist()
    inner_roots = [root for root in roots if root >= 0]
    ends = [*inner_roots[1:], len(absent)][: len(inner_roots)]  # a tree: one run of nodes
    first_leaf = []
    for root, end in zip(inner_roots, ends, strict=True):
        base = min(~c for node in range(root, end) for c in (absent[node], present[node]) if c < 0)
        under: dict[int, int] = {}  # inner node -> its leaves as bits from ``base``

        def leaves(child: int, base: int = base, under: dict[int, int] = under) -> int:
            if child < 0:
                return 1 << (~child - base)
            under[child] = leaves(absent[child]) | leaves(present[child])
            return under[child]

        everything = leaves(root)
        if everything.bit_length() > _MAX_LEAVES:
            raise ValueError(f"a tree has more than {_MAX_LEAVES} leaves")
        for node in range(root, end):
            keep_absent[node] = everything & ~_branch(present[node], under, base)
            keep_present[node] = everything & ~_branch(absent[node], under, base)
        first_leaf.append(base)
    return _Masks(
        trees.split,
        np.asarray(keep_absent, dtype=np.uint32),
        np.asarray(keep_present, dtype=np.uint32),
        np.asarray(inner_roots, dtype=np.intp),
        np.asarray(first_leaf, dtype=np.intp),
        sum(float(trees.leaf[~root]) for root in roots if root < 0),
    )


def _branch(child: int, under: dict[int, int], base: int) -> int:
    return 1 << (~child - base) if child < 0 else under[child]
