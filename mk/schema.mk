# The published JSON Schema, checked with a standard validator (Python jsonschema from PyPI).

TEST_TARGETS += test-schema
DEPS_TARGETS += deps-schema

.PHONY: deps-schema test-schema

deps-schema:
	@python3 -c 'import jsonschema' 2>/dev/null || python3 -m pip install --quiet 'jsonschema>=4.18,<5'

test-schema: deps-schema
	python3 tests/schema/validate_samples.py flows/*.callflow.json

.PHONY: docs
## docs: regenerate the generated part of docs/file-format.md from the catalog.
docs:
	UPDATE_DOCS=1 $(CARGO) test --locked -p callflow-model --test file_format_doc
