"""SIE 4 codec: read and write the Swedish bookkeeping exchange format, without a database.

`read_sie(bytes)` gives a `SieFile` (or raises `SieError`, `SieProblems` for several;
`read_sie_collecting` gives the sound part and every problem); `write_sie(SieFile)` gives bytes.
Mapping a file onto a förbund's ledger is the importer's job, not this package's.
"""

from .encoding import decode_sie
from .errors import SieError, SieProblems
from .lexer import ObjectList, Record, format_record, ksumma, tokenize_line
from .model import (
    SieFile,
    SieTrans,
    SieVoucher,
    Tolerance,
    format_sie_amount,
    format_sie_date,
    parse_sie_amount,
    parse_sie_date,
)
from .reader import read_sie, read_sie_collecting
from .writer import write_sie

__all__ = [
    "ObjectList",
    "Record",
    "SieError",
    "SieFile",
    "SieProblems",
    "SieTrans",
    "SieVoucher",
    "Tolerance",
    "decode_sie",
    "format_record",
    "format_sie_amount",
    "format_sie_date",
    "ksumma",
    "parse_sie_amount",
    "parse_sie_date",
    "read_sie",
    "read_sie_collecting",
    "tokenize_line",
    "write_sie",
]
