"""``python -m onrecord.extract.training``: rebuild the shipped models from PolNeAR train."""

from onrecord.extract.training.train import main

main()
