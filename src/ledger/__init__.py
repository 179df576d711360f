"""finsam's write side: events, rules, the store and the application service.

Knows nothing of Textual or polars (a test proves it).
"""
