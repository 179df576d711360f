"""The whole document around a report's tables: the förbund's own text and its order.

`narrative` holds the model of the text (sections of paragraphs, lists and subheadings,
already with the report's figures put in), `sections` the catalogue of text sections a
förbund writes, `outline` the order of a municipal årsredovisning (LKBR 2018:597) in which
text and tables are placed, and `placeholders` the figures the text may quote.
"""
