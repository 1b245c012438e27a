"""Homework: per-student exercise sheets and answer keys (Markdown, LaTeX, PDF through typst), the manifest that
records them, and the grading of what the students hand back.

roster.py reads the class list; sheets.py picks each student's exercises; manifest.py writes and reads
manifest.json; markdown.py, tex.py and pdf.py (with typst_math.py, LaTeX maths in typst) write the files;
writer.py writes a whole run; grading.py grades an answers file against a manifest.
"""
