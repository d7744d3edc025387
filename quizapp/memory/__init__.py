"""The user's own memory model: review histories turned into FSRS training items, Anki's revlog
read the way Anki's own FSRS reads it, fitting and evaluating personal FSRS-6 parameters with
``fsrs-rs-python`` (the Rust FSRS behind Anki; imported only by the functions that fit), and
replaying an imported history through the study engine.

``revlog``, ``items`` and ``optimize`` are pure (no database, no printing); ``replay`` drives
the engine. The ``optimize`` and ``import`` commands decide what to show.
"""
