"""Tamper evidence for the stored log: the hash chain (`chain`) and its check (`verify`)."""
