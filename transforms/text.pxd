# How Cython compiles transforms/text.py (setup.py copies this file beside the module; the
# module run as Python source ignores it). The tokenizer runs on every sentence tagged:
# typed, its offsets are C integers and its lists are built without generic calls.
# Measured with best-of-6 passes of the tagger over 200 articles, alternating: 119 articles/s
# before, 125 after, with `text` typed str; it is untyped since, because a str parameter lets
# None through to C. The rules for keeping it in step with text.py are in tagging.pxd.
cimport cython

@cython.locals(start=Py_ssize_t, end=Py_ssize_t, texts=list, norms=list, starts=list,
               ends=list, lowered=str, lowered_in_place=bint, space=str, word=str)
cpdef tokens(text)
