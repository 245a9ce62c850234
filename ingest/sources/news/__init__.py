"""News pages: RSS/Atom feeds (`feeds`), the bytes of a page decoded (`encoding`), its title,
date, language and main text (`article`), its SimHash (`fingerprint`), and the collect step that
fetches what the feeds, the discovery queries and the sources file list (`collect`).

Nothing is imported here.
"""
