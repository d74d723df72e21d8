import pytest

from pipeline.nlp.sentences import sentence_spans


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Yan et al. analysed 50 patients (4). The ORR was 10%.", ["Yan et al. analysed 50 patients (4).", "The ORR was 10%."]),
        ("ORR was 30.6% vs. 6.0%. DCR was 80%.", ["ORR was 30.6% vs. 6.0%.", "DCR was 80%."]),
        ("Title line\nBody one. Body two.", ["Title line", "Body one.", "Body two."]),
        ("grade 3 or higher.ResultsThe ORR was 5%.", ["grade 3 or higher.", "ResultsThe ORR was 5%."]),
        ("e.g. Fig. 2 shows it.", ["e.g. Fig. 2 shows it."]),
    ],
)
def test_sentence_spans(text, expected):
    assert [text[s:e] for s, e in sentence_spans(text)] == expected
