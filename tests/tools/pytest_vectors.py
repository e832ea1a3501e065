"""pytest plugin (-p pytest_vectors): marks, in the JUnit XML case report, each
test that uses the `vectors` fixture, so that tests/tools/summarize.py can
fail CI when such a test skips although the shared vectors are present."""


def pytest_collection_modifyitems(items):
    for item in items:
        if "vectors" in getattr(item, "fixturenames", ()):
            item.user_properties.append(("eseal_vectors", "1"))
