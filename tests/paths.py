"""Where the tests find things, wherever a test module lives under tests/."""

from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SRC = ROOT / "src"
FIXTURES = TESTS / "fixtures"
GOLDEN = TESTS / "golden"
