"""The evidence for a single-byte encoding, Swedish letters, is counted on the bytes: as many
as the text read in that encoding holds (each byte is one character there)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from intake.sie.encoding import SWEDISH_LETTERS, letters_in


def letter_bytes() -> list[bytes]:
    """Every Swedish letter as CP437 and as cp1252 writes it, and bytes around them."""
    found = []
    for letter in sorted(SWEDISH_LETTERS):
        for encoding in ("cp437", "cp1252"):
            try:
                found.append(letter.encode(encoding))
            except UnicodeEncodeError:
                pass
    return found + [b"\x81", b"\x90", b"\x9d", b"a", b" ", b"\xff", b"\x00"]


@settings(max_examples=500)
@given(st.lists(st.one_of(st.sampled_from(letter_bytes()), st.binary(max_size=3)), max_size=40).map(b"".join),
       st.sampled_from(["cp437", "cp1252"]))
def test_letters_counted_on_the_bytes_are_the_letters_of_the_text(data, encoding):
    text = data.decode(encoding, errors="ignore" if encoding == "cp1252" else "strict")
    assert letters_in(data, encoding) == sum(text.count(letter) for letter in SWEDISH_LETTERS)
