"""Loaded once by the fork server of the extraction pool (transforms.extraction), before it
forks any worker: each worker then starts with the libraries imported, the language model
loaded and the tagging dictionaries indexed, instead of doing all that itself (about 2.7 s
of CPU per worker when workers were spawned). Importing this module does that work."""
import logging

try:
    from transforms.analysis import warm_up_analysis

    warm_up_analysis()
except Exception:  # noqa: BLE001
    # A fork server whose preload raises dies, and the pool then fails with a bare EOFError.
    # Without the preload each worker warms up itself (warm_up_worker), where a failure
    # raises in the pipeline with its own message.
    logging.getLogger(__name__).exception("preloading the extraction workers failed")
