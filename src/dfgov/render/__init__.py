"""Report renderers: JSON, Markdown, HTML, JUnit."""
