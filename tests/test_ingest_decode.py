"""Encodings: BOMs, cp1252, UTF-16, mislabelled charsets, binary refusal."""
from __future__ import annotations

import pytest

from retold.ingest import iter_inputs
from retold.ingest.decode import DecodeError, decode_bytes, looks_binary
from retold.records import Article, Reject

PAGE = ("Café owners in Zürich said the “new rules” – announced on Monday – were naïve, "
        "according to a résumé of the meeting published by the city. ")


def _page_text(n: int = 4) -> str:
    return "Local news\n\n" + "\n\n".join(PAGE * 2 for _ in range(n)) + "\n"


def test_cp1252_without_declaration():
    text, enc = decode_bytes(PAGE.encode("cp1252") * 3)
    assert enc == "cp1252" and text.startswith("Café owners in Zürich said the “new rules”")


def test_utf16_with_bom_and_without():
    data = PAGE.encode("utf-16")  # BOM + little endian
    assert decode_bytes(data) == (PAGE, "utf-16-le")
    text, enc = decode_bytes(PAGE.encode("utf-16-be"))
    assert text == PAGE and enc == "utf-16-be"


def test_utf8_bom_is_stripped():
    assert decode_bytes(b"\xef\xbb\xbf" + PAGE.encode()) == (PAGE, "utf-8")


def test_mislabelled_charsets():
    # UTF-8 bytes declared iso-8859-1: strict UTF-8 wins, no mojibake
    assert decode_bytes(PAGE.encode("utf-8"), "iso-8859-1") == (PAGE, "utf-8")
    # cp1252 bytes declared UTF-8: the label is wrong, the text is still right
    text, enc = decode_bytes(PAGE.encode("cp1252"), "utf-8")
    assert text == PAGE and enc == "cp1252"
    # Cyrillic cp1251 served as iso-8859-1
    ru = "Власти города заявили в понедельник, что новые правила вступят в силу. " * 5
    text, enc = decode_bytes(ru.encode("cp1251"), "iso-8859-1")
    assert text == ru and enc == "cp1251"


def test_binary_is_refused_with_reason():
    assert "binary" in looks_binary(b"%PDF-1.7\n...")
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(bytes(range(256)) * 4)


def test_encoded_files_ingest_to_the_same_article(tmp_path):
    (tmp_path / "cp1252.txt").write_bytes(_page_text().encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes(_page_text().encode("utf-16"))
    html = ('<html><head><meta charset="iso-8859-1"><title>Zürich cafés</title></head><body>'
            + "".join(f"<p>{PAGE * 2}</p>" for _ in range(4)) + "</body></html>")
    (tmp_path / "mislabelled.html").write_bytes(html.encode("utf-8"))
    items = list(iter_inputs([tmp_path]))
    arts = [i for i in items if isinstance(i, Article)]
    assert not [i for i in items if isinstance(i, Reject)]
    assert len(arts) == 3
    plain = [a for a in arts if a.source_format == "text"]
    assert plain[0].id == plain[1].id  # same body whatever the encoding
    for art in arts:
        assert "Café owners in Zürich" in art.text and "Ã" not in art.text
