"""Command-line options of the test suite."""


def pytest_addoption(parser):
    parser.addoption("--soak-docs", type=int, default=20_000,
                     help="documents the soak test generates (make soak DOCS=...; default 20000)")
