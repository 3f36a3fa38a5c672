"""``python -m onrecord.extract.training``: rebuild the shipped models from PolNeAR train."""

import sys

from onrecord.extract.training.kernels import kernels_pinned, rerun_pinned
from onrecord.extract.training.train import main

if not kernels_pinned():
    rerun_pinned("onrecord.extract.training", sys.argv[1:])
main()
