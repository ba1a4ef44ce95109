"""Loaded once by the fork server of the extraction pool (transforms.extraction), before it
forks any worker: each worker then starts with the libraries imported, the language model
loaded and the tagging dictionaries indexed, instead of doing all that itself (about 2.7 s
of CPU per worker when workers were spawned). Importing this module does that work."""
from transforms.analysis import warm_up_analysis

warm_up_analysis()
