"""Boosted trees as the judge ships them: LightGBM's dump read into flat arrays and
walked with numpy must give the sums LightGBM's own trees give."""

from __future__ import annotations

import json

import numpy as np
import pytest

from onrecord.extract.judge import judge_model
from onrecord.extract.trees import TreeEnsemble

NAMES = ["w=said", "frame=clause", "src=pron", "nested"]


def _leaf(value: float) -> dict[str, float]:
    return {"leaf_value": value}


def _split(feature: int, left: dict, right: dict, **extra: object) -> dict:
    node = {
        "split_feature": feature,
        "threshold": 1.0000000180025095e-35,
        "decision_type": "<=",
        "default_left": True,
        "missing_type": "None",
        "left_child": left,
        "right_child": right,
    }
    node.update(extra)
    return node


# Three trees as ``Booster.dump_model()`` writes them. Tree 1: "w=said" present gives
# 1.0; absent, it asks "nested" (present -0.5, absent 0.25). Tree 2 asks "src=pron" with
# a threshold above 1 and zero read as missing, sent left: both answers go left (0.3).
# Tree 3 is a single leaf.
DUMP = {
    "tree_info": [
        {"tree_structure": _split(0, _split(3, _leaf(0.25), _leaf(-0.5)), _leaf(1.0))},
        {
            "tree_structure": _split(
                2,
                _leaf(0.3),
                _leaf(0.1),
                threshold=1.5,
                missing_type="Zero",
                default_left=True,
            )
        },
        {"tree_structure": _leaf(-0.05)},
    ]
}


def test_trees_sum_the_leaves_each_row_reaches() -> None:
    trees = TreeEnsemble.from_lightgbm(DUMP, NAMES, "t")
    rows = [
        ["w=said", "nested"],  # 1.0 + 0.3 - 0.05
        ["nested", "unknown feature"],  # -0.5 + 0.3 - 0.05
        [],  # 0.25 + 0.3 - 0.05
        ["src=pron", "frame=clause"],  # 0.25 + 0.3 - 0.05
    ]
    assert trees.scores(rows) == pytest.approx([1.25, -0.25, 0.5, 0.5])
    assert len(trees.scores([])) == 0


def test_zero_read_as_missing_follows_the_default_side() -> None:
    tree = _split(0, _leaf(-1.0), _leaf(2.0), missing_type="Zero", default_left=False)
    trees = TreeEnsemble.from_lightgbm({"tree_info": [{"tree_structure": tree}]}, NAMES, "t")
    # absent is "missing" and goes right (default_left false), present is above 0: right
    assert trees.scores([[], ["w=said"]]) == pytest.approx([2.0, 2.0])


def test_trees_round_trip_through_json_and_score_in_chunks() -> None:
    trees = TreeEnsemble.from_lightgbm(DUMP, NAMES, "t")
    again = TreeEnsemble.from_json(json.loads(json.dumps(trees.to_json())))
    rng = np.random.default_rng(0)
    rows = [[n for n in NAMES if rng.random() < 0.5] for _ in range(1500)]  # 3 chunks
    assert np.allclose(again.scores(rows), [trees.scores([row])[0] for row in rows])


def _walk(trees: TreeEnsemble, row: list[str]) -> float:
    """One row down each tree, node by node: what the masks must come to."""
    has = {trees.columns[name] for name in row if name in trees.columns}
    total = 0.0
    for node in trees.roots.tolist():
        while node >= 0:
            column = int(trees.split[node])
            node = int(trees.present[node] if column in has else trees.absent[node])
        total += float(trees.leaf[~node])
    return total


def _random_tree(rng: np.random.Generator, depth: int) -> dict:
    if depth == 0 or rng.random() < 0.2:
        return _leaf(float(rng.normal()))
    return _split(
        int(rng.integers(len(NAMES))),
        _random_tree(rng, depth - 1),
        _random_tree(rng, depth - 1),
        missing_type=str(rng.choice(["None", "Zero"])),
        default_left=bool(rng.random() < 0.5),
    )


def test_masks_reach_the_leaf_a_walk_down_the_tree_reaches() -> None:
    rng = np.random.default_rng(7)
    # up to 32 leaves a tree, features asked again lower down, single-leaf trees
    dump = {"tree_info": [{"tree_structure": _random_tree(rng, 5)} for _ in range(60)]}
    trees = TreeEnsemble.from_lightgbm(dump, NAMES, "t")
    assert (trees.roots >= 0).sum() > 40
    rows = [[n for n in NAMES if rng.random() < 0.5] for _ in range(300)]
    assert trees.scores(rows) == pytest.approx([_walk(trees, row) for row in rows])


def test_a_tree_of_more_leaves_than_a_mask_holds_is_refused() -> None:
    deep = _leaf(0.0)
    for n in range(33):  # a chain: 34 leaves
        deep = _split(n % len(NAMES), _leaf(float(n)), deep)
    with pytest.raises(ValueError, match="more than 32 leaves"):
        TreeEnsemble.from_lightgbm({"tree_info": [{"tree_structure": deep}]}, NAMES, "t")


def test_only_less_or_equal_splits_are_read() -> None:
    tree = _split(0, _leaf(0.0), _leaf(1.0), decision_type="==")
    with pytest.raises(ValueError, match="unexpected split"):
        TreeEnsemble.from_lightgbm({"tree_info": [{"tree_structure": tree}]}, NAMES, "t")


def test_the_shipped_judge_is_trees_that_tell_candidates_apart() -> None:
    judge = judge_model()
    assert judge is not None
    assert judge.model.version.startswith("judge.")
    assert len(judge.model.roots) > 100
    assert 0.0 < judge.threshold < 1.0
    # the calibration is a non-decreasing map onto probabilities
    assert list(judge.calibrated) == sorted(judge.calibrated)
    assert 0.0 <= judge.calibrated[0] <= judge.calibrated[-1] <= 1.0
