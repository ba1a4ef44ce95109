"""diplowire's entry points: options, pipeline construction and the CLI."""
