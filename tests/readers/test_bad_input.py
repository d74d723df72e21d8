"""Files the readers must refuse or read with a warning, each with a clear reason."""
from __future__ import annotations

import os
import random
import resource
import time
from pathlib import Path

import pytest

from pipeline.readers import read_document
from pipeline.readers.limits import ReadLimits
from pipeline.types import ReadError


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _error(path: Path, limits: ReadLimits = ReadLimits()) -> ReadError:
    with pytest.raises(ReadError) as err:
        read_document(path, limits)
    return err.value


@pytest.mark.parametrize("name", ["empty.txt", "empty.html", "empty.xml", "empty.pdf"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    err = _error(_write(tmp_path, name, b""))
    assert (err.reason, err.kind) == ("empty file", "empty")


def test_whitespace_only_file(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, "blank.txt", b" \r\n\t\n"))
    assert err.kind == "empty" and "whitespace" in err.reason


def test_missing_file(tmp_path: Path) -> None:
    assert _error(tmp_path / "nowhere.txt").kind == "missing"


@pytest.mark.parametrize("name", ["junk.txt", "junk.html", "junk.xml"])
def test_binary_junk_with_a_text_extension(tmp_path: Path, name: str) -> None:
    data = random.Random(7).randbytes(4096)
    err = _error(_write(tmp_path, name, data))
    assert err.kind == "binary" and err.reason.startswith("binary content, not text")


def test_control_characters_without_nul_are_binary(tmp_path: Path) -> None:
    data = b"ORR 20%\x01\x02\x03\x04\x05\x06\x07\x08" * 50
    assert _error(_write(tmp_path, "ctl.txt", data)).kind == "binary"


def test_pdf_renamed_to_txt_is_binary(tmp_path: Path) -> None:
    data = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 5 >>\nstream\n\x00\x01\x02\nendstream\n"
    assert _error(_write(tmp_path, "paper.txt", data)).kind == "binary"


def test_legacy_western_text_is_decoded_with_a_warning(tmp_path: Path) -> None:
    data = "Médiane de survie 9,1 mois \u2013 ORR 12\u00a0%\n".encode("cp1252")
    doc = read_document(_write(tmp_path, "legacy.txt", data))
    assert doc.text == data.decode("cp1252")
    assert len(doc.warnings) == 1 and "not valid UTF-8" in doc.warnings[0]


def test_undecodable_text_is_an_encoding_error(tmp_path: Path) -> None:
    data = "免疫检查点抑制剂再挑战的客观缓解率为百分之二十".encode("gbk") * 20
    err = _error(_write(tmp_path, "gbk.txt", data))
    assert err.kind == "encoding" and "not UTF-8" in err.reason


def test_file_over_the_byte_limit(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, "big.txt", b"a" * 2000), ReadLimits(max_bytes=1000))
    assert err.kind == "too_large" and "2000 bytes" in err.reason


def test_text_over_the_character_limit_is_cut_with_a_warning(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "long.txt", b"Median OS 7.5 months.\n" * 100), ReadLimits(max_chars=50))
    assert len(doc.text) == 50
    assert any("cut at 50 characters" in w for w in doc.warnings)


def test_rendered_xml_over_the_character_limit_is_cut_with_a_warning(tmp_path: Path) -> None:
    xml = "<article><body>" + "<sec><title>Results</title><p>ORR 20.0%.</p></sec>" * 50 + "</body></article>"
    doc = read_document(_write(tmp_path, "long.xml", xml.encode()), ReadLimits(max_chars=100))
    assert len(doc.text) == 100 and any("cut at 100" in w for w in doc.warnings)
    assert all(s.end <= 100 for s in doc.sections)


@pytest.mark.parametrize("xml", [
    "<article><body><p>ORR 20%</body></article>",
    "<article><body><p>ORR 20%</p>",
    "<article>ORR < 20%</article>",
    "just text, no markup",
])
def test_malformed_xml(tmp_path: Path, xml: str) -> None:
    err = _error(_write(tmp_path, "bad.xml", xml.encode()))
    assert err.kind == "malformed" and err.reason.startswith("malformed XML")


def test_truncated_html_is_read_not_refused(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "cut.html", b"<html><body><h1>Title</h1><p>The ORR was 31.0% in 42 pat"))
    assert "The ORR was 31.0% in 42 pat" in doc.text and doc.warnings


@pytest.mark.slow
def test_huge_text_file_is_read_in_linear_time_and_bounded_memory(tmp_path: Path) -> None:
    block = (
        "Results\n"
        "In this cohort the ORR was 24.0% (12/50) and the median PFS was 5.2 months (95% CI 4.1-6.3). "
        "Grade 3 or higher adverse events occurred in 10.0% of patients, and no new safety signal was seen.\n"
        "| Arm | n | ORR |\n| Rechallenge | 50 | 24.0% |\n"
        "Keywords: rechallenge, immunotherapy\n\n"
    ) * 100
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        data = block.encode()
        for _ in range(50 * 1024 * 1024 // len(data) + 1):
            f.write(data)
    assert os.path.getsize(path) >= 50 * 1024 * 1024
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    doc = read_document(path)
    elapsed = time.perf_counter() - start
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert len(doc.text) == ReadLimits().max_chars
    assert any("cut at" in w for w in doc.warnings)
    assert elapsed < 120, f"{elapsed:.1f} s"
    assert grown_mib < 2048, f"{grown_mib:.0f} MiB"
