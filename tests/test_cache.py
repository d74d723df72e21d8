"""The result cache: keys follow content, code and configuration; entries are rebound to their path."""
import hashlib
import shutil
from pathlib import Path

import pytest

from pipeline import cache
from pipeline.cache import ResultCache, config_digest, file_digest, rebind
from pipeline.readers.limits import ReadLimits
from pipeline.types import DocumentResult, Fact, Statistic


def _result(doc_id: str = "a", source: str = "/x/a.txt") -> DocumentResult:
    fact = Fact(doc_id=doc_id, endpoint="orr", stat=Statistic(raw="22%", start=10, end=13, value=22.0, unit="%"))
    return DocumentResult(doc_id=doc_id, source=source, facts=(fact,), pages=0, chars=40)


@pytest.mark.parametrize("data", [b"", b"ORR 22%", bytes(range(256)) * 5000])
def test_file_digest_is_sha256_of_the_bytes(tmp_path, data):
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    assert file_digest(path) == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("other_path, other_limits, same", [
    ("b.txt", ReadLimits(), True),  # another name, same bytes and reader
    ("a.html", ReadLimits(), False),  # another reader
    ("a.txt", ReadLimits(max_pages=3), False),  # another configuration
])
def test_key_depends_on_bytes_reader_and_configuration(tmp_path, other_path, other_limits, same):
    digest = hashlib.sha256(b"ORR 22%").hexdigest()
    first = ResultCache(tmp_path, ReadLimits()).key(Path("a.txt"), digest)
    second = ResultCache(tmp_path, other_limits).key(Path(other_path), digest)
    assert (first == second) is same
    assert first != ResultCache(tmp_path, ReadLimits()).key(Path("a.txt"), hashlib.sha256(b"ORR 23%").hexdigest())


def test_another_extraction_function_keeps_its_entries_apart():
    assert config_digest(ReadLimits(), "functools.partial(faulty)") != config_digest(ReadLimits())


@pytest.fixture
def package_copy(tmp_path, monkeypatch):
    """A throwaway copy of part of the package, fingerprinted instead of the real one."""
    root = tmp_path / "pipeline"
    shutil.copytree(cache.PACKAGE_DIR / "nlp", root / "nlp", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(cache.PACKAGE_DIR / "run.py", root / "run.py")
    monkeypatch.setattr(cache, "PACKAGE_DIR", root)
    cache.pipeline_fingerprint.cache_clear()
    yield root
    cache.pipeline_fingerprint.cache_clear()


@pytest.mark.parametrize("changed", ["nlp/data/drugs.tsv", "run.py"])
def test_fingerprint_changes_with_a_rule_or_lexicon_change(package_copy, changed):
    before = cache.pipeline_fingerprint()
    with open(package_copy / changed, "a", encoding="utf-8") as handle:
        handle.write("\n# changed\n")
    cache.pipeline_fingerprint.cache_clear()
    assert cache.pipeline_fingerprint() != before


def test_put_then_get_and_rebind_to_another_name(tmp_path):
    store = ResultCache(tmp_path / "c", ReadLimits())
    key = store.key(Path("a.txt"), "0" * 64)
    store.put(key, _result())
    assert store.get(key) == _result()
    moved = rebind(store.get(key), "y/copy", "y/copy.txt")
    assert (moved.doc_id, moved.source, moved.facts[0].doc_id, moved.facts[0].source) == (
        "y/copy", "y/copy.txt", "y/copy", "y/copy.txt")
    assert not list((tmp_path / "c").rglob(".*"))  # no temporary file left behind


def test_missing_or_corrupt_entry_is_a_miss(tmp_path):
    store = ResultCache(tmp_path, ReadLimits())
    key = store.key(Path("a.txt"), "1" * 64)
    assert store.get(key) is None
    entry = tmp_path / key[:2] / f"{key}.pkl"
    entry.parent.mkdir(parents=True)
    entry.write_bytes(b"not a pickle")
    assert store.get(key) is None


def test_rebind_keeps_an_unmoved_result_as_is():
    result = rebind(_result(), "a", "a.txt")
    assert rebind(result, "a", "a.txt") is result
