"""The demo municipality (みどり市): ``python manage.py demo`` — see ``build``.

Its own app, at the top of the import order: it may use every other app's models, and no app
imports it.
"""
