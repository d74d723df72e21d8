"""Evidence-table extraction for immune checkpoint inhibitor rechallenge papers."""

__version__ = "0.1.0"

from pathlib import Path

#: Saved models, beside the package. Here (not in the modules that load them) so that the cache's fingerprint
#: names them without importing spaCy.
MODELS_DIR = Path(__file__).resolve().parents[1] / "models"
NLP_MODEL_DIR = MODELS_DIR / "ici_nlp"
RANKER_PATH = MODELS_DIR / "attribution_ranker.json"
