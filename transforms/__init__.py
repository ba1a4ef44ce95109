"""diplowire's Beam transforms: thin PTransforms over plain functions."""

__version__ = "0.1.0"
