"""The Textual study app. The only package that imports Textual."""
