"""The Textual interface: app, screens and widgets. The only package that imports Textual."""
