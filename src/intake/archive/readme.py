"""The archive's README (Swedish) and its check script, readable without finsam.

The script uses only Python's standard library; the README quotes it in full, so a reader
in seven years needs neither finsam nor the file `kontrollera.py` to redo the check.
"""

from __future__ import annotations

CHECK_SCRIPT = '''\
"""Räknar om hashkedjans länkar för händelserna i handelser.jsonl (bara standardbiblioteket)."""
import hashlib
import json
import sys

fel = 0
forra = None  # (position, huvud) för raden före
with open("handelser.jsonl", encoding="utf-8") as fil:
    for rad in fil:
        h = json.loads(rad)
        data = (f"{h['position']}\\n{h['originator_id']}\\n{h['originator_version']}\\n{h['topic']}\\n"
                .encode("utf-8") + h["state"].encode("utf-8"))
        huvud = hashlib.sha256(h["foregaende_huvud"].encode("ascii") + b"\\n" + data).hexdigest()
        if huvud != h["huvud"]:
            print(f"#{h['position']}: händelsen stämmer inte med sin länk")
            fel += 1
        if forra is not None and h["foregaende_position"] == forra[0] and h["foregaende_huvud"] != forra[1]:
            print(f"#{h['position']}: länken före stämmer inte med raden före")
            fel += 1
        forra = (h["position"], h["huvud"])
if fel:
    sys.exit(f"{fel} fel")
print(f"Alla länkar stämmer. Sista: #{forra[0]} {forra[1]}" if forra else "Inga händelser.")
'''


def readme(*, namn: str, orgnr: str, year: int, events: int, head: tuple[int, str], sie: str | None,
           approvals: list[str]) -> str:
    """The README.md of an archive for förbund `namn`, year `year`."""
    reports = "\n".join(f"- {line}" for line in approvals) or "- (inga rapporter för året är godkända)"
    sie_line = (f"- `{sie}` – årets bokföring som SIE 4 (kontoplan, IB/UB/RES, alla verifikationer)."
                if sie else "- Ingen SIE-fil: året har ingen bokföring att exportera.")
    return f"""# Arkiv {year} – {namn} ({orgnr})

Skapat av finsam. Allt här går att läsa och kontrollera utan finsam: filerna är text (JSON,
JSON Lines, SIE, Markdown) och PDF, och kontrollen kräver bara `sha256sum` eller Pythons
standardbibliotek.

## Innehåll

- `handelser.jsonl` – årets {events} händelser (de som gäller ett datum {year}), en per rad, i
  loggens ordning, med sina länkar i hashkedjan.
{sie_line}
- `rapporter/` – varje rapport för {year} som styrelsen godkänt, precis som den godkändes: JSON
  (den kanoniska formen, som kontrollsumman gäller) och PDF.
- `godkannanden.json` – godkännandena: sammanträde, paragraf, kontrollsumma, loggposition och
  kedjans huvud där.
- `kedja.json` – kedjans huvud när arkivet skapades: #{head[0]} {head[1]}.
- `kontrollera.py` – skriptet nedan. `SHA256SUMS` – kontrollsummor för alla filer.

Godkända rapporter:

{reports}

## Hashkedjan

Varje lagrad händelse har en länk: `h_n = sha256(h_(n-1) + "\\n" + kanonisk(händelse_n))`, skriven
som 64 hexadecimala tecken (gemener), där `h_(n-1)` är länken närmast före (för den allra första
64 nollor) och

    kanonisk(h) = f"{{position}}\\n{{originator_id}}\\n{{originator_version}}\\n{{topic}}\\n" (UTF-8) + state

med `state` exakt som lagrat (JSON-text, UTF-8). En rad i `handelser.jsonl` har fälten
`position`, `originator_id`, `originator_version`, `topic`, `state` (det som hashas),
`foregaende_position`, `foregaende_huvud`, `huvud` (länken) och, för läsaren, `registrerad`,
`av`, `galler` och `handelse` (en svensk sammanfattning). Ändras ett enda tecken i en händelse
stämmer den inte längre med sin länk; länkarna går att jämföra med huvudet som står i varje
rapports sidfot och i `godkannanden.json`.

## Kontrollera

Filerna: `sha256sum -c SHA256SUMS`.

En godkänd rapport: `sha256sum rapporter/<fil>.json` ska ge kontrollsumman (`digest`) i
`godkannanden.json` – samma som finsam frös när beslutet registrerades.

Kedjan, med Python 3 och bara standardbiblioteket: `python3 kontrollera.py` i den här mappen.
Skriptet i sin helhet:

```python
{CHECK_SCRIPT}```
"""
