import pytest

from pipeline.nlp import build_nlp, parse
from pipeline.nlp.lexicon import by_alias, terms


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


@pytest.mark.parametrize(
    "name, cls",
    [("cadonilimab", "bispecific"), ("camrelizumab", "PD-1"), ("sintilimab", "PD-1"), ("tislelizumab", "PD-1"),
     ("toripalimab", "PD-1"), ("penpulimab", "PD-1"), ("serplulimab", "PD-1"), ("ivonescimab", "bispecific"),
     ("anlotinib", "anti-angiogenic TKI"), ("apatinib", "anti-angiogenic TKI"), ("fruquintinib", "anti-angiogenic TKI"),
     ("bevacizumab", "anti-VEGF antibody"), ("docetaxel", "chemotherapy"), ("atezolizumab", "PD-L1"), ("ipilimumab", "CTLA-4")],
)
def test_lexicon_classes(name, cls):
    assert by_alias()[("DRUG", name)].entity_class == cls


def test_every_alias_is_unique():
    keys = [(t.label, t.alias.lower()) for t in terms()]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Patients received Camrelizumab plus apatinib.", [("camrelizumab", "PD-1"), ("apatinib", "anti-angiogenic TKI")]),
        ("PD-1 inhibitors combined with chemotherapy", [("PD-1 inhibitor", "PD-1"), ("chemotherapy", "chemotherapy")]),
    ],
)
def test_drug_entities(nlp, text, expected):
    ents = [(e.canonical, e.entity_class) for e in parse(text, nlp).entities if e.label == "DRUG"]
    assert ents == expected


def test_tumour_and_abbreviation(nlp):
    parsed = parse("Recurrent or metastatic cervical cancer (R/M CC) is hard to treat. R/M CC recurs.", nlp)
    assert ("R/M CC", "Recurrent or metastatic cervical cancer") in [(a.short, a.long) for a in parsed.abbreviations]
    assert {e.canonical for e in parsed.entities if e.label == "TUMOR"} == {"cervical cancer"}


def test_saved_pipeline_round_trips(nlp, tmp_path):
    import spacy

    nlp.to_disk(tmp_path / "m")
    loaded = spacy.load(tmp_path / "m")
    assert loaded.pipe_names == nlp.pipe_names
    doc = loaded("anlotinib for NSCLC")
    assert [(e.text, e._.canonical, e._.entity_class) for e in doc.ents] == [
        ("anlotinib", "anlotinib", "anti-angiogenic TKI"), ("NSCLC", "non-small cell lung cancer", "tumor")]


def test_abbreviation_defined_in_the_opening_names_later_mentions(nlp):
    text = "Patients with metastatic urothelial carcinoma (MUC) were treated. Later, MUC progressed in 20 patients."
    parsed = parse(text, nlp)
    assert ("MUC", "metastatic urothelial carcinoma") in [(a.short, a.long) for a in parsed.abbreviations]
    assert [(e.text, e.canonical) for e in parsed.entities if e.label == "TUMOR"] == [
        ("urothelial carcinoma", "urothelial carcinoma"), ("MUC", "urothelial carcinoma"), ("MUC", "urothelial carcinoma")]


def test_stale_saved_pipeline_is_rebuilt(nlp, tmp_path):
    from pipeline.nlp import PIPE_NAMES, get_nlp

    stale = build_nlp()
    stale.remove_pipe("lexicon_attributes")
    stale.to_disk(tmp_path / "m")
    get_nlp.cache_clear()
    try:
        assert tuple(get_nlp(tmp_path / "m").pipe_names) == PIPE_NAMES
    finally:
        get_nlp.cache_clear()
