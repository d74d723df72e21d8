"""The sentence splitter: abbreviations, and line breaks inside sentences (wrapped text) that are not ends."""
import pytest

from pipeline.nlp.sentences import sentence_spans, soft_break


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



def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


@pytest.mark.parametrize(("previous", "following", "soft"), [
    ("The median overall survival (OS) was 15", "months. The one-year", True),  # lower-case continuation
    ("Patients were randomised to either the XELIRI regimen or to the FOLFIRI", "Arm B received", True),
    ("(60.00% vs.", "13.04%, P=0.003)", False),  # a short line: not wrapped text
    ("Grade 3 toxicities were observed in the group treated with the combination vs.", "Arm B", True),
    ("Results", "Forty patients were included.", False),  # a heading
    ("Overall response rate was 31.7% in arm A and 25.6% in arm B in this trial.", "Median PFS was", False),
    ("| ORR | 30.6 | 6.0 |", "| DCR | 83.7 | 38.3 |", False),  # table rows stand alone
    ("Key findings of the trial reported at the annual meeting were the following", "• ORR 30%", False),
    # regression: a wrapped line ending in a semicolon split a sentence between a median and its HR
    ("Median OS favoured the combination arm (median: 11.0 vs. 8.5 months;", "HR, 0.71; P = 0.004).", True),
])
def test_soft_break(previous: str, following: str, soft: bool) -> None:
    assert soft_break(previous, following) is soft


def test_regression_wrapped_abstract_lines_keep_cue_and_value_in_one_sentence() -> None:
    text = ("RESULTS: Eighty patients were enrolled in the study and all were evaluable. The median\r\n"
            "progression-free survival was 4.6 months (95% CI, 2.6-6.5 months) and the median\r\n"
            "overall survival was 11.2 months.\r\n\r\nCONCLUSION: Active.")
    sentences = _sentences(text)
    assert any("median\r\nprogression-free survival was 4.6 months" in s for s in sentences)
    assert sentences[-1] == "CONCLUSION: Active."
